"""The projection honours what takes time, and agrees with the plans' months."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from limitlens import catalog, coherence, model, plan, projection
from tests.budget import examples
from tests.unit.test_plan import profiles

BASE = catalog.defaults()


def column(values, changes, fid, months=24):
    return projection.path(values, changes, months)[fid].astype(float).to_numpy()


def test_inquiries_leave_the_six_month_window_one_by_one():
    values = {**BASE, "inquiries_6m": 6}
    seen = column(values, {"inquiries_6m": 0.0}, "inquiries_6m", 12)
    assert seen[0] == 6 and seen[3] == 3 and seen[6] == 0 and seen[12] == 0
    assert np.all(np.diff(seen) <= 0) and np.all(seen == np.round(seen))  # whole inquiries
    assert projection.months_needed("inquiries_6m", 6, 0.0) == 6
    assert projection.months_needed("inquiries_6m", 6, 3.0) == 3
    # without a plan to stop applying, new inquiries replace the old ones
    assert np.all(column(values, {}, "inquiries_6m", 12) == 6)


def test_overdue_records_age_out_of_24_months_oldest_first():
    one = column({**BASE, "overdue_24m": 1}, {}, "overdue_24m", 24)
    assert one[11] == 1 and one[12] == 0  # one record, assumed mid-window, leaves halfway
    two = column({**BASE, "overdue_24m": 2}, {}, "overdue_24m", 24)
    assert list(two[[0, 5, 6, 17, 18, 24]]) == [2, 2, 1, 1, 0, 0]
    four = column({**BASE, "overdue_24m": 4}, {}, "overdue_24m", 24)
    assert np.all(np.diff(four) <= 0) and four[24] == 0


def test_history_grows_every_month_up_to_the_catalog_maximum():
    grown = column({**BASE, "history_months": 7}, {}, "history_months", 12)
    assert list(grown) == list(range(7, 20))
    top = catalog.by_id()["history_months"].max
    assert column({**BASE, "history_months": top - 2}, {}, "history_months", 12)[-1] == top


def test_bills_and_regular_income_accumulate_month_by_month():
    bills = column({**BASE, "bills_on_time": 0.5}, {"bills_on_time": 1.0}, "bills_on_time", 12)
    assert bills[0] == 0.5 and bills[6] == 0.75 and bills[12] == 1.0
    assert np.all(np.diff(bills) >= 0)
    assert projection.months_needed("bills_on_time", 0.5, 0.75) == 6
    assert projection.months_needed("bills_on_time", 0.5, 1.0) == 12
    stab = column({**BASE, "income_stability": 0.2}, {"income_stability": 0.6}, "income_stability")
    assert stab[0] == 0.2 and stab[-1] == 0.6 and np.all(np.diff(stab) >= 0)


def test_changes_that_count_at_once_or_after_a_while():
    assert projection.months_needed("bank_card", False, True) == 0
    assert projection.months_needed("income_monthly", 6000, 9000) == 7
    income = column(BASE, {"income_monthly": 9000.0}, "income_monthly", 12)
    assert income[6] == BASE["income_monthly"] and income[7] == 9000


@settings(max_examples=examples(30), deadline=None)
@given(values=profiles(), target=st.integers(3_000, 80_000))
def test_a_plan_shows_in_full_by_its_months(values, target):
    res = plan.seek(values, target)
    for p in res.plans:
        proj = projection.project(values, p.action_values(), months=max(12, p.months))
        # every change has arrived at p.months; time only helps (history, old overdue)
        assert proj["mid"].iloc[p.months] >= p.mid
        reached = projection.first_reached(proj, res.target)
        if res.reachable:
            assert reached is not None and reached <= p.months
        frame = projection.path(values, p.action_values(), p.months)
        for c in p.changes:
            assert frame[c.factor].iloc[p.months] == c.after
            if c.months:
                assert frame[c.factor].iloc[c.months - 1] != c.after
        for fid, v in p.follows.items():  # what follows has arrived too, the score included
            assert frame[fid].iloc[p.months] == v
        for _, row in frame.iterrows():  # and every month is a profile that can exist
            assert coherence.violations(row.to_dict()) == []


def test_month_zero_is_today_with_only_the_instant_changes():
    values = {**BASE, "bank_card": False, "bills_on_time": 0.5}
    changes = {"bank_card": True, "bills_on_time": 1.0}
    proj = projection.project(values, changes)
    assert list(proj["month"]) == list(range(13))
    assert proj["mid"].iloc[0] == model.estimate({**values, "bank_card": True}).mid
    assert proj["mid"].is_monotonic_increasing
    assert (proj["low"] <= proj["mid"]).all() and (proj["mid"] <= proj["high"]).all()
