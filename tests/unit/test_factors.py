"""limitlens.factors: every inferred factor on hand-built histories, with values worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens import catalog
from limitlens.factors import compute_factors, factor_timeline, infer_factors, inferable
from limitlens.schema import CATEGORIES, LENDERS, empty_history
from tests.budget import examples
from tests.history_builder import make_history, month_dates, monthly_salary, row

DPM = 365.25 / 12
# 2023 is not a leap year: a history from Jan 1 to Dec 31 fills 12 calendar months exactly.
YEAR_MONTHS = 365 / DPM


def year_2023(*rows: dict) -> pd.DataFrame:
    """The given rows plus a small purchase on 2023-01-01 and 2023-12-31 (the span)."""
    return make_history([row("2023-01-01 09:00", 5), row("2023-12-31 20:00", 5), *rows])


def test_regular_salary_gives_its_amount_and_full_stability():
    fs = compute_factors(year_2023(*monthly_salary(date(2023, 1, 10), 12, 8000)))
    assert fs.values["income_monthly"] == 8000
    assert fs.values["income_stability"] == pytest.approx(1.0)
    assert fs.sources["income_monthly"] == "inferred"
    assert fs.window == (date(2023, 1, 1), date(2023, 12, 31))
    assert fs.months == pytest.approx(YEAR_MONTHS, abs=0.01)
    assert not fs.thin_history


def test_varying_salary_median_and_stability():
    # 4000 and 8000 alternating: median 6000, mean 6000, population std 2000 -> CV 1/3.
    salaries = [
        row(d, 4000 if i % 2 else 8000, "in", category="income")
        for i, d in enumerate(month_dates(date(2023, 1, 5), 12))
    ]
    got = infer_factors(year_2023(*salaries))
    assert got["income_monthly"] == 6000
    assert got["income_stability"] == pytest.approx(2 / 3)


def test_irregular_income_falls_back_to_the_mean():
    # Income in 4 of 12 months: the median over months is 0, so the mean (40000 / 12) is used.
    pay = [row(f"2023-{m:02d}-15", 10000, "in", category="income") for m in (2, 5, 8, 11)]
    got = infer_factors(year_2023(*pay))
    assert got["income_monthly"] == pytest.approx(40000 / 12, abs=0.01)
    assert got["income_stability"] == pytest.approx(4 / 12)


@pytest.mark.parametrize(("salaries", "stability"), [(1, 1 / 3), (2, 2 / 3), (3, 1.0)])
def test_a_few_salary_rows_cannot_read_as_fully_stable(salaries, stability):
    # A one-month export with one salary is no evidence of regularity yet.
    first = date(2023, 13 - salaries, 10) if salaries < 12 else date(2023, 1, 10)
    rows = monthly_salary(first, salaries, 8000)
    history = make_history([row(f"{first:%Y-%m}-01 09:00", 5), *rows, row("2023-12-31 20:00", 5)])
    assert infer_factors(history)["income_stability"] == pytest.approx(stability)


def test_assumed_lists_the_defaults_but_not_the_platform_scenario():
    fs = compute_factors(
        year_2023(*monthly_salary(date(2023, 1, 10), 12, 8000)), {"sesame_score": 700}
    )
    assert "income_monthly" not in fs.assumed and "sesame_score" not in fs.assumed
    assert "inquiries_6m" in fs.assumed  # declared-only, not given
    assert "risk_policy" not in fs.assumed  # a what-if stance, never an assumption about you
    assert set(fs.assumed) == {
        fid for fid, src in fs.sources.items() if src == "default" and fid != "risk_policy"
    }


def test_income_absent_leaves_default_and_refunds_are_not_income():
    history = year_2023(row("2023-05-01", 900, "in", category="refund"))
    fs = compute_factors(history)
    assert "income_monthly" not in fs.inferred
    assert fs.sources["income_monthly"] == "default"
    assert fs.values["income_monthly"] == catalog.by_id()["income_monthly"].default


def test_large_payments_net_of_refunds_success_and_outgoing_only():
    history = year_2023(
        row("2023-02-01", 1000, "out"),  # counts (exactly the threshold)
        row("2023-03-01", 2500, "out", category="bills"),  # counts
        row("2023-04-01", 3000, "out", refunded=2500),  # net 500: no
        row("2023-05-01", 999.99, "out"),  # no
        row("2023-06-01", 5000, "out", status="failed"),  # no
        row("2023-07-01", 5000, "out", status="closed"),  # no
        row("2023-08-01", 5000, "in", category="transfer_in"),  # incoming: no
        row("2023-09-01", 1200, "out", refunded=100),  # net 1100: counts
        row("2023-10-01", 3000, "out", category="loan_repay", lender="jiebei"),  # no
        row("2023-10-02", 3000, "out", category="wealth_in"),  # no
    )
    assert infer_factors(history)["large_payments"] == pytest.approx(3 / YEAR_MONTHS, abs=1e-3)


def test_activity_counts_distinct_successful_days():
    history = year_2023(
        row("2023-03-01 08:00"),
        row("2023-03-01 18:00"),  # same day
        row("2023-03-02"),
        row("2023-03-03", status="failed"),  # not active
    )
    # active days: Jan 1, Mar 1, Mar 2, Dec 31
    assert infer_factors(history)["activity"] == pytest.approx(4 / YEAR_MONTHS, abs=1e-3)


def test_activity_ignores_automatic_yield_payouts():
    yields = [
        row(f"2023-05-{d:02d}", 0.8, "neutral", category="other", description="余额宝-收益发放")
        for d in range(1, 29)
    ]
    history = year_2023(row("2023-05-03"), *yields)
    # active days: Jan 1, May 3, Dec 31 — 28 yield days add nothing
    assert infer_factors(history)["activity"] == pytest.approx(3 / YEAR_MONTHS, abs=1e-3)


def test_bills_share_of_months_including_social_security():
    bills = [row(f"2023-{m:02d}-20", 80, category="bills") for m in (1, 2, 3, 4)]
    bills += [row("2023-06-03", 500, category="social_security")]
    bills += [row("2023-06-20", 80, category="bills")]  # same month again
    bills += [row("2023-09-20", 80, category="bills", status="failed")]  # not paid
    assert infer_factors(year_2023(*bills))["bills_on_time"] == pytest.approx(5 / 12)


def test_repayments_on_time_counts_months_with_a_failed_attempt():
    repay = dict(category="loan_repay", lender="huabei")
    history = year_2023(
        row("2023-03-09", 300, **repay),
        row("2023-04-09", 300, status="failed", **repay),
        row("2023-04-10", 300, **repay),
        row("2023-05-09", 300, status="failed", **repay),
        row("2023-06-09", 300, status="closed", **repay),  # cancelled: not an attempt
    )
    assert infer_factors(history)["repayments_on_time"] == pytest.approx(1 / 3)
    assert infer_factors(year_2023())["repayments_on_time"] == 1.0


def test_borrowing_frequency_and_distinct_lenders():
    draw = dict(direction="in", category="loan_draw")
    history = year_2023(
        row("2023-02-01", 2000, lender="jiebei", **draw),
        row("2023-03-01", 2000, lender="jiebei", **draw),
        row("2023-04-01", 3000, lender="wangshang", **draw),
        row("2023-05-01", 500, lender="other", counterparty="甲贷", **draw),
        row("2023-06-01", 500, lender="other", counterparty="乙贷", **draw),
        row("2023-07-01", 500, lender="other", counterparty="甲贷", **draw),
        row("2023-08-01", 500, lender="beiyongjin", status="failed", **draw),
    )
    got = infer_factors(history)
    assert got["lenders"] == 4  # jiebei, wangshang, 甲贷, 乙贷
    assert got["borrow_frequency"] == pytest.approx(6 / YEAR_MONTHS, abs=1e-3)


def test_assets_use_the_whole_history_and_never_go_negative():
    history = make_history(
        [
            row("2021-03-01", 5000, "neutral", category="wealth_in"),
            row("2023-06-01", 1000, "neutral", category="wealth_out"),
            row("2023-07-01", 300, "neutral", category="wealth_in", status="failed"),
        ]
    )
    assert infer_factors(history, window_months=12)["assets"] == 4000
    drained = make_history(
        [
            row("2023-01-01", 100, category="wealth_in"),
            row("2023-02-01", 900, category="wealth_out"),
        ]
    )
    assert infer_factors(drained)["assets"] == 0
    assert "assets" not in infer_factors(year_2023())


def test_product_breadth_counts_huabei_insurance_and_wealth():
    assert infer_factors(year_2023())["product_breadth"] == 0
    two = year_2023(
        row("2023-03-01", 50, method="花呗"), row("2023-04-01", 99, category="insurance")
    )
    assert infer_factors(two)["product_breadth"] == 2
    three = year_2023(
        row("2023-03-01", 300, category="loan_repay", lender="huabei"),
        row("2023-04-01", 99, category="insurance"),
        row("2023-05-01", 1000, "neutral", category="wealth_in"),
    )
    assert infer_factors(three)["product_breadth"] == 3


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("招商银行储蓄卡(1234)", True),
        ("交通银行信用卡(7449)", True),
        ("某卡（5678）", True),
    ],
)
def test_bank_card_from_payment_method(method, expected):
    assert infer_factors(year_2023(row("2023-05-05", 20, method=method)))["bank_card"] is expected


def test_no_card_payment_is_no_evidence_against_a_bound_card():
    """Paying only from the balance or WeChat change says nothing about a bound card."""
    history = year_2023(row("2023-05-05", 20, method="余额"), row("2023-06-05", 9, method="零钱"))
    assert "bank_card" not in infer_factors(history)
    assert compute_factors(history).sources["bank_card"] == "default"


def test_bank_card_unknown_without_any_method():
    history = make_history([row("2023-05-05", 20, method="")])
    assert "bank_card" not in infer_factors(history)
    assert compute_factors(history).sources["bank_card"] == "default"


def test_history_months_spans_the_whole_history():
    assert infer_factors(year_2023())["history_months"] == pytest.approx(12.0)
    assert infer_factors(make_history([row("2023-05-05")]))["history_months"] == 1.0
    long = make_history([row("2010-01-01"), row("2023-05-05")])
    assert infer_factors(long)["history_months"] == 120  # clipped to the catalog maximum


def test_declared_values_override_inferred_and_sources_say_so():
    history = year_2023(*monthly_salary(date(2023, 1, 10), 12, 8000))
    fs = compute_factors(history, {"income_monthly": "20,000", "sesame_score": 720})
    assert fs.values["income_monthly"] == 20000
    assert fs.sources["income_monthly"] == "declared"
    assert fs.inferred["income_monthly"] == 8000
    assert fs.sources["sesame_score"] == "declared"
    assert fs.sources["activity"] == "inferred"
    assert fs.sources["inquiries_6m"] == "default"
    assert fs.status["income_monthly"] == "good"


def test_invalid_profile_raises():
    with pytest.raises(ValueError, match="unknown factor"):
        compute_factors(None, {"nope": 1})
    with pytest.raises(ValueError, match="between"):
        compute_factors(None, {"sesame_score": 1200})


@pytest.mark.parametrize("history", [None, empty_history()])
def test_without_history_everything_is_default_or_declared(history):
    fs = compute_factors(history, {"occupation": "student"})
    assert set(fs.values) == set(catalog.ids())
    assert fs.values == {**catalog.defaults(), "occupation": "student"}
    assert {fid for fid, s in fs.sources.items() if s != "default"} == {"occupation"}
    assert fs.inferred == {} and fs.window is None and fs.months == 0 and fs.thin_history
    assert fs.status["occupation"] == "weak"


def test_one_month_history_is_thin():
    history = make_history(monthly_salary(date(2023, 5, 1), 1, 7000) + [row("2023-05-30")])
    fs = compute_factors(history)
    assert fs.thin_history
    assert fs.months == pytest.approx(30 / DPM, abs=0.01)
    assert fs.values["income_monthly"] == 7000
    assert fs.window == (date(2023, 5, 1), date(2023, 5, 30))


def test_five_years_uses_the_last_twelve_months():
    rows = monthly_salary(date(2019, 1, 10), 60, 6000) + [row("2019-01-01"), row("2023-12-31")]
    rows += [row(f"{y}-06-15", 9000, "out") for y in range(2019, 2024)]  # one large payment a year
    fs = compute_factors(make_history(rows))
    assert fs.window == (date(2023, 1, 1), date(2023, 12, 31))
    assert fs.values["income_monthly"] == 6000
    assert fs.values["large_payments"] == pytest.approx(1 / YEAR_MONTHS, abs=1e-3)
    assert fs.values["history_months"] == pytest.approx(60.0)


def test_closed_and_failed_rows_are_ignored():
    bad = [
        row(d, 9000, "in", category="income", status=s)
        for d in month_dates(date(2023, 1, 10), 12)
        for s in ("failed", "closed")
    ]
    got = infer_factors(year_2023(*bad))
    assert "income_monthly" not in got
    assert got["activity"] == pytest.approx(2 / YEAR_MONTHS, abs=1e-3)


def test_window_selection_with_end_and_window_months():
    history = year_2023(*monthly_salary(date(2023, 1, 10), 12, 5000))
    history = pd.concat(
        [history, make_history([row("2023-12-01", 20000, "in", category="income")])]
    ).sort_values("time")
    fs = compute_factors(history, window_months=3, end=date(2023, 6, 30))
    assert fs.window == (date(2023, 4, 1), date(2023, 6, 30))
    assert fs.values["income_monthly"] == 5000  # December's bonus lies after the end
    # six months of rows up to the end: at least six months old, so the default still stands
    assert fs.at_least["history_months"] == pytest.approx(round(181 / DPM, 1))
    assert fs.values["history_months"] == catalog.by_id()["history_months"].default


def test_half_covered_first_month_is_measured_but_no_month():
    # Data from Jan 20: the month (Dec 31, Jan 31] is covered 12 of 31 days, so it does not
    # count as a month (its salary does not enter the monthly median), but its days are measured.
    history = make_history(
        [row("2023-01-20", 3000, "in", category="income")]
        + monthly_salary(date(2023, 2, 20), 3, 3000)
        + [row("2023-04-30")]
    )
    fs = compute_factors(history)
    assert fs.window == (date(2023, 1, 20), date(2023, 4, 30))
    assert fs.months == pytest.approx(101 / DPM, abs=0.01)
    assert fs.values["income_stability"] == pytest.approx(1.0)
    assert fs.values["income_monthly"] == 3000


def test_values_are_clipped_into_the_catalog_range():
    draws = [
        row(f"2023-05-{d:02d}", 100, "in", category="loan_draw", lender="jiebei")
        for d in range(1, 29)
        for _ in range(2)
    ]
    got = infer_factors(make_history(draws))
    assert got["borrow_frequency"] == 10  # 56 draws in one month, catalog max is 10


def test_factor_timeline_month_by_month():
    rows = [row("2023-01-01")] + [
        row(d, 1500, "out") for d in month_dates(date(2023, 4, 10), 3)
    ]  # large payments in Apr, May, Jun
    rows += [row("2023-06-30")]
    tl = factor_timeline(make_history(rows), window_months=3)
    assert list(tl.columns) == ["month", "factor", "value"]
    assert tl["month"].nunique() == 6
    lp = tl[tl["factor"] == "large_payments"].set_index("month")["value"]
    assert lp[pd.Timestamp("2023-03-01")] == 0
    # June's window is Apr-Jun: 3 payments over 91 days
    assert lp[pd.Timestamp("2023-06-01")] == pytest.approx(3 / (91 / DPM), abs=1e-3)
    assert set(tl["factor"]) <= set(inferable()) and "bank_card" not in set(tl["factor"])
    assert factor_timeline(None).empty and factor_timeline(empty_history()).empty


# -- properties -----------------------------------------------------------------------------

_rows = st.lists(
    st.fixed_dictionaries(
        {
            "time": st.datetimes(
                min_value=pd.Timestamp("2018-01-01").to_pydatetime(),
                max_value=pd.Timestamp("2024-12-31").to_pydatetime(),
            ),
            "amount": st.floats(0, 1e7, allow_nan=False),
            "refund_share": st.floats(0, 1),
            "direction": st.sampled_from(["in", "out", "neutral"]),
            "status": st.sampled_from(["success", "success", "closed", "failed"]),
            "category": st.sampled_from(CATEGORIES),
            "lender": st.sampled_from(("",) + LENDERS),
            "counterparty": st.sampled_from(["", "甲", "乙", "国家电网"]),
            "method": st.sampled_from(["", "余额", "花呗", "工商银行(1234)", "余额宝"]),
        }
    ),
    max_size=40,
)


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows, same_day=st.booleans(), window_months=st.integers(1, 24))
def test_compute_factors_never_raises_and_stays_in_range(rows, same_day, window_months):
    built = []
    for r in rows:
        r = dict(r)
        share = r.pop("refund_share")
        if same_day:
            r["time"] = r["time"].replace(year=2023, month=3, day=3)
        r["amount"] = round(r["amount"], 2)
        r["refunded"] = round(r["amount"] * share, 2) if r["direction"] == "out" else 0.0
        built.append(r)
    fs = compute_factors(make_history(built), window_months=window_months)
    assert set(fs.values) == set(catalog.ids())
    for fid, value in fs.values.items():
        factor = catalog.by_id()[fid]
        if factor.kind == "number":
            assert factor.min <= value <= factor.max, (fid, value)
        elif factor.kind == "bool":
            assert isinstance(value, bool)
        else:
            assert value in factor.options
        assert fs.status[fid] in ("good", "fair", "weak")
    assert fs.thin_history == (fs.months < 3)
