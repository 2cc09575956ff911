"""Advice an expert would sign: factors that describe the same facts stay coherent, no borrowing
unless asked (and then with its cost), the Sesame score an outcome, every reason a move the
planner could make this year."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens import catalog, coherence, model, plan, projection
from limitlens.plan import text as plan_text
from tests.budget import examples
from tests.unit.test_model import persona_values
from tests.unit.test_plan import profiles

CASES = settings(
    max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
BORROWING = sorted(projection.borrowing_factors())


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "limitlens", *args], capture_output=True, text=True, check=False
    )


# ---------------------------------------------------------------- coherence


@pytest.mark.parametrize(
    "sets",
    [
        ("lenders=0", "borrow_frequency=1.5"),  # Jiebei itself is a platform
        ("lenders=4", "borrow_frequency=0"),  # a platform counts only when drawn on
        ("utilization=0.5", "borrow_frequency=0"),  # a balance in use was drawn
    ],
)
def test_a_contradiction_is_refused_with_one_line_naming_both(sets):
    res = cli("estimate", *[a for s in sets for a in ("--set", s)])
    assert res.returncode == 2 and res.stdout == ""
    line = res.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    for s in sets:
        assert s.split("=")[0] in line


def test_a_partner_the_user_did_not_state_moves_to_fit():
    res = cli("estimate", "--set", "borrow_frequency=1", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["factors"]["lenders"] == 1 and coherence.violations(out["factors"]) == []


def test_every_rule_is_documented_and_names_real_factors():
    assert len(coherence.rules()) >= 4
    for rule in coherence.rules():
        assert all(fid in catalog.by_id() for fid in rule.factors)
        assert rule.why("zh") and rule.why("en")


@CASES
@given(profiles())
def test_repair_moves_only_what_it_may_and_leaves_coherent_values(values):
    for fid in ("borrow_frequency", "lenders", "utilization"):
        fixed, moved = coherence.settle(values, [fid])
        assert coherence.violations(fixed) == []
        assert set(moved) <= {fid, *coherence.partners(fid)} | set(coherence.partners("lenders"))


def test_one_platform_used_occasionally_scores_above_never_and_above_every_few_days():
    base = persona_values("steady_employee")

    def mid(freq: float, lenders: float) -> int:
        values = {**base, "borrow_frequency": freq, "lenders": lenders, "utilization": 0}
        assert coherence.violations(values) == []
        return model.estimate(values).mid

    monthly = mid(1, 1)
    assert monthly > mid(0, 0)  # steady, occasional use helps
    assert monthly > mid(8, 1)  # borrowing every few days does not


# ---------------------------------------------------------------- no borrowing unasked


def _raises(base, after) -> bool:
    return projection.raises_borrowing(base, {**base, **after})


def test_the_saver_is_not_told_to_borrow_unless_asked():
    steady = persona_values("steady_employee")
    assert steady["borrow_frequency"] == 0 and steady["lenders"] == 0
    res = plan.seek(steady, 70_000)
    assert res.plans
    for p in res.plans:
        assert not _raises(steady, p.values()) and p.interest_cny_12m is None
    assert not any(_raises(steady, {r.id: r.to, **r.follows}) for r in plan.why_not_higher(steady))
    # with the opt-in a plan may borrow, and then it shows what that costs
    asked = plan.seek(steady, 70_000, allow_borrowing=True)
    borrowing = [p for p in asked.plans if _raises(steady, p.values())]
    assert borrowing
    for p in borrowing:
        low, high = p.interest_cny_12m
        assert 0 < low < high
        assert p.follows.get("lenders") == 1  # Jiebei becomes the one platform


def test_interest_follows_the_commonly_cited_daily_rates():
    spec = plan.params()["borrowing"]
    base = {**catalog.defaults(), "borrow_frequency": 0, "lenders": 0, "utilization": 0}
    low, high = plan.interest_cny_12m(base, {"borrow_frequency": 0.5, "lenders": 1}, 50_000)
    draw = max(spec["draw_min"], spec["draw_share"] * 50_000)
    yuan_days = 12 * 0.5 * draw * spec["days_held"]
    assert (low, high) == tuple(round(yuan_days * r) for r in spec["daily_rate"])
    assert plan.interest_cny_12m(base, {"assets": 9000}, 50_000) is None


@CASES
@given(values=profiles(), target=st.integers(2_000, 150_000))
def test_no_plan_or_reason_raises_borrowing_unasked(values, target):
    base = {**catalog.defaults(), **values}
    for p in plan.seek(values, target).plans:
        assert not _raises(base, p.values())
    for r in plan.why_not_higher(values):
        assert not _raises(base, {r.id: r.to, **r.follows})


# ---------------------------------------------------------------- Sesame is an outcome


def test_sesame_is_no_lever_but_follows_the_actions():
    assert "sesame_score" not in plan.levers()
    assert not catalog.by_id()["sesame_score"].actionable
    base = {**catalog.defaults(), "bills_on_time": 0.2, "repayments_on_time": 0.8}
    after = projection.follows(base, {"bills_on_time": 1.0, "repayments_on_time": 1.0})
    spec = plan.params()["follows"]["sesame_score"]
    rise = after["sesame_score"] - base["sesame_score"]
    assert 0 < rise <= spec["max_rise"] and rise % spec["step"] == 0
    assert projection.follows(base, {"inquiries_6m": 0}) == {}  # not a Sesame behaviour


@CASES
@given(values=profiles(), target=st.integers(2_000, 150_000))
def test_plans_hold_actions_only_and_their_follows_reproduce_the_limit(values, target):
    base = {**catalog.defaults(), **values}
    for p in plan.seek(values, target).plans:
        assert "sesame_score" not in p.factors
        assert all(catalog.by_id()[c.factor].actionable for c in p.changes)
        est = model.estimate({**base, **{c.factor: c.after for c in p.changes}, **p.follows})
        assert est.mid == p.mid


# ---------------------------------------------------------------- reasons are moves


@CASES
@given(values=profiles(eligible=True))
def test_each_actionable_reason_is_a_one_change_plan(values):
    mid = model.estimate(values).mid
    for r in plan.why_not_higher(values):
        if not r.actionable:
            continue
        res = plan.seek(values, mid + r.gain, max_changes=1)
        assert res.reachable, r
        assert res.plans[0].mid >= mid + r.gain


def test_the_new_graduate_hears_of_moves_it_could_make_this_year():
    values = persona_values("new_graduate")
    reasons = plan.why_not_higher(values)
    assert reasons
    for r in reasons:
        if r.actionable:
            assert r.to in plan.candidates(r.id, values)
            assert projection.months_needed(r.id, r.value, r.to) <= projection.HORIZON
    income = [r for r in reasons if r.id == "income_monthly"]
    assert all(r.to <= values["income_monthly"] * 1.3 + 1e-6 for r in income)


def test_severe_risk_gives_no_plan_that_ignores_it():
    values = {**persona_values("steady_employee"), "sesame_score": 800, "overdue_24m": 12}
    assert model.estimate(values).outcome == "likely_closed"
    res = plan.seek(values, 10_000)
    assert res.plans == () and plan_text.verdict(res)[0] == "stuck"


def test_estimate_json_carries_the_outcome_in_plain_words():
    res = cli(
        "estimate",
        "--set",
        "sesame_score=800",
        "--set",
        "overdue_24m=12",
        "--set",
        "inquiries_6m=30",
        "--json",
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["outcome"] == "likely_closed"
    text = cli("estimate", "--set", "sesame_score=800", "--set", "overdue_24m=12", "--lang", "zh")
    assert "很可能被冻结或关闭" in text.stdout
