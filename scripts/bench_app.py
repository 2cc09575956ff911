"""The Streamlit-side figures of `python -m limitlens bench`, each in its own process.

    python scripts/bench_app.py slider --repeat 7 < export.csv   # What-if rerun vs the floor
    python scripts/bench_app.py rss < export.csv                 # peak RSS, every page computed

The export arrives on stdin (the bench generates it; nothing touches the disk), and one JSON
object is printed on stdout. Kept out of limitlens/ because it imports streamlit.

slider: AppTest, the real What-if page with the export loaded, after a first full run. A slider
move in the browser reruns only the simulator fragment, so the timed run is fragment-scoped the
way the browser asks for it (RerunData.fragment_id); the same interaction on the one-slider floor
page (scripts/bench_floor/app.py) is timed the same way. Both are medians; the ratio is the figure.

rss: one process runs every page through AppTest without data (the floor: Python, pandas,
plotly, Streamlit and the app's code), then with the export imported into the session, and
reports the peak resident set size (ru_maxrss) after each.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FLOOR_APP = ROOT / "scripts" / "bench_floor" / "app.py"
PAGES = (
    "app.py",
    "pages/1_data.py",
    "pages/2_factors.py",
    "pages/3_whatif.py",
    "pages/4_plan.py",
    "pages/5_method.py",
)
TIMEOUT = 300


def _app_test(script: Path):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(script), default_timeout=TIMEOUT)


def _load(at, data: bytes) -> None:
    """The export imported into the session the way the Data page stores an upload."""
    from components import state
    from limitlens.ingest import import_files

    result = import_files([("bench.csv", data)])
    if result.files[0].error is not None or len(result.history) == 0:
        raise SystemExit(f"bench_app: the export did not import ({result.files[0].error})")
    at.session_state[state.IMPORT] = result
    at.session_state[state.SOURCE] = {"kind": "upload", "sig": "bench"}
    at.session_state[state.PROFILE] = {}


def _check(at, where: str) -> None:
    if at.exception:
        raise SystemExit(f"bench_app: {where} raised: {at.exception[0].value}")


@contextmanager
def _fragment_runs(fragment_id: str | None, pages: dict):
    """While active, AppTest runs ask for `fragment_id` only, as the browser does when a widget
    inside a fragment changes (AppTest itself always reruns the whole script). `pages` is the
    page registry of the last full run: a server session keeps it between runs, while AppTest
    starts each run with an empty one, which a page link inside the fragment cannot resolve."""
    import streamlit.testing.v1.app_test as app_test_module
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    from streamlit.testing.v1.element_tree import parse_tree_from_messages
    from streamlit.testing.v1.local_script_runner import (
        LocalScriptRunner,
        require_widgets_deltas,
    )

    class FragmentRunner(LocalScriptRunner):
        def run(self, widget_state=None, query_params=None, timeout=3, page_hash="", **kw):
            import urllib.parse

            query = urllib.parse.urlencode(query_params or {}, doseq=True)
            # The runner's constructor has already queued a full rerun, and request_rerun would
            # fold this one into it (a full rerun trumps a fragment's): replace it instead, as
            # the browser's request reaches an idle session.
            self._pages_manager._set_pages(pages)
            requests = self._requests
            with requests._lock:
                requests._rerun_data = RerunData(
                    widget_states=widget_state,
                    query_string=query,
                    page_script_hash=page_hash,
                    context_info=kw.get("context_info"),
                    fragment_id_queue=[fragment_id],
                    is_fragment_scoped_rerun=True,
                )
            try:
                if not self._script_thread:
                    self.start()
                require_widgets_deltas(self, timeout)
            finally:
                self.join()
            return parse_tree_from_messages(self.forward_msgs())

    original = app_test_module.LocalScriptRunner
    if fragment_id is not None:
        app_test_module.LocalScriptRunner = FragmentRunner
    try:
        yield
    finally:
        app_test_module.LocalScriptRunner = original


def _fragment_of(at) -> str | None:
    """The id of the page's one fragment (None when it has none or several)."""
    ids = list(getattr(at._fragment_storage, "_fragments", {}))
    return ids[0] if len(ids) == 1 else None


def _walk(values: list, repeat: int) -> list:
    """repeat + 1 distinct values stepping on from values[0] by (values[0] - values[1]): each
    move a value never seen before, as in a drag, so no remembered result can answer it."""
    step = values[0] - values[1]
    return [values[0] + i * step for i in range(repeat + 1)]


def _time_slider(at, key: str, values: list) -> tuple[float, bool]:
    """Median ms of `slider(key).set_value(v).run()` for each of `values` in turn (the first
    not counted);
    (median, whether every run was fragment-scoped: the page's title, outside the fragment,
    was not drawn again)."""
    fragment = _fragment_of(at)
    times = []
    scoped = fragment is not None
    with _fragment_runs(fragment, at._registered_pages):
        for i, value in enumerate(values):
            slider = at.slider(key=key)
            slider.set_value(value)
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
            _check(at, f"slider {key}")
            if at.slider(key=key).value != value:
                raise SystemExit(f"bench_app: slider {key} did not take its new value")
            if i:  # the first move also builds caches: not what a user feels on every move
                times.append(elapsed)
            scoped = scoped and len(at.title) == 0
    return statistics.median(times) * 1000, scoped


def slider(data: bytes, repeat: int, key: str, values: list) -> dict:
    from limitlens.i18n import t

    floor = _app_test(FLOOR_APP)
    floor.run()
    _check(floor, "floor page")
    floor_ms, floor_fragment = _time_slider(floor, "floor_slider", _walk([51, 50], repeat))

    at = _app_test(ROOT / "app.py")
    at.switch_page("pages/3_whatif.py")
    at.query_params["lang"] = "en"
    _load(at, data)
    at.run()
    _check(at, "What-if page")
    if not at.title or at.title[0].value != t("en", "ui.whatif.title"):
        raise SystemExit("bench_app: the What-if page did not render its title")
    page_ms, page_fragment = _time_slider(at, f"ll_w_{key}", _walk(values, repeat))
    return {
        "slider_rerun_ms": round(page_ms, 2),
        "slider_rerun_floor_ms": round(floor_ms, 2),
        "slider_rerun_ratio": round(page_ms / floor_ms, 3),
        "slider_rerun_fragment_scoped": page_fragment and floor_fragment,
    }


def _maxrss_mb() -> float:
    """This process's peak resident set in MB: VmHWM, which starts afresh at exec (ru_maxrss
    would carry over the forking parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _all_pages(at) -> None:
    for page in PAGES:
        at.switch_page(page)
        at.run()
        _check(at, page)


def rss(data: bytes) -> dict:
    at = _app_test(ROOT / "app.py")
    at.query_params["lang"] = "en"
    _all_pages(at)
    floor = _maxrss_mb()
    _load(at, data)
    _all_pages(at)
    return {"peak_rss_mb": round(_maxrss_mb(), 1), "peak_rss_floor_mb": round(floor, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("slider", "rss"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--key", default="sesame_score", help="what-if factor to move")
    parser.add_argument("--values", default="", help="comma-separated slider values to alternate")
    args = parser.parse_args(argv)
    data = sys.stdin.buffer.read()
    if not data:
        raise SystemExit("bench_app: no export on stdin")
    if args.what == "slider":
        values = [json.loads(v) for v in args.values.split(",") if v] or [700, 705]
        out = slider(data, args.repeat, args.key, values)
    else:
        out = rss(data)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
