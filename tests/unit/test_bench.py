"""The bench (scripts/bench/, a development tool): its generator, its refusal to report a ratio
for a failed import, its profile set, its JSON shape, and that it is not part of the installed
command.

No timing is asserted here: the machine running the tests may be busy. `make bench` runs the
figures and its gross-regression check (3x a budget).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devtools.generated_export import make_export
from limitlens.ingest import MAX_FILE_BYTES, import_files
from scripts.bench import cli as bench
from scripts.bench import core
from scripts.bench.core import BenchError
from tests.conftest import ROOT


def test_generated_export_is_a_real_a3_file_that_imports_every_row():
    data = make_export(500)
    lines = data.decode("gb18030").splitlines()
    assert lines[23].endswith("电子客户回单" + "-" * 24)
    assert lines[24].startswith("交易时间,交易分类,")
    assert lines[25].count(",") == lines[24].count(",") and "\t," in lines[25]
    result = import_files([("bench.csv", data)])
    report = result.files[0]
    assert report.layout == "alipay_app_a3" and report.rows == 500 and report.skipped == []
    assert {"spending", "loan_repay", "wealth_in", "income", "refund"} <= set(report.categories)


def test_the_command_lines_limits_take_what_an_upload_may_not():
    rows = 140_000  # just over 20 MB
    data = make_export(rows)
    assert len(data) > MAX_FILE_BYTES
    assert len(import_files([("big.csv", data)]).history) == 0  # the web limit still holds
    result = core.full_import(data)  # the CLI's LOCAL limits
    core.check_import(result, rows, "140k")


def test_a_refused_file_is_a_bench_failure_not_a_ratio():
    data = make_export(300)
    refused = import_files([("big.csv", data + b"x" * (MAX_FILE_BYTES + 1))])
    with pytest.raises(BenchError, match="file refused.*0 of 300 rows imported"):
        core.check_import(refused, 300, "300")


def test_a_partial_import_is_a_bench_failure():
    text = make_export(50).decode("gb18030").splitlines()
    text[30] = text[30].replace("2025-", "20x5-", 1)  # one unreadable time
    result = import_files([("bench.csv", "\n".join(text).encode("gb18030"))])
    with pytest.raises(BenchError, match="1 rows skipped, first at line 31; 49 of 50"):
        core.check_import(result, 50, "50")


def test_the_import_profile_reads_what_python_x_importtime_writes():
    """scripts/bench/importtime.py: the lines before the health check are Streamlit's start-up,
    the rest the page's first run; other log lines are not imports."""
    from scripts.bench import importtime

    log = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:      1200 |       1500 | streamlit",
            "import time:       300 |        300 |   streamlit.version",
            "  You can now view your Streamlit app in your browser.",
            "import time:     40000 |     150000 | numpy",
            "import time:       900 |     151000 | limitlens.model",
        ]
    )
    rows = importtime.imports(log)
    assert [m for m, _, _ in rows] == ["streamlit", "streamlit.version", "numpy", "limitlens.model"]
    assert rows[2] == ("numpy", 40.0, 150.0)
    home = importtime.summary(2, rows, top=1)
    assert home["modules_at_health"] == 2 and home["modules_in_first_run"] == 2
    assert home["first_run_import_ms"] == 40.9
    assert home["slowest"] == ["limitlens.model 151 ms"]
    assert importtime.only_in(rows, rows[:2]) == ["limitlens", "numpy"]


def test_the_cold_start_alone_needs_no_export_and_a_real_checkout(tmp_path):
    """`--parts cold` runs without `--file`; the other parts need it; `--root` must hold an app."""
    from scripts.bench import browser

    with pytest.raises(SystemExit, match="--file is needed"):
        browser.main(["--parts", "cold,slider"])
    with pytest.raises(SystemExit, match="no app.py in"):
        browser.main(["--parts", "cold", "--root", str(tmp_path)])


def test_one_cold_start_measurement():
    """The bench owns the cold start: no second script measures it its own way."""
    assert not (ROOT / "scripts" / "cold_start.py").exists()
    for path in (ROOT / "scripts").rglob("*.py"):
        assert "class _Server" not in path.read_text("utf-8"), path


def test_sizes_parse_and_reject_nonsense():
    assert core.parse_sizes("1k, 100k,1m") == {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}
    assert core.parse_sizes("2500,3k") == {"2500": 2500, "3k": 3000}
    for bad in ("", "lots", "0"):
        with pytest.raises(BenchError):
            core.parse_sizes(bad)


def test_verdicts_and_gross_check():
    figures = {k: None for k in bench.BUDGETS}
    figures |= {"ingest_ratio_100k": 2.9, "factors_ms_100k": 301.0, "batch_scenarios_per_s": 40_000}
    v = bench.verdicts(figures)
    assert v["ingest_ratio_100k"] == {"value": 2.9, "budget": "<= 1", "ok": False, "gross_ok": True}
    assert v["factors_ms_100k"]["gross_ok"] is False
    assert v["batch_scenarios_per_s"]["ok"] is False and v["batch_scenarios_per_s"]["gross_ok"]
    assert v["peak_rss_mb"]["ok"] is None  # not measured is not a pass
    bad = bench.gross_failures({"budgets": v, "errors": {"browser": "chromium crashed"}})
    assert len(bad) == 2 and "factors_ms_100k" in bad[0] and "chromium crashed" in bad[1]


def test_the_what_if_slider_picked_moves_the_estimate():
    from limitlens.factors import compute_factors
    from limitlens.model import estimate

    baseline = dict(compute_factors(import_files([("b.csv", make_export(2000))]).history).values)
    fid, (moved, back) = core.pick_slider(baseline)
    assert estimate({**baseline, fid: moved}).mid != estimate({**baseline, fid: back}).mid


def test_cli_json_has_every_figure_and_the_json_object_is_last():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.bench",
            "--sizes",
            "300,2k",
            "--repeat",
            "1",
            "--no-app",
            "--no-browser",
            "--no-make-run",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in bench.BUDGETS:
        assert key in out and key in out["budgets"], key
    assert out["goal_seek_ms"] > 0 and out["report_ms_100k"] > 0
    assert out["goal_seek_ms_worst"] >= out["goal_seek_ms_set_median"] > 0
    assert out["goal_seek_worst_case"] and out["goal_seek_cases"] >= 4 * 13
    assert out["sizes"]["2k"]["rows"] == 2000 and out["sizes"]["2k"]["ratio"] > 0
    assert out["ingest_ratio_100k"] is None  # not measured at these sizes: null, not a guess
    assert out["factors_ms_100k"] > 0 and out["batch_scenarios_per_s"] > 0
    assert out["browser_slider_ms_p50"] is None and out["browser_skipped"]
    assert out["machine"]["cpus"] >= 1 and "load_1m" in out["machine"]
    assert "ingest_ratio_100k" in proc.stderr  # the human summary goes beside it


def test_cli_refuses_bad_arguments_with_a_message():
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--sizes", "lots"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2 and "--sizes" in proc.stderr and "Traceback" not in proc.stderr


def test_the_installed_command_has_no_bench():
    """The bench needs a checkout (scripts/, make, the floor pages): `limitlens` does not offer
    it, and nothing in the core package imports the bench or devtools."""
    proc = subprocess.run(
        [sys.executable, "-m", "limitlens", "bench"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2 and "invalid choice: 'bench'" in proc.stderr
    for path in (ROOT / "limitlens").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "scripts" not in {line.split()[1].split(".")[0] for line in _imports(text)}, path
        assert "devtools" not in {line.split()[1].split(".")[0] for line in _imports(text)}, path


def _imports(text: str) -> list[str]:
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith(("import ", "from ")) and len(line.split()) > 1
    ]


def test_scripts_never_import_the_tests():
    """The bench and the load test share their browser helpers with the e2e tests through
    devtools/, never by importing tests/."""
    for path in [*(ROOT / "scripts").rglob("*.py"), *(ROOT / "devtools").rglob("*.py")]:
        roots = {line.split()[1].split(".")[0] for line in _imports(path.read_text("utf-8"))}
        assert "tests" not in roots, path


def test_the_goal_seek_set_is_the_plans_workload_plus_every_persona():
    """The bench times the one fixed workload the plan's tests check (limitlens.plan.workload),
    and every sample persona at a typical and the top ask, borrowing off and on."""
    from limitlens.personas import personas
    from limitlens.plan.workload import diverse_goal_seek_profiles

    cases = core.seek_cases({})
    workload = [c for n, c in cases.items() if n.startswith("workload_")]
    assert workload == diverse_goal_seek_profiles()
    for p in personas():
        asks = {(c[2], c[3]) for n, c in cases.items() if n.startswith(f"{p.id} ")}
        assert len(asks) == 4 and {b for _, b in asks} == {False, True}
