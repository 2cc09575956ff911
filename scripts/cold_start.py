"""A cold demo link, measured: a fresh `streamlit run app.py` until Home is painted in Chromium,
beside a two-line Streamlit page started the same way (its floor), alternating, medians.

    python scripts/cold_start.py                 # 3 rounds, JSON on stdout
    python scripts/cold_start.py --runs 5 --root /tmp/old-checkout   # another checkout's app
    python scripts/cold_start.py --importtime    # what Home's first run imports, slowest first

API for the benchmark: `measure_cold_home(runs=3) -> {"app_s", "floor_s", "ratio",
"health_s", ...}`. One round starts, for each language, a fresh app server (its first visitor
asks `?lang=zh` or `?lang=en`) and a fresh floor server; each is timed from the process start
until the page's stable element is drawn and `[data-testid=stApp]` reports the script is not
running. `health_s` is the app's process start until `/_stcore/health` answers, and
`after_health_s` / `after_health_ratio` the part after it: the same Streamlit start-up is on both
sides of `ratio`, so on a loaded machine its noise can hide what the page itself costs. Servers
are on free 127.0.0.1 ports and stopped before the function returns; Chromium is Debian's
(/usr/bin/chromium), never a downloaded browser, launched once before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devtools.browser import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
from limitlens.i18n import LANGS  # noqa: E402

FLOOR = "import streamlit as st\n\nst.title('Streamlit')\n"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
# Home is painted when its samples' buttons are (they come after the uploader and the shell).
HOME_READY = ".st-key-ll_home_samples button"
FLOOR_READY = "h1"
WAIT_S = 120
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


class _Server:
    """`streamlit run SCRIPT` in `cwd`, headless, no file watcher; `health_s` once it answers."""

    def __init__(self, script: str, cwd: Path, *, python_flags: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, *python_flags, "-m", "streamlit", "run", script]
            + ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
            + ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
            + ["--server.fileWatcherType", "none"],
            cwd=cwd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.health_s = self._wait_healthy()

    def _wait_healthy(self) -> float:
        deadline = self.started + WAIT_S
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"streamlit did not become healthy:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def _painted(browser, server: _Server, path: str, ready: str, lang: str) -> float:
    """Seconds from the server's process start until `ready` is drawn and the run is over."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{path}", wait_until="domcontentloaded", timeout=WAIT_S * 1000)
        page.wait_for_selector(ready, timeout=WAIT_S * 1000)
        page.wait_for_selector(IDLE, timeout=WAIT_S * 1000)
        painted = time.perf_counter() - server.started
        if page.locator("[data-testid=stException]").count():
            raise RuntimeError(f"the page at {path} shows an exception")
        return painted
    finally:
        context.close()


def _one(browser, script: str, cwd: Path, path: str, ready: str, lang: str) -> tuple[float, float]:
    server = _Server(script, cwd)
    try:
        return _painted(browser, server, path, ready, lang), server.health_s
    finally:
        server.stop()


def measure_cold_home(runs: int = 3, *, root: Path = ROOT, langs: tuple[str, ...] = LANGS) -> dict:
    """Fresh server -> Home painted, against the two-line floor page, alternating; medians over
    `runs` rounds of every language. Ratio = median app / median floor."""
    from playwright.sync_api import sync_playwright

    app: dict[str, list[float]] = {lang: [] for lang in langs}
    floor: list[float] = []
    app_after: list[float] = []
    floor_after: list[float] = []
    health: list[float] = []
    floor_health: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        Path(tmp, "floor.py").write_text(FLOOR, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                for lang in langs:
                    painted, healthy = _one(
                        browser, "app.py", root, f"?lang={lang}", HOME_READY, lang
                    )
                    app[lang].append(painted)
                    app_after.append(painted - healthy)
                    health.append(healthy)
                    painted, healthy = _one(browser, "floor.py", Path(tmp), "", FLOOR_READY, lang)
                    floor.append(painted)
                    floor_after.append(painted - healthy)
                    floor_health.append(healthy)
        finally:
            browser.close()
    everything = [s for values in app.values() for s in values]
    out = {
        "app_s": round(statistics.median(everything), 3),
        "floor_s": round(statistics.median(floor), 3),
        "health_s": round(statistics.median(health), 3),
        "floor_health_s": round(statistics.median(floor_health), 3),
        "after_health_s": round(statistics.median(app_after), 3),
        "floor_after_health_s": round(statistics.median(floor_after), 3),
        **{f"app_s_{lang}": round(statistics.median(v), 3) for lang, v in app.items()},
        "runs": runs,
    }
    out["ratio"] = round(out["app_s"] / out["floor_s"], 2)
    out["after_health_ratio"] = round(out["after_health_s"] / out["floor_after_health_s"], 2)
    return out


def _imports(stderr: str) -> list[tuple[str, float, float]]:
    """(module, self ms, cumulative ms) of every `-X importtime` line, in order."""
    rows = []
    for line in stderr.splitlines():
        found = _IMPORT_LINE.match(line)
        if found:
            rows.append((found[4], int(found[1]) / 1000, int(found[2]) / 1000))
    return rows


def profile_home(root: Path = ROOT, lang: str = "zh", top: int = 30) -> dict:
    """What the server imports for Home's first run (after it is healthy), beside what it imports
    for the two-line page: `python -X importtime -m streamlit run`, one visit each."""
    from playwright.sync_api import sync_playwright

    out = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        Path(tmp, "floor.py").write_text(FLOOR, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, script, cwd, path, ready in (
                ("home", "app.py", root, f"?lang={lang}", HOME_READY),
                ("floor", "floor.py", Path(tmp), "", FLOOR_READY),
            ):
                server = _Server(script, cwd, python_flags=("-X", "importtime"))
                at_health = len(_imports(server.output()))
                try:
                    _painted(browser, server, path, ready, lang)
                    rows = _imports(server.output())
                finally:
                    server.stop()
                run = rows[at_health:]
                out[name] = {
                    "modules_at_health": at_health,
                    "modules_in_first_run": len(run),
                    "first_run_import_ms": round(sum(s for _, s, _ in run), 1),
                    "top_level": sorted({m.split(".")[0] for m, _, _ in rows}),
                    "slowest": [
                        f"{m} {c:.0f} ms" for m, _, c in sorted(run, key=lambda r: -r[2])[:top]
                    ],
                }
        finally:
            browser.close()
    home, floor = out["home"], out["floor"]
    out["home_only_top_level"] = sorted(set(home["top_level"]) - set(floor["top_level"]))
    for key in ("home", "floor"):
        del out[key]["top_level"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app.py to run")
    parser.add_argument("--importtime", action="store_true", help="profile Home's first run")
    args = parser.parse_args(argv)
    if args.importtime:
        print(json.dumps(profile_home(args.root), ensure_ascii=False, indent=1))
    else:
        print(json.dumps(measure_cold_home(args.runs, root=args.root)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
