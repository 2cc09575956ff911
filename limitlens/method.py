"""What the Method page and the report say about the estimate, rendered from data/model.toml:
`summary` (the model in a few paragraphs) and `method_tables` (every parameter with its
rationale, the source of its number and, apart from it, what the article says about the factor).
Pure (no streamlit). No number is written in a text: each is read from the data and shown through
limitlens/format.py, so the words cannot drift from the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from limitlens import catalog, i18n, model
from limitlens.format import money, number, percent
from limitlens.i18n import t

# How a gate's comparison reads in its table (model.GATE_OPS).
OPS = {"lt": "<", "ge": "≥", "is": "="}


def section_title(name: str, lang: str) -> str:
    """The heading of a `method_tables` section: the sections this module added have their
    titles in its own text domain, the others in the model's."""
    own = f"method.section.{name}"
    return t(lang, own if own in i18n.catalog(lang) else f"model.method.section_{name}")


def _fmt(value: Any, factor: catalog.Factor | None = None, lang: str = "en") -> str:
    if isinstance(value, bool):
        return t(lang, f"model.value.{str(value).lower()}")
    if isinstance(value, str):
        return factor.option_label(value, lang) if factor is not None else value
    if factor is not None:
        return factor.number_text(value)
    v = float(value)
    return f"{v:,.0f}" if v == int(v) else f"{v:,g}"


def _source(lang: str, source: str) -> str:
    return t(lang, f"model.source.{source.replace(' ', '_')}")


def _article(lang: str, spec: dict[str, Any]) -> str:
    """What the article says of the factor (our words), or that it does not mention it."""
    return spec.get(f"article_{lang}") or t(lang, "model.method.not_in_article")


def _join(lang: str, items: list[str], word: str = "and", sep: str = "sep") -> str:
    """ "a and b", "a, b and c" / "a、b和c"; `word` is "and" or "or"; `sep` "rule_sep" lists
    items that may hold a comma themselves (factor labels) with "; "."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return items[0] + t(lang, f"method.part.{word}") + items[1]
    last = t(lang, f"method.part.{word}" if sep == "sep" else f"method.part.{sep}_{word}")
    joint = t(lang, "ui.list_sep" if sep == "sep" else f"method.part.{sep}")
    return joint.join(items[:-1]) + last + items[-1]


def gate_rule(gate: dict[str, Any], lang: str) -> str:
    """A gate as a condition a person reads: "Sesame score below 600 points"."""
    f = catalog.by_id()[gate["factor"]]
    return t(
        lang,
        f"method.rule.{gate['op']}",
        factor=f.label(lang),
        value=f.display_value(gate["value"], lang),
    )


def _knots(lang: str, part: str) -> str:
    sesame = catalog.by_id()["sesame_score"]
    return _join(
        lang,
        [
            t(lang, "method.part.knot", amount=money(y), score=sesame.display_value(x, lang))
            for x, y in model.params()[part]["knots"]
        ],
    )


def _multiplier(value: float) -> str:
    return number(value, 2)


def ours_sentence(lang: str) -> str:
    """Which factors are ours, not the article's ("" when the article names every one)."""
    ours = [f.label(lang) for f in catalog.ours()]
    if not ours:
        return ""
    names = _join(lang, ours, "and", "rule_sep")
    return t(lang, "method.origin.ours_factors", count=len(ours), factors=names)


def summary(lang: str) -> list[str]:
    """The model in paragraphs, every number read from data/model.toml: the gates and their two
    outcomes, base points and points-to-double, the capacity parts, the Sesame floor and ceiling,
    risk, policy, the range's widening and the rounding. The Method page and the report show it."""
    p = model.params()
    table = catalog.by_id()
    gates = p["gate"]
    severe = [g for g in gates if g.get("outcome", "not_eligible") == "likely_closed"]
    plain = [g for g in gates if g not in severe]
    s = p["strength"]
    pdo, ref = number(s["points_to_double"]), number(s["ref"])
    most = model.max_points("base") + sum(model.max_points(fid) for fid in p["points"])
    cap = {c["id"]: float(c["value"]) for c in p["capacity"]}
    risk_ids = [g["factor"] for g in severe]  # the signals that weigh most: those severe gates read
    policies = []
    for fid in model.policy_factors():
        f = table[fid]
        options = [
            t(lang, "method.part.option", option=f.option_label(o, lang), multiplier=_multiplier(m))
            for o in f.options
            if (m := p["policy"][fid].get(o)) is not None
        ]
        policies.append(
            t(lang, "method.part.policy", factor=f.label(lang), options=_join(lang, options))
        )
    r = p["range"]
    jiebei = dict(zip(("min", "max"), model.product_range(), strict=True))
    hist = table["history_months"]
    thin = [
        t(lang, "method.part.thin_knot", share=percent(y), months=hist.display_value(x, lang))
        for x, y in r["thin_knots"]
    ]
    return [
        t(
            lang,
            "method.summary.gates",
            not_eligible=t(lang, "model.outcome.not_eligible"),
            likely_closed=t(lang, "model.outcome.likely_closed"),
            gates=_join(lang, [gate_rule(g, lang) for g in plain], "or", "rule_sep"),
            severe=_join(lang, [gate_rule(g, lang) for g in severe], "or", "rule_sep"),
        ),
        t(
            lang,
            "method.summary.points",
            base=number(p["base"]["points"]),
            most=number(most),
            ref=ref,
            pdo=pdo,
        ),
        t(
            lang,
            "method.summary.capacity",
            base=money(cap["base_capacity"]),
            income=t(lang, "method.summary.income", count=cap["income_multiple"]),
            income_cap=money(cap["income_cap"]),
            share=percent(cap["asset_share"]),
            asset_cap=money(cap["asset_cap"]),
        ),
        t(
            lang,
            "method.summary.floor_ceiling",
            floor=_knots(lang, "floor"),
            ceiling=_knots(lang, "ceiling"),
        ),
        t(
            lang,
            "method.summary.risk",
            factors=_join(lang, [table[fid].label(lang) for fid in risk_ids], "and", "rule_sep"),
            most=number(model.most_points()),
            pdo=pdo,
        ),
        t(
            lang,
            "method.summary.policy",
            policies=t(lang, "ui.sentence_sep").join(policies),
        ),
        t(
            lang,
            "method.summary.range",
            low=money(jiebei["min"]),
            high=money(jiebei["max"]),
            round_to=money(r["round_to"]),
            band=percent(r["band"]),
            thin=_join(lang, thin),
            weight=percent(r["assumed_weight"]),
        ),
    ]


def method_tables(lang: str) -> dict[str, pd.DataFrame]:
    """Every parameter of data/model.toml as display tables: value, why, source of the number,
    and the article's role where there is one.

    Keys: anchors, gates, points, strength, capacity, floor_ceiling, risk, policy, notes, range.
    Column names are translated."""
    p = model.params()
    table = catalog.by_id()
    why = f"why_{lang}"

    def col(key: str) -> str:
        own = f"method.col.{key}"  # columns this module added live in its own text domain
        return t(lang, own if own in i18n.catalog(lang) else f"model.col.{key}")

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
        gates.append(
            {
                "parameter": t(lang, f"model.gate.{g['id']}"),
                "factor": f.label(lang),
                "value": f"{OPS[g['op']]} {f.display_value(g['value'], lang)}",
                "outcome": t(lang, f"model.outcome.{g.get('outcome', 'not_eligible')}"),
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
    risk = [  # risk reads every factor's points: the ones severe risk gates read weigh most
        {"factor": table[fid].label(lang), "most": int(model.max_points(fid))}
        | explained(p["risk"], article=False)
        for fid in dict.fromkeys(
            g["factor"] for g in p["gate"] if g.get("outcome") == "likely_closed"
        )
    ]
    notes = [
        {
            "factor": table[n["factor"]].label(lang),
            "value": table[n["factor"]].display_value(n["value"], lang),
            "note": t(lang, f"model.note.{n['id']}"),
        }
        | explained(n, article=False)
        for n in p.get("note", ())
    ]
    return {
        "anchors": frame(anchors),
        "gates": frame(gates),
        "points": frame(points),
        "strength": frame(strength),
        "capacity": frame(capacity),
        "floor_ceiling": frame(floor_ceiling),
        "risk": frame(risk),
        "policy": frame(policy),
        "notes": frame(notes),
        "range": frame(ranges),
    }


def catalog_table(lang: str) -> pd.DataFrame:
    """The factor catalog (data/factors.toml), one row a factor, columns translated."""
    rows = []
    for f in catalog.factors():
        if f.kind == "number":
            rng = f.range_text()
            if f.direction == "peak":  # good / fair are intervals around the best value
                thresholds = " / ".join(
                    f"{f.shown(lo):g}–{f.shown(hi):g}" for lo, hi in (f.good, f.fair)
                )
            else:
                thresholds = f"{f.shown(f.good):g} / {f.shown(f.fair):g}"
        elif f.kind == "bool":
            rng, thresholds = (
                f"{t(lang, 'ui.yes')}/{t(lang, 'ui.no')}",
                t(lang, "ui.yes" if f.good else "ui.no"),
            )
        else:
            sep = t(lang, "ui.list_sep")
            rng = sep.join(f.option_label(o, lang) for o in f.options)
            thresholds = sep.join(f.option_label(o, lang) for o in f.good)
        rows.append(
            {
                t(lang, "ui.method.col_factor"): f.label(lang),
                t(lang, "ui.method.col_id"): f.id,
                t(lang, "method.col.origin"): t(lang, f"method.origin.{f.origin}"),
                t(lang, "ui.method.col_group"): t(lang, f"ui.group.{f.group}"),
                t(lang, "ui.method.col_source"): t(lang, f"ui.source.{f.source}"),
                t(lang, "ui.method.col_direction"): t(lang, f"ui.direction_factor.{f.direction}"),
                t(lang, "ui.method.col_unit"): f.unit(lang) or "—",
                t(lang, "ui.method.col_range"): rng,
                t(lang, "ui.method.col_thresholds"): thresholds,
                t(lang, "ui.method.col_method"): f.text[lang]["method"],
                t(lang, "ui.method.col_explain"): f.text[lang]["explain"],
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Section:
    """One table of the Method page after the model's summary: its title (None: it continues the
    section above), a caption, and the table."""

    name: str  # also the CSV download's name
    title: str | None
    intro: str | None
    table: pd.DataFrame


def sections(lang: str) -> list[Section]:
    """Every parameter table the Method page shows after the model's summary, in page order: the
    model's (data/model.toml), the plan's (data/plan.toml), the coherence rules
    (data/coherence.toml) and what follows from the plan's actions. Each rules file's module
    builds its own table; this is the one list of them."""
    from limitlens import coherence
    from limitlens.plan import method_tables as plan_tables

    out = [Section(n, section_title(n, lang), None, tb) for n, tb in method_tables(lang).items()]
    out.append(
        Section(
            "plan",
            t(lang, "model.method.section_plan"),
            t(lang, "model.method.plan_intro"),
            plan_tables.method_table(lang),
        )
    )
    out.append(
        Section(
            "coherence",
            t(lang, "advice.method_title"),
            t(lang, "advice.method_intro"),
            coherence.method_table(lang),
        )
    )
    out.append(Section("follows", None, None, plan_tables.follows_table(lang)))
    return out
