"""Goal seek: the least-effort changes over the actionable factors that lift the estimate to a target.

Each lever (an actionable factor) may move only toward its best plausible value
(`whatif.extremes`), only onto its step grid, only as far as data/plan.toml allows within the
12-month horizon, and costs effort (data/plan.toml). The search is exact over that grid, using
what the scorecard guarantees: the central estimate depends on the levers only through the total
of their whole points and a few structural parts (capacity from income and assets, the Sesame
floor and ceiling, policy), and never falls as total points rise. So:

1. every single-lever move is scored at once (one `estimate_many` call); levers whose moves change
   a structural part (today income, assets and Sesame) are enumerated jointly, the others are
   reduced to their points-vs-effort frontier;
2. a dynamic programme over the points-only levers gives, for each number of changes and each
   whole points gain, the least effort and a witness (exact: points are whole numbers);
3. for every combination of structural moves, a vectorised binary search over the reachable
   points gains finds the smallest gain that reaches the target;
4. the cheapest combination wins; every plan's range is then computed by `estimate` itself.

Up to three plans: each further plan is the cheapest one that is not the same as, or a superset
of, an earlier plan: it must leave out at least one change of each earlier plan (changes that
clear an eligibility gate are in every plan and do not count).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from limitlens import catalog, model, projection, whatif
from limitlens.catalog import Value
from limitlens.format import money
from limitlens.i18n import Message, t

DEFAULT_MAX_CHANGES = 3
# Result columns that follow from total points and the gates alone (or only shape low-high).
_FROM_POINTS = frozenset(
    ("eligible", "low", "mid", "high", "points_total", "strength", "band", "thin")
)
MAX_PLANS = 3
_TOL = 1e-9


@dataclass(frozen=True)
class Change:
    factor: str
    before: Value
    after: Value
    effort: float
    months: int


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]  # in catalog order
    low: int
    mid: int
    high: int
    effort: float  # sum of the changes' efforts
    months: int  # until every change shows in full (they run side by side)

    def values(self) -> dict[str, Value]:
        """{factor id: planned value}: what `estimate --set` needs to reproduce the limit."""
        return {c.factor: c.after for c in self.changes}

    @property
    def factors(self) -> frozenset[str]:
        return frozenset(c.factor for c in self.changes)


@dataclass(frozen=True)
class GoalSeek:
    target: int
    max_changes: int
    reachable: bool  # some plan's mid reaches the target
    current: tuple[int, int, int]  # (low, mid, high) today
    max_mid: int  # the highest mid reachable with at most max_changes changes
    plans: tuple[Plan, ...]  # to the target, or (unreachable) to max_mid; cheapest first

    def reach(self) -> Message:
        """What is possible at all: today's mid, and the most `max_changes` changes reach."""
        params = {"now": money(self.current[1]), "count": self.max_changes}
        return Message("plan.reach", params | {"max": money(self.max_mid)})

    def verdict(self) -> tuple[str, Message] | None:
        """The word the plans need first, as (kind, message): kind "already" (today's mid meets
        the target), "stuck" (no change raises it) or "unreachable" (plans reach `max_mid` only);
        None when plans reach the target."""
        mid = self.current[1]
        if mid >= self.target:
            return "already", Message(
                "plan.already", {"mid": money(mid), "target": money(self.target)}
            )
        if not self.plans and self.max_mid <= mid:
            key = "plan.hopeless" if mid == 0 else "plan.nothing_helps"
            return "stuck", Message(key, {"mid": money(mid)})
        if not self.reachable:
            params = {"count": self.max_changes, "max": money(self.max_mid)}
            return "unreachable", Message("plan.unreachable", params)
        return None


# ---------------------------------------------------------------- levers, grids, effort


def levers() -> tuple[str, ...]:
    """Actionable factors with a direction, in catalog order."""
    table = projection.params()["factor"]
    return tuple(f.id for f in catalog.factors() if f.id in table)


def candidates(
    factor_id: str, values: dict[str, Value], horizon: int = projection.HORIZON
) -> list[Value]:
    """Every value a lever may move to from `values[factor_id]`: on its step grid, strictly
    better, up to its best plausible value (`whatif.extremes`), within the reach data/plan.toml
    allows (an income rises by a share, savings by months of income) and showing in full within
    `horizon` months; nearest first. A value already past the best has nowhere to go."""
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
        spec = projection.params()["factor"][factor_id]
        c = float(current)
        if "max_rise" in spec:
            top = max(c * (1 + float(spec["max_rise"])), c + float(spec["min_rise"]))
            out = [v for v in out if v <= top + _TOL]
        if "max_add_income_months" in spec:
            income = float(base["income_monthly"])
            out = [v for v in out if v <= c + float(spec["max_add_income_months"]) * income + _TOL]
    return [v for v in out if projection.months_needed(factor_id, current, v) <= horizon]


def _grid(f: catalog.Factor, c: float, b: float, w: float) -> list[Value]:
    """Step-grid values strictly beyond `c` toward the best `b` (worst `w`), `b` included."""
    if abs(c - b) < _TOL or (f.direction != "peak" and (b - c) * (b - w) < 0):
        return []  # at its best, or already beyond it (up/down); a peak is approached both ways
    step, lo = float(f.step), float(f.min)
    k_c = (c - lo) / step
    k_b = round((b - lo) / step)
    if b > c:
        ks = range(int(np.floor(k_c + _TOL)) + 1, k_b + 1)
    else:
        ks = range(int(np.ceil(k_c - _TOL)) - 1, k_b - 1, -1)
    return [round(lo + k * step, 9) for k in ks]


def effort(factor_id: str, before: Value, after: Value) -> float:
    """Effort points of one change: start + full x share of the plausible range moved."""
    spec = projection.params()["factor"][factor_id]
    f = catalog.by_id()[factor_id]
    if f.kind != "number":
        share = 1.0
    else:
        worst, best = (float(v) for v in whatif.extremes(factor_id))
        share = abs(float(after) - float(before)) / abs(best - worst)
    return float(spec["start"]) + float(spec["full"]) * share


def make_plan(
    values: dict[str, Value], changes: dict[str, Value], assumed: tuple[str, ...] = ()
) -> Plan:
    """A Plan for `changes` over `values`, its range computed by `estimate` itself (`assumed`
    inputs widen it, except those the plan changes: a planned value is no assumption)."""
    base = {**catalog.defaults(), **values}
    est = model.estimate({**base, **changes}, [a for a in assumed if a not in changes])
    order = {fid: i for i, fid in enumerate(catalog.ids())}
    items = tuple(
        Change(
            factor=fid,
            before=base[fid],
            after=after,
            effort=effort(fid, base[fid], after),
            months=projection.months_needed(fid, base[fid], after),
        )
        for fid, after in sorted(changes.items(), key=lambda kv: order[kv[0]])
    )
    return Plan(
        changes=items,
        low=est.low,
        mid=est.mid,
        high=est.high,
        effort=float(sum(c.effort for c in items)),
        months=max((c.months for c in items), default=0),
    )


# ---------------------------------------------------------------- the search


@dataclass
class _Lever:
    id: str
    values: list[Value]  # option values (frontier), nearest first
    gains: np.ndarray  # whole points gained by each option
    efforts: np.ndarray
    mandatory: bool  # fails an eligibility gate now: must change


class _Problem:
    """Everything that does not depend on the target or on which levers a plan leaves out."""

    def __init__(self, values: dict[str, Value], max_changes: int, only: tuple[str, ...]):
        self.base = {**catalog.defaults(), **values}
        self.k = max_changes
        ids = [fid for fid in levers() if fid in only]
        best = {fid: whatif.extremes(fid)[1] for fid in ids}
        opts = {fid: candidates(fid, self.base) for fid in ids}

        # One estimate_many call: every single move from today, and (for the gates) every value
        # of a lever with all other levers at their best.
        rows: list[dict[str, Value]] = [self.base]
        index: list[tuple[str, str, Value]] = [("", "base", None)]
        allbest = {**self.base, **best}
        for fid in ids:
            for v in [self.base[fid], *opts[fid]]:
                rows.append({**self.base, fid: v})
                index.append((fid, "move", v))
                rows.append({**allbest, fid: v})
                index.append((fid, "gate", v))
        res = model.estimate_many(pd.DataFrame(rows)).reset_index(drop=True)
        self.current = tuple(int(res.at[0, c]) for c in ("low", "mid", "high"))
        self.hopeless = not bool(model.estimate_many(pd.DataFrame([allbest]))["eligible"].iloc[0])
        # Everything the limit depends on besides total points and the gates (capacity, the
        # Sesame floor and ceiling, policy...): a lever that moves any of it is structural.
        struct_cols = [
            c
            for c in res.columns
            if c not in _FROM_POINTS and not c.startswith(("points_", "gate_"))
        ]
        struct = res[struct_cols].to_numpy(dtype=float)

        self.points_levers: list[_Lever] = []
        self.struct_levers: list[_Lever] = []  # structural levers, enumerated jointly
        at = {key: i for i, key in enumerate((f, kind, _key(v)) for f, kind, v in index)}
        for fid in ids:
            now = at[(fid, "move", _key(self.base[fid]))]
            p0 = float(res.at[now, f"points_{fid}"])
            passing = [bool(res.at[at[(fid, "gate", _key(v))], "eligible"]) for v in opts[fid]]
            mandatory = not bool(res.at[at[(fid, "gate", _key(self.base[fid]))], "eligible"])
            moves = [at[(fid, "move", _key(v))] for v in opts[fid]]
            gains = [int(round(float(res.at[i, f"points_{fid}"]) - p0)) for i in moves]
            is_struct = bool(moves) and bool((np.abs(struct[moves] - struct[now]) > _TOL).any())
            kept: list[int] = []
            # Along a lever's path every part only grows, so an option is worth keeping when it
            # beats the last kept one somewhere (points or a structural part); else it is dominated.
            top_gain, top = (-1 if mandatory else 0), struct[now]
            for j in range(len(opts[fid])):  # nearest first = cheapest first
                if not passing[j]:
                    continue
                grows = is_struct and bool((struct[moves[j]] > top + _TOL).any())
                if gains[j] > top_gain or grows:
                    kept.append(j)
                    top_gain, top = max(top_gain, gains[j]), np.maximum(top, struct[moves[j]])
            lever = _Lever(
                id=fid,
                values=[opts[fid][j] for j in kept],
                gains=np.array([gains[j] for j in kept], dtype=np.int64),
                efforts=np.array([effort(fid, self.base[fid], opts[fid][j]) for j in kept]),
                mandatory=mandatory,
            )
            if mandatory and not lever.values:
                self.hopeless = True
            (self.struct_levers if is_struct else self.points_levers).append(lever)

        self.mandatory = frozenset(
            lv.id for lv in self.points_levers + self.struct_levers if lv.mandatory
        )
        self.gmax = int(sum(int(lv.gains.max(initial=0)) for lv in self.points_levers))
        self._combos()
        self._witnesses()

    # -- structural combinations: every joint choice of the structural levers' moves
    def _combos(self) -> None:
        choices = [[-1, *range(len(lv.values))] for lv in self.struct_levers]
        combos = list(itertools.product(*choices))
        picks = np.array(combos, dtype=np.int64).reshape(len(combos), len(choices))
        ok = np.ones(len(picks), dtype=bool)
        n = np.zeros(len(picks), dtype=np.int64)
        e = np.zeros(len(picks))
        for j, lv in enumerate(self.struct_levers):
            chosen = picks[:, j] >= 0
            if lv.mandatory:
                ok &= chosen
            n += chosen
            e += np.where(chosen, lv.efforts[np.maximum(picks[:, j], 0)] if lv.values else 0, 0)
        keep = ok & (n <= self.k)
        self.picks, self.combo_n, self.combo_effort = picks[keep], n[keep], e[keep]

    # -- a points-only assignment for every reachable whole gain (any number of changes)
    def _witnesses(self) -> None:
        dp, choice = _dp(self.points_levers, len(self.points_levers), frozenset(), self.gmax)
        reach = np.isfinite(dp).any(axis=0)
        self.gains = np.flatnonzero(reach)  # sorted reachable gains
        best_k = np.argmin(dp, axis=0)
        self.witness = np.full((len(self.gains), len(self.points_levers)), -1, dtype=np.int64)
        for row, g in enumerate(self.gains):
            self.witness[row] = _trace(self.points_levers, choice, int(best_k[g]), int(g))

    def frame(self, combo_rows: np.ndarray, gain_rows: np.ndarray) -> pd.DataFrame:
        """Scenarios: combination i of the structural levers with witness gain_rows[i]
        (typed columns, so estimate_many need not parse objects)."""
        n = len(combo_rows)
        table = catalog.by_id()

        def column(fid: str, options: list[Value], pick: np.ndarray | None) -> np.ndarray:
            dtype = {"number": float, "bool": bool}.get(table[fid].kind, object)
            vals = np.array([self.base[fid], *options], dtype=dtype)
            return np.repeat(vals[:1], n) if pick is None else vals[pick + 1]

        data: dict[str, Any] = {fid: column(fid, [], None) for fid in self.base}
        for j, lv in enumerate(self.struct_levers):
            data[lv.id] = column(lv.id, lv.values, self.picks[combo_rows, j])
        for j, lv in enumerate(self.points_levers):
            data[lv.id] = column(lv.id, lv.values, self.witness[gain_rows, j])
        for fid, col in data.items():  # object, not a string dtype the model must convert back
            if col.dtype == object:
                data[fid] = pd.Series(col, dtype=object)
        return pd.DataFrame(data)

    def thresholds(self, target: int) -> np.ndarray:
        """Per combination: the index into self.gains of the smallest gain reaching `target`
        (len(self.gains) when none does). A vectorised binary search; mid rises with points."""
        m = len(self.picks)
        lo, hi = np.zeros(m, dtype=np.int64), np.full(m, len(self.gains), dtype=np.int64)
        while True:
            active = np.flatnonzero(lo < hi)
            if active.size == 0:
                return lo
            probe = (lo[active] + hi[active]) // 2
            mids = model.estimate_many(self.frame(active, probe))["mid"].to_numpy()
            hit = mids >= target
            hi[active[hit]] = probe[hit]
            lo[active[~hit]] = probe[~hit] + 1

    def max_mid(self) -> int:
        """The highest mid with at most k changes (most points the remaining changes allow)."""
        dp, _ = _dp(self.points_levers, self.k, frozenset(), self.gmax)
        best = _cummin_k(dp)  # best[k][g]: least effort with <= k changes
        finite = np.isfinite(best)
        top = np.where(
            finite.any(axis=1), best.shape[1] - 1 - np.argmax(finite[:, ::-1], axis=1), -1
        )
        g = top[self.k - self.combo_n]  # the most points each combination leaves room for
        rows = np.flatnonzero(g >= 0)
        out = self.current[1]
        if rows.size:
            gain_rows = np.searchsorted(self.gains, g[rows])
            mids = model.estimate_many(self.frame(rows, gain_rows))["mid"]
            out = max(out, int(mids.max()))
        return out

    def solve(self, thresholds: np.ndarray, excluded: frozenset[str]) -> dict[str, Value] | None:
        """The least-effort changes reaching the thresholds without touching `excluded`."""
        dp, choice = _dp(self.points_levers, self.k, excluded, self.gmax)
        best, best_k = _cummin_k(dp), _argcummin_k(dp)
        suffix, suffix_at = _suffix_min(best)
        feasible = thresholds < len(self.gains)
        for j, lv in enumerate(self.struct_levers):
            if lv.id in excluded:
                feasible &= self.picks[:, j] < 0
        if not feasible.any():
            return None
        g_need = np.where(feasible, self.gains[np.minimum(thresholds, len(self.gains) - 1)], 0)
        kk = self.k - self.combo_n
        cost = np.where(feasible, self.combo_effort + suffix[kk, g_need], np.inf)
        i = int(np.argmin(cost))
        if not np.isfinite(cost[i]):
            return None
        g = int(suffix_at[kk[i], g_need[i]])
        k = int(best_k[kk[i], g])
        picks = _trace(self.points_levers, choice, k, g)
        changes: dict[str, Value] = {}
        for lv, p in zip(self.points_levers, picks, strict=True):
            if p >= 0:
                changes[lv.id] = lv.values[p]
        for j, lv in enumerate(self.struct_levers):
            if self.picks[i, j] >= 0:
                changes[lv.id] = lv.values[self.picks[i, j]]
        return changes


def _key(v: Value) -> Any:
    return round(float(v), 9) if isinstance(v, float | int) and not isinstance(v, bool) else v


def _dp(
    lvs: list[_Lever], k: int, excluded: frozenset[str], gmax: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """dp[n][g]: least effort of exactly n changes among `lvs` gaining exactly g points;
    choice[i][n][g]: the option lever i takes in that optimum (-1: unchanged)."""
    dp = np.full((k + 1, gmax + 1), np.inf)
    dp[0, 0] = 0.0
    choice = []
    for lv in lvs:
        new = np.full_like(dp, np.inf) if lv.mandatory else dp.copy()
        pick = np.full(dp.shape, -1, dtype=np.int64)
        if lv.id not in excluded:
            for j, (g, e) in enumerate(zip(lv.gains, lv.efforts, strict=True)):
                g = int(g)
                cand = dp[:-1, : gmax + 1 - g] + e
                cur = new[1:, g:]
                better = cand < cur - _TOL
                cur[better] = cand[better]
                pick[1:, g:][better] = j
        dp = new
        choice.append(pick)
    return dp, choice


def _trace(lvs: list[_Lever], choice: list[np.ndarray], k: int, g: int) -> np.ndarray:
    """The option of each lever in the optimum dp[k][g] (-1: unchanged)."""
    out = np.full(len(lvs), -1, dtype=np.int64)
    for i in range(len(lvs) - 1, -1, -1):
        j = int(choice[i][k, g])
        out[i] = j
        if j >= 0:
            g -= int(lvs[i].gains[j])
            k -= 1
    return out


def _cummin_k(dp: np.ndarray) -> np.ndarray:
    return np.minimum.accumulate(dp, axis=0)


def _argcummin_k(dp: np.ndarray) -> np.ndarray:
    """For each (k, g): the n <= k with the least dp[n][g] (the fewest changes on ties)."""
    out = np.zeros(dp.shape, dtype=np.int64)
    for n in range(1, dp.shape[0]):
        prev = dp[out[n - 1], np.arange(dp.shape[1])]
        out[n] = np.where(dp[n] < prev - _TOL, n, out[n - 1])
    return out


def _suffix_min(best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each (k, g): min over g' >= g of best[k][g'], and that g' (the smallest on ties)."""
    vals = np.empty_like(best)
    at = np.empty(best.shape, dtype=np.int64)
    width = best.shape[1]
    vals[:, -1], at[:, -1] = best[:, -1], width - 1
    for g in range(width - 2, -1, -1):
        take = best[:, g] <= vals[:, g + 1] + _TOL
        vals[:, g] = np.where(take, best[:, g], vals[:, g + 1])
        at[:, g] = np.where(take, g, at[:, g + 1])
    return vals, at


# ---------------------------------------------------------------- public API


def seek(
    values: dict[str, Value],
    target: float,
    max_changes: int = DEFAULT_MAX_CHANGES,
    n_plans: int = MAX_PLANS,
    only: tuple[str, ...] | None = None,
    assumed: tuple[str, ...] = (),
) -> GoalSeek:
    """Up to `n_plans` least-effort plans lifting the central estimate to `target` with at most
    `max_changes` changes (levers restricted to `only` when given). Unreachable: the plans reach
    the highest mid that is reachable instead (`max_mid`). `assumed` (inputs taken from catalog
    defaults) only widens the ranges shown; the search is on the central estimate."""
    if max_changes < 1:
        raise ValueError("max_changes must be at least 1")
    target = int(round(float(target)))
    prob = _Problem(values, max_changes, levers() if only is None else tuple(only))
    now = model.estimate(prob.base, assumed)
    current = (now.low, now.mid, now.high)
    if prob.hopeless:
        return GoalSeek(target, max_changes, current[1] >= target, current, current[1], ())
    max_mid = prob.max_mid()
    if current[1] >= target:
        empty = make_plan(prob.base, {}, assumed)
        return GoalSeek(target, max_changes, True, current, max_mid, (empty,))
    reachable = max_mid >= target
    goal = target if reachable else max_mid
    if goal <= current[1]:
        return GoalSeek(target, max_changes, False, current, max_mid, ())
    thresholds = prob.thresholds(goal)
    plans: list[Plan] = []
    while len(plans) < n_plans:
        best: tuple[float, int, dict[str, Value]] | None = None
        # each earlier plan must lose at least one of its changes (other than the gates every
        # plan must clear): try every way to drop one
        optional = [sorted(p.factors - prob.mandatory) for p in plans]
        if any(not o for o in optional):
            break
        for dropped in itertools.product(*optional):
            changes = prob.solve(thresholds, frozenset(dropped))
            if changes is None:
                continue
            cost = sum(effort(f, prob.base[f], v) for f, v in changes.items())
            if best is None or cost < best[0] - _TOL:
                best = (cost, len(changes), changes)
        if best is None:
            break
        plans.append(make_plan(prob.base, best[2], assumed))
    return GoalSeek(target, max_changes, reachable, current, max_mid, tuple(plans))


@dataclass(frozen=True)
class Action:
    factor: str
    before: Value
    after: Value
    gain: int  # CNY the central estimate gains at this step, after the actions above it
    effort: float
    months: int
    advice: str  # the article recommendation it comes from (i18n key plan.advice.<id>)


def actions(values: dict[str, Value], plan: Plan) -> list[Action]:
    """The plan's changes as a to-do list: at each step the change with the largest gain in the
    central estimate per unit of effort, given the steps above it (gains add up exactly)."""
    base = {**catalog.defaults(), **values}
    todo = list(plan.changes)
    done: dict[str, Value] = {}
    current = model.estimate(base).mid
    out: list[Action] = []
    spec = projection.params()["factor"]
    while todo:
        rows = [{**base, **done, c.factor: c.after} for c in todo]
        mids = model.estimate_many(pd.DataFrame(rows))["mid"].to_numpy()
        score = [
            (-(m - current) / c.effort, -(m - current), i)
            for i, (m, c) in enumerate(zip(mids, todo, strict=True))
        ]
        _, _, i = min(score)
        c = todo.pop(i)
        out.append(
            Action(
                c.factor,
                c.before,
                c.after,
                int(mids[i] - current),
                c.effort,
                c.months,
                spec[c.factor]["advice"],
            )
        )
        done[c.factor] = c.after
        current = int(mids[i])
    return out


def method_table(lang: str) -> pd.DataFrame:
    """data/plan.toml as one display table for the Method page: per lever its effort, how it
    arrives over time, how far a plan may move it, the advice it belongs to, why, and the
    source; then what time does by itself. Column names are translated."""
    p = projection.params()
    table = catalog.by_id()

    def col(key: str) -> str:
        return t(lang, f"plan.col.{key}")

    rows = []
    for fid in levers():
        spec = p["factor"][fid]
        reach = []
        if "max_rise" in spec:
            reach.append(
                t(
                    lang,
                    "plan.reach_rise",
                    share=f"{spec['max_rise']:.0%}",
                    min=f"{spec['min_rise']:,}",
                )
            )
        if "max_add_income_months" in spec:
            reach.append(t(lang, "plan.reach_income", count=spec["max_add_income_months"]))
        rows.append(
            {
                col("factor"): table[fid].label(lang),
                col("effort"): t(lang, "plan.effort_rule", start=spec["start"], full=spec["full"]),
                col("time"): t(lang, f"plan.rule.{spec['rule']}", **spec),
                col("reach"): "; ".join(reach) or "—",
                col("advice"): t(lang, f"plan.advice.{spec['advice']}"),
                col("why"): spec[f"why_{lang}"],
                col("source"): t(lang, f"model.source.{spec['source']}"),
            }
        )
    for fid, spec in p["time"].items():
        rows.append(
            {
                col("factor"): table[fid].label(lang),
                col("effort"): "—",
                col("time"): t(lang, f"plan.rule.{spec['rule']}", **spec),
                col("reach"): "—",
                col("advice"): "—",
                col("why"): spec[f"why_{lang}"],
                col("source"): t(lang, f"model.source.{spec['source']}"),
            }
        )
    return pd.DataFrame(rows)
