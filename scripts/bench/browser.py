"""The bench's browser figures: what a user waits for, in headless Debian Chromium (Playwright,
never a downloaded browser), each beside Streamlit's own floor in the same run.

    python -m scripts.bench.browser --file EXPORT.csv --key sesame_score
    python -m scripts.bench.browser --parts cold --cold 5 [--root OTHER_CHECKOUT]

Servers run on free 127.0.0.1 ports, started here and stopped before exit (devtools/browser.py
starts them and Chromium for the e2e tests too):

- cold start: a fresh `streamlit run app.py` (a new process) until Home is painted, for ?lang=zh
  and ?lang=en, against a fresh two-line page (scripts/bench/bare_page.py) started the same way,
  alternately, `--cold` rounds; the seconds until /_stcore/health answers; and the part after
  that answer (`cold_after_health_*`); and the first script run alone, from the browser's run
  request to the message ending it, read off the page's websocket (`cold_first_run_*`).
  "Painted" = the page's own h1 is shown and the e2e tests' readiness wait
  (devtools.browser.wait_idle) holds. `--root` runs another checkout's app.py
  (the floor stays this one's). What Home imports: scripts/bench/importtime.py.
- upload -> factors: once the Data page has loaded and been quiet (`new_page`), the file goes
  into its uploader, the import report appears, the Factors link is clicked and the Factors
  page is drawn (`drawn`: settled, no skeleton, charts drawn) (floor: the uploader page of
  scripts/bench/floor/ shows the byte count, then its link). A fresh session each run.
- slider: a lever's range input is focused and moved one step with the keyboard, each time to
  a value the session has not seen; on the What-if with the export loaded, on the floor page
  with as many widgets as the What-if sends, and on the one-slider floor, one move of each in
  turn. Two times per move: key press until the run it starts has finished (what the user
  waits for; the floor is the one-slider page) and, from the page's websocket, the browser's
  rerun request until the message ending that run arrives (the server's work, the loopback and
  the browser taking in the run's messages, without the slider's debounce or the paint; the
  floor is the page with as many widgets).
- page switch: What-if -> Factors link click until the Factors page is drawn (floor: one page
  to the other).
- report: a click on the Plan page's report button (the report is built on the click) until
  the browser has the file, with the export loaded; no floor, a budget.

Prints one JSON object; medians, p50/p95 for the slider.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from devtools.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    ROOT,
    RUN_COUNTER,
    SETTLED,
    ServerError,
    StreamlitServer,
    wait_idle,
)
from limitlens.i18n import LANGS, t

UPLOAD_INPUT = "[data-testid=stFileUploaderDropzoneInput]"
WAIT_MS = 60_000
FLOOR = "scripts/bench/floor/app.py"
BARE = "scripts/bench/bare_page.py"
FRAGMENT_RUN = 3  # ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


class Server(StreamlitServer):
    """`streamlit run SCRIPT` (log in a temp file, shown on failure), with its peak memory."""

    def __init__(self, script: str, poll_s: float = 0.2, **kwargs: Any) -> None:
        try:
            super().__init__(script, poll_s=poll_s, **kwargs)
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


# Checked in the page on every animation frame. Playwright's own waits (locator.wait_for,
# wait_for_selector) poll from outside with growing pauses, 500 ms apart once 270 ms have
# passed: a page drawn at 500 ms was timed at ~820 ms, so a slower page was timed to the next
# poll, not to when it was drawn (the floor, drawn sooner, met the short pauses).
# "Drawn" is the e2e tests' SETTLED, not only "the run has finished": Streamlit loads an
# element's code (a metric's, plotly's 4.7 MB) on first use and shows a grey skeleton until
# then, so a page whose run had ended still showed skeletons and no charts for ~1 s.
DRAWN = f"""([shown, settled]) => (!settled || ({SETTLED})()) && shown.some(
  ([selector, text]) => [...document.querySelectorAll(selector)].some(
    e => e.textContent.includes(text) && e.checkVisibility()))"""


def drawn(page, *shown: tuple[str, str], idle: bool = True) -> None:
    """Wait until an element matching one (selector, text it contains) of `shown` is visible,
    and (`idle`) the page has settled: the run finished, no skeleton, the charts in view drawn."""
    page.wait_for_function(DRAWN, arg=[list(shown), idle], timeout=WAIT_MS)


def finished(page, title: str) -> None:
    """Wait until the page's own h1 reads `title` and the page has settled (see `drawn`)."""
    drawn(page, ("h1", title))


# The time of the page's last network response or long task (> 50 ms on the main thread).
LAST_BUSY = """(() => {
  window.__llBusyAt = performance.now();
  new PerformanceObserver(() => { window.__llBusyAt = performance.now(); })
    .observe({entryTypes: ['longtask', 'resource']});
})();"""
# Lighthouse's "time to interactive" asks for 5 s without a long task or much network: the
# page has done what it does on loading, idle-time work included.
QUIET_MS = 5000


def visit(browser, url: str, locale: str = "en-US"):
    """A fresh visitor (a new browser context, the run counter in place) opening `url`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.add_init_script(RUN_COUNTER)
    context.add_init_script(LAST_BUSY)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    return page


def new_page(browser, url: str, title: str, locale: str = "en-US"):
    """`visit`, until the page whose h1 reads `title` has finished its run and then been quiet
    (no download, no long task) for QUIET_MS: what a person does next (pick a file, click a
    link) starts on a page that has loaded, not while it still fetches code it asked for."""
    page = visit(browser, url, locale)
    finished(page, title)
    page.wait_for_function(
        f"() => performance.now() - window.__llBusyAt > {QUIET_MS}", timeout=WAIT_MS
    )
    return page


def _link(page, label: str):
    return page.get_by_role("link", name=label).first


# ---------------------------------------------------------------- cold start


def paint(
    browser, server: StreamlitServer, query: str, title: str, locale: str
) -> tuple[float, float | None]:
    """A fresh visitor opens `query`: (time.perf_counter() once the page's own h1 reads `title`
    and the e2e tests' readiness wait holds, ms of the first script run as the page's websocket
    saw it: from the browser's run request to the message ending that run). Raises when the page
    shows an exception."""
    page = visit(browser, f"{server.url}/{query}", locale)
    try:
        drawn(page, ("h1", title), idle=False)
        wait_idle(page, WAIT_MS)
        painted = time.perf_counter()
        if page.locator("[data-testid=stException]").count():
            raise SystemExit(f"bench browser: {query or 'the page'} shows an exception")
        first = page.evaluate("window.__llRunLog.length ? window.__llRunLog[0].ms : null")
        return painted, first
    finally:
        page.context.close()


def cold_start(
    browser, script: str, query: str, title: str, locale: str, root: Path = ROOT
) -> tuple[float, float, float | None]:
    """(s until /_stcore/health answers, ms until the page is painted), both from the moment
    a fresh `streamlit run script` is started in `root`, and the ms of its first run (see
    paint); the server is stopped afterwards."""
    start = time.perf_counter()
    server = Server(script, poll_s=0.02, cwd=root)
    health = time.perf_counter() - start
    try:
        painted, first_run = paint(browser, server, query, title, locale)
    finally:
        server.stop()
    return health, (painted - start) * 1000, first_run


def measure_cold(browser, rounds: int, t, root: Path = ROOT) -> dict[str, object]:
    """Home in each language against the two-line page, alternately (the floor first in even
    rounds, the app first in odd ones), so a load spike falls on both. Beside the whole figure,
    the part after the health check: Streamlit's own start-up is on both sides of the ratio and
    its noise on a loaded machine can hide what the page itself costs."""
    app: dict[str, list[float]] = {lang: [] for lang in LANGS}
    after: dict[str, list[float]] = {lang: [] for lang in LANGS}
    first: dict[str, list[float]] = {lang: [] for lang in LANGS}
    floor_first: list[float] = []
    health: list[float] = []
    floor: list[float] = []
    floor_after: list[float] = []
    floor_health: list[float] = []
    bare = str(ROOT / BARE)  # this checkout's two-line page, whichever app is measured
    for r in range(rounds):
        for lang in LANGS:
            locale = t(lang, "lang.html")
            title = t(lang, "ui.home.title")  # another checkout (`--root`) words it alike
            runs = [
                ("floor", lambda loc=locale: cold_start(browser, bare, "", "Streamlit", loc)),
                (
                    "app",
                    lambda lang=lang, loc=locale, title=title: cold_start(
                        browser, "app.py", f"?lang={lang}", title, loc, root
                    ),
                ),
            ]
            for what, run in runs if r % 2 == 0 else runs[::-1]:
                h, ms, run_ms = run()
                if what == "app":
                    app[lang].append(ms)
                    after[lang].append(ms - h * 1000)
                    health.append(h)
                    first[lang] += [run_ms] if run_ms is not None else []
                else:
                    floor.append(ms)
                    floor_after.append(ms - h * 1000)
                    floor_health.append(h)
                    floor_first += [run_ms] if run_ms is not None else []
    medians = {lang: statistics.median(v) for lang, v in app.items()}
    after_medians = {lang: statistics.median(v) for lang, v in after.items()}
    floor_ms = statistics.median(floor)
    floor_after_ms = statistics.median(floor_after)
    worst = max(medians, key=medians.__getitem__)
    worst_after = max(after_medians, key=after_medians.__getitem__)
    return {
        **{f"cold_home_ms_{lang}": round(medians[lang], 1) for lang in LANGS},
        "cold_home_floor_ms": round(floor_ms, 1),
        "cold_home_ratio": round(medians[worst] / floor_ms, 3),
        "cold_home_worst_lang": worst,
        "cold_health_s": round(statistics.median(health), 3),
        "cold_health_floor_s": round(statistics.median(floor_health), 3),
        # the same, counted from the health answer on (slower language again)
        **{f"cold_after_health_ms_{lang}": round(after_medians[lang], 1) for lang in LANGS},
        "cold_after_health_floor_ms": round(floor_after_ms, 1),
        "cold_after_health_ratio": round(after_medians[worst_after] / floor_after_ms, 3),
        # the first script run alone, request to end, read off the page's websocket: the
        # server's part, without Streamlit's start-up or the browser loading its scripts
        **{
            f"cold_first_run_ms_{lang}": round(statistics.median(v), 1) if v else None
            for lang, v in first.items()
        },
        "cold_first_run_floor_ms": round(statistics.median(floor_first), 1)
        if floor_first
        else None,
        "cold_runs": rounds,
    }


# ---------------------------------------------------------------- upload


def upload_to_factors(browser, server: Server, path: Path, t) -> tuple[float, float]:
    """(ms upload -> Factors page finished, ms of that until the import report showed)."""
    page = new_page(browser, f"{server.url}/data?lang=en", t("en", "ui.data.title"))
    try:
        start = time.perf_counter()
        page.locator(UPLOAD_INPUT).set_input_files(str(path))
        factors_h1 = ("h1", t("en", "ui.factors.title"))
        # the import report, or the Factors page itself should the app go there on its own
        drawn(page, ("h3", t("en", "ui.data.report_title")), factors_h1)
        imported = time.perf_counter() - start
        if not page.locator("h1", has_text=factors_h1[1]).count():
            _link(page, t("en", "ui.nav.factors")).click()
        finished(page, t("en", "ui.factors.title"))
        elapsed = time.perf_counter() - start
        if page.locator("[data-testid=stException]").count():
            raise SystemExit("bench browser: the Factors page shows an exception after the upload")
        return elapsed * 1000, imported * 1000
    finally:
        page.context.close()


def upload_floor(browser, server: Server, path: Path) -> float:
    page = new_page(browser, f"{server.url}/upload", "Upload")
    try:
        size = str(path.stat().st_size)
        start = time.perf_counter()
        page.locator(UPLOAD_INPUT).set_input_files(str(path))
        drawn(page, ("[data-testid=stMetricValue]", size))
        _link(page, "Floor").click()
        finished(page, "Floor")
        return (time.perf_counter() - start) * 1000
    finally:
        page.context.close()


# ---------------------------------------------------------------- slider


class Slider:
    """One page's slider, moved one keyboard step at a time the way with more room, so each
    move is a value the session has not seen (no remembered result answers it), turning back
    only at the slider's end."""

    def __init__(self, page, selector: str) -> None:
        self.page = page
        self.thumb = page.locator(selector).first
        self.thumb.wait_for(state="attached", timeout=WAIT_MS)  # sliders render lazily
        self.pressed: list[float] = []  # ms key press -> run finished
        self.server: list[float] = []  # ms rerun request sent -> run finished
        self.statuses: list[int] = []
        self.widgets: int | None = None

    def move(self, count: bool) -> None:
        self.thumb.focus()
        low, now, high = (float(self.thumb.get_attribute(a) or 0) for a in ("min", "value", "max"))
        key = "ArrowRight" if high - now >= now - low else "ArrowLeft"
        before = self.page.evaluate("window.__llRuns")
        start = time.perf_counter()
        self.page.keyboard.press(key)
        self.page.wait_for_function("n => window.__llRuns > n", arg=before, timeout=WAIT_MS)
        elapsed = time.perf_counter() - start
        self.page.wait_for_selector(IDLE, timeout=WAIT_MS)
        last = self.page.evaluate("window.__llRunLog[window.__llRunLog.length - 1]")
        self.widgets = last["widgets"]
        if count:
            self.pressed.append(elapsed * 1000)
            if last["ms"] is not None:
                self.server.append(last["ms"])
            self.statuses.append(last["status"])


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


def _ratio(mine: float, floor: float) -> float | None:
    return round(mine / floor, 3) if floor else None


PARTS = ("cold", "upload", "slider", "report")


def measure(
    path: Path | None,
    key: str,
    repeat: int,
    uploads: int,
    cold: int,
    parts: tuple[str, ...] = PARTS,
    root: Path = ROOT,
) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if "cold" in parts:
                out.update(measure_cold(browser, cold, t, root))
            if not {"upload", "slider", "report"} & set(parts):
                return out
            assert path is not None  # main() asks for --file with these parts
            app = Server("app.py")
            floor = Server(FLOOR)
            try:
                if "upload" in parts:
                    out.update(_uploads(browser, app, floor, path, uploads, t))
                if "slider" in parts:
                    out.update(_interactions(browser, app, floor, path, key, repeat, t))
                if "report" in parts:
                    out.update(_report_download(browser, app, path, t))
                out["browser_server_peak_rss_mb"] = app.peak_rss_mb()
                out["browser_floor_server_peak_rss_mb"] = floor.peak_rss_mb()
            finally:
                app.stop()
                floor.stop()
        finally:
            browser.close()
    return out


def _uploads(browser, app, floor, path: Path, uploads: int, t) -> dict[str, object]:
    out: dict[str, object] = {}
    ups, reports, floor_ups = [], [], []
    for _ in range(uploads):  # alternate: a load spike hits both
        total, report = upload_to_factors(browser, app, path, t)
        ups.append(total)
        reports.append(report)
        floor_ups.append(upload_floor(browser, floor, path))
    out["browser_upload_to_factors_ms"] = round(statistics.median(ups), 1)
    out["browser_upload_to_report_ms"] = round(statistics.median(reports), 1)
    out["browser_upload_to_factors_ms_floor"] = round(statistics.median(floor_ups), 1)
    out["upload_to_factors_ratio"] = _ratio(
        out["browser_upload_to_factors_ms"], out["browser_upload_to_factors_ms_floor"]
    )
    return out


def _loaded(browser, app, path: Path, t):
    """A session of the app with the export uploaded through the Data page."""
    page = new_page(browser, f"{app.url}/data?lang=en", t("en", "ui.data.title"))
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    drawn(page, ("h3", t("en", "ui.data.report_title")))
    return page


def _report_download(browser, app, path: Path, t, clicks: int = 3) -> dict[str, object]:
    """ms from a click on the Plan page's report button until the browser has the file (the
    report is built on the click), with the export loaded; the median of `clicks`."""
    page = _loaded(browser, app, path, t)
    try:
        _link(page, t("en", "ui.nav.plan")).click()
        finished(page, t("en", "ui.plan.title"))
        wait_idle(page, WAIT_MS)
        button = page.locator(".st-key-ll_plan_download button")
        times, sizes = [], []
        for _ in range(clicks):
            start = time.perf_counter()
            with page.expect_download(timeout=WAIT_MS) as info:
                button.click()
            download = info.value
            times.append((time.perf_counter() - start) * 1000)
            sizes.append(Path(download.path()).stat().st_size)  # waits for the whole file
            page.wait_for_selector(IDLE, timeout=WAIT_MS)
        if page.locator("[data-testid=stException]").count():
            raise SystemExit("bench browser: the Plan page shows an exception")
    finally:
        page.context.close()
    return {
        "browser_report_download_ms": round(statistics.median(times), 1),
        "browser_report_kb": round(statistics.median(sizes) / 1024, 1),
    }


def _interactions(browser, app, floor, path: Path, key: str, repeat: int, t) -> dict[str, object]:
    """The slider (three pages, a move of each in turn) and the page switch."""
    out: dict[str, object] = {}
    page = _loaded(browser, app, path, t)
    _link(page, t("en", "ui.nav.whatif")).click()
    finished(page, t("en", "ui.whatif.title"))
    whatif = Slider(page, f".st-key-ll_w_{key} input[type=range]")
    whatif.move(count=False)  # builds caches; and says how many widget states a move sends
    widgets = whatif.widgets or 0
    one_page = new_page(browser, floor.url, "Floor")
    shaped_page = new_page(browser, f"{floor.url}/?widgets={widgets}", "Floor")
    selector = ".st-key-floor_slider input[type=range]"
    one, shaped = Slider(one_page, selector), Slider(shaped_page, selector)
    one.move(count=False)
    shaped.move(count=False)
    for _ in range(repeat):  # a move of each in turn: the machine's pace falls on all alike
        for slider in (whatif, shaped, one):
            slider.move(count=True)
    switches = page_switches(
        page,
        (t("en", "ui.nav.factors"), t("en", "ui.factors.title")),
        (t("en", "ui.nav.whatif"), t("en", "ui.whatif.title")),
        max(3, repeat // 3),
    )
    if page.locator("[data-testid=stException]").count():
        raise SystemExit("bench browser: the app shows an exception")
    page.context.close()
    shaped_page.context.close()
    floor_switches = page_switches(
        one_page, ("Upload", "Upload"), ("Floor", "Floor"), max(3, repeat // 3)
    )
    one_page.context.close()

    for name, (mine, base) in {
        "browser_slider_ms_p50": (pct(whatif.pressed, 0.5), pct(one.pressed, 0.5)),
        "browser_slider_ms_p95": (pct(whatif.pressed, 0.95), pct(one.pressed, 0.95)),
        "browser_page_switch_ms": (
            statistics.median(switches),
            statistics.median(floor_switches),
        ),
    }.items():
        out[name] = round(mine, 1)
        out[f"{name}_floor"] = round(base, 1)
    rerun = statistics.median(whatif.server)
    rerun_floor = statistics.median(shaped.server)
    rerun_one = statistics.median(one.server)
    out |= {
        "slider_p50_ratio": _ratio(
            out["browser_slider_ms_p50"], out["browser_slider_ms_p50_floor"]
        ),
        "slider_p95_ratio": _ratio(
            out["browser_slider_ms_p95"], out["browser_slider_ms_p95_floor"]
        ),
        "browser_page_switch_ratio": _ratio(
            out["browser_page_switch_ms"], out["browser_page_switch_ms_floor"]
        ),
        "slider_rerun_ms": round(rerun, 2),
        "slider_rerun_floor_ms": round(rerun_floor, 2),
        "slider_rerun_ratio": _ratio(rerun, rerun_floor),
        "slider_rerun_floor_widgets": widgets,
        "slider_rerun_one_slider_ms": round(rerun_one, 2),
        "slider_rerun_one_slider_ratio": _ratio(rerun, rerun_one),
        # every timed move reran a fragment only, as the page means it to
        "slider_rerun_fragment_scoped": all(
            s == FRAGMENT_RUN for m in (whatif, shaped, one) for s in m.statuses
        ),
        "slider_moves": repeat,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="the export to upload (all but --parts cold)")
    parser.add_argument("--key", default="sesame_score", help="what-if factor to move")
    parser.add_argument("--repeat", type=int, default=15, help="slider moves per page (15)")
    parser.add_argument("--uploads", type=int, default=5, help="upload runs (5)")
    parser.add_argument("--cold", type=int, default=3, help="cold-start rounds (3)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"({','.join(PARTS)})")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app.py starts cold")
    args = parser.parse_args(argv)
    parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    if not parts or set(parts) - set(PARTS):
        raise SystemExit(f"bench browser: --parts takes some of {','.join(PARTS)}")
    if args.file is None and set(parts) - {"cold"}:
        raise SystemExit("bench browser: --file is needed for the upload, slider and report parts")
    if not (args.root / "app.py").is_file():
        raise SystemExit(f"bench browser: no app.py in {args.root}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"bench browser: Chromium not found at {CHROMIUM}")
    out = measure(args.file, args.key, args.repeat, args.uploads, args.cold, parts, args.root)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
