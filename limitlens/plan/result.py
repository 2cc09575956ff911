"""What a search returns and what a plan is: its changes, what follows from them, its range
(computed by `model.estimate` itself), effort, months and the interest any borrowing it adds
costs; the to-do list of its steps; and the one JSON shape of both."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from limitlens import catalog, model, projection
from limitlens.catalog import Value
from limitlens.format import plain
from limitlens.plan.moves import effort
from limitlens.plan.rules import params


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
    months: int  # until every change, and what follows from them, shows in full
    follows: dict[str, Value] = field(default_factory=dict)  # consequences, not actions
    interest_cny_12m: tuple[int, int] | None = None  # the borrowing it adds costs this (low, high)

    def values(self) -> dict[str, Value]:
        """{factor id: planned value}, what follows included: what `estimate --set` needs to
        reproduce the limit."""
        return {**self.action_values(), **self.follows}

    def action_values(self) -> dict[str, Value]:
        """{factor id: planned value} of the actions alone (what a projection plays out)."""
        return {c.factor: c.after for c in self.changes}

    @property
    def factors(self) -> frozenset[str]:
        return frozenset(c.factor for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON, one shape for the command line, the Plan page and the report's
        snapshot: `changes` (actions only) and `follows` (what they bring with them) as
        {factor id: value}, `limit` {low, mid, high}, `effort`, `months`, and
        `interest_cny_12m` [low, high] or null. Applying changes and follows with `estimate
        --set` gives exactly `limit`."""
        return {
            "changes": {c.factor: plain(c.after) for c in self.changes},
            "follows": {k: plain(v) for k, v in self.follows.items()},
            "limit": {"low": self.low, "mid": self.mid, "high": self.high},
            "effort": round(self.effort, 2),
            "months": self.months,
            "interest_cny_12m": list(self.interest_cny_12m) if self.interest_cny_12m else None,
        }


@dataclass(frozen=True)
class GoalSeek:
    target: int
    max_changes: int
    reachable: bool  # some plan's mid reaches the target
    current: tuple[int, int, int]  # (low, mid, high) today
    max_mid: int  # the highest mid reachable with at most max_changes changes
    plans: tuple[Plan, ...]  # to the target, or (unreachable) to max_mid; cheapest first

    def to_json(self, outcome: str) -> dict[str, Any]:
        """The search's answer as JSON (`outcome`: today's, from `model.estimate`): target,
        current {low, mid, high}, outcome, reachable, max_mid, and every plan's `Plan.to_json`."""
        return {
            "target": self.target,
            "current": dict(zip(("low", "mid", "high"), self.current, strict=True)),
            "outcome": outcome,
            "reachable": self.reachable,
            "max_mid": self.max_mid,
            "plans": [p.to_json() for p in self.plans],
        }


def interest_cny_12m(
    values: dict[str, Value], planned: dict[str, Value], mid: int
) -> tuple[int, int] | None:
    """(low, high) CNY of interest over 12 months for the borrowing a plan adds (None when it
    adds none): draws a year x the draw x days held x the commonly cited daily rates, plus the
    balance in use held all year (data/plan.toml [borrowing])."""
    base = {**catalog.defaults(), **values}
    after = {**base, **planned}
    if not projection.raises_borrowing(base, after):
        return None
    spec = params()["borrowing"]
    draw = max(float(spec["draw_min"]), float(spec["draw_share"]) * mid)
    yuan_days = 12 * float(after["borrow_frequency"]) * draw * float(spec["days_held"])
    if float(after["utilization"]) > float(base["utilization"]):
        yuan_days += float(after["utilization"]) * mid * 365
    low, high = (float(r) for r in spec["daily_rate"])
    return int(round(yuan_days * low)), int(round(yuan_days * high))


def make_plan(
    values: dict[str, Value], changes: dict[str, Value], assumed: tuple[str, ...] = ()
) -> Plan:
    """A Plan for the actions `changes` over `values`, with what follows from them (coherence
    partners, the Sesame score) and its range computed by `estimate` itself (`assumed` inputs widen
    it, except those the plan moves: a planned value is no assumption)."""
    base = {**catalog.defaults(), **values}
    after = projection.follows(base, changes)
    moved = {**changes, **after}
    est = model.estimate({**base, **moved}, [a for a in assumed if a not in moved])
    order = {fid: i for i, fid in enumerate(catalog.ids())}
    items = tuple(
        Change(
            factor=fid,
            before=base[fid],
            after=v,
            effort=effort(fid, base[fid], v),
            months=projection.months_needed(fid, base[fid], v),
        )
        for fid, v in sorted(changes.items(), key=lambda kv: order[kv[0]])
    )
    outcome_months = [
        projection.follow_months(fid, base[fid], v)
        for fid, v in after.items()
        if fid in params()["follows"]
    ]
    return Plan(
        changes=items,
        low=est.low,
        mid=est.mid,
        high=est.high,
        effort=float(sum(c.effort for c in items)),
        months=max([c.months for c in items] + outcome_months, default=0),
        follows=dict(sorted(after.items(), key=lambda kv: order[kv[0]])),
        interest_cny_12m=interest_cny_12m(base, moved, est.mid),
    )


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
    spec = params()["factor"]
    while todo:
        variants = []
        for c in todo:
            step = {**done, c.factor: c.after}
            variants.append({**step, **projection.follows(base, step)})
        mids = model.estimate_variants(base, variants)["mid"]
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
