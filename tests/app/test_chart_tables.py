"""Every What-if and Plan chart has its numbers as a table beside it (the text alternative)."""

from __future__ import annotations

from components import plan_view
from limitlens import catalog
from limitlens.i18n import t
from tests.app.test_pages_render import move, run_page
from tests.app.test_plan_page import SEVERAL_PLANS, halfway_target, set_target


def _tables(at, lang: str) -> list:
    return [e for e in at.expander if e.label == t(lang, "alt.as_table") for _ in [0]]


def test_the_projection_chart_has_its_months_as_a_table():
    at = set_target(run_page("plan", "zh", persona=SEVERAL_PLANS), halfway_target(SEVERAL_PLANS))
    ps = plan_view.last_plan_state(at.session_state)
    (box,) = _tables(at, "zh")
    frame = box.dataframe[0].value
    assert len(frame) == len(ps.projection)
    assert list(frame[t("zh", "alt.mid")]) == [f"¥{int(m):,}" for m in ps.projection["mid"]]


def test_each_what_if_chart_has_its_table():
    for view, rows in (("change", 2), ("weight", None)):
        at = run_page("whatif", "en", persona="steady_employee")
        at.segmented_control(key="ll_whatif_view").set_value(view).run()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        tables = _tables(at, "en")
        assert tables, view
        if rows:
            assert len(tables[0].dataframe[0].value) == rows  # now and the what-if
    at = run_page("whatif", "en", persona="steady_employee")
    at.segmented_control(key="ll_whatif_view").set_value("change").run()
    at.run()
    move(at, at.slider(key="ll_w_inquiries_6m"), 5)
    waterfall = _tables(at, "en")[1].dataframe[0].value  # one row per factor moved
    assert list(waterfall[t("en", "alt.factor")]) == [catalog.by_id()["inquiries_6m"].label("en")]
