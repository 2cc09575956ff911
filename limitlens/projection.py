"""What time does: month-by-month factor values and estimates under a plan (rules in data/plan.toml).

A change does not count the day it is made. An inquiry leaves the 6-month window only when it
is six months old; a share of months with bills paid grows one month at a time; the history grows
and old overdue records age out by themselves. `value_at` is the one place that says how one
factor moves; `months_needed` (a plan's months) and `project` (the chart) both read it, so a plan
and its projection always agree.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from limitlens import catalog, model, whatif
from limitlens.catalog import Value
from limitlens.paths import DATA_DIR

PLAN_FILE = DATA_DIR / "plan.toml"
RULES: tuple[str, ...] = ("at", "window", "rate")
TIME_RULES: tuple[str, ...] = ("grow", "age_out")
HORIZON = 12  # months the projection covers
_EPS = 1e-9


@cache
def params() -> dict[str, Any]:
    """data/plan.toml, checked against the factor catalog (ValueError when inconsistent)."""
    with PLAN_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    table = catalog.by_id()
    catalog.check_keyed(
        "plan.toml [factor]", raw["factor"], lambda f: f.actionable and f.direction != "none"
    )
    for fid, spec in raw["factor"].items():
        if spec["rule"] not in RULES:
            raise ValueError(f"plan.toml: {fid} has unknown rule {spec['rule']!r}")
        if spec["start"] < 0 or spec["full"] < 0 or spec["start"] + spec["full"] <= 0:
            raise ValueError(f"plan.toml: {fid} needs a positive effort")
        need = {"at": "months", "window": "window", "rate": "per_month"}[spec["rule"]]
        if need not in spec:
            raise ValueError(f"plan.toml: {fid} ({spec['rule']}) lacks {need!r}")
    for fid, spec in raw["time"].items():
        if fid not in table or spec["rule"] not in TIME_RULES:
            raise ValueError(f"plan.toml: bad time rule for {fid!r}")
    return raw


def _snap_toward(f: catalog.Factor, x: float, origin: float) -> float:
    """`x` on the factor's step grid, rounded toward `origin` (never past where it is heading)."""
    step, lo = float(f.step), float(f.min)
    k = (x - lo) / step
    k = math.floor(k + _EPS) if x >= origin else math.ceil(k - _EPS)
    snapped = round(lo + k * step, 9)
    return max(snapped, origin) if x >= origin else min(snapped, origin)


def value_at(fid: str, before: Value, after: Value, month: int) -> Value:
    """The value a planned change `before -> after` shows `month` months from now."""
    if before == after:
        return before
    spec = params()["factor"][fid]
    f = catalog.by_id()[fid]
    if spec["rule"] == "at" or f.kind != "number":
        return after if month >= int(spec.get("months", 0)) else before
    b, a = float(before), float(after)
    sign = 1.0 if a > b else -1.0
    if spec["rule"] == "rate":
        x = b + sign * float(spec["per_month"]) * month
    else:  # window: the average moves toward the best habit by 1/window a month
        best = float(whatif.extremes(fid)[1])
        x = b + (best - b) * min(month, int(spec["window"])) / int(spec["window"])
    if (x - a) * sign >= -_EPS:
        return a
    return _snap_toward(f, x, b)


def months_needed(fid: str, before: Value, after: Value) -> int:
    """The first month at which the change shows in full (0 = at once)."""
    for month in range(0, 121):
        shown = value_at(fid, before, after, month)
        if shown == after or (isinstance(shown, float) and abs(float(shown) - float(after)) < _EPS):
            return month
    raise ValueError(f"{fid}: {before!r} -> {after!r} never arrives under its rule")


def time_value(fid: str, now: Value, month: int) -> Value:
    """What time alone does to a factor with a time rule (history grows, overdue ages out)."""
    spec = params()["time"].get(fid)
    if spec is None:
        return now
    f = catalog.by_id()[fid]
    v = float(now)
    if spec["rule"] == "grow":
        return min(v + month, float(f.max))
    window = float(spec["window"])  # age_out: n records evenly spread, the oldest leaves first
    left = max(0, math.ceil(v * (window - month) / window - 0.5 - _EPS))
    return float(min(v, left))


def path(
    values: dict[str, Value], changes: dict[str, Value], months: int = HORIZON
) -> pd.DataFrame:
    """Factor values month by month: one row per month 0..months, one column per factor id."""
    base = {**catalog.defaults(), **values}
    rows = []
    for m in range(months + 1):
        row = {fid: time_value(fid, v, m) for fid, v in base.items()}
        for fid, after in changes.items():
            row[fid] = value_at(fid, base[fid], after, m)
        rows.append(row)
    return pd.DataFrame(rows, index=pd.RangeIndex(months + 1, name="month"))


def project(
    values: dict[str, Value],
    changes: dict[str, Value],
    months: int = HORIZON,
    assumed: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The estimate month by month under a plan: month, low, mid, high, eligible (one
    estimate_many call). Month 0 is today: only changes that count at once have arrived.
    `assumed` inputs widen the range, except those the plan changes."""
    frame = path(values, changes, months)
    res = model.estimate_many(frame, [a for a in assumed if a not in changes])
    out = res[["low", "mid", "high", "eligible"]].reset_index(drop=True)
    out.insert(0, "month", np.arange(months + 1))
    return out


def first_reached(projection: pd.DataFrame, target: float) -> int | None:
    """The first month whose central estimate reaches `target` (None within the horizon)."""
    hit = projection.loc[projection["mid"] >= target, "month"]
    return None if hit.empty else int(hit.iloc[0])
