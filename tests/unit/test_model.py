"""The estimate: gates, calibration personas, why-not-higher, and the parameter file itself."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from limitlens import catalog, model
from limitlens.i18n import catalog as texts

STEADY = {
    "sesame_score": 735,
    "income_monthly": 12000,
    "assets": 60000,
    "region_tier": "tier2",
    "occupation": "salaried",
    "overdue_24m": 0,
    "overdue_now": False,
    "inquiries_6m": 1,
    "lenders": 1,
    "income_stability": 0.85,
    "large_payments": 2,
    "activity": 20,
    "bills_on_time": 0.8,
    "repayments_on_time": 1,
    "borrow_frequency": 0.2,
    "utilization": 0.2,
    "product_breadth": 2,
    "profile_updated": True,
    "history_months": 48,
}
GRADUATE = {
    "sesame_score": 610,
    "income_monthly": 4500,
    "assets": 2000,
    "inquiries_6m": 2,
    "lenders": 0,
    "income_stability": 0.5,
    "large_payments": 0.3,
    "activity": 10,
    "bills_on_time": 0.2,
    "repayments_on_time": 1,
    "borrow_frequency": 0,
    "utilization": 0,
    "product_breadth": 1,
    "profile_updated": False,
    "history_months": 8,
    "occupation": "salaried",
}
MULTI_BORROWER = {
    "sesame_score": 590,
    "overdue_24m": 1,
    "inquiries_6m": 12,
    "lenders": 6,
    "income_monthly": 8000,
    "income_stability": 0.7,
    "large_payments": 1,
    "activity": 20,
    "bills_on_time": 0.5,
    "repayments_on_time": 0.9,
    "borrow_frequency": 3,
    "utilization": 0.9,
    "assets": 1000,
    "product_breadth": 2,
    "history_months": 30,
}


def test_steady_employee_gets_tens_of_thousands():
    e = model.estimate(STEADY)
    assert e.eligible and 20000 <= e.mid <= 80000


def test_thin_graduate_gets_a_few_thousand():
    e = model.estimate(GRADUATE)
    assert e.eligible and 2000 <= e.mid <= 8000
    assert (e.high - e.mid) / e.mid > 0.2  # thin history -> wider band


def test_multi_borrower_blocked_by_score_then_low():
    e = model.estimate(MULTI_BORROWER)
    assert not e.eligible and e.reasons == ["score_below_entry"] and e.mid == 0
    e620 = model.estimate({**MULTI_BORROWER, "sesame_score": 620})
    assert e620.eligible and 1000 <= e620.mid <= 6000
    assert e620.mid < model.estimate(GRADUATE).mid * 1.5
    assert {"inquiries_6m", "lenders"} & set(e620.why_not_higher)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"overdue_now": True}, "overdue_now"),
        ({"sesame_score": 599}, "score_below_entry"),
        ({"real_name": False}, "not_real_name"),
    ],
)
def test_each_gate_blocks_with_its_reason(change, reason):
    e = model.estimate({**STEADY, **change})
    assert not e.eligible and e.reasons == [reason]
    assert (e.low, e.mid, e.high) == (0, 0, 0)
    assert sum(e.points.values()) == e.points_total  # points still explain the profile


def test_gates_combine_and_threshold_is_inclusive():
    e = model.estimate({**STEADY, "overdue_now": True, "sesame_score": 500, "real_name": False})
    assert e.reasons == ["overdue_now", "score_below_entry", "not_real_name"]
    assert model.estimate({**STEADY, "sesame_score": 600}).eligible


def test_gate_threshold_matches_the_public_anchor():
    anchor = next(a for a in model.params()["anchor"] if a["id"] == "entry_threshold")
    gate = next(g for g in model.params()["gate"] if g["id"] == "score_below_entry")
    assert gate["value"] == anchor["value"] == 600


def test_why_not_higher_ranks_largest_gaps_first():
    profile = {**STEADY, "sesame_score": 800, "inquiries_6m": 12, "lenders": 8, "bank_card": False}
    e = model.estimate(profile)
    gaps = model.points_gap(profile)
    # 50, 40, then a tie at 20 broken by catalog order
    assert e.why_not_higher == ["inquiries_6m", "lenders", "sesame_score", "bank_card"]
    assert [gaps[f] for f in e.why_not_higher] == sorted(
        (gaps[f] for f in e.why_not_higher), reverse=True
    )
    assert len(e.why_not_higher) == 4
    assert (
        max(v for f, v in gaps.items() if f not in e.why_not_higher) <= gaps[e.why_not_higher[-1]]
    )


def test_why_not_higher_empty_at_the_best():
    best = {}
    for f in catalog.factors():
        if f.kind == "bool" and f.direction != "none":
            best[f.id] = f.good
        elif f.kind == "number":
            best[f.id] = f.max if f.direction == "up" else f.min
    e = model.estimate(best)
    assert e.why_not_higher == []
    assert e.points_total == sum(model.max_points(f) for f in ("base", *model.point_factors()))
    assert e.mid == 300000


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
    base = model.estimate(STEADY)
    tight = model.estimate({**STEADY, "risk_policy": "tightening"})
    assert tight.points_total == base.points_total
    assert tight.multipliers["policy"] == pytest.approx(0.8 * base.multipliers["policy"])
    assert tight.mid < base.mid


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
    out += [("base", raw["base"]), ("strength", raw["strength"]), ("range", raw["range"])]
    out += [(f"points {k}", v) for k, v in raw["points"].items()]
    out += [(f"capacity {c['id']}", c) for c in raw["capacity"]]
    out += [(f"policy {k}", v) for k, v in raw["policy"].items()]
    return out


def test_model_file_has_why_and_source_for_every_parameter():
    with model.MODEL_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    sections = {
        "version",
        "anchor",
        "gate",
        "base",
        "points",
        "strength",
        "capacity",
        "policy",
        "range",
    }
    assert set(raw) == sections  # nothing outside the documented sections
    for name, spec in _parameters(raw):
        assert spec.get("source") in model.SOURCES, name
        for lang in ("en", "zh"):
            why = spec.get(f"why_{lang}", "")
            assert why.strip() and "\n" not in why, (name, lang)


def test_method_tables_render_every_parameter_in_both_languages():
    for lang in ("zh", "en"):
        tables = model.method_tables(lang)
        assert set(tables) == {
            "anchors",
            "gates",
            "points",
            "strength",
            "capacity",
            "policy",
            "range",
        }
        for name, df in tables.items():
            assert len(df) > 0, name
            assert df.notna().all().all(), name
        n_knots = sum(
            len(s["knots"]) if "knots" in s else 2 for s in model.params()["points"].values()
        )
        assert len(tables["points"]) == n_knots + 1  # + base
        labels = {f.label(lang) for f in catalog.factors()}
        assert set(tables["points"].iloc[1:, 0]) <= labels


def test_model_texts_exist_in_both_languages():
    zh = {k for k in texts("zh") if k.startswith("model.")}
    en = {k for k in texts("en") if k.startswith("model.")}
    assert zh == en
    for g in model.params()["gate"]:
        assert f"model.gate.{g['id']}" in en
    for s in model.SOURCES:
        assert f"model.source.{s.replace(' ', '_')}" in en
