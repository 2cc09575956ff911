"""`make bench` (`python -m scripts.bench [--json] [--check]`): what a user waits for, each
figure beside its floor (what the same work costs with nothing of ours in it). A development
tool run from a checkout: it starts servers and Chromium and runs `make run`; never installed.

Histories are generated in memory in the real Alipay A3 layout (devtools/generated_export.py)
at 1k, 10k, 100k and 1M rows. Every figure is the median of several runs after one warm-up.

- ingest (core.py), per size: `pandas.read_csv` of the same bytes (the floor) and the full
  import, run alternately; the ratio is the median of the per-pair ratios, so a load spike on
  the shared machine hits both sides of a pair. An import that does not bring in every generated
  row is a failure of the bench (exit 2), never a ratio. The bench lifts the web page's 20 MB
  upload limit for its own files (the command line's limits).
- core (core.py), on the 100k history: compute_factors, one estimate, a batch of scenarios, a
  what-if step, goal seek (typical, and the worst of a fixed diverse set of profiles), the HTML
  report.
- peak RSS (apptest.py, AppTest, its own process): every page run with 100k rows loaded, beside
  the same process before any data.
- browser (browser.py, headless Debian Chromium, only when it and playwright are installed,
  else null): cold start to Home painted in both languages vs a two-line page; the 100k upload
  to the Factors page; the What-if slider (in the browser, and the server's rerun alone against
  a page with as many widgets); What-if -> Factors, each beside the same interaction on a
  minimal page in the same run; the Plan page's report download after a click.
- make run: seconds from `make run` to an answer on /_stcore/health (127.0.0.1 only).

`--check` fails (exit 1) when a figure is more than 3x off its budget: a gross regression, not
a flaky CI gate (the budgets are in the JSON and the README).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from scripts.bench.core import (
    DEFAULT_SIZES,
    BenchError,
    full_import,
    load_average,
    make_export,
    measure_core,
    measure_goal_seek,
    measure_ingest,
    measure_report,
    parse_sizes,
    pick_slider,
    profile,
    runs_for,
    seek_cases,
)

ROOT = Path(__file__).resolve().parents[2]
GROSS = 3.0  # --check: a figure this many times its budget is a regression

# figure -> (comparison, budget); the budgets for the 2-core development machine
BUDGETS: dict[str, tuple[str, float]] = {
    "ingest_ratio_100k": ("<=", 1.0),
    "per_row_ratio_1m_vs_10k": ("<=", 1.2),
    "factors_ms_100k": ("<=", 100.0),
    "estimate_ms": ("<=", 2.0),
    "batch_scenarios_per_s": (">=", 100_000.0),
    "goal_seek_ms_worst": ("<=", 300.0),
    "report_ms_100k": ("<=", 1500.0),
    "slider_rerun_ratio": ("<=", 2.0),
    "peak_rss_mb": ("<=", 300.0),
    "cold_home_ratio": ("<=", 1.3),
    "cold_health_s": ("<=", 5.0),
    "browser_upload_to_factors_ms": ("<=", 2500.0),
    "upload_to_factors_ratio": ("<=", 2.0),
    "browser_slider_ms_p50": ("<=", 250.0),
    "browser_slider_ms_p95": ("<=", 600.0),
    "slider_p50_ratio": ("<=", 1.5),
    "slider_p95_ratio": ("<=", 2.0),
    "browser_page_switch_ms": ("<=", 1000.0),
    "browser_report_download_ms": ("<=", 1500.0),
    "make_run_health_s": ("<=", 5.0),
}
# what the browser part fills in (null when it is not run)
BROWSER_KEYS = (
    "cold_home_ratio",
    "cold_health_s",
    "browser_upload_to_factors_ms",
    "upload_to_factors_ratio",
    "browser_slider_ms_p50",
    "browser_slider_ms_p95",
    "slider_p50_ratio",
    "slider_p95_ratio",
    "slider_rerun_ratio",
    "browser_page_switch_ms",
    "browser_report_download_ms",
)


def _helper(module: str, args: list[str], data: bytes, timeout: float) -> dict:
    """Run `python -m scripts.bench.<module>` in its own process with the export on stdin; the
    JSON object on its last line."""
    proc = subprocess.run(
        [sys.executable, "-m", f"scripts.bench.{module}", *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=timeout,
    )
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(
            f"{module} {' '.join(args)} failed: {' | '.join(tail) or proc.returncode}"
        )
    return json.loads(lines[-1])


def browser_available() -> str | None:
    """Why the browser figures cannot be measured, or None when they can."""
    from devtools.browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def measure_make_run(timeout: float = 60.0) -> dict[str, object]:
    """Seconds from `make run` to HTTP 200 on /_stcore/health, on 127.0.0.1 only.

    `-o .venv/.runtime`: the venv is taken as installed (the budget is for a machine that
    already has it); the bench never installs anything. The server is stopped afterwards.
    """
    if shutil.which("make") is None:
        return {"make_run_health_s": None, "make_run_error": "make is not installed"}
    from devtools.browser import free_port

    port = free_port()
    env = {
        **os.environ,
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.runtime", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: make and the server stop together
    )
    try:
        while time.perf_counter() - start < timeout:
            if proc.poll() is not None:
                err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()[-2:]
                return {
                    "make_run_health_s": None,
                    "make_run_error": f"make run exited: {' | '.join(err)}",
                }
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=1
                ) as r:
                    if r.status == 200:
                        return {"make_run_health_s": round(time.perf_counter() - start, 2)}
            except OSError:
                time.sleep(0.05)
        return {"make_run_health_s": None, "make_run_error": f"no health answer in {timeout:.0f} s"}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


# ---------------------------------------------------------------- the whole bench


def _machine() -> dict[str, object]:
    import pandas as pd

    try:
        import pyarrow

        arrow = pyarrow.__version__
    except ImportError:
        arrow = None
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "pyarrow": arrow,
        **load_average(),
    }


def verdicts(figures: dict[str, object]) -> dict[str, dict[str, object]]:
    """Per budgeted figure: value, budget, within budget, within GROSS x budget (None = not measured)."""
    out = {}
    for key, (op, budget) in BUDGETS.items():
        value = figures.get(key)
        if value is None:
            out[key] = {"value": None, "budget": f"{op} {budget:g}", "ok": None, "gross_ok": None}
            continue
        v = float(value)
        ok = v <= budget if op == "<=" else v >= budget
        gross = v <= budget * GROSS if op == "<=" else v >= budget / GROSS
        out[key] = {"value": value, "budget": f"{op} {budget:g}", "ok": ok, "gross_ok": gross}
    return out


def run_bench(
    sizes: dict[str, int],
    repeat: int,
    *,
    app: bool = True,
    browser: bool = True,
    make_run: bool = True,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, object]:
    """Every figure as one flat dict (see the module docstring)."""
    import gc

    out: dict[str, object] = {"machine": _machine(), "sizes": {}, "errors": {}}
    for label, rows in sizes.items():
        runs = runs_for(rows, repeat)
        log(f"ingest {label} ({rows:,} rows, {runs} runs) ...")
        out["sizes"][label] = measure_ingest(label, rows, runs)
        gc.collect()
    by_rows = {v["rows"]: v for v in out["sizes"].values()}
    out["ingest_ratio_100k"] = by_rows[100_000]["ratio"] if 100_000 in by_rows else None
    out["read_csv_ms_100k"] = by_rows[100_000]["read_csv_ms"] if 100_000 in by_rows else None
    out["import_ms_100k"] = by_rows[100_000]["import_ms"] if 100_000 in by_rows else None
    if 1_000_000 in by_rows and 10_000 in by_rows:
        per = by_rows[1_000_000]["import_us_per_row"] / by_rows[10_000]["import_us_per_row"]
        out["per_row_ratio_1m_vs_10k"] = round(per, 3)
        bare = (by_rows[1_000_000]["read_csv_ms"] / 1e6) / (by_rows[10_000]["read_csv_ms"] / 1e4)
        out["per_row_ratio_1m_vs_10k_read_csv"] = round(bare, 3)
    else:
        out["per_row_ratio_1m_vs_10k"] = None

    log("core: factors, estimate, batch, what-if step, goal seek, report on 100k rows ...")
    data = make_export(100_000)
    history = full_import(data).history
    core = measure_core(history, repeat)
    baseline = core.pop("baseline")
    out.update(core)
    log("core: goal seek over the fixed profile set (each with borrowing off and on) ...")
    out.update(measure_goal_seek(seek_cases(baseline), runs=min(3, repeat)))
    out.update(measure_report(history, repeat))
    del history

    key, _ = pick_slider(baseline)
    out["slider_factor"] = key
    if app:
        log("app: peak RSS, every page with 100k rows loaded ...")
        try:
            out.update(_helper("apptest", ["rss"], data, timeout=600))
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
            out["errors"]["rss"] = str(exc)
    out.setdefault("peak_rss_mb", None)

    why_not = browser_available() if browser else "skipped (--no-browser)"
    if why_not is None:
        log("browser: cold start, upload, slider, page switch in headless Chromium, and floors ...")
        with tempfile.TemporaryDirectory(prefix="limitlens-bench-") as tmp:
            path = Path(tmp) / "支付宝交易明细(bench).csv"
            path.write_bytes(data)  # generated, not a user's: Playwright uploads from a path
            args = ["--file", str(path), "--key", key, "--repeat", str(max(repeat * 3, 15))]
            try:
                out.update(_helper("browser", args, b"", timeout=1800))
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
                out["errors"]["browser"] = str(exc)
    else:
        out["browser_skipped"] = why_not
    for k in BROWSER_KEYS:
        out.setdefault(k, None)

    if make_run:
        log("make run: seconds to a health answer ...")
        out.update(measure_make_run())
    else:
        out["make_run_health_s"] = None
    out["machine"]["after"] = load_average()
    out["budgets"] = verdicts(out)
    return out


# ---------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"history sizes ({DEFAULT_SIZES})")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure, median (5)")
    parser.add_argument("--json", action="store_true", help="one JSON object last on stdout")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a figure is 3x off its budget"
    )
    parser.add_argument("--no-app", action="store_true", help="skip the peak RSS figure (AppTest)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--no-make-run", action="store_true", help="skip the make run timing")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile of the 100k import and factors, then exit",
    )


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


FLOORS = {
    "ingest_ratio_100k": ("read_csv_ms_100k", "ms bare read_csv"),
    "per_row_ratio_1m_vs_10k": ("per_row_ratio_1m_vs_10k_read_csv", "read_csv's own ratio"),
    "slider_rerun_ratio": ("slider_rerun_floor_ms", "ms page of as many widgets"),
    "peak_rss_mb": ("peak_rss_floor_mb", "MB same process, no data"),
    "cold_home_ratio": ("cold_home_floor_ms", "ms two-line page"),
    "browser_upload_to_factors_ms": ("browser_upload_to_factors_ms_floor", "ms minimal page"),
    "browser_slider_ms_p50": ("browser_slider_ms_p50_floor", "ms minimal page"),
    "browser_slider_ms_p95": ("browser_slider_ms_p95_floor", "ms minimal page"),
    "browser_page_switch_ms": ("browser_page_switch_ms_floor", "ms minimal page"),
}


EXTRAS = (
    "whatif_step_ms",
    "whatif_charts_ms",
    "goal_seek_ms",
    "goal_seek_ms_set_median",
    "goal_seek_worst_case",
    "report_kb_100k",
    "cold_home_ms_zh",
    "cold_home_ms_en",
    "slider_rerun_ms",
    "slider_rerun_floor_widgets",
    "slider_rerun_one_slider_ms",
    "slider_rerun_one_slider_ratio",
    "slider_rerun_fragment_scoped",
    "browser_upload_to_report_ms",
    "browser_server_peak_rss_mb",
)


def report(result: dict) -> str:
    """The human-readable summary."""
    m = result["machine"]
    lines = [
        f"machine: {m['cpus']} cores, {m['platform']}, Python {m['python']}, pandas {m['pandas']}, "
        f"pyarrow {m['pyarrow']}; load {m['load_1m']} -> {m['after']['load_1m']} (1 min avg)",
        "",
        f"{'size':>6} {'rows':>10} {'MB':>6} {'read_csv ms':>12} {'import ms':>10} {'ratio':>6} {'µs/row':>7}",
    ]
    for label, s in result["sizes"].items():
        lines.append(
            f"{label:>6} {s['rows']:>10,} {s['bytes'] / 2**20:>6.1f} {s['read_csv_ms']:>12.1f} "
            f"{s['import_ms']:>10.1f} {s['ratio']:>6.2f} {s['import_us_per_row']:>7.2f}"
        )
    lines += ["", f"{'figure':32} {'value':>10} {'budget':>12}  {'':4} floor"]
    for key, v in result["budgets"].items():
        mark = {None: "n/a", True: "ok", False: "OVER"}[v["ok"]]
        if v["ok"] is False and v["gross_ok"] is False:
            mark = "3x!"
        floor_key, floor_what = FLOORS.get(key, (None, ""))
        floor = f"{_fmt(result.get(floor_key))} {floor_what}" if floor_key else ""
        lines.append(f"{key:32} {_fmt(v['value']):>10} {v['budget']:>12}  {mark:4} {floor}")
    for key in EXTRAS:  # no budget of their own: where the budgeted figures come from
        lines.append(f"{key:32} {_fmt(result.get(key)):>10}")
    busiest = max(m["load_1m"], m["after"]["load_1m"])
    if busiest > 2 * (m["cpus"] or 1):
        lines.append(
            f"warning: load average {busiest} on {m['cpus']} cores: absolute times are inflated "
            "(ratios less so); rerun on a quieter machine before trusting a 3x failure"
        )
    if result.get("browser_skipped"):
        lines.append(f"browser figures not measured: {result['browser_skipped']}")
    for what, err in result["errors"].items():
        lines.append(f"error ({what}): {err}")
    return "\n".join(lines)


def gross_failures(result: dict) -> list[str]:
    """Figures more than GROSS x off their budget, and parts that failed to measure."""
    bad = [
        f"{k} = {v['value']} is more than {GROSS:g}x off its budget ({v['budget']})"
        for k, v in result["budgets"].items()
        if v["gross_ok"] is False
    ]
    bad += [f"{what} could not be measured: {err}" for what, err in result["errors"].items()]
    return bad


def run(args: argparse.Namespace) -> int:
    if args.repeat < 1:
        raise BenchError("--repeat must be at least 1")
    if args.profile:
        print(profile())
        return 0
    sizes = parse_sizes(args.sizes)
    stream = sys.stderr if args.json else sys.stdout

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    result = run_bench(
        sizes,
        args.repeat,
        app=not args.no_app,
        browser=not args.no_browser,
        make_run=not args.no_make_run,
        log=log,
    )
    print(report(result), file=stream, flush=True)
    failures = gross_failures(result) if args.check else []
    for line in failures:
        print(f"gross regression: {line}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench",
        description="time import, factors, estimate and the app against their floors",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
