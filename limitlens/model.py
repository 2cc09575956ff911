"""The estimate: an illustrative, transparent scorecard (parameters in data/model.toml).

estimate = gates x capacity (income, assets) x strength (total points) x policy, clipped to the
Jiebei range and rounded to CNY 100, shown as low-mid-high. Points are whole numbers, so they add
up exactly and a waterfall of them is exact. One vectorised core (`_evaluate`, numpy arrays in,
arrays out) serves both `estimate` (one profile) and `estimate_many` (a frame of scenarios), so the
two always agree to the last bit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from limitlens import catalog
from limitlens.catalog import Value
from limitlens.i18n import t
from limitlens.paths import DATA_DIR

MODEL_FILE = DATA_DIR / "model.toml"
SOURCES: tuple[str, ...] = ("commonly cited", "article", "assumption")
MAX_REASONS = 4  # why_not_higher length


@dataclass(frozen=True)
class Estimate:
    eligible: bool
    reasons: list[str]  # gate ids (i18n key model.gate.<id>), empty when eligible
    low: int  # CNY; low == mid == high == 0 when not eligible
    mid: int
    high: int
    points: dict[str, float]  # factor id -> points (+ "base"); sums exactly to points_total
    points_total: float
    multipliers: dict[str, float]  # capacity (CNY), strength, policy parts, band
    why_not_higher: list[str]  # up to 4 factor ids, largest gap to their best points first


# ---------------------------------------------------------------- parameters


@cache
def params() -> dict[str, Any]:
    """data/model.toml, checked against the factor catalog (raises ValueError when inconsistent)."""
    with MODEL_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    table = catalog.by_id()
    for fid, spec in raw["points"].items():
        f = table.get(fid)
        if f is None or f.direction == "none":
            raise ValueError(f"model.toml: points for {fid!r}, which is not a direction factor")
        if "knots" in spec:
            xs, ys = np.array(spec["knots"], dtype=float).T
            if np.any(np.diff(xs) <= 0):
                raise ValueError(f"model.toml: knots of {fid} must have increasing values")
            step = np.diff(ys) if f.direction == "up" else -np.diff(ys)
            if np.any(step < 0) or np.any(ys != np.round(ys)):
                raise ValueError(f"model.toml: points of {fid} must be whole and monotone")
        else:
            good, bad = spec[str(f.good).lower()], spec[str(not f.good).lower()]
            if good < bad or good != int(good) or bad != int(bad):
                raise ValueError(f"model.toml: points of {fid} must be whole, good >= bad")
    missing = [
        f.id for f in catalog.factors() if f.direction != "none" and f.id not in raw["points"]
    ]
    if missing:
        raise ValueError(f"model.toml: no points for {missing}")
    for fid, spec in raw["policy"].items():
        absent = set(table[fid].options) - set(spec)
        if absent:
            raise ValueError(f"model.toml: policy {fid} lacks options {sorted(absent)}")
    anchors = {a["id"]: a for a in raw["anchor"]}
    for gate in raw["gate"]:
        if "anchor" in gate:
            gate["value"] = anchors[gate["anchor"]]["value"]
    return raw


def point_factors() -> tuple[str, ...]:
    """Factor ids that earn points, in catalog order (every factor with a direction)."""
    return tuple(f.id for f in catalog.factors() if f.direction != "none")


def policy_factors() -> tuple[str, ...]:
    """Factor ids that act as policy multipliers, in catalog order."""
    pol = params()["policy"]
    return tuple(f.id for f in catalog.factors() if f.id in pol)


def policy_multiplier(factor_id: str, option: str) -> float:
    return float(params()["policy"][factor_id][option])


def _anchor(anchor_id: str) -> dict[str, Any]:
    return next(a for a in params()["anchor"] if a["id"] == anchor_id)


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


# ---------------------------------------------------------------- inputs -> arrays


def _column_from_series(f: catalog.Factor, s: pd.Series) -> np.ndarray:
    missing = s.isna().to_numpy()
    if f.kind == "number":
        out = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(out) & ~missing
        out = np.where(missing, float(f.default), out)
        if bad.any():
            raise ValueError(f"{f.id} takes a number, not {s[bad].iloc[0]!r}")
        return np.clip(out, f.min, f.max)
    if f.kind == "bool":
        if pd.api.types.is_bool_dtype(s.dtype) and not missing.any():
            return s.to_numpy(dtype=bool)
        mapped = s.map(lambda v: catalog.BOOL_WORDS.get(str(v).strip().lower()), na_action="ignore")
        bad = mapped.isna().to_numpy() & ~missing
        if bad.any():
            raise ValueError(f"{f.id} takes true/false, not {s[bad].iloc[0]!r}")
        return np.where(missing, bool(f.default), mapped.fillna(False).to_numpy(dtype=bool))
    out = s.astype(object).where(~missing, f.default).to_numpy(dtype=object)
    bad = ~pd.Series(out).isin(f.options).to_numpy()
    if bad.any():
        raise ValueError(f"{f.id} takes one of {', '.join(f.options)}, not {out[bad][0]!r}")
    return out


def _arrays_from_frame(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    n = len(frame)
    cols: dict[str, np.ndarray] = {}
    for f in catalog.factors():
        if f.id in frame.columns:
            cols[f.id] = _column_from_series(f, frame[f.id].reset_index(drop=True))
        elif f.kind == "category":
            cols[f.id] = np.full(n, f.default, dtype=object)
        else:
            cols[f.id] = np.full(n, f.default, dtype=bool if f.kind == "bool" else float)
    return cols


def _scalar(f: catalog.Factor, v: Any) -> Value:
    """One value, normalised exactly as `_column_from_series` does for a column."""
    if v is None or (isinstance(v, float) and v != v):
        return f.default
    if f.kind == "number":
        if isinstance(v, bool):
            v = float(v)
        try:
            return min(max(float(v), f.min), f.max)
        except (TypeError, ValueError):
            raise ValueError(f"{f.id} takes a number, not {v!r}") from None
    if f.kind == "bool":
        word = catalog.BOOL_WORDS.get(str(v).strip().lower())
        if word is None:
            raise ValueError(f"{f.id} takes true/false, not {v!r}")
        return word
    if v not in f.options:
        raise ValueError(f"{f.id} takes one of {', '.join(f.options)}, not {v!r}")
    return v


def _arrays_from_values(values: dict[str, Value]) -> dict[str, np.ndarray]:
    table = catalog.by_id()
    unknown = set(values) - set(table)
    if unknown:
        raise ValueError(f"unknown factor id {sorted(unknown)[0]!r}")
    cols: dict[str, np.ndarray] = {}
    for f in table.values():
        v = _scalar(f, values.get(f.id))
        dtype = {"number": float, "bool": bool}.get(f.kind, object)
        cols[f.id] = np.array([v], dtype=dtype)
    return cols


# ---------------------------------------------------------------- the vectorised core


def _round_half_up(x: np.ndarray, unit: float = 1.0) -> np.ndarray:
    return np.floor(x / unit + 0.5) * unit


def _points(fid: str, col: np.ndarray) -> np.ndarray:
    spec = params()["points"][fid]
    if "knots" in spec:
        xs, ys = _knots(spec)
        return _round_half_up(np.interp(col.astype(float), xs, ys))
    return np.where(col.astype(bool), float(spec["true"]), float(spec["false"]))


def _gate(spec: dict[str, Any], col: np.ndarray) -> np.ndarray:
    if spec["op"] == "lt":
        return col.astype(float) < float(spec["value"])
    if spec["op"] == "is":
        return col == spec["value"]
    raise ValueError(f"model.toml: unknown gate op {spec['op']!r}")


def _evaluate(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays of factor values (one entry per scenario) -> arrays of every result part."""
    p = params()
    n = len(next(iter(cols.values())))
    out: dict[str, np.ndarray] = {"points_base": np.full(n, float(p["base"]["points"]))}
    total = out["points_base"].copy()
    for fid in point_factors():
        pts = _points(fid, cols[fid])
        out[f"points_{fid}"] = pts
        total = total + pts  # whole numbers: exact in float64
    out["points_total"] = total

    blocked = np.zeros(n, dtype=bool)
    for g in p["gate"]:
        hit = _gate(g, cols[g["factor"]])
        out[f"gate_{g['id']}"] = hit
        blocked |= hit
    out["eligible"] = ~blocked

    income = np.minimum(cols["income_monthly"], _capacity("income_cap"))
    assets = np.minimum(cols["assets"] * _capacity("asset_share"), _capacity("asset_cap"))
    out["income_part"] = income * _capacity("income_multiple")
    out["asset_part"] = assets
    out["capacity"] = out["income_part"] + out["asset_part"]
    sx, sy = _knots(p["strength"])
    out["strength"] = np.interp(total, sx, sy)
    policy = np.ones(n)
    for fid in policy_factors():
        mult = _policy_column(fid, cols[fid])
        out[f"policy_{fid}"] = mult
        policy = policy * mult
    out["policy"] = policy
    raw = out["capacity"] * out["strength"] * policy
    out["raw_mid"] = raw

    lo_clip, hi_clip = float(_anchor("jiebei_range")["min"]), float(_anchor("jiebei_range")["max"])
    unit = float(p["range"]["round_to"])
    bx, by = _knots({"knots": p["range"]["band_knots"]})
    band = np.interp(cols["history_months"].astype(float), bx, by)
    out["band"] = band
    mid = _round_half_up(np.clip(raw, lo_clip, hi_clip), unit)
    low = np.maximum(_round_half_up(mid * (1 - band), unit), lo_clip)
    high = np.minimum(_round_half_up(mid * (1 + band), unit), hi_clip)
    ok = out["eligible"]
    out["mid"] = np.where(ok, mid, 0).astype(np.int64)
    out["low"] = np.where(ok, low, 0).astype(np.int64)
    out["high"] = np.where(ok, high, 0).astype(np.int64)
    return out


def _policy_column(fid: str, col: np.ndarray) -> np.ndarray:
    options = catalog.by_id()[fid].options
    return np.select([col == o for o in options], [policy_multiplier(fid, o) for o in options], 1.0)


# ---------------------------------------------------------------- public API


def estimate_many(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario (columns = factor ids; missing columns or NaN -> catalog default).

    Returns eligible, low, mid, high, points_total, points_<id> (+ points_base), gate_<id>,
    capacity, strength, policy, policy_<id>, band — index aligned with `frame`.
    """
    if len(frame) == 0:
        raise ValueError("estimate_many needs at least one row")
    unknown = set(frame.columns) - set(catalog.ids())
    if unknown:
        raise ValueError(f"unknown factor id {sorted(unknown)[0]!r}")
    res = _evaluate(_arrays_from_frame(frame))
    head = ["eligible", "low", "mid", "high", "points_total"]
    pts = ["points_base"] + [f"points_{fid}" for fid in point_factors()]
    rest = [k for k in res if k not in head and k not in pts]
    return pd.DataFrame({k: res[k] for k in head + pts + rest}, index=frame.index)


def why_not_higher(points: dict[str, float]) -> list[str]:
    """Up to MAX_REASONS factor ids furthest below their best points, largest gap first."""
    gaps = [(max_points(fid) - points[fid], i, fid) for i, fid in enumerate(point_factors())]
    ranked = sorted((g for g in gaps if g[0] > 0), key=lambda g: (-g[0], g[1]))
    return [fid for _, _, fid in ranked[:MAX_REASONS]]


def estimate(values: dict[str, Value]) -> Estimate:
    """The estimate for one profile (missing ids take the catalog default)."""
    res = _evaluate(_arrays_from_values(values))
    points = {"base": float(res["points_base"][0])}
    points.update({fid: float(res[f"points_{fid}"][0]) for fid in point_factors()})
    reasons = [g["id"] for g in params()["gate"] if bool(res[f"gate_{g['id']}"][0])]
    multipliers = {
        k: float(res[k][0]) for k in ("capacity", "income_part", "asset_part", "strength", "policy")
    }
    multipliers.update({fid: float(res[f"policy_{fid}"][0]) for fid in policy_factors()})
    multipliers["band"] = float(res["band"][0])
    return Estimate(
        eligible=bool(res["eligible"][0]),
        reasons=reasons,
        low=int(res["low"][0]),
        mid=int(res["mid"][0]),
        high=int(res["high"][0]),
        points=points,
        points_total=float(res["points_total"][0]),
        multipliers=multipliers,
        why_not_higher=why_not_higher(points),
    )


def points_gap(values: dict[str, Value]) -> dict[str, float]:
    """Factor id -> points still missing to that factor's best (0 when at the best)."""
    res = _evaluate(_arrays_from_values(values))
    return {fid: max_points(fid) - float(res[f"points_{fid}"][0]) for fid in point_factors()}


# ---------------------------------------------------------------- the Method page


def _fmt(value: Any, factor: catalog.Factor | None = None, lang: str = "en") -> str:
    if isinstance(value, bool):
        return t(lang, f"model.value.{str(value).lower()}")
    if factor is not None and factor.display == "percent":
        return f"{float(value):.0%}"
    v = float(value)
    return f"{v:,.0f}" if v == int(v) else f"{v:g}"


def _source(lang: str, source: str) -> str:
    return t(lang, f"model.source.{source.replace(' ', '_')}")


def method_tables(lang: str) -> dict[str, pd.DataFrame]:
    """Every parameter of data/model.toml as display tables, each row with rationale and source.

    Keys: anchors, gates, points, strength, capacity, policy, range. Column names are translated.
    """
    p = params()
    table = catalog.by_id()
    why = f"why_{lang}"

    def col(key: str) -> str:
        return t(lang, f"model.col.{key}")

    def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
        return pd.DataFrame([{col(k): v for k, v in row.items()} for row in rows])

    anchors = []
    for a in p["anchor"]:
        value = f"{_fmt(a['min'])} – {_fmt(a['max'])}" if "min" in a else _fmt(a["value"])
        anchors.append(
            {
                "parameter": t(lang, f"model.param.{a['id']}"),
                "value": value,
                "why": a[why],
                "source": _source(lang, a["source"]),
            }
        )
    gates = []
    for g in p["gate"]:
        f = table[g["factor"]]
        rule = ("< " + _fmt(g["value"])) if g["op"] == "lt" else ("= " + _fmt(g["value"], f, lang))
        gates.append(
            {
                "parameter": t(lang, f"model.gate.{g['id']}"),
                "factor": f.label(lang),
                "value": rule,
                "why": g[why],
                "source": _source(lang, g["source"]),
            }
        )
    points = [
        {
            "factor": t(lang, "model.param.base"),
            "value": "—",
            "points": int(p["base"]["points"]),
            "why": p["base"][why],
            "source": _source(lang, p["base"]["source"]),
        }
    ]
    for fid in point_factors():
        spec, f = p["points"][fid], table[fid]
        pairs = spec["knots"] if "knots" in spec else [[True, spec["true"]], [False, spec["false"]]]
        for x, pts in pairs:
            points.append(
                {
                    "factor": f.label(lang),
                    "value": _fmt(x, f, lang),
                    "points": int(pts),
                    "why": spec[why],
                    "source": _source(lang, spec["source"]),
                }
            )
    s = p["strength"]
    strength = [
        {
            "points": int(x),
            "multiplier": float(y),
            "why": s[why],
            "source": _source(lang, s["source"]),
        }
        for x, y in s["knots"]
    ]
    capacity = [
        {
            "parameter": t(lang, f"model.param.{c['id']}"),
            "value": _fmt(c["value"]),
            "why": c[why],
            "source": _source(lang, c["source"]),
        }
        for c in p["capacity"]
    ]
    policy = []
    for fid in policy_factors():
        spec, f = p["policy"][fid], table[fid]
        for opt in f.options:
            policy.append(
                {
                    "factor": f.label(lang),
                    "option": f.option_label(opt, lang),
                    "multiplier": float(spec[opt]),
                    "why": spec[why],
                    "source": _source(lang, spec["source"]),
                }
            )
    r = p["range"]
    hist = table["history_months"]
    ranges = [
        {
            "parameter": t(lang, "model.param.band", months=_fmt(x, hist, lang)),
            "value": f"±{y:.0%}",
            "why": r[why],
            "source": _source(lang, r["source"]),
        }
        for x, y in r["band_knots"]
    ]
    ranges.append(
        {
            "parameter": t(lang, "model.param.round_to"),
            "value": _fmt(r["round_to"]),
            "why": r[why],
            "source": _source(lang, r["source"]),
        }
    )
    return {
        "anchors": frame(anchors),
        "gates": frame(gates),
        "points": frame(points),
        "strength": frame(strength),
        "capacity": frame(capacity),
        "policy": frame(policy),
        "range": frame(ranges),
    }
