"""The profile form is the catalog's: every factor a person can state is there, in its own units."""

from components import state
from limitlens import catalog
from limitlens.i18n import t
from tests.app.test_pages_render import run_page


def _inputs(at) -> dict:
    """factor id -> its form widget (keys are ll_pf_<generation>_<factor id>)."""
    widgets = [*at.number_input, *at.checkbox, *at.selectbox]
    out = {}
    for w in widgets:
        key = w.key or ""
        if key.startswith("ll_pf_"):
            out[key.split("_", 3)[3]] = w
    return out


def test_every_declarable_factor_is_in_the_form():
    at = run_page("data", "en")
    declarable = {f.id for f in catalog.factors() if f.source in ("declared", "both")} - {
        "utilization"
    }  # asked as the Jiebei limit and balance instead
    assert declarable <= set(_inputs(at))
    assert "repayments_on_time" in declarable


def test_a_share_is_entered_in_percent_and_stored_as_a_share():
    at = run_page("data", "en")
    box = _inputs(at)["repayments_on_time"]
    assert box.label.endswith("(%)") and box.value == 100
    box.set_value(80)
    next(b for b in at.form_submit_button if b.label == t("en", "ui.profile.save")).click()
    at.run()
    assert at.session_state[state.PROFILE]["repayments_on_time"] == 0.8
