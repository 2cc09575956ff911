"""Am I improving? Theil-Sen slope + Mann-Kendall test per factor (limitlens.trend)."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from limitlens import catalog
from limitlens.trend import MIN_MONTHS, complete_months, factor_trends, trend
from tests.history_builder import make_history, row

ACTIVITY = catalog.by_id()["activity"]  # up, good = 15 active days a month
LENDERS = catalog.by_id()["lenders"]  # down: fewer lending platforms is better
BORROW = catalog.by_id()["borrow_frequency"]  # peak: good band [0.25, 1.0] draws a month


def _monotone(start: float, steps: list[float]) -> list[float]:
    return list(np.cumsum([start, *steps]))


_steps = st.lists(st.floats(1.0, 50.0), min_size=MIN_MONTHS + 1, max_size=30)


@given(start=st.floats(0, 100), steps=_steps)
def test_a_rising_series_of_an_up_factor_is_improving_and_sure(start, steps):
    got = trend(_monotone(start, steps), ACTIVITY)
    assert got.verdict == "improving" and got.sureness == "very_sure"
    assert got.slope > 0 and got.p_value < 0.01


@given(start=st.floats(0, 100), steps=_steps)
def test_a_rising_series_of_a_down_factor_is_worsening(start, steps):
    got = trend(_monotone(start, steps), LENDERS)
    assert got.verdict == "worsening" and got.sureness == "very_sure"


@given(start=st.floats(0, 100), steps=_steps)
def test_a_falling_series_of_a_down_factor_is_improving(start, steps):
    got = trend([-v for v in _monotone(start, steps)], LENDERS)
    assert got.verdict == "improving"


def test_a_peak_factor_improves_towards_its_good_band_from_either_side():
    from_above = [6.0, 5.0, 4.0, 3.0, 2.5, 2.0, 1.5]  # borrowing every week, less and less
    from_below = [0.0, 0.0, 0.05, 0.1, 0.15, 0.2, 0.22]
    assert trend(from_above, BORROW).verdict == "improving"
    assert trend(from_below, BORROW).verdict == "improving"
    assert trend(from_above[::-1], BORROW).verdict == "worsening"
    # Moving about inside the good band changes nothing that matters.
    assert trend([0.3, 0.4, 0.5, 0.6, 0.7, 0.8], BORROW).verdict == "steady"


@given(value=st.floats(0, 1e6), n=st.integers(MIN_MONTHS, 36))
def test_a_constant_series_is_steady(value, n):
    got = trend([value] * n, ACTIVITY)
    assert got.verdict == "steady" and got.sureness == "" and got.slope == 0
    assert got.p_value == 1.0 and got.months == n


@given(values=st.lists(st.floats(0, 1e6), max_size=MIN_MONTHS - 1))
def test_too_few_months_says_so(values):
    got = trend(values, ACTIVITY)
    assert got.verdict == "too_few" and got.sureness == "" and math.isnan(got.slope)


def test_a_tiny_change_is_steady_however_regular():
    # 0.05 active day more each month over a year: 0.55 days, under 5 % of the 15-day threshold.
    got = trend([10 + 0.05 * i for i in range(12)], ACTIVITY)
    assert got.p_value < 0.01  # a perfectly regular rise, too small to matter
    assert got.verdict == "steady" and got.sureness == ""


def test_random_months_are_rarely_called_sure():
    rng = np.random.default_rng(19)
    sure = 0
    for _ in range(1000):
        got = trend(rng.normal(15, 5, size=12), ACTIVITY)
        sure += got.sureness in ("very_sure", "fairly_sure")
    assert sure / 1000 < 0.08  # the test's own 5 % false-alarm rate, and no more


def test_one_odd_month_does_not_swing_the_slope():
    values = [10, 11, 12, 13, 14, 15, 16, 17]
    values[3] = 500  # a month of a different life
    assert trend(values, ACTIVITY).slope == 1.0


def test_complete_months_leave_out_the_partial_ends():
    history = make_history([row("2026-01-10"), row("2026-03-15"), row("2026-06-15")])
    got = complete_months(history)
    assert list(got) == [pd.Timestamp(f"2026-{m:02d}-01") for m in (2, 3, 4, 5)]
    # Up to `end` the data runs to March 15: March is not complete.
    assert list(complete_months(history, end=date(2026, 4, 29))) == [pd.Timestamp("2026-02-01")]


def test_a_history_growing_more_active_month_by_month_is_improving():
    # Active on 2, 4, ..., 16 days of each month from February to September.
    rows = [row("2026-01-01")]
    for i, month in enumerate(range(2, 10)):
        rows += [row(f"2026-{month:02d}-{d:02d}") for d in range(1, 2 * (i + 1) + 1)]
    rows += [row("2026-09-30")]
    got = factor_trends(make_history(rows)).set_index("factor")
    assert got.loc["activity", "verdict"] == "improving"
    assert got.loc["activity", "sureness"] == "very_sure"
    assert got.loc["activity", "months"] == 9  # January to September, every one complete
    assert got.loc["activity", "slope"] > 0
    assert "history_months" not in got.index and "income_stability" not in got.index


def test_no_history_gives_an_empty_table():
    assert factor_trends(None).empty
    assert list(factor_trends(None).columns) == [
        "factor",
        "verdict",
        "sureness",
        "slope",
        "p_value",
        "months",
        "first_month",
        "last_month",
    ]
