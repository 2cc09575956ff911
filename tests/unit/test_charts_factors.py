"""limitlens/charts/factors.py: every figure builds, carries the data, speaks both languages."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from limitlens import catalog, monthly
from limitlens.charts import factors as charts
from limitlens.factors import factor_timeline
from limitlens.i18n import LANGS, t
from limitlens.schema import empty_history
from tests.history_builder import daily_spending, make_history, monthly_bills, monthly_salary, row

WINDOW = (date(2023, 1, 1), date(2023, 6, 30))
NAMES = (
    "income_vs_spending",
    "income_by_month",
    "activity_calendar",
    "spending_by_category",
    "large_payments",
    "bill_grid",
    "borrowing_by_lender",
    "wealth_flows",
)


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return make_history(
        monthly_salary(date(2023, 1, 10), 6, 9000)
        + monthly_bills(date(2023, 1, 15), 6)
        + daily_spending(date(2023, 1, 1), 180, 30)
        + [
            row("2023-02-02", 2600, counterparty="家具店"),
            row("2023-03-01", 3000, "in", category="loan_draw", lender="jiebei"),
            row("2023-04-01", 1000, category="loan_repay", lender="jiebei"),
            row("2023-03-05", 2000, "neutral", category="wealth_in"),
            row("2023-05-05", 500, "neutral", category="wealth_out"),
        ]
    )


def _build(name: str, history, lang: str) -> go.Figure:
    return getattr(charts, f"fig_{name}")(getattr(monthly, name)(history, WINDOW), lang)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_figure_builds_for_a_real_history(name, lang, history):
    fig = _build(name, history, lang)
    assert isinstance(fig, go.Figure)
    assert fig.data, name
    assert not fig.layout.annotations
    assert fig.layout.title.text == t(lang, f"charts.{name}.title")
    fig.to_json()  # serialisable for st.plotly_chart


@pytest.mark.parametrize("name", NAMES)
def test_titles_differ_by_language(name, history):
    zh, en = _build(name, history, "zh"), _build(name, history, "en")
    assert zh.layout.title.text != en.layout.title.text
    names_zh = [tr.name for tr in zh.data]
    names_en = [tr.name for tr in en.data]
    assert names_zh != names_en or not any(names_zh)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("empty", [None, empty_history()], ids=["none", "empty"])
def test_empty_history_gives_a_no_data_note(name, empty):
    fig = getattr(charts, f"fig_{name}")(getattr(monthly, name)(empty, None), "en")
    assert not fig.data
    assert [a.text for a in fig.layout.annotations] == [t("en", "charts.no_data")]


def test_income_vs_spending_traces(history):
    fig = _build("income_vs_spending", history, "en")
    income, spending = fig.data
    assert income.name == "Income" and list(income.y) == [9000] * 6
    assert spending.type == "bar" and spending.y[1] == pytest.approx(28 * 30 + 120 + 2600)
    assert fig.layout.yaxis.title.text == "Amount (CNY)"


def test_income_by_month_median_line(history):
    fig = _build("income_by_month", history, "zh")
    assert [tr.name for tr in fig.data] == ["月收入", "中位数"]
    assert list(fig.data[1].y) == [9000, 9000]


def test_activity_calendar_heatmap(history):
    fig = _build("activity_calendar", history, "zh")
    (heat,) = fig.data
    assert heat.type == "heatmap"
    assert list(heat.y) == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    z = pd.DataFrame(heat.z).fillna(0).to_numpy()
    assert z.sum() == len(
        history[(history["time"] >= "2023-01-01") & (history["time"] < "2023-07-01")]
    )
    assert heat.colorscale[0][1] != heat.colorscale[-1][1]  # sequential, light to dark


def test_spending_by_category_uses_display_names(history):
    fig = _build("spending_by_category", history, "zh")
    assert set(fig.data[0].y) == {"日常消费", "生活缴费"}
    assert fig.data[0].orientation == "h"


def test_large_payments_points(history):
    fig = _build("large_payments", history, "en")
    assert list(fig.data[0].y) == [2600]
    assert fig.data[0].customdata[0][1] == "家具店"
    assert fig.data[0].customdata[0][0] == "Feb 2, 2023"


def test_a_counterparty_is_inert_text_in_the_hover():
    # plotly renders <a href>, <b>, <span style> in hover text: a hostile name must stay text
    frame = pd.DataFrame(
        {
            "time": pd.to_datetime(["2026-03-01 10:00"]),
            "amount": [1200.0],
            "counterparty": ['<a href="http://evil.example/">shop</a>'],
            "category": ["spending"],
        }
    )
    fig = charts.fig_large_payments(frame, "en")
    assert (
        fig.data[0].customdata[0][1]
        == "&lt;a href=&quot;http://evil.example/&quot;&gt;shop&lt;/a&gt;"
    )


def test_bill_grid_heatmap(history):
    fig = _build("bill_grid", history, "en")
    (heat,) = fig.data
    assert heat.type == "heatmap" and len(heat.y) == len(monthly.BILL_TYPES)
    assert heat.y[0] == "Electricity" and list(heat.z[0]) == [1] * 6
    assert list(heat.z[1]) == [0] * 6  # water never paid
    assert heat.text[0][0] == "Paid" and heat.text[1][0] == "Not paid"


def test_borrowing_and_wealth_traces(history):
    borrow = _build("borrowing_by_lender", history, "en")
    assert [tr.name for tr in borrow.data] == ["Borrowed: Jiebei", "Repaid (all lenders)"]
    assert sum(borrow.data[0].y) == 3000 and sum(borrow.data[1].y) == 1000
    wealth = _build("wealth_flows", history, "en")
    assert [tr.name for tr in wealth.data] == ["Moved in", "Moved out", "Net moved in, cumulative"]
    assert list(wealth.data[2].y) == [0, 0, 2000, 2000, 1500, 1500]
    assert min(wealth.data[1].y) == -500  # outflows drawn downwards


def test_factor_timeline_small_multiples(history):
    tl = factor_timeline(history, window_months=3)
    fig = charts.fig_factor_timeline(tl, "en", ["income_monthly", "activity"])
    assert [tr.name for tr in fig.data] == ["Monthly income", "Activity"]
    assert len(fig.data[0].x) == 6
    zh = charts.fig_factor_timeline(tl, "zh")
    assert zh.layout.title.text != fig.layout.title.text
    assert len(zh.data) == tl["factor"].nunique()
    empty = charts.fig_factor_timeline(factor_timeline(None), "zh")
    assert [a.text for a in empty.layout.annotations] == [t("zh", "charts.no_data")]


ONE_ROW = [row("2026-03-21 05:36:21", 2600, counterparty="家具店")]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_one_row_never_breaks_an_axis(name, lang):
    """A single payment: every chart with data keeps its point inside a readable axis."""
    one = make_history(ONE_ROW)
    window = (date(2026, 3, 21), date(2026, 3, 21))
    fig = getattr(charts, f"fig_{name}")(getattr(monthly, name)(one, window), lang)
    fig.to_json()
    if not fig.data:
        return  # this chart has nothing to draw from one purchase: it says so
    axis = fig.layout.xaxis
    if name == "large_payments":
        low, high = (pd.Timestamp(v) for v in axis.range)
        assert low < pd.Timestamp("2026-03-21") < high
        assert list(axis.ticktext) == [charts.date_text(date(2026, 3, 21), lang)]
    elif name != "spending_by_category":
        assert axis.type == "category", name  # one month or week is one whole bar/cell


@pytest.mark.parametrize("name", NAMES)
def test_dates_and_months_in_the_page_language(name, history):
    english_months = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
    zh = _build(name, history, "zh").to_plotly_json()
    en = _build(name, history, "en").to_plotly_json()
    zh_text = json.dumps(zh, ensure_ascii=False, default=str)
    assert not english_months.search(zh_text), name
    if name in ("income_vs_spending", "bill_grid", "wealth_flows"):
        assert "2023年1月" in zh_text and "Jan 2023" in json.dumps(en, default=str)


@pytest.mark.parametrize(
    "name", ["income_vs_spending", "income_by_month", "borrowing_by_lender", "wealth_flows"]
)
def test_money_axes_show_full_yuan_with_separators(name, history):
    fig = _build(name, history, "en")
    assert fig.layout.yaxis.tickformat == ",.0f"  # 12,000, never 12k
    assert all("¥%{y:,.0f}" in tr.hovertemplate for tr in fig.data)


def test_percent_factors_plot_as_percentages(history):
    tl = factor_timeline(history, window_months=3)
    pct = [f.id for f in catalog.factors() if f.display == "percent" and f.id in set(tl["factor"])]
    assert pct, "the test history has no percent factor"
    fig = charts.fig_factor_timeline(tl, "en", pct[:1] + ["income_monthly"])
    assert fig.layout.yaxis.tickformat == ".0%"
    assert fig.layout.yaxis2.tickformat == ",.0f"
    assert "%{y:.0%}" in fig.data[0].hovertemplate


def test_chart_legends_sit_below_the_title(history):
    fig = _build("income_vs_spending", history, "en")
    assert fig.layout.legend.y < 0 < fig.layout.margin.t
