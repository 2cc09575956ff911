"""The in-process figures: import against a bare `read_csv`, and the core's own work on the
100k-row history (factors, one estimate, a batch of scenarios, a what-if step, goal seek over a
fixed set of profiles, the HTML report). No streamlit here."""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import numpy as np

from devtools.generated_export import make_export

SIZES: dict[str, int] = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFAULT_SIZES = "1k,10k,100k,1m"
BIG = 500_000  # sizes from here on run fewer times (generation alone takes seconds)
REPORT_DATE = date(2026, 1, 2)  # the generated history ends on 2025-12-31


class BenchError(Exception):
    """The bench could not measure what it claims (exit 2 with this message, no figures)."""


# ---------------------------------------------------------------- timing helpers


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls after one warm-up call, in ms."""
    fn()
    return statistics.median(_timed(fn)[0] for _ in range(repeat)) * 1000


def load_average() -> dict[str, object]:
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
        **load_average(),
    }


# ---------------------------------------------------------------- core


def _goal_seek(values: dict) -> Callable[[], object]:
    """One goal seek towards half again the current central estimate (up to three least-effort
    plans): the typical figure, `goal_seek_ms`."""
    from limitlens.plan import seek

    target = seek_targets(values)[0]
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
        "goal_seek_ms": round(_median_ms(seek, repeat), 2),
        "baseline": baseline,
    }


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


# ---------------------------------------------------------------- goal seek, report


def seek_cases(history_values: dict[str, Any]) -> dict[str, tuple]:
    """The fixed, diverse set goal seek is timed on, by name: `limitlens.plan.workload`'s cases
    (the one set, shared with the plan's tests: the high-income, high-asset kind, a likely-closed
    one, gates to clear, seeded random profiles), plus every sample persona (its export and
    declared profile, as Home loads it) and the 100k history, each asked for half again its
    estimate and for the product's top, borrowing refused and allowed."""
    from limitlens.factors import compute_factors
    from limitlens.ingest import import_files
    from limitlens.personas import persona_bytes, persona_profile, personas
    from limitlens.plan.workload import diverse_goal_seek_profiles

    def name(label: str, target: int, borrow: bool) -> str:
        return f"{label} target={target} borrowing={'on' if borrow else 'off'}"

    cases = {
        name(f"workload_{i}", target, borrow): (values, assumed, target, borrow)
        for i, (values, assumed, target, borrow) in enumerate(diverse_goal_seek_profiles())
    }
    real = {"history_100k": dict(history_values)}
    for p in personas():
        history = import_files([(p.file, persona_bytes(p.id))]).history
        real[p.id] = dict(compute_factors(history, persona_profile(p.id)).values)
    for label, values in real.items():
        for target in seek_targets(values):
            for borrow in (False, True):
                cases[name(label, target, borrow)] = (values, (), target, borrow)
    return cases


def seek_targets(values: dict[str, Any]) -> tuple[int, int]:
    """Half again today's central estimate (a typical ask), and the product's top (the ask
    that makes the search go furthest)."""
    from limitlens.model import estimate, product_range

    return (int(max(round(estimate(values).mid * 1.5, -2), 5_000)), product_range()[1])


def measure_goal_seek(cases: dict[str, tuple], runs: int = 3) -> dict[str, object]:
    """Median ms of `runs` seeks per case; the worst of those medians and which case it was, and
    the median over all cases."""
    from limitlens.plan import seek

    ms: dict[str, float] = {}
    for case, (values, assumed, target, borrow) in cases.items():
        one = partial(seek, values, target, assumed=assumed, allow_borrowing=borrow)
        times = [_timed(one)[0] for _ in range(runs)]
        ms[case] = statistics.median(times) * 1000
    worst = max(ms, key=ms.__getitem__)
    return {
        "goal_seek_ms_worst": round(ms[worst], 1),
        "goal_seek_worst_case": worst,
        "goal_seek_ms_set_median": round(statistics.median(ms.values()), 2),
        "goal_seek_cases": len(ms),
    }


def measure_report(history, repeat: int) -> dict[str, object]:
    """ms to build the HTML report for the 100k-row history: plan.presenter.report_html, the
    call the Plan page's download button makes on click and `limitlens report` makes, with a
    plan to half again today's estimate already sought (the page has it before the click)."""
    from limitlens.factors import compute_factors
    from limitlens.plan.presenter import plan_state, report_html

    fs = compute_factors(history)
    target = seek_targets(dict(fs.values))[0]
    state = plan_state(dict(fs.values), target, 3, assumed=fs.assumed)

    def build() -> bytes:
        return report_html(fs, history, state, "zh", REPORT_DATE).encode("utf-8")

    size = len(build())
    return {
        "report_ms_100k": round(_median_ms(build, max(3, repeat // 2)), 1),
        "report_kb_100k": round(size / 1024, 1),
    }


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
