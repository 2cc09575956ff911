"""The Streamlit-side figures of `python -m limitlens bench`, each in its own process.

    python scripts/bench_app.py slider --moves 41 < export.csv   # What-if rerun vs the floor
    python scripts/bench_app.py rss < export.csv                 # peak RSS, every page computed

The export arrives on stdin (the bench generates it; nothing touches the disk), and one JSON
object is printed on stdout. Kept out of limitlens/ because it imports streamlit.

slider: AppTest, the real What-if page with the export loaded, after a first full run, beside
two floors: a page with as many widgets as the What-if and none of its work, and the page with
one slider (scripts/bench_floor/app.py). Each is moved the way the browser moves it: the
browser sends every widget's state, plus the fragment's id when the widget sits in one (the
one-slider page's does; the What-if levers and the same-widgets floor's slider sit in the page
body, and their callbacks ask for a fragment by key). Two AppTest habits a server does not
share are set aside for all three: a fresh script cache per run (a server compiles the script
once) and a 1 ms poll for the end of a run (which rounds runs of 1-3 ms to whole polls); the
runner waits on the script thread instead. Medians; the ratios are the figures.

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

from components import pages  # noqa: E402  (the checkout's, put on the path above)

FLOOR_APP = ROOT / "scripts" / "bench_floor" / "app.py"
PAGES = tuple(p.script for p in pages.PAGES)
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


# What the next server-like run asks for (see _server_like_runs): set by each move.
_REQUEST: dict = {"fragment_id": None, "pages": {}}


@contextmanager
def _server_like_runs():
    """While active, AppTest runs as a server session does (see the module's docstring):
    one script cache for every run, no polling, the page registry of the page's last full run
    (a session keeps it between runs; AppTest starts each run with an empty one, which a page
    link in a fragment cannot resolve), and, with a fragment id, a request for that fragment
    only (AppTest itself always asks for the whole script)."""
    import streamlit.testing.v1.app_test as app_test_module
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    from streamlit.testing.v1.element_tree import parse_tree_from_messages
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    cache = ScriptCache()

    class ServerLikeRunner(LocalScriptRunner):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._script_cache = cache

        def run(self, widget_state=None, query_params=None, timeout=3, page_hash="", **kw):
            import urllib.parse

            query = urllib.parse.urlencode(query_params or {}, doseq=True)
            self._pages_manager._set_pages(_REQUEST["pages"])
            fragment_id = _REQUEST["fragment_id"]
            # The runner's constructor has already queued a full rerun, and request_rerun would
            # fold a fragment's into it (a full rerun trumps a fragment's): replace it, as the
            # browser's request reaches an idle session.
            with self._requests._lock:
                self._requests._rerun_data = RerunData(
                    widget_states=widget_state,
                    query_string=query,
                    page_script_hash=page_hash,
                    context_info=kw.get("context_info"),
                    fragment_id_queue=[fragment_id] if fragment_id else [],
                    is_fragment_scoped_rerun=fragment_id is not None,
                )
            self.start()
            self._script_thread.join(timeout)
            if self._script_thread.is_alive():
                self.request_stop()
                self.join()
                raise SystemExit(f"bench_app: a run took longer than {timeout} s")
            self.join()
            return parse_tree_from_messages(self.forward_msgs())

    original = (app_test_module.LocalScriptRunner, app_test_module.ScriptCache)
    app_test_module.LocalScriptRunner, app_test_module.ScriptCache = ServerLikeRunner, lambda: cache
    try:
        yield
    finally:
        app_test_module.LocalScriptRunner, app_test_module.ScriptCache = original


def _fragment_of(at) -> str | None:
    """The id of the page's one fragment (None when it has none or several)."""
    ids = list(getattr(at._fragment_storage, "_fragments", {}))
    return ids[0] if len(ids) == 1 else None


def _walk(slider, moves: int) -> list:
    """`moves` distinct values from the slider's own, one step apart, toward its farther end:
    each move a value never seen before, as in a drag, so no remembered result answers it."""
    room_up = (slider.max - slider.value) / slider.step
    room_down = (slider.value - slider.min) / slider.step
    step = slider.step if room_up >= room_down else -slider.step
    if max(room_up, room_down) < moves:
        raise SystemExit(f"bench_app: slider {slider.key} has no room for {moves} moves")
    return [slider.value + (i + 1) * step for i in range(moves)]


class _Mover:
    """Slider `key` of a page after its first full run, moved one step at a time, each move
    sent as the browser sends it: the widget states of the page as last drawn whole, and
    `fragment_id` when the slider sits in that fragment."""

    def __init__(self, at, key: str, moves: int, fragment_id: str | None) -> None:
        self.at, self.key, self.fragment_id = at, key, fragment_id
        self.page = at._tree  # the whole page, as the browser keeps showing it
        self.pages = at._registered_pages
        self.values = iter(_walk(self.page.slider(key=key), moves))
        self.scoped = True  # every run left the page's title alone: only a fragment ran

    def move(self) -> float:
        value = next(self.values)
        self.page.slider(key=self.key).set_value(value)
        states = self.page.get_widget_states()  # the browser's message, ready before it is sent
        _REQUEST.update(fragment_id=self.fragment_id, pages=self.pages)
        start = time.perf_counter()
        self.at._run(states)
        elapsed = time.perf_counter() - start
        _check(self.at, f"slider {self.key}")
        if self.at.session_state[self.key] != value:
            raise SystemExit(f"bench_app: slider {self.key} did not take its new value")
        if not self.at.metric:
            raise SystemExit(f"bench_app: moving {self.key} drew no value")
        self.scoped = self.scoped and len(self.at.title) == 0
        if self.fragment_id is not None:
            self.page = self.at._tree  # the fragment holds the slider: it was drawn again
        return elapsed


def _medians_ms(movers: list[_Mover], moves: int) -> list[float]:
    """Median ms of each mover's moves, made in turn (a move of each, then the next round), so a
    change in the machine's pace falls on all alike. The first round, which also builds
    caches, is not counted: it is not what a user feels on every move."""
    times: list[list[float]] = [[] for _ in movers]
    with _server_like_runs():
        for i in range(moves):
            for mover, out in zip(movers, times, strict=True):
                elapsed = mover.move()
                if i:
                    out.append(elapsed)
    return [statistics.median(t) * 1000 for t in times]


def slider(data: bytes, moves: int, key: str) -> dict:
    from limitlens.i18n import t

    at = _app_test(ROOT / "app.py")
    at.switch_page(pages.by_id()["whatif"].script)
    at.query_params["lang"] = "en"
    _load(at, data)
    at.run()
    _check(at, "What-if page")
    if not at.title or at.title[0].value != t("en", "ui.whatif.title"):
        raise SystemExit("bench_app: the What-if page did not render its title")
    widgets = len(at._tree.get_widget_states().widgets)
    one = _app_test(FLOOR_APP)
    one.run()
    shape = _app_test(FLOOR_APP)
    shape.query_params["widgets"] = widgets
    shape.run()
    _check(one, "floor page")
    _check(shape, "floor page with the What-if's widgets")
    # The What-if levers and the floor's many sliders sit in the page body (their callbacks
    # rerun a fragment by key); the one-slider floor's slider sits in its fragment.
    movers = [
        _Mover(at, f"ll_w_{key}", moves, None),
        _Mover(shape, "floor_slider", moves, None),
        _Mover(one, "floor_slider", moves, _fragment_of(one)),
    ]
    page_ms, shape_ms, one_ms = _medians_ms(movers, moves)
    return {
        "slider_rerun_ms": round(page_ms, 2),
        "slider_rerun_floor_ms": round(shape_ms, 2),
        "slider_rerun_ratio": round(page_ms / shape_ms, 3),
        "slider_rerun_floor_widgets": widgets,
        "slider_rerun_one_slider_ms": round(one_ms, 2),
        "slider_rerun_one_slider_ratio": round(page_ms / one_ms, 3),
        "slider_rerun_fragment_scoped": all(m.scoped for m in movers),
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
    parser.add_argument("--moves", type=int, default=41, help="slider moves timed on each page")
    parser.add_argument("--key", default="sesame_score", help="what-if factor to move")
    args = parser.parse_args(argv)
    data = sys.stdin.buffer.read()
    if not data:
        raise SystemExit("bench_app: no export on stdin")
    if args.what == "slider":
        out = slider(data, args.moves, args.key)
    else:
        out = rss(data)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
