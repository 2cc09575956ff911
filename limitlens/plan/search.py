"""Goal seek: the least-effort actions that lift the estimate to a target.

Each lever (an actionable factor) may move only toward its best plausible value
(`whatif.extremes`), only onto its step grid, only as far as data/plan.toml allows within the
12-month horizon, never raising borrowing unless the user opted in, and costs effort
(data/plan.toml). Levers tied by a coherence rule (data/coherence.toml) form one unit whose
options are coherent wholes, with the partners the rule moves as consequences (`follows`); the
Sesame score is no lever but follows the actions, in whole steps, capped. The search is exact over
those options, using what the scorecard guarantees: the central estimate depends on the levers only
through the total of their whole points, the Sesame score and a few structural parts (capacity
from income and assets, policy), and never falls as points or the score rise. So:

1. every unit's options are scored at once (one `estimate_variants` call); units whose moves
   change a structural part (income, assets) are enumerated jointly, the others are reduced to
   their frontier of changes, points, Sesame steps and effort;
2. a dynamic programme over the points-only units gives, for each number of changes, each Sesame
   level and each whole points gain, the least effort and a witness (exact: points are whole);
3. for every combination of structural moves and every Sesame level, a vectorised binary search
   over the reachable points gains finds the smallest gain that reaches the target;
4. the cheapest combination wins; every plan's range is then computed by `estimate` itself.

Up to three plans: each further plan is the cheapest one that is not the same as, or a superset
of, an earlier plan: it must leave out at least one change of each earlier plan (changes that
clear an eligibility gate are in every plan and do not count).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from limitlens import catalog, coherence, model, projection, whatif
from limitlens.catalog import Value
from limitlens.plan.moves import SESAME, _Option, effort, levers, unit_options, units
from limitlens.plan.result import GoalSeek, Plan, make_plan
from limitlens.plan.rules import TOL as _TOL
from limitlens.plan.rules import params

DEFAULT_MAX_CHANGES = 3
# Result columns that follow from total points and the gates alone (or only shape low-high).
_FROM_POINTS = frozenset(
    ("eligible", "low", "mid", "high", "points_total", "strength", "band", "thin")
)
MAX_PLANS = 3


def _frontier(options: list[_Option]) -> list[_Option]:
    """Options no other beats: none that moves the same levers with as many points and Sesame
    steps and as little effort (ties keep the first, nearest-first order). Compared only among
    options moving the same levers, since a further plan may leave any one lever out."""
    groups: dict[frozenset[str], list[_Option]] = {}
    for o in options:
        groups.setdefault(frozenset(o.changes), []).append(o)
    kept: list[_Option] = []
    for group in groups.values():
        best = np.full(max(o.steps for o in group) + 1, -np.inf)  # most points per steps >= s
        for o in sorted(group, key=lambda o: (o.effort, -o.gain, -o.steps)):
            if best[o.steps] >= o.gain:
                continue
            kept.append(o)
            best[: o.steps + 1] = np.maximum(best[: o.steps + 1], o.gain)
    return kept


# ---------------------------------------------------------------- the search


@dataclass
class _Lever:
    id: str  # the unit's levers, joined (one lever: its id)
    options: list[_Option]
    gains: np.ndarray  # whole points gained by each option
    efforts: np.ndarray
    counts: np.ndarray  # changes each option makes
    steps: np.ndarray  # Sesame steps each option adds
    mandatory: bool  # fails an eligibility gate now: must change
    ids: tuple[str, ...] = ()


class _Problem:
    """Everything that does not depend on the target or on which levers a plan leaves out."""

    def __init__(
        self,
        values: dict[str, Value],
        max_changes: int,
        only: tuple[str, ...],
        allow_borrowing: bool = False,
    ):
        self.base = {**catalog.defaults(), **values}
        self.k = max_changes
        ids = tuple(fid for fid in levers() if fid in only)
        groups = units(ids)
        opts = {u: unit_options(u, self.base, allow_borrowing) for u in groups}
        self.room = projection.follow_room(SESAME, self.base[SESAME])
        step = float(params()["follows"][SESAME]["step"])
        self.sesame_at = float(self.base[SESAME]) + step * np.arange(self.room + 1)

        # One estimate_variants call: every option from today, and (for the gates) every option with
        # all other levers at their best and the score at the most it may follow to.
        best = {fid: whatif.extremes(fid)[1] for fid in ids} | {SESAME: float(self.sesame_at[-1])}
        variants: list[dict[str, Value]] = [{}, best]
        for u in groups:
            for o in opts[u]:
                variants.append({**o.changes, **o.follows})
                variants.append({**best, **o.changes, **o.follows})
        # and per unit, everything else at its best: does it pass the gates without this unit?
        gate_rows = len(variants)
        variants += [{**best, **{fid: self.base[fid] for fid in u}} for u in groups]
        res = model.estimate_columns(_columns(self.base, variants))
        self.current = tuple(int(res[c][0]) for c in ("low", "mid", "high"))
        self.hopeless = not bool(res["eligible"][1])
        # Everything the limit depends on besides total points, the Sesame score and the gates
        # (capacity, policy...): a unit that moves any of it is structural.
        skip = {"floor", "ceiling", "risk", "likely_closed", "value"}
        struct = np.array(
            [
                np.asarray(v, dtype=float)
                for c, v in res.items()
                if c not in _FROM_POINTS
                and c not in skip
                and not c.startswith(("points_", "gate_"))
            ]
        ).T
        total = res["points_total"]
        eligible = res["eligible"]

        self.points_levers: list[_Lever] = []
        self.struct_levers: list[_Lever] = []  # structural units, enumerated jointly
        row = 2
        for ui, u in enumerate(groups):
            n = len(opts[u])
            moves, gates = np.arange(row, row + 2 * n, 2), np.arange(row + 1, row + 2 * n, 2)
            row += 2 * n
            mandatory = not bool(eligible[gate_rows + ui])
            for o, i in zip(opts[u], moves, strict=True):
                o.gain = int(round(total[i] - total[0]))
            passing = [o for o, g in zip(opts[u], gates, strict=True) if eligible[g]]
            is_struct = bool(n) and bool((np.abs(struct[moves] - struct[0]) > _TOL).any())
            if is_struct:
                kept = self._struct_kept(u, opts[u], moves, struct, eligible[gates], mandatory)
            else:
                kept = _frontier([o for o in passing if mandatory or o.gain > 0 or o.steps > 0])
            lever = _Lever(
                id="+".join(u),
                options=kept,
                gains=np.array([o.gain for o in kept], dtype=np.int64),
                efforts=np.array([o.effort for o in kept]),
                counts=np.array([len(o.changes) for o in kept], dtype=np.int64),
                steps=np.array([o.steps for o in kept], dtype=np.int64),
                mandatory=mandatory,
                ids=u,
            )
            if mandatory and not kept:
                self.hopeless = True
            (self.struct_levers if is_struct else self.points_levers).append(lever)

        self.mandatory = frozenset(
            fid for lv in self.points_levers + self.struct_levers if lv.mandatory for fid in lv.ids
        )
        self.gmax = int(sum(int(lv.gains.max(initial=0)) for lv in self.points_levers))
        self._combos()
        self._witnesses()
        self._free: tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]] | None = None
        self._states: list[np.ndarray] = []

    def _struct_kept(self, unit, options, moves, struct, passing, mandatory) -> list[_Option]:
        """Along a structural lever's path every part only grows, so an option is worth keeping
        when it beats the last kept one somewhere (points, Sesame steps or a structural part)."""
        assert len(unit) == 1, "a structural lever is tied to no other by a coherence rule"
        kept: list[_Option] = []
        top_gain, top_steps, top = (-1 if mandatory else 0), 0, struct[0]
        for j, o in enumerate(options):  # nearest first = cheapest first
            if not passing[j]:
                continue
            grows = bool((struct[moves[j]] > top + _TOL).any())
            if o.gain > top_gain or o.steps > top_steps or grows:
                kept.append(o)
                top_gain, top_steps = max(top_gain, o.gain), max(top_steps, o.steps)
                top = np.maximum(top, struct[moves[j]])
        return kept

    # -- structural combinations: every joint choice of the structural levers' moves
    def _combos(self) -> None:
        choices = [[-1, *range(len(lv.options))] for lv in self.struct_levers]
        combos = list(itertools.product(*choices))
        picks = np.array(combos, dtype=np.int64).reshape(len(combos), len(choices))
        ok = np.ones(len(picks), dtype=bool)
        n = np.zeros(len(picks), dtype=np.int64)
        e = np.zeros(len(picks))
        steps = np.zeros(len(picks), dtype=np.int64)
        for j, lv in enumerate(self.struct_levers):
            chosen = picks[:, j] >= 0
            if lv.mandatory:
                ok &= chosen
            at = np.maximum(picks[:, j], 0)
            if lv.options:
                n += np.where(chosen, lv.counts[at], 0)
                e += np.where(chosen, lv.efforts[at], 0)
                steps += np.where(chosen, lv.steps[at], 0)
        keep = ok & (n <= self.k)
        self.picks, self.combo_n, self.combo_effort = picks[keep], n[keep], e[keep]
        self.combo_steps = steps[keep]

    # -- a points-only assignment for every reachable whole gain (any number of changes)
    def _witnesses(self) -> None:
        dp, choice = _dp(self.points_levers, self._kmax(), frozenset(), self.gmax, 0)
        reach = np.isfinite(dp[:, 0, :]).any(axis=0)
        self.gains = np.flatnonzero(reach)  # sorted reachable gains
        self.witness = np.full((len(self.gains), len(self.points_levers)), -1, dtype=np.int64)
        for row, g in enumerate(self.gains):
            k = int(np.argmin(dp[:, 0, g]))
            self.witness[row] = _trace(self.points_levers, choice, k, 0, int(g))

    def _programme(
        self, excluded: frozenset[str]
    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """`_dp` over the points levers (k changes, every Sesame level) leaving `excluded` alone.
        Levers before the first one `excluded` touches compute exactly what they compute with
        nothing excluded, so every exclusion starts from that programme's state there."""
        if self._free is None:
            states: list[np.ndarray] = []
            dp, choice = _dp(
                self.points_levers, self.k, frozenset(), self.gmax, self.room, states=states
            )
            self._free, self._states = (dp, choice), states
        lvs = self.points_levers
        first = next(
            (
                i
                for i, lv in enumerate(lvs)
                if any(_excluded(lv, j, excluded) for j in range(len(lv.options)))
            ),
            len(lvs),
        )
        if first == len(lvs):
            return self._free
        dp, choice = _dp(
            lvs[first:], self.k, excluded, self.gmax, self.room, start=self._states[first]
        )
        return dp, self._free[1][:first] + choice

    def _kmax(self) -> int:
        return int(sum(int(lv.counts.max(initial=0)) for lv in self.points_levers))

    def columns(
        self, combo_rows: np.ndarray, gain_rows: np.ndarray, level: np.ndarray
    ) -> dict[str, np.ndarray]:
        """Scenarios: combination i of the structural levers with witness gain_rows[i] and the
        Sesame score at level[i] steps above today, as the model's typed columns."""
        data = _filled(self.base, len(combo_rows))

        def put(lv: _Lever, pick: np.ndarray) -> None:
            for j, o in enumerate(lv.options):
                hit = pick == j
                if hit.any():
                    for fid, v in {**o.changes, **o.follows}.items():
                        data[fid][hit] = v

        for j, lv in enumerate(self.struct_levers):
            put(lv, self.picks[combo_rows, j])
        for j, lv in enumerate(self.points_levers):
            put(lv, self.witness[gain_rows, j])
        data[SESAME] = self.sesame_at[level]
        return data

    def _levels(self) -> tuple[np.ndarray, np.ndarray]:
        """(combination, Sesame level) for every pair: the rows thresholds are searched on."""
        m, levels = len(self.picks), self.room + 1
        return np.repeat(np.arange(m), levels), np.tile(np.arange(levels), m)

    def thresholds(self, target: int) -> np.ndarray:
        """[combination, Sesame level]: the index into self.gains of the smallest gain reaching
        `target` (len(self.gains) when none does). A vectorised binary search; mid rises with
        points at a fixed combination and score."""
        combo, level = self._levels()
        m = len(combo)
        lo, hi = np.zeros(m, dtype=np.int64), np.full(m, len(self.gains), dtype=np.int64)
        while True:
            active = np.flatnonzero(lo < hi)
            if active.size == 0:
                return lo.reshape(len(self.picks), self.room + 1)
            probe = (lo[active] + hi[active]) // 2
            mids = model.estimate_columns(self.columns(combo[active], probe, level[active]))["mid"]
            hit = mids >= target
            hi[active[hit]] = probe[hit]
            lo[active[~hit]] = probe[~hit] + 1

    def _level_total(self, points_level: np.ndarray) -> np.ndarray:
        """[combination, points level]: the Sesame level the two sources reach together."""
        return np.minimum(self.combo_steps[:, None] + points_level[None, :], self.room)

    def max_mid(self) -> int:
        """The highest mid with at most k changes (the most points the remaining changes allow,
        at each Sesame level they reach)."""
        dp, _ = self._programme(frozenset())
        best = _cummin_k(dp)  # best[k][l][g]: least effort with <= k changes
        finite = np.isfinite(best)
        top = np.where(
            finite.any(axis=2), best.shape[2] - 1 - np.argmax(finite[:, :, ::-1], axis=2), -1
        )
        kk = self.k - self.combo_n  # [combination]
        g = top[kk]  # [combination, points level]: the most points that level leaves room for
        total = self._level_total(np.arange(self.room + 1))
        rows, lv = np.nonzero(g >= 0)
        out = self.current[1]
        if rows.size:
            gain_rows = np.searchsorted(self.gains, g[rows, lv])
            mids = model.estimate_columns(self.columns(rows, gain_rows, total[rows, lv]))["mid"]
            out = max(out, int(mids.max()))
        return out

    def solve(self, thresholds: np.ndarray, excluded: frozenset[str]) -> dict[str, Value] | None:
        """The least-effort actions reaching the thresholds without touching `excluded`."""
        dp, choice = self._programme(excluded)
        best, best_k = _cummin_k(dp), _argcummin_k(dp)
        suffix, suffix_at = _suffix_min(best)
        feasible = np.ones(len(self.picks), dtype=bool)
        for j, lv in enumerate(self.struct_levers):
            if set(lv.ids) & excluded:
                feasible &= self.picks[:, j] < 0
        levels = np.arange(self.room + 1)
        total = self._level_total(levels)  # [combination, points level]
        need_at = np.take_along_axis(thresholds, total, axis=1)
        ok = feasible[:, None] & (need_at < len(self.gains))
        if not ok.any():
            return None
        g_need = np.where(ok, self.gains[np.minimum(need_at, len(self.gains) - 1)], 0)
        kk = np.repeat((self.k - self.combo_n)[:, None], len(levels), axis=1)
        cost = np.where(
            ok, self.combo_effort[:, None] + suffix[kk, levels[None, :], g_need], np.inf
        )
        i, lp = np.unravel_index(int(np.argmin(cost)), cost.shape)
        if not np.isfinite(cost[i, lp]):
            return None
        g = int(suffix_at[kk[i, lp], lp, g_need[i, lp]])
        k = int(best_k[kk[i, lp], lp, g])
        picks = _trace(self.points_levers, choice, k, int(lp), g)
        changes: dict[str, Value] = {}
        for lv, p in zip(self.points_levers, picks, strict=True):
            if p >= 0:
                changes.update(lv.options[p].changes)
        for j, lv in enumerate(self.struct_levers):
            if self.picks[i, j] >= 0:
                changes.update(lv.options[self.picks[i, j]].changes)
        return changes


def _filled(base: dict[str, Value], n: int) -> dict[str, np.ndarray]:
    """`base` repeated `n` times as the model's typed columns (the planner's values are on their
    step grids and in range already: no parsing per cell)."""
    table = catalog.by_id()
    dtypes = {"number": float, "bool": bool}
    return {
        fid: np.full(n, v, dtype=dtypes.get(table[fid].kind, object)) for fid, v in base.items()
    }


def _columns(base: dict[str, Value], variants: list[dict[str, Value]]) -> dict[str, np.ndarray]:
    """`base` with each variant applied, one scenario each, as the model's typed columns."""
    cols = _filled(base, len(variants))
    for i, variant in enumerate(variants):
        for fid, v in variant.items():
            cols[fid][i] = v
    return cols


def _excluded(lv: _Lever, j: int, excluded: frozenset[str]) -> bool:
    return bool(excluded) and bool(set(lv.options[j].changes) & excluded)


def _dp(
    lvs: list[_Lever],
    k: int,
    excluded: frozenset[str],
    gmax: int,
    room: int,
    start: np.ndarray | None = None,
    states: list[np.ndarray] | None = None,
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """dp[n][l][g]: least effort of exactly n changes among `lvs` gaining exactly g points and
    min(room, l') Sesame steps; choice[i] = (the option lever i takes in that optimum, -1:
    unchanged; the Sesame level before it). `start`: the programme before the first lever
    (nothing changed: None); `states`, when given, collects the programme before each lever."""
    shape = (k + 1, room + 1, gmax + 1)
    if start is None:
        dp = np.full(shape, np.inf)
        dp[0, 0, 0] = 0.0
    else:
        dp = start
    levels = np.broadcast_to(np.arange(room + 1)[None, :, None], shape)
    choice = []
    for lv in lvs:
        if states is not None:
            states.append(dp)
        new = np.full_like(dp, np.inf) if lv.mandatory else dp.copy()
        pick = np.full(shape, -1, dtype=np.int64)
        src = np.array(levels, dtype=np.int64)
        for j in range(len(lv.options)):
            c, g, s_ = int(lv.counts[j]), int(lv.gains[j]), int(lv.steps[j])
            if c > k or g > gmax or _excluded(lv, j, excluded):
                continue
            cand = dp[: k + 1 - c, :, : gmax + 1 - g] + lv.efforts[j]
            from_level = levels[: k + 1 - c, :, : gmax + 1 - g]  # a view: read, never written
            if s_:  # a level l moves to min(room, l + s_): the top level takes the best of several
                moved = np.full_like(cand, np.inf)
                moved_from = np.zeros(cand.shape, dtype=np.int64)
                if s_ < room:
                    moved[:, s_:room] = cand[:, : room - s_]
                    moved_from[:, s_:room] = from_level[:, : room - s_]
                top = cand[:, max(0, room - s_) :]
                at = np.argmin(top, axis=1)
                moved[:, room] = np.take_along_axis(top, at[:, None, :], axis=1)[:, 0]
                moved_from[:, room] = at + max(0, room - s_)
                cand, from_level = moved, moved_from
            cur = new[c:, :, g:]
            better = cand < cur - _TOL
            cur[better] = cand[better]
            pick[c:, :, g:][better] = j
            src[c:, :, g:][better] = from_level[better]
        dp = new
        choice.append((pick, src))
    return dp, choice


def _trace(
    lvs: list[_Lever], choice: list[tuple[np.ndarray, np.ndarray]], k: int, level: int, g: int
) -> np.ndarray:
    """The option of each lever in the optimum dp[k][level][g] (-1: unchanged)."""
    out = np.full(len(lvs), -1, dtype=np.int64)
    for i in range(len(lvs) - 1, -1, -1):
        pick, src = choice[i]
        j = int(pick[k, level, g])
        out[i] = j
        if j >= 0:
            level = int(src[k, level, g])
            g -= int(lvs[i].gains[j])
            k -= int(lvs[i].counts[j])
    return out


def _cummin_k(dp: np.ndarray) -> np.ndarray:
    return np.minimum.accumulate(dp, axis=0)


def _argcummin_k(dp: np.ndarray) -> np.ndarray:
    """For each (k, l, g): the n <= k with the least dp[n][l][g] (the fewest changes on ties)."""
    out = np.zeros(dp.shape, dtype=np.int64)
    for n in range(1, dp.shape[0]):
        prev = np.take_along_axis(dp, out[n - 1][None], axis=0)[0]
        out[n] = np.where(dp[n] < prev - _TOL, n, out[n - 1])
    return out


def _suffix_min(best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each (k, l, g): min over g' >= g of best[k][l][g'], and that g' (the smallest on ties)."""
    vals = np.empty_like(best)
    at = np.empty(best.shape, dtype=np.int64)
    width = best.shape[-1]
    vals[..., -1], at[..., -1] = best[..., -1], width - 1
    for g in range(width - 2, -1, -1):
        take = best[..., g] <= vals[..., g + 1] + _TOL
        vals[..., g] = np.where(take, best[..., g], vals[..., g + 1])
        at[..., g] = np.where(take, g, at[..., g + 1])
    return vals, at


# ---------------------------------------------------------------- public API


def seek(
    values: dict[str, Value],
    target: float,
    max_changes: int = DEFAULT_MAX_CHANGES,
    n_plans: int = MAX_PLANS,
    only: tuple[str, ...] | None = None,
    assumed: tuple[str, ...] = (),
    allow_borrowing: bool = False,
) -> GoalSeek:
    """Up to `n_plans` least-effort plans lifting the central estimate to `target` with at most
    `max_changes` changes (levers restricted to `only` when given). Unreachable: the plans reach
    the highest mid that is reachable instead (`max_mid`). `assumed` (inputs taken from catalog
    defaults) only widens the ranges shown; the search is on the central estimate. No plan raises
    borrowing unless `allow_borrowing` (the user opted in)."""
    if max_changes < 1:
        raise ValueError("max_changes must be at least 1")
    target = int(round(float(target)))
    coherence.check(values)
    only = levers() if only is None else tuple(only)
    prob = _Problem(values, max_changes, only, allow_borrowing)
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
    solved: dict[frozenset[str], dict[str, Value] | None] = {}
    while len(plans) < n_plans:
        best: tuple[float, int, dict[str, Value]] | None = None
        # each earlier plan must lose at least one of its changes (other than the gates every
        # plan must clear): try every way to drop one
        optional = [sorted(p.factors - prob.mandatory) for p in plans]
        if any(not o for o in optional):
            break
        for dropped in itertools.product(*optional):
            excluded = frozenset(dropped)
            if excluded not in solved:  # the same exclusion recurs within and across rounds
                solved[excluded] = prob.solve(thresholds, excluded)
            changes = solved[excluded]
            if changes is None:
                continue
            cost = sum(effort(f, prob.base[f], v) for f, v in changes.items())
            if best is None or cost < best[0] - _TOL:
                best = (cost, len(changes), changes)
        if best is None:
            break
        plans.append(make_plan(prob.base, best[2], assumed))
    return GoalSeek(target, max_changes, reachable, current, max_mid, tuple(plans))
