"""The rules a `Factor` owns (issue 20): reading a value strictly (a person typed it) or leniently
(the model is fed it), clamping, the step grid, widget units, and the flags that come from data
(money, time-only) rather than from the unit text or a list in a view."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from limitlens import catalog
from tests.conftest import ROOT

NUMBERS = [f for f in catalog.factors() if f.kind == "number"]
finite = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)


def _on_grid(f: catalog.Factor, x: float) -> bool:
    k = (x - f.min) / f.step
    return abs(k - round(k)) < 1e-6


# ---------------------------------------------------------------- strict vs lenient


@given(f=st.sampled_from(NUMBERS), x=finite)
def test_a_typed_number_out_of_range_is_refused_but_the_model_clamps_it(f, x):
    if f.min <= x <= f.max:
        assert f.parse(x) == f.coerce(x) == x
        return
    with pytest.raises(ValueError, match=f"{f.id} must be between"):
        f.parse(x)
    assert f.coerce(x) == (f.min if x < f.min else f.max)


@pytest.mark.parametrize("f", NUMBERS, ids=lambda f: f.id)
def test_typed_text_reads_the_same_in_both_modes(f):
    text = f"{f.max:,.0f} "  # thousands separators and a stray space, as people type
    assert f.parse(text) == f.coerce(text) == float(f.max)
    for bad in ("abc", "", "nan", "1e999x"):
        with pytest.raises(ValueError, match=f"{f.id} takes a number"):
            f.parse(bad)
        with pytest.raises(ValueError, match=f"{f.id} takes a number"):
            f.coerce(bad)


@pytest.mark.parametrize("f", catalog.factors(), ids=lambda f: f.id)
def test_missing_is_the_default_for_the_model_and_an_error_for_a_person(f):
    assert f.coerce(None) == f.default
    assert f.coerce(math.nan) == f.default
    with pytest.raises(ValueError, match=f.id):
        f.parse(None)


def test_a_yes_no_is_a_number_only_to_the_model():
    f = catalog.by_id()["inquiries_6m"]
    assert f.coerce(True) == 1.0
    with pytest.raises(ValueError, match="takes a number"):
        f.parse(True)


def _cells(f: catalog.Factor) -> st.SearchStrategy:
    if f.kind == "number":
        return st.one_of(st.none(), finite, finite.map(str))
    if f.kind == "bool":
        return st.one_of(st.none(), st.booleans(), st.sampled_from(sorted(catalog.BOOL_WORDS)))
    return st.one_of(st.none(), st.sampled_from(f.options))


@given(data=st.data(), f=st.sampled_from(catalog.factors()))
def test_a_column_reads_exactly_as_its_cells_one_by_one(data, f):
    cells = data.draw(st.lists(_cells(f), min_size=1, max_size=8))
    column = f.coerce_column(pd.Series(cells, dtype=object))
    assert list(column) == [f.coerce(c) for c in cells]


@pytest.mark.parametrize("f", catalog.factors(), ids=lambda f: f.id)
def test_a_column_with_a_wrong_cell_names_the_factor(f):
    with pytest.raises(ValueError, match=f.id):
        f.coerce_column(pd.Series([f.default, "certainly-not-a-value"], dtype=object))


def test_user_typed_values_are_refused_with_a_message_not_clamped():
    """--set on the command line reads strictly: an impossible Sesame score is an error that
    names the range, not a silent 950."""
    done = subprocess.run(
        [sys.executable, "-m", "limitlens", "estimate", "--set", "sesame_score=5000"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode != 0
    assert "between 350 and 950" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- bounds and the step grid


@given(f=st.sampled_from(NUMBERS), x=finite)
def test_snap_lands_on_the_grid_within_bounds_nearest_first(f, x):
    near, up, down = f.snap(x), f.snap(x, "up"), f.snap(x, "down")
    held = f.clamp(x)
    for s in (near, up, down):
        assert f.min <= s <= f.max and _on_grid(f, s)
        assert f.snap(s) == s  # a grid value stays put
    assert abs(near - held) <= f.step / 2 + 1e-9
    assert down <= held + 1e-9 and up >= held - 1e-9


@given(f=st.sampled_from(NUMBERS), a=finite, b=finite)
def test_grid_steps_from_one_value_toward_another(f, a, b):
    a, b = f.snap(a), f.snap(b)
    values = f.grid(a, b)
    if a == b:
        assert values == []
        return
    assert values[-1] == pytest.approx(b)
    sign = 1 if b > a else -1
    assert all(sign * (v - a) > 0 and _on_grid(f, v) for v in values)
    assert all(
        sign * (w - v) == pytest.approx(f.step) for v, w in zip(values, values[1:], strict=False)
    )


@given(data=st.data(), f=st.sampled_from(NUMBERS))
def test_widget_units_round_trip_on_the_grid(data, f):
    k = data.draw(st.integers(0, round((f.max - f.min) / f.step)))
    v = f.snap(f.min + k * f.step)
    shown = f.snap_widget(v)
    assert shown == f.to_widget(v)
    assert f.from_widget(shown) == pytest.approx(v)
    low, high, _ = f.widget_bounds()
    assert low <= shown <= high


def test_shares_read_in_whole_percent():
    f = catalog.by_id()["bills_on_time"]
    assert f.to_widget(0.85) == 85 and f.from_widget(85) == pytest.approx(0.85)
    assert f.snap_widget(0.33) == 35  # on the 5 % grid
    assert f.range_text() == "0–100%" and f.number_text(0.85) == "85%" and f.unit("en") == "%"
    assert f.widget == "percent" and f.widget_format() == "%d%%"
    assert catalog.by_id()["sesame_score"].range_text() == "350–950"


# ---------------------------------------------------------------- flags from data


@pytest.mark.parametrize("f", NUMBERS, ids=lambda f: f.id)
def test_money_is_a_data_flag_that_agrees_with_the_unit(f):
    """`money = true` in factors.toml, not guessed from the unit: and the two never disagree."""
    names_yuan = f.text["zh"]["unit"].startswith("元") or f.text["en"]["unit"].startswith("CNY")
    assert f.money == names_yuan
    assert ("¥" in f.display_value(f.max, "en")) == f.money
    assert (f.widget == "money") == f.money


def test_money_formats_follow_the_flag():
    income = catalog.by_id()["income_monthly"]
    assert income.chart_formats("y") == ("¥%{y:,.0f}", ",.0f")
    plain = dataclasses.replace(income, money=False)
    assert "¥" not in plain.display_value(12000, "zh") and "¥" not in plain.chart_formats("y")[0]


def test_time_only_factors_come_from_data_and_are_no_levers(monkeypatch):
    from components import whatif_view

    sections = whatif_view.sections()
    time_ids = {f.id for f in sections["time"]}
    assert {"overdue_24m", "history_months"} <= time_ids
    assert {f.id for f in catalog.factors() if f.time_only} <= time_ids
    lever = sections["levers"][0]
    flagged = tuple(
        dataclasses.replace(f, time_only=True) if f.id == lever.id else f for f in catalog.factors()
    )
    monkeypatch.setattr(catalog, "factors", lambda: flagged)
    after = whatif_view.sections()
    assert lever.id in {f.id for f in after["time"]}
    assert lever.id not in {f.id for f in after["levers"]}
