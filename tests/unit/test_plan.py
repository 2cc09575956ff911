"""Goal seek: exact against brute force on small cases, honest about what it promises, and advice
an expert would sign: coherent, no borrowing unasked, Sesame an outcome, reasons that are moves."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from limitlens import catalog, coherence, model, plan, projection, whatif
from limitlens.i18n import LANGS
from limitlens.i18n import catalog as texts
from limitlens.plan import method_tables as plan_tables
from tests.budget import examples

TOP = model.product_range()[1]  # the highest limit: a target no plan passes

BRUTE_LIMIT = 40_000  # scenarios a brute-force case may enumerate


def brute_force(values, levers, max_changes, allow_borrowing=False):
    """Every combination of the levers' coherent moves (`plan.unit_options`, one per unit of
    levers tied by a coherence rule) with at most `max_changes` changes, each with what follows
    from it: (efforts, changed ids, mids). Nothing pruned, nothing clever. What follows from a
    combination is each option's partners and the Sesame steps summed, capped (as
    `projection.follows` says, checked on a sample)."""
    base = {**catalog.defaults(), **values}
    grids = [
        [None, *plan.unit_options(u, base, allow_borrowing)] for u in plan.units(tuple(levers))
    ]
    spec = plan.params()["follows"]["sesame_score"]
    room = projection.follow_room("sesame_score", base["sesame_score"])
    rows, efforts, sets = [], [], []
    for i, combo in enumerate(itertools.product(*grids)):
        chosen = [o for o in combo if o is not None]
        changed = {f: v for o in chosen for f, v in o.changes.items()}
        if len(changed) > max_changes:
            continue
        after = {f: v for o in chosen for f, v in o.follows.items()}
        steps = min(room, sum(o.steps for o in chosen))
        if steps:
            after["sesame_score"] = base["sesame_score"] + steps * spec["step"]
        if i % 97 == 0:
            assert after == projection.follows(base, changed)
        rows.append({**base, **changed, **after})
        efforts.append(sum(o.effort for o in chosen))
        sets.append(frozenset(changed))
    mids = model.estimate_many(pd.DataFrame(rows))["mid"].to_numpy()
    return np.array(efforts), sets, mids


def grid_size(values, levers, allow_borrowing=False):
    base = {**catalog.defaults(), **values}
    return int(
        np.prod(
            [
                1 + len(plan.unit_options(u, base, allow_borrowing))
                for u in plan.units(tuple(levers))
            ]
        )
    )


def _number(f):
    lo, hi = (f.plausible or (f.min, f.max)) if f.id != "sesame_score" else (540, 950)
    return st.floats(float(lo), float(hi)).map(lambda x: round(x, 2))


@st.composite
def profiles(draw, eligible: bool = False):
    out = {}
    for f in catalog.factors():
        if f.kind == "number":
            out[f.id] = draw(_number(f))
        elif f.kind == "bool":
            out[f.id] = draw(st.booleans())
        else:
            out[f.id] = draw(st.sampled_from(f.options))
    if eligible:
        out.update(real_name=True, overdue_now=False, sesame_score=max(out["sesame_score"], 600))
    return coherence.repair(out, ())[0]  # a profile that can exist (the form and CLI refuse others)


LEVERS = plan.levers()
CASE = settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@CASE
@given(
    values=profiles(),
    levers=st.lists(st.sampled_from(LEVERS), min_size=1, max_size=4, unique=True),
    k=st.integers(1, 3),
    target=st.integers(1_000, 120_000),
    allow=st.booleans(),
)
def test_least_effort_equals_brute_force(values, levers, k, target, allow):
    assume(grid_size(values, levers, allow) <= BRUTE_LIMIT)
    levers = [f for f in LEVERS if f in levers]
    res = plan.seek(values, target, max_changes=k, only=tuple(levers), allow_borrowing=allow)
    efforts, _, mids = brute_force(values, levers, k, allow)
    assert res.max_mid == max(int(mids.max()), res.current[1])
    ok = mids >= target
    assert res.reachable == bool(ok.any())
    if res.reachable:
        assert res.plans, "reachable but no plan"
        assert res.plans[0].effort == pytest.approx(float(efforts[ok].min()), abs=1e-9)
    elif res.plans:
        best_mid = mids.max()
        assert all(p.mid == res.max_mid == best_mid for p in res.plans)
        assert res.plans[0].effort == pytest.approx(float(efforts[mids == best_mid].min()))


@CASE
@given(
    values=profiles(eligible=True),
    levers=st.lists(st.sampled_from(LEVERS), min_size=2, max_size=4, unique=True),
    target=st.integers(5_000, 80_000),
)
def test_second_and_third_plans_are_the_cheapest_genuinely_different_ones(values, levers, target):
    assume(grid_size(values, levers) <= BRUTE_LIMIT)
    levers = [f for f in LEVERS if f in levers]
    res = plan.seek(values, target, max_changes=3, only=tuple(levers))
    assume(res.reachable and res.current[1] < target)
    efforts, sets, mids = brute_force(values, levers, 3)
    ok = mids >= target
    earlier: list[frozenset] = []
    for p in res.plans:
        allowed = ok & np.array([not any(s >= e for e in earlier) for s in sets])
        assert allowed.any()
        assert p.effort == pytest.approx(float(efforts[allowed].min()), abs=1e-9)
        earlier.append(p.factors)
    # and no further plan was left out
    allowed = ok & np.array([not any(s >= e for e in earlier) for s in sets])
    assert len(res.plans) == 3 or not allowed.any()


@settings(max_examples=examples(60), deadline=None)
@given(
    values=profiles(), target=st.integers(1_000, 200_000), k=st.integers(1, 5), allow=st.booleans()
)
def test_every_plan_keeps_its_promises(values, target, k, allow):
    res = plan.seek(values, target, max_changes=k, allow_borrowing=allow)
    base = {**catalog.defaults(), **values}
    seen = []
    for p in res.plans:
        est = model.estimate({**base, **p.values()})
        assert (est.low, est.mid, est.high) == (p.low, p.mid, p.high)
        # advice an expert would sign: a profile that can exist, the score an outcome, borrowing
        # raised only when asked and then with its cost
        assert coherence.violations({**base, **p.values()}) == []
        assert "sesame_score" not in p.factors
        tied = {q for u in plan.units(catalog.ids()) if set(u) & p.factors for q in u}
        assert set(p.follows) <= {"sesame_score", *tied}
        raises = projection.raises_borrowing(base, {**base, **p.values()})
        assert raises <= allow
        assert (p.interest_cny_12m is not None) == raises
        assert p.mid >= (target if res.reachable else res.max_mid)
        assert len(p.changes) <= k
        assert p.factors not in seen  # distinct change sets
        seen.append(p.factors)
        for c in p.changes:
            f = catalog.by_id()[c.factor]
            assert f.actionable
            assert c.after in plan.candidates(c.factor, base, allow_borrowing=allow)
            worst, best = whatif.extremes(c.factor)
            if f.kind == "number":
                # Within the plausible range, or for a peak factor (whose worst side may be
                # either) on the way from where it is to the peak, never past it.
                far = float(c.before) if f.direction == "peak" else float(worst)
                lo, hi = sorted((far, float(best)))
                assert lo - 1e-9 <= float(c.after) <= hi + 1e-9
                assert abs(float(best) - float(c.after)) < abs(float(best) - float(c.before))
            assert c.months == projection.months_needed(c.factor, c.before, c.after)
        follow = [
            projection.follow_months(f, base[f], v)
            for f, v in p.follows.items()
            if f in plan.params()["follows"]
        ]
        assert p.months == max([c.months for c in p.changes] + follow, default=0)
    if not res.reachable:
        assert res.max_mid < target


def test_a_reached_target_needs_no_change():
    values = catalog.defaults()
    now = model.estimate(values).mid
    res = plan.seek(values, now - 100)
    assert res.reachable and len(res.plans) == 1
    assert res.plans[0].changes == () and res.plans[0].effort == 0 and res.plans[0].mid == now


def test_an_out_of_reach_target_says_so_with_the_most_reachable():
    values = catalog.defaults()
    res = plan.seek(values, TOP, max_changes=2)
    assert not res.reachable
    assert res.current[1] < res.max_mid < TOP
    assert res.plans and res.plans[0].mid == res.max_mid
    # more changes allowed can only reach further
    assert plan.seek(values, TOP, max_changes=4).max_mid >= res.max_mid


def test_a_closed_gate_is_cleared_by_every_plan():
    values = {**catalog.defaults(), "overdue_now": True, "overdue_24m": 1}
    assert not model.estimate(values).eligible
    top = plan.seek(values, TOP).max_mid
    assert top > 0
    res = plan.seek(values, max(1_000, top // 2))
    assert res.reachable and res.plans
    assert all(p.values().get("overdue_now") is False for p in res.plans)


def cands(fid, value, **others):
    return plan.candidates(fid, {**catalog.defaults(), **others, fid: value})


def test_candidates_move_only_toward_the_best_on_the_step_grid():
    assert cands("inquiries_6m", 3) == [2.0, 1.0, 0.0]
    assert cands("inquiries_6m", 0) == []
    assert cands("bills_on_time", 0.63)[:2] == [0.65, 0.7]
    assert cands("profile_updated", False) == [True]
    assert cands("profile_updated", True) == []
    best = float(whatif.extremes("income_monthly")[1])
    assert cands("income_monthly", best + 5000) == []  # beyond plausible: nothing


def test_candidates_stay_within_reach_and_within_the_horizon():
    spec = plan.params()["factor"]
    rise = spec["income_monthly"]["max_rise"]
    assert max(cands("income_monthly", 10_000)) <= 10_000 * (1 + rise)
    assert max(cands("income_monthly", 0)) == spec["income_monthly"]["min_rise"]
    months = spec["assets"]["max_add_income_months"]
    assert max(cands("assets", 1_000, income_monthly=5_000)) <= 1_000 + months * 5_000


def test_actions_rank_by_gain_per_effort_and_add_up_exactly():
    values = catalog.defaults()
    res = plan.seek(values, 40_000, max_changes=4)
    p = res.plans[0]
    acts = plan.actions(values, p)
    assert {a.factor for a in acts} == p.factors
    assert sum(a.gain for a in acts) == p.mid - res.current[1]
    # the first action is the best ratio among all changes taken first
    base = {**catalog.defaults(), **values}

    def first(c):  # that change alone, with what follows from it
        step = {c.factor: c.after}
        return model.estimate({**base, **step, **projection.follows(base, step)}).mid

    firsts = {c.factor: first(c) for c in p.changes}
    ratio = {c.factor: (firsts[c.factor] - res.current[1]) / c.effort for c in p.changes}
    assert ratio[acts[0].factor] == max(ratio.values())
    assert all(a.advice for a in acts)


@pytest.mark.parametrize("lang", LANGS)
def test_the_parameters_file_renders_for_the_method_page(lang):
    table = plan_tables.method_table(lang)
    spec = plan.params()
    assert len(table) == len(plan.levers()) + len(spec["time"])
    why = list(table.iloc[:, 5])
    assert why[: len(plan.levers())] == [spec["factor"][f][f"why_{lang}"] for f in plan.levers()]
    assert table.notna().all().all() and (table.astype(str) != "").all().all()
    # every lever says which of the article's recommendations it serves
    advice = {k.removeprefix("plan.advice.") for k in texts(lang) if k.startswith("plan.advice.")}
    assert {spec["factor"][f]["advice"] for f in plan.levers()} <= advice


def test_a_gate_out_of_reach_within_the_horizon_gives_no_plan():
    values = {**catalog.defaults(), "sesame_score": 400}  # +60 in a year cannot reach ~600
    res = plan.seek(values, 10_000)
    assert not res.reachable and res.plans == () and res.max_mid == res.current[1] == 0
