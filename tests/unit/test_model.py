"""The estimate: calibration against the personas, gates, why-not-higher in yuan, assumed inputs
widening the range, and the parameter file itself (every number sourced honestly)."""

from __future__ import annotations

import tomllib
from functools import cache

import numpy as np
import pandas as pd
import pytest

from limitlens import catalog, coherence, method, model, plan, projection, whatif
from limitlens.factors import compute_factors
from limitlens.i18n import LANGS
from limitlens.i18n import catalog as texts
from limitlens.ingest import import_files
from limitlens.method import method_tables
from limitlens.personas import persona_bytes, persona_profile, personas

CALIBRATION = model.params()["calibration"]


@cache
def persona_values(persona_id: str) -> dict:
    """What the app computes for a persona: its export through the importer, plus its profile."""
    spec = next(p for p in personas() if p.id == persona_id)
    history = import_files([(spec.file, persona_bytes(persona_id))]).history
    return dict(compute_factors(history, persona_profile(persona_id)).values)


# ---------------------------------------------------------------- calibration (model.toml)


@pytest.mark.parametrize("persona_id", sorted(CALIBRATION["personas"]))
def test_persona_lands_in_its_band(persona_id):
    low, high = CALIBRATION["personas"][persona_id]
    e = model.estimate(persona_values(persona_id))
    assert e.eligible, e.reasons
    assert low <= e.mid <= high, (persona_id, e.mid)


def test_every_persona_has_a_band():
    assert set(CALIBRATION["personas"]) == {p.id for p in personas()}


@pytest.mark.parametrize(
    "move", CALIBRATION["moves"], ids=lambda m: f"{m['factor']}:{m['from']}->{m['to']}"
)
def test_calibration_move_from_the_steady_employee(move):
    steady = {**persona_values("steady_employee"), **move.get("with", {})}
    assert coherence.violations({**steady, move["factor"]: move["from"]}) == []
    assert coherence.violations({**steady, move["factor"]: move["to"]}) == []
    before = model.estimate({**steady, move["factor"]: move["from"]}).mid
    after = model.estimate({**steady, move["factor"]: move["to"]}).mid
    change = after / before - 1
    if move["change"] < 0:
        assert change <= move["change"], change
    else:
        assert change >= move["change"], change


POPULATION = CALIBRATION["population"]


def _population() -> pd.DataFrame:
    """Seeded random profiles, each factor uniform over its plausible range, real-name verified
    and not overdue now (the other gates decide for themselves)."""
    rng = np.random.default_rng(POPULATION["seed"])
    n = 12 * POPULATION["profiles"]
    cols = {}
    for f in catalog.factors():
        if f.kind == "number":
            lo, hi = f.plausible or (f.min, f.max)
            cols[f.id] = rng.uniform(lo, hi, n)
        elif f.kind == "bool":
            cols[f.id] = rng.integers(0, 2, n).astype(bool)
        else:
            cols[f.id] = pd.Series(rng.choice(f.options, n), dtype=object)
    return pd.DataFrame(cols).assign(real_name=True, overdue_now=False)


@pytest.mark.parametrize(
    "move", POPULATION["moves"], ids=lambda m: f"{m['factor']}:{m.get('by', m.get('to'))}"
)
def test_calibration_moves_hold_over_a_population(move):
    """The risk signals the article stresses cut the estimate by the promised share for at least
    `share` of eligible profiles in the band, low-capacity ones near the floor included (or the
    profile turns not eligible / likely closed)."""
    before = _population().assign(**move.get("with", {}))
    if "by" in move:
        after = before.assign(**{move["factor"]: before[move["factor"]] + move["by"]})
    else:
        before[move["factor"]] = move["from"]
        after = before.assign(**{move["factor"]: move["to"]})
    a, b = model.estimate_many(before), model.estimate_many(after)
    lo, hi = POPULATION["mid_between"]
    kept = (a["eligible"] & a["mid"].between(lo, hi)).to_numpy()
    kept = kept & (np.cumsum(kept) <= POPULATION["profiles"])
    assert kept.sum() == POPULATION["profiles"]
    assert (a["mid"][kept] < 4000).sum() >= 20  # low-capacity profiles near the floor are in it
    change = (b["mid"] / a["mid"] - 1).to_numpy()[kept]
    ok = (change <= move["change"]) | ~b["eligible"].to_numpy()[kept]
    assert ok.mean() >= POPULATION["share"], (ok.mean(), np.median(change))


def test_severe_risk_reads_likely_closed_whatever_the_score():
    worst = {"sesame_score": 800, "overdue_24m": 12, "inquiries_6m": 30, "lenders": 15}
    worst |= {"borrow_frequency": 4, "repayments_on_time": 0, "income_monthly": 0}
    e = model.estimate(worst)
    assert e.outcome == "likely_closed" and not e.eligible and e.mid == 0
    steady = persona_values("steady_employee")
    for fid, value in (("overdue_24m", 6), ("inquiries_6m", 30)):
        e = model.estimate({**steady, "sesame_score": 800, fid: value})
        assert e.outcome == "likely_closed", fid
    assert model.estimate({**steady, "sesame_score": 590}).outcome == "not_eligible"
    assert model.estimate(steady).outcome == "eligible"


def test_merchants_hear_of_mybank():
    assert model.estimate({"occupation": "self_employed"}).notes == ("mybank_for_merchants",)
    assert model.estimate({"occupation": "salaried"}).notes == ()


def test_sesame_swings_most_of_all_but_income_and_assets():
    swings = whatif.tornado(persona_values("steady_employee")).set_index("factor")["swing"]
    others = swings.drop(["sesame_score", "income_monthly", "assets"])
    assert swings["sesame_score"] > others.max()


# ---------------------------------------------------------------- gates


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"overdue_now": True}, "overdue_now"),
        ({"sesame_score": 599}, "score_below_entry"),
        ({"real_name": False}, "not_real_name"),
        ({"occupation": "student"}, "student"),
    ],
)
def test_each_gate_blocks_with_its_reason(change, reason):
    e = model.estimate({**persona_values("steady_employee"), **change})
    assert not e.eligible and e.reasons == [reason]
    assert (e.low, e.mid, e.high) == (0, 0, 0)
    assert sum(e.points.values()) == e.points_total  # points still explain the profile


def test_gates_combine_and_threshold_is_inclusive():
    steady = persona_values("steady_employee")
    e = model.estimate({**steady, "overdue_now": True, "sesame_score": 500, "real_name": False})
    assert e.reasons == ["overdue_now", "score_below_entry", "not_real_name"]
    assert model.estimate({**steady, "sesame_score": 600}).eligible


def test_gate_threshold_matches_the_public_anchor():
    anchor = next(a for a in model.params()["anchor"] if a["id"] == "entry_threshold")
    gate = next(g for g in model.params()["gate"] if g["id"] == "score_below_entry")
    assert gate["value"] == anchor["value"] == 600


# ---------------------------------------------------------------- why not higher, in yuan


@pytest.mark.parametrize("persona_id", sorted(CALIBRATION["personas"]))
def test_why_not_higher_gains_are_exact_and_the_largest_first(persona_id):
    values = persona_values(persona_id)
    mid = model.estimate(values).mid
    reasons = plan.why_not_higher(values)
    assert 1 <= len(reasons) <= model.MAX_REASONS
    for r in reasons:
        assert r.value == values[r.id]
        if r.actionable:  # a move the planner could make this year
            assert r.to in plan.candidates(r.id, values)
        else:  # a factor only time or the platform moves, or an outcome: its best
            assert r.to == model.extremes(r.id)[1]
        assert r.gain == model.estimate({**values, r.id: r.to, **r.follows}).mid - mid > 0
    gains = [r.gain for r in reasons]
    assert gains == sorted(gains, reverse=True)
    # brute force: no one-change move left out would gain more than the last one listed
    listed = {r.id for r in reasons}
    for unit in plan.units(plan.levers()):
        for o in plan.unit_options(unit, values):
            if len(o.changes) == 1 and not set(o.changes) & listed:
                moved = {**values, **o.changes, **projection.follows(values, o.changes)}
                better = model.estimate(moved).mid - mid
                assert better <= gains[-1] or len(reasons) < model.MAX_REASONS, o.changes


def test_self_employed_reasons_follow_the_money():
    ids = [r.id for r in plan.why_not_higher(persona_values("self_employed"))]
    assert "sesame_score" in ids and "assets" in ids


def test_why_not_higher_empty_at_the_best():
    best = {fid: model.extremes(fid)[1] for fid in model.extremes_ids()}
    best, _ = coherence.repair(best, ())  # at the borrowing peak Jiebei is a platform
    assert plan.why_not_higher(best) == []
    # the top of the Jiebei range is reachable: every factor at its best, the top score (risk
    # scales the ceiling by every point short of that), enough income and assets
    top = {**best, "sesame_score": 950, "income_monthly": 60000, "assets": 750000}
    assert model.estimate(top).mid == model.product_range()[1]


# ---------------------------------------------------------------- assumed inputs, the range


def test_no_profile_reports_its_defaults_and_reads_wider():
    empty = compute_factors(None, {})
    assumed = model.estimate(empty.values, empty.assumed)
    assert set(empty.assumed) == {
        f.id for f in catalog.factors() if f.source != "scenario"
    }  # nothing known at all
    assert "risk_policy" not in empty.assumed  # a scenario, not an assumption
    known = model.estimate(empty.values)
    assert assumed.mid == known.mid
    assert assumed.high - assumed.low > 3 * (known.high - known.low)


def test_each_assumed_input_widens_the_range_by_its_reach():
    values = persona_values("steady_employee")
    sesame = model.estimate(values, ["sesame_score"])
    card = model.estimate(values, ["bank_card"])
    both = model.estimate(values, ["sesame_score", "bank_card"])
    plain = model.estimate(values)
    assert both.low <= min(sesame.low, card.low) and both.high >= max(sesame.high, card.high)
    assert (sesame.high - sesame.low) > (card.high - card.low) > (plain.high - plain.low)
    assert sesame.assumed == ("sesame_score",)


def test_unknown_assumed_id_raises():
    with pytest.raises(ValueError, match="unknown factor"):
        model.estimate({}, ["nope"])


def test_student_is_a_gate_not_a_multiplier():
    assert "student" not in model.params()["policy"]["occupation"]
    assert model.extremes("occupation")[0] == "student"


# ---------------------------------------------------------------- inputs


def test_missing_values_take_catalog_defaults():
    assert model.estimate({}) == model.estimate(catalog.defaults())
    frame = pd.DataFrame([{"sesame_score": 700}, {"sesame_score": None}])
    res = model.estimate_many(frame)
    assert res["mid"].iloc[1] == model.estimate({}).mid


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="unknown factor"):
        model.estimate({"nope": 1})
    with pytest.raises(ValueError, match="region_tier"):
        model.estimate_many(pd.DataFrame([{"region_tier": "mars"}]))
    with pytest.raises(ValueError, match="overdue_now"):
        model.estimate_many(pd.DataFrame([{"overdue_now": "maybe"}]))


def test_policy_multiplies():
    steady = persona_values("steady_employee")
    base = model.estimate(steady)
    tight = model.estimate({**steady, "risk_policy": "tightening"})
    assert tight.points_total == base.points_total
    assert tight.multipliers["policy"] == pytest.approx(0.8 * base.multipliers["policy"])
    assert tight.mid < base.mid


def test_responsive_range_ends_where_the_model_stops_responding():
    for fid in ("inquiries_6m", "income_monthly", "assets", "sesame_score"):
        f = catalog.by_id()[fid]
        _, hi = model.responsive_range(fid)
        # every point at its best (risk scales nothing down) and policy neutral, with income or
        # assets low, so that the other's top is not held by the ceiling
        best = {g: model.extremes(g)[1] for g in model.point_factors()}
        best, _ = coherence.repair({**best, "sesame_score": 950}, ())
        values = {**best, "assets": 15000} if fid != "assets" else {**best, "income_monthly": 2000}
        beyond = min(float(f.max), hi * 1.5 + 1)
        if beyond > hi:
            at, past = model.estimate({**values, fid: hi}), model.estimate({**values, fid: beyond})
            assert at.mid == past.mid, fid
        step = f.step or 1
        below = model.estimate({**values, fid: hi - 10 * step})
        assert below.mid != model.estimate({**values, fid: hi}).mid, fid


# ---------------------------------------------------------------- the parameter file


def test_every_direction_factor_has_points_and_policy_factors_none():
    pts = model.params()["points"]
    for f in catalog.factors():
        if f.direction != "none":
            assert f.id in pts and model.max_points(f.id) > 0, f.id
        else:
            assert f.id not in pts and f.id in model.params()["policy"], f.id


def _parameters(raw: dict) -> list[tuple[str, dict]]:
    out = [(f"anchor {a['id']}", a) for a in raw["anchor"]]
    out += [(f"gate {g['id']}", g) for g in raw["gate"]]
    out += [(k, raw[k]) for k in ("base", "strength", "range", "floor", "ceiling", "calibration")]
    out += [("risk", raw["risk"])] + [(f"note {n['id']}", n) for n in raw["note"]]
    out += [(f"points {k}", v) for k, v in raw["points"].items()]
    out += [(f"capacity {c['id']}", c) for c in raw["capacity"]]
    out += [(f"policy {k}", v) for k, v in raw["policy"].items()]
    return out


def test_model_file_sources_every_number_honestly():
    with model.MODEL_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    sections = {"version", "anchor", "gate", "base", "points", "strength", "capacity"}
    sections |= {"floor", "ceiling", "policy", "range", "calibration", "risk", "note"}
    assert set(raw) == sections  # nothing outside the documented sections
    for name, spec in _parameters(raw):
        assert spec.get("source") in model.SOURCES, name
        for lang in LANGS:
            why = spec.get(f"why_{lang}", "")
            assert why.strip() and "\n" not in why, (name, lang)
            # what the article says lives in article_*, never in a rationale
            assert "article" not in why.lower() and "文章" not in why and "原文" not in why, name
        assert ("article_en" in spec) == ("article_zh" in spec), name


def test_method_tables_render_every_parameter_in_both_languages():
    for lang in LANGS:
        tables = method_tables(lang)
        assert set(tables) == {
            "anchors",
            "gates",
            "points",
            "strength",
            "capacity",
            "floor_ceiling",
            "risk",
            "policy",
            "notes",
            "range",
        }
        for name, df in tables.items():
            assert len(df) > 0, name
            assert df.notna().all().all(), name
        p, tx = model.params(), texts(lang)
        gates = tables["gates"]
        assert len(gates) == len(p["gate"])
        outcomes = gates[tx["method.col.outcome"]].tolist()
        assert outcomes == [
            tx[f"model.outcome.{g.get('outcome', 'not_eligible')}"] for g in p["gate"]
        ]
        assert {tx["model.outcome.not_eligible"], tx["model.outcome.likely_closed"]} <= set(
            outcomes
        )
        # the comparison each gate makes, shown as its op says ("ge" is not "=")
        shown = gates[tx["model.col.value"]].tolist()
        assert [v.split(" ")[0] for v in shown] == [method.OPS[g["op"]] for g in p["gate"]]
        severe = next(g for g in p["gate"] if g["op"] == "ge")
        assert catalog.by_id()[severe["factor"]].display_value(severe["value"], lang) in "".join(
            shown
        )
        risk = tables["risk"]
        severe = [g["factor"] for g in p["gate"] if g.get("outcome") == "likely_closed"]
        assert risk[tx["model.col.factor"]].tolist() == [
            catalog.by_id()[fid].label(lang) for fid in severe
        ]
        assert risk[tx["method.col.most"]].tolist() == [model.max_points(fid) for fid in severe]
        notes = tables["notes"]
        assert notes[tx["method.col.note"]].tolist() == [
            tx[f"model.note.{n['id']}"] for n in p["note"]
        ]
        assert len(tables["floor_ceiling"]) == len(p["floor"]["knots"]) + len(p["ceiling"]["knots"])
        n_knots = sum(
            len(s["knots"]) if "knots" in s else 2 for s in model.params()["points"].values()
        )
        assert len(tables["points"]) == n_knots + 1  # + base
        labels = {f.label(lang) for f in catalog.factors()}
        assert set(tables["points"].iloc[1:, 0]) <= labels
        sources = set(tables["points"][texts(lang)["model.col.source"]])
        assert sources == {texts(lang)["model.source.assumption"]}  # the article gives no numbers
        article = texts(lang)["model.col.article"]
        assert texts(lang)["model.method.not_in_article"] in set(tables["points"][article])


def test_model_texts_exist_in_both_languages():
    zh = {k for k in texts("zh") if k.startswith("model.")}
    en = {k for k in texts("en") if k.startswith("model.")}
    assert zh == en
    for g in model.params()["gate"]:
        assert f"model.gate.{g['id']}" in en
    for s in model.SOURCES:
        assert f"model.source.{s.replace(' ', '_')}" in en
