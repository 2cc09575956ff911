"""What a plan may do: the levers, the values each may move to (its candidates), the effort of a
move, and the units of levers a coherence rule ties together with their coherent options.
Rules in data/plan.toml (`rules.params()`), data/coherence.toml and the factor catalog."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np

from limitlens import catalog, coherence, projection, whatif
from limitlens.catalog import Value
from limitlens.plan.rules import HORIZON, params
from limitlens.plan.rules import TOL as _TOL

# ---------------------------------------------------------------- levers, grids, effort


def levers() -> tuple[str, ...]:
    """Actionable factors with a direction, in catalog order."""
    table = params()["factor"]
    return tuple(f.id for f in catalog.factors() if f.id in table)


def candidates(
    factor_id: str,
    values: dict[str, Value],
    horizon: int = HORIZON,
    allow_borrowing: bool = False,
) -> list[Value]:
    """Every value a lever may move to from `values[factor_id]`: on its step grid, strictly
    better, up to its best plausible value (`whatif.extremes`), within the reach data/plan.toml
    allows (an income rises by a share, savings by months of income) and showing in full within
    `horizon` months; nearest first. A value already past the best has nowhere to go. A borrowing
    factor is never raised unless `allow_borrowing`."""
    base = {**catalog.defaults(), **values}
    current = base[factor_id]
    f = catalog.by_id()[factor_id]
    best = whatif.extremes(factor_id)[1]
    if f.kind == "bool":
        out: list[Value] = [] if bool(current) == bool(best) else [bool(best)]
    elif f.kind != "number":
        return []
    else:
        out = _grid(f, float(current), float(best), float(whatif.extremes(factor_id)[0]))
        spec = params()["factor"][factor_id]
        c = float(current)
        if "max_rise" in spec:
            top = max(c * (1 + float(spec["max_rise"])), c + float(spec["min_rise"]))
            out = [v for v in out if v <= top + _TOL]
        if "max_add_income_months" in spec:
            income = float(base["income_monthly"])
            out = [v for v in out if v <= c + float(spec["max_add_income_months"]) * income + _TOL]
        if factor_id in projection.borrowing_factors() and not allow_borrowing:
            out = [v for v in out if float(v) <= c + _TOL]
    return [v for v in out if projection.months_needed(factor_id, current, v) <= horizon]


def _grid(f: catalog.Factor, c: float, b: float, w: float) -> list[Value]:
    """Step-grid values strictly beyond `c` toward the best `b` (worst `w`), `b` included."""
    if abs(c - b) < _TOL or (f.direction != "peak" and (b - c) * (b - w) < 0):
        return []  # at its best, or already beyond it (up/down); a peak is approached both ways
    return f.grid(c, b)


def effort(factor_id: str, before: Value, after: Value) -> float:
    """Effort points of one change: start + full x share of the plausible range moved."""
    spec = params()["factor"][factor_id]
    f = catalog.by_id()[factor_id]
    if f.kind != "number":
        share = 1.0
    else:
        worst, best = (float(v) for v in whatif.extremes(factor_id))
        share = abs(float(after) - float(before)) / abs(best - worst)
    return float(spec["start"]) + float(spec["full"]) * share


# ---------------------------------------------------------------- units: levers moved together


SESAME = "sesame_score"  # the outcome the search tracks in whole steps (plan.toml [follows])


@cache
def units(ids: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The levers in `ids` grouped by the coherence rules that tie them, directly or through
    another factor (connected components of the rules over every factor): a group's moves are
    chosen together so that every option, and every combination of options, is coherent."""
    parent = {fid: fid for fid in catalog.ids()}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for rule in coherence.rules():
        a, b = rule.factors
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for fid in ids:
        groups.setdefault(root(fid), []).append(fid)
    return tuple(tuple(g) for g in groups.values())


@dataclass
class _Option:
    changes: dict[str, Value]  # the actions (one per moved lever)
    follows: dict[str, Value]  # partners moved with them by a coherence rule
    effort: float
    steps: int  # Sesame steps these actions add (before the cap)
    gain: int = 0  # whole points gained (set once scored)


def unit_options(
    unit: tuple[str, ...], base: dict[str, Value], allow_borrowing: bool = False
) -> list[_Option]:
    """Every coherent way to move the levers of one unit: each lever to one of its candidates
    (the others as they are, or moved by a coherence rule), never raising borrowing unasked."""
    lists = {fid: candidates(fid, base, allow_borrowing=allow_borrowing) for fid in unit}
    # each candidate's effort and Sesame steps once, not once per combination it is in
    cost_of = {(f, v): effort(f, base[f], v) for f in unit for v in lists[f]}
    steps_of = {
        (f, v): projection.follow_steps(SESAME, f, base[f], v) for f in unit for v in lists[f]
    }
    combos = list(itertools.product(*[[None, *lists[fid]] for fid in unit]))[1:]  # 1st: none
    # Every combination's coherence at once: most hold as they are, and a repair of values that
    # hold moves nothing; only the others go through the (scalar) repair.
    cols = {fid: np.full(len(combos), v, dtype=object) for fid, v in base.items()}
    for j, fid in enumerate(unit):
        col = cols[fid]
        for i, picks in enumerate(combos):
            if picks[j] is not None:
                col[i] = picks[j]
    broken = coherence.first_broken(cols) if combos else np.zeros(0, dtype=np.int64)
    rules = coherence.rules()
    out: list[_Option] = []
    for picks, r in zip(combos, broken, strict=True):
        changes = {fid: v for fid, v in zip(unit, picks, strict=True) if v is not None}
        follows: dict[str, Value] = {}
        if r >= 0:
            if set(rules[r].factors) <= changes.keys():
                continue  # the rule repair starts from ties only kept factors: Incoherent
            try:
                _, moved = coherence.repair({**base, **changes}, changes)
            except coherence.Incoherent:
                continue
            follows = {fid: after for fid, (_, after) in moved.items()}
            if not allow_borrowing and projection.raises_borrowing(base, {**base, **follows}):
                continue
        steps = sum(steps_of[f, v] for f, v in changes.items())
        cost = sum(cost_of[f, v] for f, v in changes.items())
        out.append(_Option(changes, follows, cost, steps))
    return out
