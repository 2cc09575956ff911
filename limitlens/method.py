"""The Method page's tables: every parameter of data/model.toml with its rationale, the source of
its number and, apart from it, what the article says about the factor. Pure (no streamlit)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from limitlens import catalog, model
from limitlens.i18n import t


def _fmt(value: Any, factor: catalog.Factor | None = None, lang: str = "en") -> str:
    if isinstance(value, bool):
        return t(lang, f"model.value.{str(value).lower()}")
    if isinstance(value, str):
        return factor.option_label(value, lang) if factor is not None else value
    if factor is not None and factor.display == "percent":
        return f"{float(value):.0%}"
    v = float(value)
    return f"{v:,.0f}" if v == int(v) else f"{v:,g}"


def _source(lang: str, source: str) -> str:
    return t(lang, f"model.source.{source.replace(' ', '_')}")


def _article(lang: str, spec: dict[str, Any]) -> str:
    """What the article says of the factor (our words), or that it does not mention it."""
    return spec.get(f"article_{lang}") or t(lang, "model.method.not_in_article")


def method_tables(lang: str) -> dict[str, pd.DataFrame]:
    """Every parameter of data/model.toml as display tables: value, why, source of the number,
    and the article's role where there is one.

    Keys: anchors, gates, points, strength, capacity, floor_ceiling, policy, range.
    Column names are translated."""
    p = model.params()
    table = catalog.by_id()
    why = f"why_{lang}"

    def col(key: str) -> str:
        return t(lang, f"model.col.{key}")

    def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
        return pd.DataFrame([{col(k): v for k, v in row.items()} for row in rows])

    def explained(spec: dict[str, Any], article: bool = True) -> dict[str, str]:
        # source and the article's role first: the long rationale last, where a table scrolls
        out = {"source": _source(lang, spec["source"])}
        if article:
            out["article"] = _article(lang, spec)
        return out | {"why": spec[why]}

    anchors = []
    for a in p["anchor"]:
        value = f"{_fmt(a['min'])} – {_fmt(a['max'])}" if "min" in a else _fmt(a["value"])
        anchors.append(
            {"parameter": t(lang, f"model.param.{a['id']}"), "value": value}
            | explained(a, article=False)
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
            }
            | explained(g)
        )
    points = [
        {"factor": t(lang, "model.param.base"), "value": "—", "points": int(p["base"]["points"])}
        | explained(p["base"])
    ]
    for fid in model.point_factors():
        spec, f = p["points"][fid], table[fid]
        pairs = spec["knots"] if "knots" in spec else [[True, spec["true"]], [False, spec["false"]]]
        for x, pts in pairs:
            points.append(
                {"factor": f.label(lang), "value": _fmt(x, f, lang), "points": int(pts)}
                | explained(spec)
            )
    s = p["strength"]
    strength = [
        {"parameter": t(lang, f"model.param.{key}"), "value": _fmt(s[key])}
        | explained(s, article=False)
        for key in ("ref", "points_to_double")
    ]
    capacity = [
        {"parameter": t(lang, f"model.param.{c['id']}"), "value": _fmt(c["value"])}
        | explained(c, article=False)
        for c in p["capacity"]
    ]
    sesame = table["sesame_score"]
    floor_ceiling = [
        {
            "parameter": t(lang, f"model.param.{part}", score=_fmt(x, sesame, lang)),
            "value": _fmt(y),
        }
        | explained(p[part], article=False)
        for part in ("floor", "ceiling")
        for x, y in p[part]["knots"]
    ]
    policy = []
    for fid in model.policy_factors():
        spec, f = p["policy"][fid], table[fid]
        for opt in f.options:
            mult = spec.get(opt)
            policy.append(
                {
                    "factor": f.label(lang),
                    "option": f.option_label(opt, lang),
                    "multiplier": "—" if mult is None else _fmt(mult),
                }
                | explained(spec)
            )
    r = p["range"]
    hist = table["history_months"]
    ranges = [
        {"parameter": t(lang, "model.param.band"), "value": f"±{r['band']:.0%}"},
        *(
            {
                "parameter": t(lang, "model.param.thin", months=_fmt(x, hist, lang)),
                "value": f"−{y:.0%}",
            }
            for x, y in r["thin_knots"]
        ),
        {"parameter": t(lang, "model.param.assumed_weight"), "value": f"{r['assumed_weight']:.0%}"},
        {"parameter": t(lang, "model.param.round_to"), "value": _fmt(r["round_to"])},
    ]
    ranges = [row | explained(r, article=False) for row in ranges]
    return {
        "anchors": frame(anchors),
        "gates": frame(gates),
        "points": frame(points),
        "strength": frame(strength),
        "capacity": frame(capacity),
        "floor_ceiling": frame(floor_ceiling),
        "policy": frame(policy),
        "range": frame(ranges),
    }
