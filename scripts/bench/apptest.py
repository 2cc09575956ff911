"""The bench's peak-memory figure, in its own process (it imports streamlit, so it stays out of
the core):

    python -m scripts.bench.apptest rss < export.csv

One process runs every page through AppTest's public API without data (the floor: Python,
pandas, plotly, Streamlit and the app's code), then with the export imported into the session
the way the Data page stores an upload, and prints the peak resident set size (VmHWM) after
each as one JSON object. The export arrives on stdin (the bench generates it; nothing touches
the disk).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 300


def _load(at, data: bytes) -> None:
    """The export imported into the session the way the Data page stores an upload."""
    from components import state
    from limitlens.ingest import import_files

    result = import_files([("bench.csv", data)])
    if result.files[0].error is not None or len(result.history) == 0:
        raise SystemExit(f"apptest: the export did not import ({result.files[0].error})")
    at.session_state[state.IMPORT] = result
    at.session_state[state.SOURCE] = {"kind": "upload", "sig": "bench"}
    at.session_state[state.PROFILE] = {}


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
    from components import pages

    for page in pages.PAGES:
        at.switch_page(page.script)
        at.run()
        if at.exception:
            raise SystemExit(f"apptest: {page} raised: {at.exception[0].value}")


def rss(data: bytes) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    _all_pages(at)
    floor = _maxrss_mb()
    _load(at, data)
    _all_pages(at)
    return {"peak_rss_mb": round(_maxrss_mb(), 1), "peak_rss_floor_mb": round(floor, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("rss",))
    parser.parse_args(argv)
    data = sys.stdin.buffer.read()
    if not data:
        raise SystemExit("apptest: no export on stdin")
    print(json.dumps(rss(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
