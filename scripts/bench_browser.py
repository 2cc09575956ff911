"""The browser figures of `python -m limitlens bench`: what a user waits for, in headless Debian
Chromium (Playwright, never a downloaded browser), each beside Streamlit's own floor.

    python scripts/bench_browser.py --file EXPORT.csv --key sesame_score

Two servers on free 127.0.0.1 ports, started here and stopped before exit: the app, and the
minimal floor app (scripts/bench_floor/: one slider in a fragment; an uploader that shows the
byte count; a link between the two). The same interactions are timed on both:

- upload -> factors: the file goes into the Data page's uploader, the import report appears,
  the Factors link is clicked and the Factors page has finished its run (floor: upload, byte
  count shown, link to the other page finished). A fresh browser session each run.
- slider: the what-if slider's range input is focused and moved one step right with the keyboard,
  each time to a new value; the time until the run it starts has finished and the new estimate
  is on screen (floor: the metric beside the slider).
- page switch: What-if -> Factors link click until the Factors page has finished its run
  (floor: one page to the other).

"Finished its run" = the page's own h1 is shown and `[data-testid=stApp]` reports
`data-test-script-state=notRunning`. Prints one JSON object; medians, p50/p95 for the slider.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.launch import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    RUN_COUNTER,
    ServerError,
    StreamlitServer,
)

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
UPLOAD_INPUT = "[data-testid=stFileUploaderDropzoneInput]"
WAIT_MS = 60_000


class Server(StreamlitServer):
    """`streamlit run SCRIPT` (log in a temp file, shown on failure), with its peak memory."""

    def __init__(self, script: str) -> None:
        try:
            super().__init__(script, poll_s=0.2)
        except ServerError as exc:
            raise SystemExit(str(exc)) from None

    def peak_rss_mb(self) -> float | None:
        """The server's high-water resident set (VmHWM), in MB."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None


def finished(page, title: str) -> None:
    """Wait until the page's own h1 reads `title` and its script run has finished."""
    page.locator("h1", has_text=title).first.wait_for(timeout=WAIT_MS)
    page.wait_for_selector(IDLE, timeout=WAIT_MS)


def new_page(browser, url: str, title: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    finished(page, title)
    return page


def _link(page, label: str):
    return page.get_by_role("link", name=label).first


def upload_to_factors(browser, server: Server, path: Path, t) -> tuple[float, float]:
    """(ms upload -> Factors page finished, ms of that until the import report showed)."""
    page = new_page(browser, f"{server.url}/data?lang=en", t("en", "ui.data.title"))
    try:
        start = time.perf_counter()
        page.locator(UPLOAD_INPUT).set_input_files(str(path))
        factors_h1 = page.locator("h1", has_text=t("en", "ui.factors.title"))
        # the import report, or the Factors page itself should the app go there on its own
        page.get_by_text(t("en", "ui.data.report_title")).or_(factors_h1).first.wait_for(
            timeout=WAIT_MS
        )
        page.wait_for_selector(IDLE, timeout=WAIT_MS)
        imported = time.perf_counter() - start
        if not factors_h1.count():
            _link(page, t("en", "ui.nav.factors")).click()
        finished(page, t("en", "ui.factors.title"))
        elapsed = time.perf_counter() - start
        if page.locator("[data-testid=stException]").count():
            raise SystemExit("bench_browser: the Factors page shows an exception after the upload")
        return elapsed * 1000, imported * 1000
    finally:
        page.context.close()


def upload_floor(browser, server: Server, path: Path) -> float:
    page = new_page(browser, f"{server.url}/upload", "Upload")
    try:
        size = str(path.stat().st_size)
        start = time.perf_counter()
        page.locator(UPLOAD_INPUT).set_input_files(str(path))
        page.locator("[data-testid=stMetricValue]", has_text=size).first.wait_for(timeout=WAIT_MS)
        page.wait_for_selector(IDLE, timeout=WAIT_MS)
        _link(page, "Floor").click()
        finished(page, "Floor")
        return (time.perf_counter() - start) * 1000
    finally:
        page.context.close()


def slider_moves(page, thumb_selector: str, repeat: int) -> list[float]:
    """ms from a one-step keyboard move until the run it starts has finished (the server's
    message, checked on each animation frame: the new estimate is drawn by then). The moves go
    the way with more room, so each is a value the session has not seen (no remembered result
    answers it), turning back only at the slider's end. The first move is not counted."""
    thumb = page.locator(thumb_selector).first
    thumb.wait_for(state="attached", timeout=WAIT_MS)  # sliders render lazily
    times = []
    for i in range(repeat + 1):
        thumb.focus()
        low, now, high = (float(thumb.get_attribute(a) or 0) for a in ("min", "value", "max"))
        key = "ArrowRight" if high - now >= now - low else "ArrowLeft"
        before = page.evaluate("window.__llRuns")
        start = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function("n => window.__llRuns > n", arg=before, timeout=WAIT_MS)
        elapsed = time.perf_counter() - start
        page.wait_for_selector(IDLE, timeout=WAIT_MS)
        if i:
            times.append(elapsed * 1000)
    return times


def page_switches(page, go: tuple[str, str], back: tuple[str, str], repeat: int) -> list[float]:
    """ms from clicking link go[0] until page go[1] has finished; back[] returns, untimed."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        _link(page, go[0]).click()
        finished(page, go[1])
        times.append((time.perf_counter() - start) * 1000)
        _link(page, back[0]).click()
        finished(page, back[1])
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def measure(path: Path, key: str, repeat: int, uploads: int) -> dict:
    from playwright.sync_api import sync_playwright

    from limitlens.i18n import t

    out: dict[str, object] = {}
    app = Server("app.py")
    floor = Server("scripts/bench_floor/app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                ups, reports, floor_ups = [], [], []
                for _ in range(uploads):  # alternate: a load spike hits both
                    total, report = upload_to_factors(browser, app, path, t)
                    ups.append(total)
                    reports.append(report)
                    floor_ups.append(upload_floor(browser, floor, path))
                out["browser_upload_to_factors_ms"] = round(statistics.median(ups), 1)
                out["browser_upload_to_report_ms"] = round(statistics.median(reports), 1)
                out["browser_upload_to_factors_ms_floor"] = round(statistics.median(floor_ups), 1)

                # the app with the export loaded: one session, through the Data page
                page = new_page(browser, f"{app.url}/data?lang=en", t("en", "ui.data.title"))
                page.locator(UPLOAD_INPUT).set_input_files(str(path))
                page.get_by_text(t("en", "ui.data.report_title")).first.wait_for(timeout=WAIT_MS)
                page.wait_for_selector(IDLE, timeout=WAIT_MS)
                _link(page, t("en", "ui.nav.whatif")).click()
                finished(page, t("en", "ui.whatif.title"))
                slides = slider_moves(page, f".st-key-ll_w_{key} input[type=range]", repeat)
                switches = page_switches(
                    page,
                    (t("en", "ui.nav.factors"), t("en", "ui.factors.title")),
                    (t("en", "ui.nav.whatif"), t("en", "ui.whatif.title")),
                    max(3, repeat // 3),
                )
                if page.locator("[data-testid=stException]").count():
                    raise SystemExit("bench_browser: the app shows an exception")
                page.context.close()

                fpage = new_page(browser, floor.url, "Floor")
                floor_slides = slider_moves(fpage, ".st-key-floor_slider input[type=range]", repeat)
                floor_switches = page_switches(
                    fpage, ("Upload", "Upload"), ("Floor", "Floor"), max(3, repeat // 3)
                )
                fpage.context.close()
            finally:
                browser.close()
        for name, (mine, base) in {
            "browser_slider_ms_p50": (pct(slides, 0.5), pct(floor_slides, 0.5)),
            "browser_slider_ms_p95": (pct(slides, 0.95), pct(floor_slides, 0.95)),
            "browser_page_switch_ms": (
                statistics.median(switches),
                statistics.median(floor_switches),
            ),
        }.items():
            out[name] = round(mine, 1)
            out[f"{name}_floor"] = round(base, 1)
        for name in (
            "browser_upload_to_factors_ms",
            "browser_slider_ms_p50",
            "browser_slider_ms_p95",
            "browser_page_switch_ms",
        ):
            floor_ms = out[f"{name}_floor"]
            out[f"{name}_vs_floor"] = round(out[name] / floor_ms, 2) if floor_ms else None
        out["browser_server_peak_rss_mb"] = app.peak_rss_mb()
        out["browser_floor_server_peak_rss_mb"] = floor.peak_rss_mb()
    finally:
        app.stop()
        floor.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", required=True, type=Path, help="the export to upload")
    parser.add_argument("--key", default="sesame_score", help="what-if factor to move")
    parser.add_argument("--repeat", type=int, default=15, help="slider moves (15)")
    parser.add_argument("--uploads", type=int, default=3, help="upload runs (3)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"bench_browser: Chromium not found at {CHROMIUM}")
    print(json.dumps(measure(args.file, args.key, args.repeat, args.uploads)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
