"""The What-if scenario's rules, apart from the page: a value on its widget's grid, and the diff
from a baseline that holds only what moved — read back, it gives the widgets what they showed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens import catalog, scenario
from tests.budget import examples
from tests.strategies import factor_value

FACTORS = catalog.factors()


values = st.fixed_dictionaries({f.id: factor_value(f) for f in FACTORS})
moves = st.lists(st.sampled_from(FACTORS), unique_by=lambda f: f.id).flatmap(
    lambda fs: st.fixed_dictionaries({f.id: factor_value(f) for f in fs})
)


# No clock in a test: a busy machine makes drawing 22 values slow, not wrong.
UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


def _widgets(vals: dict) -> dict:
    return {fid: catalog.by_id()[fid].snap_widget(v) for fid, v in vals.items()}


@settings(max_examples=examples(300), **UNTIMED)
@given(values, moves)
def test_the_diff_holds_exactly_the_moved_widgets_and_reads_back_to_them(baseline, moved):
    shown = _widgets({**baseline, **moved})
    changed = scenario.changes(shown, baseline)
    at_baseline = _widgets(baseline)
    assert set(changed) == {fid for fid in shown if shown[fid] != at_baseline[fid]}
    assert set(changed) <= set(moved)  # an untouched widget is never a change
    # the scenario drawn again puts every widget where it was
    assert _widgets({**baseline, **changed}) == shown
    for fid, v in changed.items():
        assert catalog.by_id()[fid].parse(v) == v  # a valid value in the factor's own units


@settings(**UNTIMED)
@given(values)
def test_nothing_moved_is_no_change(baseline):
    assert scenario.changes(_widgets(baseline), baseline) == {}


@settings(max_examples=examples(300), **UNTIMED)
@given(st.sampled_from(FACTORS).flatmap(lambda f: st.tuples(st.just(f), factor_value(f))))
def test_a_snapped_value_is_on_the_grid_and_stays_put(pair):
    f, v = pair
    snapped = f.snap_widget(v)
    assert f.snap_widget(f.from_widget(snapped)) == snapped
    if f.kind == "number":
        low, high, step = f.widget_bounds()
        assert low <= snapped <= high
        assert abs(round((snapped - low) / step) * step + low - snapped) < 1e-6


def test_a_measured_value_shown_rounded_is_not_a_move():
    income = catalog.by_id()["income_monthly"]
    baseline = {"income_monthly": 14975.99}
    shown = {"income_monthly": income.snap_widget(14975.99)}
    assert shown["income_monthly"] != 14975.99  # the widget shows it on its grid
    assert scenario.changes(shown, baseline) == {}
    assert scenario.changes({"utilization": 30}, {"utilization": 0.85}) == {"utilization": 0.3}
