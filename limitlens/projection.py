"""What time does: month-by-month factor values and estimates under a plan (rules in data/plan.toml,
read through limitlens.plan.rules).

A change does not count the day it is made. An inquiry leaves the 6-month window only when it
is six months old; a share of months with bills paid grows one month at a time; the history grows
and old overdue records age out by themselves. `value_at` is the one place that says how one
factor moves; `months_needed` (a plan's months) and `project` (the chart) both read it, so a plan
and its projection always agree.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd

from limitlens import catalog, coherence, model, whatif
from limitlens.catalog import Value
from limitlens.plan.rules import HORIZON, params

_EPS = 1e-9


@cache
def follows_outcomes() -> tuple[str, ...]:
    """Outcomes that follow the actions (the Sesame score): no lever, yet worth a What-if slider."""
    return tuple(params()["follows"])


@cache
def borrowing_factors() -> frozenset[str]:
    """Levers that measure borrowing: raised only with the user's opt-in."""
    return frozenset(fid for fid, spec in params()["factor"].items() if spec.get("borrowing"))


def raises_borrowing(before: dict[str, Value], after: dict[str, Value]) -> bool:
    """Whether `after` borrows more than `before` on any borrowing factor."""
    return any(float(after[f]) > float(before[f]) + _EPS for f in borrowing_factors() if f in after)


def follow_steps(outcome: str, fid: str, before: Value, after: Value) -> int:
    """Whole steps the outcome (the Sesame score) rises by because `fid` moved before -> after."""
    spec = params()["follows"][outcome]
    rate = spec["per_unit"].get(fid)
    if rate is None or before == after:
        return 0
    size = 1.0 if isinstance(after, bool) else abs(float(after) - float(before))
    return int(float(rate) * size / float(spec["step"]) + _EPS)


def follow_room(outcome: str, now: Value) -> int:
    """The most steps the outcome may rise from `now` (its max_rise, never past the factor's max)."""
    spec = params()["follows"][outcome]
    f = catalog.by_id()[outcome]
    step = float(spec["step"])
    return max(0, int(min(float(spec["max_rise"]), float(f.max) - float(now)) / step + _EPS))


def follows(values: dict[str, Value], changes: dict[str, Value]) -> dict[str, Value]:
    """What follows from the actions `changes` over `values`: the partners that coherence rules
    move with them, and the outcomes (the Sesame score) the actions raise. {factor id: value},
    only those that move; `values` with `changes` and these is the plan's profile."""
    base = {**catalog.defaults(), **values}
    fixed, moved = coherence.repair({**base, **changes}, changes)
    out = {fid: after for fid, (_, after) in moved.items()}
    for outcome, spec in params()["follows"].items():
        steps = sum(follow_steps(outcome, fid, base[fid], v) for fid, v in changes.items())
        steps = min(steps, follow_room(outcome, base[outcome]))
        if steps:
            out[outcome] = float(base[outcome]) + steps * float(spec["step"])
    return out


def _snap_toward(f: catalog.Factor, x: float, origin: float) -> float:
    """`x` on the factor's step grid, rounded toward `origin` (never past where it is heading)."""
    snapped = f.snap(x, "down" if x >= origin else "up")
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


def follow_at(outcome: str, before: Value, after: Value, month: int) -> Value:
    """An outcome's value `month` months from now while it follows the plan (a "rate" rule)."""
    rise = float(params()["follows"][outcome]["per_month"]) * month
    return min(float(after), float(before) + rise)


def follow_months(outcome: str, before: Value, after: Value) -> int:
    """The first month at which a followed outcome shows in full."""
    per = float(params()["follows"][outcome]["per_month"])
    return math.ceil((float(after) - float(before)) / per - _EPS)


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
    outcomes = {k: v for k, v in follows(base, changes).items() if k in params()["follows"]}
    rows = []
    for m in range(months + 1):
        row = {fid: time_value(fid, v, m) for fid, v in base.items()}
        for fid, after in changes.items():
            row[fid] = value_at(fid, base[fid], after, m)
        for fid, after in outcomes.items():
            row[fid] = follow_at(fid, base[fid], after, m)
        # partners move with what has arrived by this month (coherence), time included
        row, _ = coherence.repair(row, [*changes, *outcomes])
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
