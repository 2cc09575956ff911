"""The bench's What-if timing measures what it says (scripts/bench_app.py, run as `make bench`
runs it): every timed lever move reruns the estimate's fragment only, beside a floor page with
as many widgets and the one-slider page."""

from __future__ import annotations

import json
import subprocess
import sys

from limitlens import catalog
from limitlens.commands import bench
from limitlens.factors import compute_factors
from limitlens.ingest import import_files
from tests.conftest import ROOT


def test_the_slider_timing_times_fragment_only_moves_beside_both_floors():
    data = bench.make_export(2_000)
    key, _ = bench.pick_slider(
        dict(compute_factors(import_files([("b.csv", data)]).history).values)
    )
    proc = subprocess.run(
        [sys.executable, "scripts/bench_app.py", "slider", "--moves", "5", "--key", key],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    out = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert out["slider_rerun_fragment_scoped"] is True  # the page's title was never redrawn
    assert out["slider_rerun_floor_widgets"] > len(catalog.factors())  # the levers and more
    for name in ("ms", "floor_ms", "one_slider_ms"):
        assert out[f"slider_rerun_{name}"] > 0
