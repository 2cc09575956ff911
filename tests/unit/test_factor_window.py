"""The factor window starts on the history's first day when the history is shorter than the
window, and the note under the window picker counts what it leaves out truthfully."""

from __future__ import annotations

from datetime import date

import pytest

from limitlens.factors import DAYS_PER_MONTH, compute_factors
from limitlens.i18n import LANGS, t
from limitlens.ingest import import_files, import_paths
from limitlens.monthly import WHOLE_HISTORY, rows_before
from tests.conftest import ROOT
from tests.history_builder import make_history, row
from tests.ingest_fixtures import a3

ALIPAY_2023 = ROOT / "tests/fixtures/alipay_app_2023style_gbk_from_double-entry-generator.csv"


def _one_month_export() -> bytes:
    """An A3 export from 2026-06-08 to 2026-07-08, as Alipay's "last month" gives it: the
    first day holds two purchases, one of them a large payment."""
    days = ["2026-06-08 09:00:00", "2026-06-08 20:00:00"]
    days += [f"2026-06-{d:02d} 12:00:00" for d in (12, 19, 26)]
    days += [f"2026-07-{d:02d} 12:00:00" for d in (3, 8)]
    rows = [
        {"time": when, "amount": "1500.00" if i == 0 else "30.00", "order": f"20260600{i:05d}"}
        for i, when in enumerate(days)
    ]
    return a3(rows)


def test_a_one_month_export_is_measured_from_its_first_day():
    history = import_files([("alipay.csv", _one_month_export())]).history
    fs = compute_factors(history, window_months=12)
    assert fs.window == (date(2026, 6, 8), date(2026, 7, 8))
    assert rows_before(history, fs.window) == 0
    # The first day's large payment is measured: 1 payment over 31 days, not 0.
    assert fs.inferred["large_payments"] == pytest.approx(DAYS_PER_MONTH / 31, abs=1e-3)


def test_a_real_six_month_export_loses_no_row_to_the_window():
    history = import_paths([ALIPAY_2023]).history
    first = history["time"].min().date()
    fs = compute_factors(history, window_months=12)
    assert fs.window[0] == first == date(2023, 1, 9)
    assert rows_before(history, fs.window) == 0


def test_rows_before_a_full_window_are_counted_exactly():
    rows = [row("2022-12-31 23:59"), row("2023-01-01 00:00"), row("2023-12-31")]
    rows += [row("2021-05-01"), row("2022-06-30")]
    history = make_history(rows)
    fs = compute_factors(history, window_months=12)
    assert fs.window == (date(2023, 1, 1), date(2023, 12, 31))
    assert rows_before(history, fs.window) == 3  # the window's first day is inside it


def test_the_whole_history_factors_are_the_ones_the_note_names():
    assert set(WHOLE_HISTORY) == {"history_months", "bank_card", "assets"}
    for lang in LANGS:
        text = t(lang, "guide.window.outside", count=3, whole="X")
        assert "3" in text and "X" in text
