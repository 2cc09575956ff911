"""`python -m limitlens bench [--json] [--check]`: what a user waits for, each figure beside its
floor (what the same work costs with nothing of ours in it).

Histories are generated in memory in the real Alipay A3 layout (GB18030, 24 preamble lines,
padded cells, TAB-terminated order numbers) at 1k, 10k, 100k and 1M rows. Every figure is the
median of several runs on this process, after one warm-up run.

- ingest, per size: `pandas.read_csv` of the same bytes (the bare reader a user would reach
  for, the floor) and the full import, run alternately; the ratio is the median of the per-pair
  ratios, so a load spike on the shared machine hits both sides of a pair. An import that does
  not bring in every generated row with no skipped rows is a failure of the bench (exit 2), never
  a ratio. The CLI imports files of any size; the 20 MB upload limit is the web page's, so the
  bench lifts it for its own generated files.
- core, on the 100k history: compute_factors, one estimate, a batch of scenarios, one what-if
  step (what a slider move computes), goal seek (once limitlens.plan provides it).
- app (scripts/bench_app.py, AppTest, own processes): a What-if lever move with 100k rows loaded
  (the estimate's fragment rerun) vs the same move on a page with as many widgets and none of
  our work (Streamlit handles every widget's state on every move), and vs a one-slider page;
  peak RSS of a process that has run every page with 100k rows loaded, beside the same process
  before any data.
- browser (scripts/bench_browser.py, headless Debian Chromium, only when it and playwright are
  installed, else null): upload of the 100k file to the Factors page on screen, slider release to
  new estimate, What-if -> Factors; each beside the same interaction on a minimal page.
- make run: seconds from `make run` to an answer on /_stcore/health (127.0.0.1 only).

`--check` fails (exit 1) when a figure is more than 3x off its budget: a gross regression, not
a flaky CI gate (the budgets themselves are in the JSON and the README).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import numpy as np

from limitlens.commands import CliError
from limitlens.exports import Owner, alipay_a3

HELP = "time import, factors, estimate and the app against their floors (--json, --check)"

ROOT = Path(__file__).resolve().parents[2]
SIZES: dict[str, int] = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFAULT_SIZES = "1k,10k,100k,1m"
GROSS = 3.0  # --check: a figure this many times its budget is a regression
BIG = 500_000  # sizes from here on run fewer times (generation alone takes seconds)

# figure -> (comparison, budget); the budgets for this 2-core machine
BUDGETS: dict[str, tuple[str, float]] = {
    "ingest_ratio_100k": ("<=", 1.0),
    "per_row_ratio_1m_vs_10k": ("<=", 1.2),
    "factors_ms_100k": ("<=", 100.0),
    "estimate_ms": ("<=", 2.0),
    "batch_scenarios_per_s": (">=", 100_000.0),
    "slider_rerun_ratio": ("<=", 2.0),
    "peak_rss_mb": ("<=", 300.0),
    "browser_upload_to_factors_ms": ("<=", 2500.0),
    "browser_slider_ms_p50": ("<=", 250.0),
    "browser_slider_ms_p95": ("<=", 600.0),
    "browser_page_switch_ms": ("<=", 1000.0),
    "make_run_health_s": ("<=", 5.0),
}

# who exported the generated file, and the year it covers (the parser reads none of it)
OWNER = Owner("测试", date(2025, 1, 1), date(2025, 12, 31), datetime(2026, 1, 1, 9))
# The kinds of row the generated export mixes, one a line in the A3 column order:
# 交易分类,交易对方,对方账号,商品说明,收/支,收/付款方式,交易状态 ({i}, {k}: filled per row).
KINDS: tuple[tuple[str, ...], ...] = tuple(
    line.split(",")
    for line in (
        "餐饮美食,肯德基,kfc***@yum.com,外卖订单-{i},支出,花呗,交易成功",
        "日用百货,盒马,shh***@163.com,香芹 500g等{k}类商品,支出,招商银行信用卡(2542)&碰一下立减,交易成功",
        "交通出行,上海公共交通卡股份有限公司,jtk***@sptcc.com,上海公交,支出,余额宝,交易成功",
        "充值缴费,国网上海市电力公司,/,{k}月电费自动缴费-某小区,支出,招商银行储蓄卡(8705),交易成功",
        "信用借还,花呗,/,花呗自动还款-2025年{k}月账单,不计收支,招商银行储蓄卡(8705),还款成功",
        "投资理财,天弘基金管理有限公司,/,余额宝-自动转入,不计收支,余额,交易成功",
        "转账红包,张*,138******00,转账,收入,余额,交易成功",
        "收入,某某科技有限公司,/,代发工资,收入,余额,交易成功",
        "退款,盒马,shh***@163.com,退款-香芹 500g等{k}类商品,不计收支,余额,退款成功",
        "日用百货,某店,/,商品{i},支出,,交易关闭",
    )
)


class BenchError(CliError):
    """The bench could not measure what it claims (exit 2 with this message, no figures)."""


# ---------------------------------------------------------------- the generated export


def make_export(rows: int, seed: int = 7) -> bytes:
    """An N-row A3 export as GB18030 bytes, written by the one export writer (limitlens.exports)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    weights = np.array([30, 25, 15, 4, 3, 8, 5, 2, 3, 5], dtype=float)
    pick = rng.choice(len(KINDS), size=rows, p=weights / weights.sum())
    base = pd.Timestamp("2025-12-31 23:59:59")
    secs = np.sort(rng.integers(0, 365 * 86400, size=rows))
    times = (base - pd.to_timedelta(secs, unit="s")).strftime("%Y-%m-%d %H:%M:%S")
    amounts = np.round(rng.gamma(2.0, 40.0, size=rows) + 0.01, 2)
    idx = np.arange(rows)
    table = pd.DataFrame(
        [KINDS[k] for k in range(len(KINDS))],
        columns=["kind", "cp", "acct", "desc", "io", "method", "status"],
    )
    chosen = table.iloc[pick].reset_index(drop=True)
    desc = chosen["desc"].to_numpy(dtype=object)
    k = (idx % 12 + 1).astype(str)
    i = (idx * 7919 % 10**9).astype(str)
    desc = pd.Series(desc).str.replace("{i}", "", regex=False).to_numpy(dtype=object) + np.where(
        pd.Series(desc).str.contains("{i}", regex=False), i, ""
    )
    desc = pd.Series(desc)
    has_k = desc.str.contains("{k}", regex=False)
    parts = desc.str.split("{k}", n=1, regex=False)
    desc = desc.where(~has_k, parts.str[0] + pd.Series(k) + parts.str[-1])
    orders = "2025" + pd.Series((idx * 104729 + 17).astype(str)).str.zfill(24)
    table = pd.DataFrame(
        {
            "time": times,
            "kind": chosen["kind"],
            "counterparty": chosen["cp"],
            "account": chosen["acct"],
            "description": desc,
            "direction": chosen["io"],
            "amount": amounts,
            "method": chosen["method"],
            "status": chosen["status"],
            "order": orders,
            "merchant": orders.str[4:],
        }
    )
    return alipay_a3(table, OWNER)


# ---------------------------------------------------------------- timing helpers


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls after one warm-up call, in ms."""
    fn()
    return statistics.median(_timed(fn)[0] for _ in range(repeat)) * 1000


def _load() -> dict[str, object]:
    one, five, _ = os.getloadavg()
    return {"load_1m": round(one, 2), "load_5m": round(five, 2)}


def runs_for(rows: int, repeat: int) -> int:
    """Runs per size: small sizes are cheap and noisy (a scheduler hiccup is a large share of
    20 ms), so more of them; 100k twice `repeat`; 1M rows take seconds per run: three."""
    if rows >= BIG:
        return min(repeat, 3)
    return repeat * 4 if rows <= 20_000 else repeat * 2


def parse_sizes(text: str) -> dict[str, int]:
    """'1k,10k,100k,1m' or plain numbers -> {label: rows}."""
    out: dict[str, int] = {}
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        if part in SIZES:
            out[part] = SIZES[part]
            continue
        try:
            rows = int(
                float(part.removesuffix("k").removesuffix("m"))
                * {"k": 1e3, "m": 1e6}.get(part[-1], 1)
            )
        except ValueError:
            raise BenchError(
                f"--sizes: {part!r} is not a row count (use 1k, 10k, 100k, 1m or a number)"
            ) from None
        if rows < 1:
            raise BenchError(f"--sizes: {part!r} must be at least 1 row")
        out[part] = rows
    if not out:
        raise BenchError("--sizes: give at least one size")
    return out


# ---------------------------------------------------------------- ingest


def full_import(data: bytes):
    """limitlens.ingest.import_files on the bytes under the command line's LOCAL limits (the
    web page's 20 MB / 300,000-row upload limits protect a shared server, not this)."""
    from limitlens import ingest

    return ingest.import_files([("bench.csv", data)], ingest.LOCAL)


def check_import(result, rows: int, label: str) -> None:
    """BenchError unless all `rows` generated rows imported from one file with none skipped."""
    report = result.files[0] if result.files else None
    problems = []
    if report is None:
        problems.append("no file report")
    else:
        if report.error is not None:
            problems.append(f"file refused: {report.error.render('en')} ({report.error.key})")
        if report.skipped:
            problems.append(
                f"{len(report.skipped)} rows skipped, first at line {report.skipped[0].row}"
            )
    if len(result.history) != rows:
        problems.append(f"{len(result.history):,} of {rows:,} rows imported")
    if problems:
        raise BenchError(f"import of the {label} export failed: " + "; ".join(problems))


def measure_ingest(label: str, rows: int, repeat: int) -> dict[str, object]:
    """read_csv and the full import of the same bytes, alternately; medians and the ratio."""
    import pandas as pd

    data = make_export(rows)

    def bare():
        return pd.read_csv(io.BytesIO(data), encoding="gb18030", skiprows=24)

    frame = bare()
    if len(frame) != rows:
        raise BenchError(
            f"bare read_csv of the {label} export read {len(frame):,} of {rows:,} rows"
        )
    del frame
    result = full_import(data)  # warm-up, and the check
    check_import(result, rows, label)
    del result
    pairs = []
    for _ in range(repeat):
        t_bare, _ = _timed(bare)
        t_full, result = _timed(lambda: full_import(data))
        check_import(result, rows, label)
        pairs.append((t_bare, t_full))
    bare_ms = statistics.median(p[0] for p in pairs) * 1000
    full_ms = statistics.median(p[1] for p in pairs) * 1000
    return {
        "rows": rows,
        "bytes": len(data),
        "runs": repeat,
        "read_csv_ms": round(bare_ms, 2),
        "import_ms": round(full_ms, 2),
        "ratio": round(statistics.median(f / b for b, f in pairs), 3),
        "import_us_per_row": round(full_ms * 1000 / rows, 3),
        **_load(),
    }


# ---------------------------------------------------------------- core


def _goal_seek(values: dict) -> Callable[[], object] | None:
    """One goal seek towards half again the current central estimate (limitlens.plan.seek:
    up to three least-effort plans), once that module exists; None before."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("limitlens.plan") is None:
        return None
    plan = importlib.import_module("limitlens.plan")
    seek = getattr(plan, "seek", None) or getattr(plan, "goal_seek", None)
    if seek is None:
        return None
    from limitlens.model import estimate

    target = max(round(estimate(values).mid * 1.5, -2), 5_000)
    return lambda: seek(values, target)


def measure_core(history, repeat: int) -> dict[str, object]:
    import pandas as pd

    from limitlens.factors import compute_factors
    from limitlens.model import estimate, estimate_many
    from limitlens.whatif import tornado, waterfall

    fs = compute_factors(history)
    factors_ms = _median_ms(lambda: compute_factors(history), repeat)
    baseline = dict(fs.values)
    scenario = {**baseline, "inquiries_6m": 0, "sesame_score": 720}

    estimate(baseline)
    calls = [_timed(lambda: estimate(baseline))[0] for _ in range(max(50, repeat * 20))]
    estimate_ms = statistics.median(calls) * 1000

    n = 20_000
    rng = np.random.default_rng(1)
    frame = pd.DataFrame([baseline] * n)
    frame["sesame_score"] = rng.integers(350, 951, n)
    frame["inquiries_6m"] = rng.integers(0, 12, n)
    batch_ms = _median_ms(lambda: estimate_many(frame), repeat)

    # A lever move computes the scenario's estimate (the baseline's is remembered); the charts
    # only while their explanation is picked.
    step_ms = _median_ms(lambda: estimate(scenario, fs.assumed), repeat)
    charts_ms = _median_ms(lambda: (waterfall(baseline, scenario), tornado(scenario)), repeat)
    seek = _goal_seek(baseline)
    return {
        "factors_ms_100k": round(factors_ms, 2),
        "estimate_ms": round(estimate_ms, 3),
        "batch_scenarios_per_s": round(n / (batch_ms / 1000)),
        "whatif_step_ms": round(step_ms, 2),
        "whatif_charts_ms": round(charts_ms, 2),
        "goal_seek_ms": None if seek is None else round(_median_ms(seek, repeat), 2),
        "baseline": baseline,
    }


# ---------------------------------------------------------------- app, browser, make run


def _helper(script: str, args: list[str], data: bytes, timeout: float) -> dict:
    """Run scripts/<script> in its own process with the export on stdin; its JSON line."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=timeout,
    )
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(
            f"{script} {' '.join(args)} failed: {' | '.join(tail) or proc.returncode}"
        )
    return json.loads(lines[-1])


def pick_slider(baseline: dict) -> tuple[str, list]:
    """A what-if lever whose one-step move changes the estimate both ways, so the moves the app
    and browser figures time do the real work: (factor id, [moved, back])."""
    from limitlens import catalog
    from limitlens.model import estimate

    base_mid = estimate(baseline).mid
    for fid in ("sesame_score", "inquiries_6m", "assets", "income_monthly"):
        f = catalog.by_id().get(fid)
        if f is None or f.widget not in ("number", "money"):
            continue
        step = f.step
        start = min(f.snap(float(baseline[fid])), f.max - step)
        cast = int if float(step).is_integer() else float
        a, b = cast(start), cast(start + step)
        if estimate({**baseline, fid: a}).mid != estimate({**baseline, fid: b}).mid and (
            estimate({**baseline, fid: a}).mid != base_mid
            or estimate({**baseline, fid: b}).mid != base_mid
        ):
            return fid, [b, a]
    raise BenchError("no what-if slider changes the estimate by one step from this baseline")


def browser_available() -> str | None:
    """Why the browser figures cannot be measured, or None when they can."""
    chromium = (
        os.environ.get("LIMITLENS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    if not Path(chromium).exists():
        return "Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_make_run(timeout: float = 60.0) -> dict[str, object]:
    """Seconds from `make run` to HTTP 200 on /_stcore/health, on 127.0.0.1 only.

    `-o .venv/.runtime`: the venv is taken as installed (the budget is for a machine that
    already has it); the bench never installs anything. The server is stopped afterwards.
    """
    if shutil.which("make") is None:
        return {"make_run_health_s": None, "make_run_error": "make is not installed"}
    port = _free_port()
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
        **_load(),
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

    log("core: factors, estimate, batch, what-if step, goal seek on 100k rows ...")
    data = make_export(100_000)
    history = full_import(data).history
    core = measure_core(history, repeat)
    baseline = core.pop("baseline")
    out.update(core)
    del history

    key, _ = pick_slider(baseline)
    out["slider_factor"] = key
    if app:
        log(f"app: What-if lever move ({key}) vs the same move on two floor pages; peak RSS ...")
        slider_args = ["slider", "--moves", str(max(repeat * 6, 41)), "--key", key]
        for what, args in (("slider", slider_args), ("rss", ["rss"])):
            try:
                out.update(_helper("bench_app.py", args, data, timeout=600))
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
                out["errors"][what] = str(exc)
    for k in ("slider_rerun_ratio", "peak_rss_mb"):
        out.setdefault(k, None)

    browser_keys = (
        "browser_upload_to_factors_ms",
        "browser_slider_ms_p50",
        "browser_slider_ms_p95",
        "browser_page_switch_ms",
    )
    why_not = browser_available() if browser else "skipped (--no-browser)"
    if why_not is None:
        log("browser: upload, slider, page switch in headless Chromium, and their floors ...")
        with tempfile.TemporaryDirectory(prefix="limitlens-bench-") as tmp:
            path = Path(tmp) / "支付宝交易明细(bench).csv"
            path.write_bytes(data)  # generated, not a user's: Playwright uploads from a path
            args = ["--file", str(path), "--key", key, "--repeat", str(max(repeat, 15))]
            try:
                out.update(_helper("bench_browser.py", args, b"", timeout=900))
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
                out["errors"]["browser"] = str(exc)
    else:
        out["browser_skipped"] = why_not
    for k in browser_keys:
        out.setdefault(k, None)

    if make_run:
        log("make run: seconds to a health answer ...")
        out.update(measure_make_run())
    else:
        out["make_run_health_s"] = None
    out["machine"]["after"] = _load()
    out["budgets"] = verdicts(out)
    return out


# ---------------------------------------------------------------- profile


def profile(rows: int = 100_000, top: int = 25) -> str:
    """cProfile of one import and one compute_factors at `rows` rows (cumulative, top N)."""
    import cProfile
    import pstats

    from limitlens.factors import compute_factors

    data = make_export(rows)
    history = full_import(data).history
    compute_factors(history)
    text = io.StringIO()
    for name, fn in (
        ("import", lambda: full_import(data)),
        ("compute_factors", lambda: compute_factors(history)),
    ):
        prof = cProfile.Profile()
        prof.runcall(fn)
        text.write(f"==== {name}, {rows:,} rows ====\n")
        stats = pstats.Stats(prof, stream=text)
        stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    return text.getvalue()


# ---------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"history sizes ({DEFAULT_SIZES})")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure, median (5)")
    parser.add_argument("--json", action="store_true", help="one JSON object last on stdout")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a figure is 3x off its budget"
    )
    parser.add_argument("--no-app", action="store_true", help="skip the AppTest figures")
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
    "browser_upload_to_factors_ms": ("browser_upload_to_factors_ms_floor", "ms minimal page"),
    "browser_slider_ms_p50": ("browser_slider_ms_p50_floor", "ms minimal page"),
    "browser_slider_ms_p95": ("browser_slider_ms_p95_floor", "ms minimal page"),
    "browser_page_switch_ms": ("browser_page_switch_ms_floor", "ms minimal page"),
}


EXTRAS = (
    "whatif_step_ms",
    "whatif_charts_ms",
    "goal_seek_ms",
    "slider_rerun_ms",
    "slider_rerun_floor_widgets",
    "slider_rerun_one_slider_ms",
    "slider_rerun_one_slider_ratio",
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
