"""Rules that tie factors describing the same facts together (data/coherence.toml).

Jiebei itself is a lending platform, so whoever draws on it borrows from at least one platform; a
platform counts only when it was drawn on in the window; a balance in use was drawn; a debt
overdue now is an overdue record. The profile form and `estimate --set` refuse a contradiction
(`check`), the What-if moves the partner of a moved factor (`repair`), and plans and reasons only
ever propose scenarios that hold (`holds` over whole columns).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from limitlens import catalog
from limitlens.catalog import Value
from limitlens.i18n import LANGS, t
from limitlens.paths import DATA_DIR

RULES_FILE = DATA_DIR / "coherence.toml"
KINDS: tuple[str, ...] = ("implies", "at_most")
_NEGATION = {"gt": "le", "ge": "lt", "lt": "ge", "le": "gt"}
_EPS = 1e-9


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    spec: dict[str, Any]

    @property
    def factors(self) -> tuple[str, str]:
        """The two factors the rule ties: (the one it constrains, its partner)."""
        if self.kind == "implies":
            return self.spec["then"]["factor"], self.spec["if"]["factor"]
        return self.spec["factor"], self.spec["per"]

    def why(self, lang: str) -> str:
        return self.spec[f"why_{lang}"]


class Incoherent(ValueError):
    """Values that contradict a rule; str() is one line naming both factors."""

    def __init__(self, rule: Rule, values: Mapping[str, Value]):
        self.rule = rule
        a, b = rule.factors
        self.values = {a: values[a], b: values[b]}
        super().__init__(
            f"{b}={_plain(values[b])} contradicts {a}={_plain(values[a])}: {rule.why('en')}"
        )

    def text(self, lang: str) -> str:
        """The same in the user's language, with the factors' labels and values as shown."""
        table = catalog.by_id()
        a, b = self.rule.factors
        return t(
            lang,
            "coherence.contradiction",
            a=table[a].label(lang),
            va=table[a].display_value(self.values[a], lang),
            b=table[b].label(lang),
            vb=table[b].display_value(self.values[b], lang),
            why=self.rule.why(lang),
        )


def _plain(v: Value) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@cache
def rules() -> tuple[Rule, ...]:
    """data/coherence.toml, checked against the factor catalog (ValueError when inconsistent)."""
    with RULES_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    table = catalog.by_id()
    out = []
    for spec in raw["rule"]:
        if spec["kind"] not in KINDS:
            raise ValueError(f"coherence.toml: {spec['id']} has unknown kind {spec['kind']!r}")
        rule = Rule(spec["id"], spec["kind"], spec)
        for fid in rule.factors:
            if fid not in table:
                raise ValueError(f"coherence.toml: {spec['id']} names unknown factor {fid!r}")
        for lang in LANGS:
            if not spec.get(f"why_{lang}", "").strip():
                raise ValueError(f"coherence.toml: {spec['id']} lacks why_{lang}")
        out.append(rule)
    return tuple(out)


def partners(factor_id: str) -> tuple[str, ...]:
    """Factors tied to `factor_id` by some rule."""
    out = []
    for r in rules():
        if factor_id in r.factors:
            out += [f for f in r.factors if f != factor_id]
    return tuple(dict.fromkeys(out))


def _test(op: str, x: np.ndarray, value: Any) -> np.ndarray:
    if op == "is":
        return x == value
    x = x.astype(float)
    v = float(value)
    return {"gt": x > v + _EPS, "ge": x >= v - _EPS, "lt": x < v - _EPS, "le": x <= v + _EPS}[op]


def _holds_rule(rule: Rule, cols: Mapping[str, np.ndarray]) -> np.ndarray:
    s = rule.spec
    if rule.kind == "implies":
        cond, then = s["if"], s["then"]
        return ~_test(cond["op"], cols[cond["factor"]], cond["value"]) | _test(
            then["op"], cols[then["factor"]], then["value"]
        )
    bound = float(s["times"]) * cols[s["per"]].astype(float) + float(s["slack"])
    return cols[s["factor"]].astype(float) <= bound + _EPS


def holds(cols: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per row of the columns (factor id -> array; every ruled factor present): every rule holds."""
    n = len(next(iter(cols.values())))
    ok = np.ones(n, dtype=bool)
    for rule in rules():
        ok &= _holds_rule(rule, cols)
    return ok


def first_broken(cols: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per row of the columns: the index into `rules()` of the first rule broken (-1: all hold),
    the rule `repair` fixes first."""
    n = len(next(iter(cols.values())))
    out = np.full(n, -1, dtype=np.int64)
    for i, rule in enumerate(rules()):
        out[(out < 0) & ~_holds_rule(rule, cols)] = i
    return out


def _full(values: Mapping[str, Value]) -> dict[str, Value]:
    return {**catalog.defaults(), **values}


def violations(values: Mapping[str, Value]) -> list[Rule]:
    """The rules these values (missing ids: catalog defaults) break, in file order."""
    full = _full(values) if not catalog.by_id().keys() <= values.keys() else values
    cols = {fid: np.array([full[fid]], dtype=object) for fid in _ruled()}
    return [r for r in rules() if not bool(_holds_rule(r, cols)[0])]


@cache
def _ruled() -> tuple[str, ...]:
    """Every factor some rule names."""
    return tuple(dict.fromkeys(f for r in rules() for f in r.factors))


def check(values: Mapping[str, Value]) -> None:
    """Raise Incoherent for the first rule the values break."""
    broken = violations(values)
    if broken:
        raise Incoherent(broken[0], _full(values))


def _snap(fid: str, x: float, up: bool) -> float:
    return catalog.by_id()[fid].snap(x, "up" if up else "down")


def _satisfy(fid: str, op: str, value: Any) -> Value:
    """The value nearest the boundary that meets `op value` (on the factor's step grid)."""
    f = catalog.by_id()[fid]
    if op == "is":
        return value
    step = float(f.step or 1)
    v = float(value)
    return {
        "gt": _snap(fid, v + step, True) if v + step <= f.max else f.max,
        "ge": _snap(fid, v, True),
        "lt": _snap(fid, v - step, False),
        "le": _snap(fid, v, False),
    }[op]


def _negate(fid: str, op: str, value: Any) -> Value:
    """The value nearest the boundary that fails `op value`."""
    if op == "is":
        return not value if isinstance(value, bool) else catalog.by_id()[fid].default
    return _satisfy(fid, _NEGATION[op], value)


def _fixes(rule: Rule, full: dict[str, Value], fixed: set[str]) -> list[tuple[str, Value]]:
    """Ways to make the rule hold by moving one factor outside `fixed`, preferred first: the
    constrained factor, then its partner."""
    s = rule.spec
    out: list[tuple[str, Value]] = []
    if rule.kind == "implies":
        then, cond = s["then"], s["if"]
        if then["factor"] not in fixed:
            out.append((then["factor"], _satisfy(then["factor"], then["op"], then["value"])))
        if cond["factor"] not in fixed:
            out.append((cond["factor"], _negate(cond["factor"], cond["op"], cond["value"])))
        return out
    count, per = s["factor"], s["per"]
    if count not in fixed:
        bound = float(s["times"]) * float(full[per]) + float(s["slack"])
        out.append((count, _snap(count, bound, False)))
    if per not in fixed:
        need = (float(full[count]) - float(s["slack"])) / float(s["times"])
        out.append((per, _snap(per, max(need, 0.0), True)))
    return out


def _search(full: dict[str, Value], fixed: set[str], depth: int) -> dict[str, Value] | None:
    """Coherent values reached by moving factors outside `fixed`, each at most once (a moved
    factor is fixed from then on, so no rule undoes another's move); None if there is none."""
    broken = violations(full)
    if not broken:
        return full
    if depth == 0:
        return None
    for fid, value in _fixes(broken[0], full, fixed):
        found = _search({**full, fid: value}, fixed | {fid}, depth - 1)
        if found is not None:
            return found
    return None


def repair(
    values: Mapping[str, Value], keep: Iterable[str]
) -> tuple[dict[str, Value], dict[str, tuple[Value, Value]]]:
    """The values made coherent by moving only factors outside `keep` (each as little as its step
    grid allows, the constrained factor before its partner): (values, {moved id: (before,
    after)}). Incoherent when no such move exists (`keep` alone breaks a rule)."""
    full = _full(values)
    found = _search(full, set(keep), 2 * len(rules()))
    if found is None:
        raise Incoherent(violations(full)[0], full)
    moved = {f: (full[f], found[f]) for f in full if found[f] != full[f]}
    return {k: found[k] for k in values} | {k: found[k] for k in moved}, moved


def settle(
    values: Mapping[str, Value], keep: Iterable[str]
) -> tuple[dict[str, Value], dict[str, tuple[Value, Value]]]:
    """`repair`, for values that must be shown whatever they hold (a shared link, a What-if
    scenario): when `keep` itself contradicts a rule, every factor may move instead."""
    try:
        return repair(values, keep)
    except Incoherent:
        return repair(values, ())


def method_table(lang: str):
    """The rules as one display table for the Method page: the two factors, the rule, why."""
    import pandas as pd

    table = catalog.by_id()
    rows = []
    for rule in rules():
        a, b = rule.factors
        rows.append(
            {
                t(
                    lang, "coherence.col.factors"
                ): f"{table[b].label(lang)} · {table[a].label(lang)}",
                t(lang, "coherence.col.why"): rule.why(lang),
                t(lang, "coherence.col.source"): t(lang, f"model.source.{rule.spec['source']}"),
            }
        )
    return pd.DataFrame(rows)
