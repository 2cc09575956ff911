"""The estimate: an illustrative, transparent scorecard (parameters in data/model.toml).

estimate = gates x (floor x risk + capacity x strength x policy), at most a Sesame ceiling x risk,
within the Jiebei range, rounded to CNY 100, shown as low-mid-high. Points are whole numbers, so they
add up exactly and a waterfall of them is exact; strength = 2 ** ((points - ref) / points_to_double)
and risk = 2 ** ((points - the most any profile earns) / points_to_double), so a risk signal cuts
the floor and the ceiling by the share it cuts the rest.

A gate decides the outcome before any number: "not_eligible" (Jiebei not offered) or, for severe
risk, "likely_closed" (commonly frozen or closed, whatever the Sesame score).

The range: `low` is the estimate with every *assumed* input (one taken from a catalog default)
moved part of the way to its plausible worst, less a model band and a thin-history band; `high`
the same towards the best, plus the model band. So each assumption widens the range by as much as
it could move the estimate, and more history only ever raises the low end.

One vectorised core (`_evaluate`, numpy arrays in, arrays out) serves both `estimate` (one
profile) and `estimate_many` (a frame of scenarios), so the two always agree to the last bit.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from limitlens import catalog
from limitlens.catalog import Value
from limitlens.lazy import lazy
from limitlens.paths import DATA_DIR

pd = lazy("pandas")  # estimate_many's frames only: one estimate (every page's outcome) needs none

MODEL_FILE = DATA_DIR / "model.toml"
# Where a parameter's NUMBER comes from; what the article says is kept apart (article_en/_zh).
SOURCES: tuple[str, ...] = ("commonly cited", "assumption")
MAX_REASONS = 4  # length of "why not higher" (limitlens.plan.why_not_higher)
OUTCOMES: tuple[str, ...] = ("eligible", "not_eligible", "likely_closed")
GATE_OPS: tuple[str, ...] = ("lt", "ge", "is")


@dataclass(frozen=True)
class Estimate:
    eligible: bool
    reasons: list[str]  # gate ids (i18n key model.gate.<id>), empty when eligible
    low: int  # CNY; low == mid == high == 0 when not eligible
    mid: int
    high: int
    points: dict[str, float]  # factor id -> points (+ "base"); sums exactly to points_total
    points_total: float
    multipliers: dict[str, float]  # capacity (CNY), strength, policy parts, floor, ceiling, band
    assumed: tuple[str, ...] = ()  # factor ids taken from catalog defaults (they widen the range)
    outcome: str = "eligible"  # one of OUTCOMES: likely_closed wins over not_eligible
    notes: tuple[str, ...] = ()  # note ids (i18n model.note.<id>) that apply to this profile


# ---------------------------------------------------------------- parameters


def _check_knots(fid: str, direction: str, knots: list, peak: float | None) -> None:
    xs, ys = np.array(knots, dtype=float).T
    if np.any(np.diff(xs) <= 0):
        raise ValueError(f"model.toml: knots of {fid} must have increasing values")
    if np.any(ys != np.round(ys)):
        raise ValueError(f"model.toml: points of {fid} must be whole numbers")
    if direction == "peak":
        rising, falling = ys[xs <= peak], ys[xs >= peak]
        ok = np.all(np.diff(rising) >= 0) and np.all(np.diff(falling) <= 0) and peak in xs
    else:
        ok = np.all((np.diff(ys) if direction == "up" else -np.diff(ys)) >= 0)
    if not ok:
        raise ValueError(f"model.toml: points of {fid} must follow its direction {direction!r}")


@cache
def params() -> dict[str, Any]:
    """data/model.toml, checked against the factor catalog (raises ValueError when inconsistent)."""
    with MODEL_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    table = catalog.by_id()
    catalog.check_keyed("model.toml [points]", raw["points"], lambda f: f.direction != "none")
    for fid, spec in raw["points"].items():
        f = table[fid]
        if "knots" in spec:
            _check_knots(fid, f.direction, spec["knots"], f.peak)
        else:
            good, bad = spec[str(f.good).lower()], spec[str(not f.good).lower()]
            if good < bad or good != int(good) or bad != int(bad):
                raise ValueError(f"model.toml: points of {fid} must be whole, good >= bad")
    for gate in raw["gate"]:
        if gate["op"] not in GATE_OPS or gate.get("outcome", "not_eligible") not in OUTCOMES[1:]:
            raise ValueError(f"model.toml: gate {gate['id']} has a bad op or outcome")
    refused = {(g["factor"], g["value"]) for g in raw["gate"] if g["op"] == "is"}
    for fid, spec in raw["policy"].items():
        absent = {o for o in table[fid].options if o not in spec and (fid, o) not in refused}
        if absent:
            raise ValueError(f"model.toml: policy {fid} lacks options {sorted(absent)}")
    if raw["strength"]["points_to_double"] <= 0:
        raise ValueError("model.toml: strength.points_to_double must be positive")
    anchors = {a["id"]: a for a in raw["anchor"]}
    for gate in raw["gate"]:
        if "anchor" in gate:
            gate["value"] = anchors[gate["anchor"]]["value"]
    return raw


@cache
def point_factors() -> tuple[str, ...]:
    """Factor ids that earn points, in catalog order (every factor with a direction)."""
    return tuple(f.id for f in catalog.factors() if f.direction != "none")


@cache
def policy_factors() -> tuple[str, ...]:
    """Factor ids that act as policy multipliers, in catalog order."""
    pol = params()["policy"]
    return tuple(f.id for f in catalog.factors() if f.id in pol)


def policy_multiplier(factor_id: str, option: str) -> float:
    """The option's multiplier; 0 for an option a gate refuses (it has no limit at all)."""
    return float(params()["policy"][factor_id].get(option, 0.0))


def _anchor(anchor_id: str) -> dict[str, Any]:
    return next(a for a in params()["anchor"] if a["id"] == anchor_id)


def product_range() -> tuple[int, int]:
    """The lowest and highest Jiebei limit, in yuan (commonly cited; data/model.toml): every
    estimate, plan target and declared limit lies within it."""
    anchor = _anchor("jiebei_range")
    return int(anchor["min"]), int(anchor["max"])


def _capacity(param_id: str) -> float:
    return float(next(c["value"] for c in params()["capacity"] if c["id"] == param_id))


def _knots(spec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = np.array(spec["knots"], dtype=float).T
    return xs, ys


@cache
def max_points(factor_id: str) -> float:
    """The most points a factor can earn ("base" gives the constant base points)."""
    if factor_id == "base":
        return float(params()["base"]["points"])
    spec = params()["points"][factor_id]
    if "knots" in spec:
        return float(_knots(spec)[1].max())
    return float(max(spec["true"], spec["false"]))


@cache
def most_points() -> float:
    """The total points of a profile with every factor at its best (risk is 1 there)."""
    return max_points("base") + sum(max_points(fid) for fid in point_factors())


@cache
def extremes(factor_id: str) -> tuple[Value, Value]:
    """(worst, best) plausible value of a direction or policy factor: the one place that says
    which value is best (the tornado, why-not-higher, the range and the plan all use it)."""
    f = catalog.by_id()[factor_id]
    if f.kind == "category":
        ranked = sorted(f.options, key=lambda o: policy_multiplier(factor_id, o))
        return ranked[0], ranked[-1]
    if f.kind == "bool":
        return (not f.good), bool(f.good)
    lo, hi = (float(v) for v in f.plausible) if f.plausible else (float(f.min), float(f.max))
    if f.direction == "peak":
        at = _points(factor_id, np.array([lo, hi]))
        return (lo if at[0] < at[1] else hi), float(f.peak)
    return (lo, hi) if f.direction == "up" else (hi, lo)


@cache
def responsive_range(factor_id: str) -> tuple[float, float]:
    """(low, high) of a numeric factor outside which the estimate no longer responds to it
    (its points are flat and any capacity or ceiling part has stopped), for slider ends."""
    f = catalog.by_id()[factor_id]
    p = params()
    xs = [float(x) for x, _ in p["points"].get(factor_id, {}).get("knots", [])]
    if factor_id == "income_monthly":
        xs.append(_capacity("income_cap"))
    if factor_id == "assets":
        xs.append(_capacity("asset_cap") / _capacity("asset_share"))
    if factor_id == "sesame_score":
        xs += [float(x) for x, _ in p["ceiling"]["knots"] + p["floor"]["knots"]]
    if not xs:
        return float(f.min), float(f.max)
    return f.clamp(min(xs)), f.clamp(max(xs))


# ---------------------------------------------------------------- inputs -> arrays


def _arrays_from_frame(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    n = len(frame)
    cols: dict[str, np.ndarray] = {}
    for f in catalog.factors():
        if f.id in frame.columns:
            cols[f.id] = f.coerce_column(frame[f.id].reset_index(drop=True))
        elif f.kind == "category":
            cols[f.id] = np.full(n, f.default, dtype=object)
        else:
            cols[f.id] = np.full(n, f.default, dtype=bool if f.kind == "bool" else float)
    return cols


def _full_values(values: dict[str, Value]) -> dict[str, Value]:
    table = catalog.by_id()
    unknown = set(values) - set(table)
    if unknown:
        raise ValueError(f"unknown factor id {sorted(unknown)[0]!r}")
    return {f.id: f.coerce(values.get(f.id)) for f in table.values()}


def _check_assumed(assumed: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(assumed))
    unknown = set(out) - set(catalog.ids())
    if unknown:
        raise ValueError(f"unknown factor id {sorted(unknown)[0]!r}")
    return out


# ---------------------------------------------------------------- the vectorised core


def _round_half_up(x: np.ndarray, unit: float = 1.0) -> np.ndarray:
    return np.floor(x / unit + 0.5) * unit


@cache
def _knots_of(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The knots of a factor's points, or of "floor" or "ceiling", read once."""
    p = params()
    return _knots(p["points"][name] if name in p["points"] else p[name])


@cache
def _point_lines(fids: tuple[str, ...]) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Each factor's points as knots (x, y); a yes/no factor is the line from (0, no) to
    (1, yes), which is what a share of "yes" earns."""
    spec = params()["points"]
    return tuple(
        _knots_of(fid)
        if "knots" in spec[fid]
        else (np.array([0.0, 1.0]), np.array([float(spec[fid][k]) for k in ("false", "true")]))
        for fid in fids
    )


def _point_matrix(fids: tuple[str, ...], x: np.ndarray) -> np.ndarray:
    """Whole points of each factor in `fids` for `x` (one row per factor, one column per
    scenario): numpy's interp row by row, rounded in one pass."""
    y = np.empty_like(x)
    for i, (xs, ys) in enumerate(_point_lines(fids)):
        y[i] = np.interp(x[i], xs, ys)
    return _round_half_up(y)


def _points(fid: str, col: np.ndarray) -> np.ndarray:
    """Points of a factor; a yes/no factor may be a share of "yes" (the range's partial moves)."""
    return _point_matrix((fid,), col.astype(float)[None, :])[0]


def _gate(spec: dict[str, Any], col: np.ndarray) -> np.ndarray:
    if spec["op"] == "lt":
        return col.astype(float) < float(spec["value"])
    if spec["op"] == "ge":
        return col.astype(float) >= float(spec["value"])
    if spec["op"] == "is":
        return col == spec["value"]
    raise ValueError(f"model.toml: unknown gate op {spec['op']!r}")


@cache
def _policy_lookup(fid: str) -> tuple[dict[str, int], np.ndarray]:
    """(option -> index, multiplier by index), so a column of options maps in one numpy step."""
    options = catalog.by_id()[fid].options
    return {o: i for i, o in enumerate(options)}, np.array(
        [policy_multiplier(fid, o) for o in options], dtype=float
    )


def _policy_column(fid: str, col: np.ndarray) -> np.ndarray:
    index, multiplier = _policy_lookup(fid)
    first = col[0]
    if (col == first).all():  # one option throughout: every call from estimate and the what-if
        return np.full(len(col), multiplier[index[first]])
    return multiplier[np.fromiter((index[o] for o in col), dtype=np.intp, count=len(col))]


def _policies(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Policy factor id -> multiplier column (numbers, so the range can move them partway)."""
    return {fid: _policy_column(fid, cols[fid]) for fid in policy_factors()}


def _score(cols: dict[str, np.ndarray], policy: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Points, capacity, strength, policy and the unrounded limit (no gates) of each row."""
    p = params()
    n = len(cols["sesame_score"])
    out: dict[str, np.ndarray] = {"points_base": np.full(n, float(p["base"]["points"]))}
    fids = point_factors()
    pts = _point_matrix(fids, np.array([cols[fid] for fid in fids], dtype=float))
    for fid, row in zip(fids, pts, strict=True):
        out[f"points_{fid}"] = row
    total = out["points_base"] + pts.sum(axis=0)  # whole numbers: exact in float64
    out["points_total"] = total
    s = p["strength"]
    ptd = float(s["points_to_double"])
    out["risk"] = np.exp2((total - most_points()) / ptd)

    income = np.minimum(cols["income_monthly"].astype(float), _capacity("income_cap"))
    assets = cols["assets"].astype(float) * _capacity("asset_share")
    out["income_part"] = income * _capacity("income_multiple")
    out["asset_part"] = np.minimum(assets, _capacity("asset_cap"))
    out["capacity"] = _capacity("base_capacity") + out["income_part"] + out["asset_part"]
    out["strength"] = np.exp2((total - float(s["ref"])) / ptd)
    mult = np.ones(n)
    for fid, col in policy.items():
        out[f"policy_{fid}"] = col
        mult = mult * col
    out["policy"] = mult

    lo_clip, hi_clip = (float(end) for end in product_range())
    sesame = cols["sesame_score"].astype(float)
    unit = float(
        p["range"]["round_to"]
    )  # floor and ceiling on the rounding grid, so mid stays between
    # The risk-scaled floor may fall below the range's minimum; only the total is clipped to it,
    # so a risk signal cuts a profile near the minimum by the same share as any other.
    floor = np.ceil(np.interp(sesame, *_knots_of("floor")) * out["risk"] / unit) * unit
    out["floor"] = np.maximum(floor, lo_clip)
    ceiling = np.interp(sesame, *_knots_of("ceiling")) * out["risk"]
    out["ceiling"] = np.clip(np.floor(ceiling / unit) * unit, out["floor"], hi_clip)
    raw = floor + out["capacity"] * out["strength"] * mult
    out["value"] = np.clip(raw, lo_clip, out["ceiling"])
    return out


def _toward(
    cols: dict[str, np.ndarray],
    policy: dict[str, np.ndarray],
    ids: tuple[str, ...],
    side: int,
    w: float,
):
    """Copies of the columns and policy multipliers with each factor in `ids` moved the share `w`
    of the way to its plausible worst (side 0) or best (side 1); yes/no factors become shares."""
    moved, policy = dict(cols), dict(policy)
    for fid in ids:
        target = extremes(fid)[side]
        if fid in policy:
            policy[fid] = policy[fid] + w * (policy_multiplier(fid, target) - policy[fid])
        elif catalog.by_id()[fid].kind != "category":
            col = cols[fid].astype(float)
            moved[fid] = col + w * (float(target) - col)
    return moved, policy


def _stacked(parts: list[tuple[dict, dict]]) -> tuple[dict, dict]:
    """Several (columns, policy) sets as one, row after row: scored in one pass, as numpy's
    cost here is per call, not per row."""
    if len(parts) == 1:
        return parts[0]

    def join(key: int) -> dict[str, np.ndarray]:
        return {k: np.concatenate([part[key][k] for part in parts]) for k in parts[0][key]}

    return join(0), join(1)


def _evaluate(cols: dict[str, np.ndarray], assumed: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Arrays of factor values (one entry per scenario) -> arrays of every result part."""
    p = params()
    r = p["range"]
    unit, w = float(r["round_to"]), float(r["assumed_weight"])
    spread = tuple(fid for fid in assumed if fid in extremes_ids())
    policy = _policies(cols)
    parts = [(cols, policy)]
    if spread:  # the same rows with the assumed inputs moved toward their worst, then best
        parts += [_toward(cols, policy, spread, side, w) for side in (0, 1)]
    scored = _score(*_stacked(parts))
    n = len(cols["sesame_score"])
    out, worst, best = (
        {k: v[i * n : (i + 1) * n] for k, v in scored.items()} if spread else scored
        for i in range(3)
    )
    blocked = np.zeros(n, dtype=bool)
    closed = np.zeros(n, dtype=bool)
    for g in p["gate"]:
        hit = _gate(g, cols[g["factor"]])
        out[f"gate_{g['id']}"] = hit
        blocked |= hit
        if g.get("outcome") == "likely_closed":
            closed |= hit
    out["eligible"] = ~blocked
    out["likely_closed"] = closed

    out["band"] = np.full(n, float(r["band"]))
    out["thin"] = np.interp(
        cols["history_months"].astype(float), *_knots({"knots": r["thin_knots"]})
    )
    mid = _round_half_up(out["value"], unit)
    low = _round_half_up(worst["value"] * (1 - out["band"] - out["thin"]), unit)
    low = np.minimum(np.maximum(low, out["floor"]), mid)
    high = np.maximum(_round_half_up(best["value"] * (1 + out["band"]), unit), mid)
    high = np.minimum(high, np.maximum(best["ceiling"], mid))
    ok = out["eligible"]
    out["mid"] = np.where(ok, mid, 0).astype(np.int64)
    out["low"] = np.where(ok, low, 0).astype(np.int64)
    out["high"] = np.where(ok, high, 0).astype(np.int64)
    return out


@cache
def extremes_ids() -> tuple[str, ...]:
    """Factors with a worst and a best value: every direction factor and every policy factor."""
    pol = set(policy_factors())
    return tuple(f.id for f in catalog.factors() if f.direction != "none" or f.id in pol)


# ---------------------------------------------------------------- public API


def estimate_many(frame: pd.DataFrame, assumed: Iterable[str] = ()) -> pd.DataFrame:
    """One row per scenario (columns = factor ids; missing columns or NaN -> catalog default).
    `assumed`: factor ids taken from defaults in every row (they widen low-high).

    Returns eligible, low, mid, high, points_total, points_<id> (+ points_base), gate_<id>,
    capacity, strength, policy, policy_<id>, floor, ceiling, band, thin — index aligned with `frame`.
    """
    if len(frame) == 0:
        raise ValueError("estimate_many needs at least one row")
    unknown = set(frame.columns) - set(catalog.ids())
    if unknown:
        raise ValueError(f"unknown factor id {sorted(unknown)[0]!r}")
    res = _evaluate(_arrays_from_frame(frame), _check_assumed(assumed))
    head = ["eligible", "low", "mid", "high", "points_total"]
    pts = ["points_base"] + [f"points_{fid}" for fid in point_factors()]
    rest = [k for k in res if k not in head and k not in pts and k != "value"]
    return pd.DataFrame({k: res[k] for k in head + pts + rest}, index=frame.index)


def estimate_variants(
    values: dict[str, Value], variants: list[dict[str, Value]], assumed: Iterable[str] = ()
) -> dict[str, np.ndarray]:
    """`values` (missing ids: catalog defaults) with each of `variants` (factor id -> value)
    applied on top: one scenario each, as arrays of estimate_many's columns. Built straight
    from the values, with no DataFrame: the what-if's tornado and waterfall run it on every
    slider move, where building frames was most of the cost."""
    full, table = _full_values(values), catalog.by_id()
    unknown = {fid for v in variants for fid in v} - set(table)
    if unknown:
        raise ValueError(f"unknown factor id {sorted(unknown)[0]!r}")
    if not variants:
        raise ValueError("estimate_variants needs at least one variant")
    moved = [{fid: table[fid].coerce(x) for fid, x in v.items()} for v in variants]
    return _variants(full, moved, _check_assumed(assumed))


_DTYPES = {"number": float, "bool": bool}


def estimate_columns(
    cols: dict[str, np.ndarray], assumed: Iterable[str] = ()
) -> dict[str, np.ndarray]:
    """estimate_many for columns already checked and typed, one per factor (numbers float,
    yes/no bool, options object), as `estimate_variants` builds them: the planner scores
    thousands of scenarios a search, where parsing a frame was most of the cost."""
    return _evaluate(cols, _check_assumed(assumed))


def _variants(
    full: dict[str, Value], moved: list[dict[str, Value]], assumed: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """estimate_variants on checked values: each column is the profile's value throughout,
    with the cells a variant moves set."""
    cols = {
        fid: np.full(len(moved), full[fid], dtype=_DTYPES.get(f.kind, object))
        for fid, f in catalog.by_id().items()
    }
    for i, v in enumerate(moved):
        for fid, x in v.items():
            cols[fid][i] = x
    return _evaluate(cols, assumed)


def improvements(values: dict[str, Value]) -> list[tuple[str, Value]]:
    """(factor id, best plausible value) for every point factor the best would improve."""
    out = []
    for fid in point_factors():
        best, now = extremes(fid)[1], values[fid]
        f = catalog.by_id()[fid]
        if f.kind == "bool":
            better = now != best
        elif f.direction == "up":
            better = float(now) < float(best)
        elif f.direction == "down":
            better = float(now) > float(best)
        else:  # peak
            better = float(now) != float(best)
        if better:
            out.append((fid, best))
    return out


def estimate(values: dict[str, Value], assumed: Iterable[str] = ()) -> Estimate:
    """The estimate for one profile (missing ids take the catalog default). `assumed` names the
    factors that came from defaults rather than the data or the user: they widen the range.
    ("Why not higher" is advice, under the planner's rules: limitlens.plan.why_not_higher.)"""
    full = _full_values(values)
    assumed = _check_assumed(assumed)
    res = _variants(full, [{}], assumed)
    mid = int(res["mid"][0])
    points = {"base": float(res["points_base"][0])}
    points.update({fid: float(res[f"points_{fid}"][0]) for fid in point_factors()})
    reasons = [g["id"] for g in params()["gate"] if bool(res[f"gate_{g['id']}"][0])]
    keys = (
        "capacity",
        "income_part",
        "asset_part",
        "strength",
        "risk",
        "policy",
        "floor",
        "ceiling",
    )
    multipliers = {k: float(res[k][0]) for k in (*keys, "band", "thin")}
    multipliers.update({fid: float(res[f"policy_{fid}"][0]) for fid in policy_factors()})
    return Estimate(
        eligible=bool(res["eligible"][0]),
        reasons=reasons,
        low=int(res["low"][0]),
        mid=mid,
        high=int(res["high"][0]),
        points=points,
        points_total=float(res["points_total"][0]),
        multipliers=multipliers,
        assumed=assumed,
        outcome=outcome_of(bool(res["eligible"][0]), bool(res["likely_closed"][0])),
        notes=notes(full),
    )


def outcome_of(eligible: bool, likely_closed: bool) -> str:
    """The outcome word: severe risk ("likely_closed") wins over a closed gate ("not_eligible")."""
    return "eligible" if eligible else "likely_closed" if likely_closed else "not_eligible"


def notes(values: dict[str, Value]) -> tuple[str, ...]:
    """Ids of the notes (model.toml [[note]]) that apply to these values."""
    return tuple(n["id"] for n in params().get("note", ()) if values.get(n["factor"]) == n["value"])
