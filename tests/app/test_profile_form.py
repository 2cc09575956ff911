"""The profile form is the catalog's: every factor a person can state is there, in its own units,
in order of importance, and a save declares only what the user answered."""

from __future__ import annotations

from components import profile_form, state
from limitlens import catalog, model
from limitlens.factors import compute_factors
from limitlens.format import plural
from limitlens.i18n import LANGS, t
from limitlens.ingest import import_files
from limitlens.personas import persona_bytes, personas
from tests.app.test_pages_render import app_test, open_tab, run_page


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _inputs(at) -> dict:
    """factor id -> its form widget (keys are ll_pf_<generation>_<factor id>), in page order."""
    out = {}
    for w in _walk(at.main):
        key = getattr(w, "key", None) or ""
        fid = key.split("_", 3)[-1]
        if key.startswith("ll_pf_") and fid in catalog.by_id():
            out[fid] = w
    return out


def _save(at) -> None:
    next(
        b for b in at.form_submit_button if b.label == t(at.query_params["lang"], "ui.profile.save")
    ).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _form(lang: str):
    """The Data page with its profile tab opened (the form is drawn once its tab is open)."""
    return open_tab(run_page("data", lang), "ll_data_tabs", t(lang, "ui.data.tab_profile"))


def _uploaded(lang: str):
    """The Data page with a real export loaded and no profile yet, as after an upload, its
    profile tab open."""
    spec = next(p for p in personas() if p.id == "steady_employee")
    at = app_test("data")
    at.query_params["lang"] = lang
    at.session_state["ll_data_tabs"] = t(lang, "ui.data.tab_profile")
    at.session_state[state.IMPORT] = import_files([(spec.file, persona_bytes(spec.id))])
    at.session_state[state.SOURCE] = {"kind": "upload", "sig": "test"}
    at.run()
    assert not at.exception
    return at


def _estimate(at) -> tuple[tuple[str, ...], model.Estimate]:
    fs = compute_factors(at.session_state[state.IMPORT].history, at.session_state[state.PROFILE])
    return fs.assumed, model.estimate(fs.values, fs.assumed)


def _prompt(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_every_declarable_factor_is_in_the_form():
    at = _form("en")
    declarable = {f.id for f in catalog.factors() if f.source in ("declared", "both")} - {
        "utilization"
    }  # asked as the Jiebei limit and balance instead
    assert declarable <= set(_inputs(at))
    assert "repayments_on_time" in declarable


def test_the_form_asks_what_weighs_most_first():
    """On a phone the fields stack in page order: the credit record comes before the rest."""
    order = list(_inputs(_form("zh")))
    assert order[:5] == ["sesame_score", "overdue_now", "overdue_24m", "inquiries_6m", "lenders"]
    assert order.index("income_monthly") < order.index("real_name")
    assert order == [f for _, ids in profile_form.sections() for f in ids]


def test_the_form_order_lists_only_declarable_factors_once():
    listed = [f for _, ids in profile_form._listed() for f in ids]
    assert len(listed) == len(set(listed))
    assert set(listed) <= set(profile_form.form_factors())


def test_a_share_is_entered_in_percent_and_stored_as_a_share():
    at = _form("en")
    box = _inputs(at)["repayments_on_time"]
    assert box.label.endswith("(%)") and box.value is None  # not answered yet: assumed
    box.set_value(80)
    _save(at)
    assert at.session_state[state.PROFILE]["repayments_on_time"] == 0.8


def test_saving_without_changes_keeps_every_assumed_input_and_the_range():
    for lang in LANGS:
        at = _uploaded(lang)
        assumed, _ = _estimate(at)
        assert len(assumed) >= 5
        form = {f: w.value for f, w in _inputs(at).items()}
        unanswered = {f for f in assumed if form.get(f, 0) is None}
        assert len(unanswered) >= 5
        _save(at)
        # the estimate is computed from the profile: an empty one keeps it as wide as it was
        assert at.session_state[state.PROFILE] == {}
        # and the page, read after the save, still shows every input as it was, unanswered
        assert {f: w.value for f, w in _inputs(at).items()} == form
        title = plural(lang, "guide.profile.prompt_title", len(assumed))
        assert f"**{title}**" in _prompt(at)
        assert t(lang, "phone.profile.unchanged") in [i.value for i in at.info]


def test_saving_sesame_690_updates_the_prompt_in_the_same_run():
    at = _uploaded("zh")
    sesame = catalog.by_id()["sesame_score"]
    was = f"**{sesame.label('zh')}**：现按 {sesame.display_value(650, 'zh')} 计算"
    assert was in _prompt(at)
    _inputs(at)["sesame_score"].set_value(690)
    _save(at)  # one run, as one press of the button
    assert was not in _prompt(at)
    assert at.session_state[state.PROFILE] == {"sesame_score": 690}
    assumed, _ = _estimate(at)
    assert "sesame_score" not in assumed
    assert t("zh", "phone.profile.saved") in [s.value for s in at.success]


def test_typing_the_default_confirms_it():
    at = _uploaded("en")
    inquiries = catalog.by_id()["inquiries_6m"]
    assumed, _ = _estimate(at)
    assert "inquiries_6m" in assumed
    _inputs(at)["inquiries_6m"].set_value(inquiries.to_widget(inquiries.default))
    _save(at)
    assert at.session_state[state.PROFILE] == {"inquiries_6m": inquiries.default}
    confirmed, _ = _estimate(at)
    assert set(assumed) - set(confirmed) == {"inquiries_6m"}


def test_what_the_data_says_stays_inferred_on_a_save():
    at = _uploaded("en")
    fs = compute_factors(at.session_state[state.IMPORT].history, {})
    income = _inputs(at)["income_monthly"]
    assert income.value == catalog.by_id()["income_monthly"].to_widget(
        fs.inferred["income_monthly"]
    )
    _save(at)
    assert "income_monthly" not in at.session_state[state.PROFILE]


def test_answers_that_contradict_each_other_are_refused_naming_both():
    at = _uploaded("en")
    inputs = _inputs(at)
    inputs["overdue_now"].set_value(catalog.by_id()["overdue_now"].to_widget(True))
    inputs["overdue_24m"].set_value(0)
    _save(at)
    errors = " ".join(e.value for e in at.error)
    table = catalog.by_id()
    assert table["overdue_now"].label("en") in errors and table["overdue_24m"].label("en") in errors
    assert at.session_state[state.PROFILE] == {}  # nothing saved
