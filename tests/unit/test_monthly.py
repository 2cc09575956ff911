"""limitlens.monthly: the tidy tables behind the Factors-page charts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from limitlens import monthly
from limitlens.schema import empty_history
from tests.history_builder import make_history, monthly_salary, row
from tests.unit.test_charts_factors import NAMES

WINDOW = (date(2023, 1, 1), date(2023, 3, 31))
JAN, FEB, MAR = (pd.Timestamp(f"2023-{m:02d}-01") for m in (1, 2, 3))


@pytest.fixture
def history() -> pd.DataFrame:
    return make_history(
        monthly_salary(date(2023, 1, 10), 2, 8000)  # Jan, Feb; none in March
        + [
            row("2022-12-20", 4000, "in", category="income"),  # before the window
            row("2023-01-05 09:00", 100),
            row("2023-01-05 19:00", 60, refunded=60),  # fully refunded
            row("2023-01-06", 1500, counterparty="家电城"),
            row("2023-02-07", 2000, refunded=500, counterparty="房东"),  # net 1500
            row("2023-02-08", 3000, status="failed"),
            row("2023-01-15", 90, category="bills", counterparty="国家电网", description="电费"),
            row(
                "2023-02-16", 50, category="bills", counterparty="中国移动", description="话费充值"
            ),
            row(
                "2023-03-16",
                100,
                category="bills",
                counterparty="某某宽带",
                description="中国电信宽带",
            ),
            row("2023-03-03", 800, category="social_security", description="公积金缴存"),
            row("2023-03-04", 500, category="social_security", description="城乡居民社保"),
            row("2023-01-20", 5000, "in", category="loan_draw", lender="jiebei"),
            row("2023-02-20", 1000, category="loan_repay", lender="jiebei"),
            row("2023-02-21", 700, "in", category="loan_draw", lender=""),
            row("2022-06-01", 3000, "neutral", category="wealth_in"),
            row("2023-02-01", 1000, "neutral", category="wealth_in"),
            row("2023-03-01", 500, "neutral", category="wealth_out"),
        ]
    )


def test_income_vs_spending(history):
    df = monthly.income_vs_spending(history, WINDOW)
    assert list(df.columns) == ["month", "income", "spending"]
    assert list(df["month"]) == [JAN, FEB, MAR]
    assert list(df["income"]) == [8000, 8000, 0]
    # Jan: 100 + 0 + 1500 + 90 bill; Feb: 1500 net + 50 bill; Mar: 100 + 800 + 500
    assert list(df["spending"]) == [1690, 1550, 1400]


def test_income_by_month_whole_history(history):
    df = monthly.income_by_month(history, None)
    assert list(df.columns) == ["month", "income"]
    assert df["month"].iloc[0] == pd.Timestamp("2022-06-01")
    assert df.set_index("month")["income"][pd.Timestamp("2022-12-01")] == 4000
    assert len(df) == 10  # June 2022 .. March 2023


def test_activity_calendar(history):
    df = monthly.activity_calendar(history, WINDOW)
    assert list(df.columns) == ["date", "count", "weekday", "week"]
    assert len(df) == 90
    jan5 = df[df["date"] == pd.Timestamp("2023-01-05")].iloc[0]
    assert jan5["count"] == 2 and jan5["weekday"] == 3  # a Thursday
    assert jan5["week"] == pd.Timestamp("2023-01-02")
    assert df.loc[df["date"] == pd.Timestamp("2023-02-08"), "count"].item() == 0  # failed only
    assert df["count"].sum() == 16


def test_spending_by_category(history):
    df = monthly.spending_by_category(history, WINDOW)
    assert list(df.columns) == ["category", "amount"]
    assert df.to_dict("list") == {
        "category": ["spending", "social_security", "bills"],
        "amount": [3100.0, 1300.0, 240.0],
    }


def test_large_payments(history):
    df = monthly.large_payments(history, WINDOW)
    assert list(df.columns) == ["time", "amount", "counterparty", "category"]
    assert list(df["amount"]) == [1500, 1500]
    assert list(df["counterparty"]) == ["家电城", "房东"]  # not the 1000 loan repayment
    assert len(monthly.large_payments(history, WINDOW, threshold=1501)) == 0


def test_bill_grid_types_from_keywords(history):
    df = monthly.bill_grid(history, WINDOW)
    assert list(df.columns) == ["bill_type", "month", "paid"]
    assert len(df) == len(monthly.BILL_TYPES) * 3
    paid = {(b, m) for b, m, p in df.itertuples(index=False) if p}
    assert paid == {
        ("electricity", JAN),
        ("phone", FEB),
        ("broadband", MAR),  # 中国电信宽带 is broadband, not phone
        ("housing_fund", MAR),
        ("social_security", MAR),
    }


def test_bill_type_fallbacks():
    text = pd.Series(["某物业费", "某缴费"], dtype="str")
    category = pd.Series(["bills", "social_security"], dtype="str")
    assert list(monthly.bill_type(text, category)) == ["other_bill", "social_security"]


def test_borrowing_by_lender(history):
    df = monthly.borrowing_by_lender(history, WINDOW)
    assert list(df.columns) == ["month", "lender", "draws", "repaid", "count"]
    rows = {(m, lender): (d, r, c) for m, lender, d, r, c in df.itertuples(index=False)}
    assert rows == {
        (JAN, "jiebei"): (5000, 0, 1),
        (FEB, "jiebei"): (0, 1000, 0),
        (FEB, "other"): (700, 0, 1),
    }


def test_wealth_flows_cumulative_over_whole_history(history):
    df = monthly.wealth_flows(history, WINDOW)
    assert list(df.columns) == ["month", "into", "out_of", "net", "cumulative"]
    assert list(df["month"]) == [JAN, FEB, MAR]
    assert list(df["into"]) == [0, 1000, 0]
    assert list(df["out_of"]) == [0, 0, 500]
    assert list(df["cumulative"]) == [3000, 4000, 3500]  # includes June 2022


@pytest.mark.parametrize(
    "name",
    NAMES,
)
def test_empty_and_missing_histories(name, history):
    fn = getattr(monthly, name)
    expected = list(fn(history, WINDOW).columns)
    for empty in (None, empty_history()):
        df = fn(empty, None)
        assert df.empty and list(df.columns) == expected
    # a window without any rows still lists its months / days where the table does
    later = fn(history, (date(2030, 1, 1), date(2030, 1, 31)))
    assert list(later.columns) == expected
