"""What a cold Home imports: a fresh `python -X importtime -m streamlit run app.py`, one visit
in headless Debian Chromium until Home is painted (scripts/bench/browser.py's cold start), beside
the two-line page (scripts/bench/bare_page.py) run the same way.

    python -m scripts.bench.importtime [--lang zh] [--root OTHER_CHECKOUT] [--top 30]

Prints one JSON object: per page, the modules imported before the health check answers and in
the first run, that run's import time (the sum of `-X importtime`'s self times), its slowest
imports (cumulative), and which top-level packages Home loads that the two-line page does not.
Import times under `-X importtime` are inflated and, on a busy machine, noisy: read them as
where the time goes, and `make bench`'s `cold_home_ratio` as what a visitor waits.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from devtools.browser import CHROMIUM, CHROMIUM_ARGS, ROOT
from limitlens.i18n import t
from scripts.bench.browser import BARE, Server, paint

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def imports(log: str) -> list[tuple[str, float, float]]:
    """(module, self ms, cumulative ms) of every `-X importtime` line of a log, in order."""
    rows = []
    for line in log.splitlines():
        found = _IMPORT_LINE.match(line)
        if found:
            rows.append((found[4], int(found[1]) / 1000, int(found[2]) / 1000))
    return rows


def summary(at_health: int, rows: list[tuple[str, float, float]], top: int) -> dict[str, object]:
    """One page's figures from its import lines, the first `at_health` of them before the
    health check answered."""
    run = rows[at_health:]
    return {
        "modules_at_health": at_health,
        "modules_in_first_run": len(run),
        "first_run_import_ms": round(sum(s for _, s, _ in run), 1),
        "slowest": [f"{m} {c:.0f} ms" for m, _, c in sorted(run, key=lambda r: -r[2])[:top]],
    }


def only_in(home: list[tuple[str, float, float]], floor: list[tuple[str, float, float]]) -> list:
    """Top-level packages Home imports that the two-line page does not."""
    return sorted({m.split(".")[0] for m, _, _ in home} - {m.split(".")[0] for m, _, _ in floor})


def profile(root: Path = ROOT, lang: str = "zh", top: int = 30) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {"lang": lang}
    rows: dict[str, list[tuple[str, float, float]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, script, cwd, query, title in (
                ("home", "app.py", root, f"?lang={lang}", t(lang, "ui.home.title")),
                ("floor", str(ROOT / BARE), ROOT, "", "Streamlit"),
            ):
                server = Server(script, poll_s=0.02, cwd=cwd, python_flags=("-X", "importtime"))
                try:
                    at_health = len(imports(server.output(tail=sys.maxsize)))
                    paint(browser, server, query, title, t(lang, "lang.html"))
                    rows[name] = imports(server.output(tail=sys.maxsize))
                finally:
                    server.stop()
                out[name] = summary(at_health, rows[name], top)
        finally:
            browser.close()
    out["home_only_top_level"] = only_in(rows["home"], rows["floor"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh", help="Home's language (zh)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app.py to run")
    parser.add_argument("--top", type=int, default=30, help="slowest imports listed (30)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"bench importtime: Chromium not found at {CHROMIUM}")
    print(json.dumps(profile(args.root, args.lang, args.top), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
