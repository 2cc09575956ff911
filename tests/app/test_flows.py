"""User flows through the real pages with Streamlit's AppTest."""

import pandas as pd
import pytest

from components import guide, state, whatif_view
from components.current import last_factor_set
from components.safe_text import plain
from limitlens import catalog
from limitlens.factors import compute_factors
from limitlens.format import plural
from limitlens.i18n import LANGS, t
from tests.app.test_pages_render import PAGES, app_test, move, open_tab, run_page
from tests.conftest import ROOT


def _profile_input(at, factor_id: str):
    return next(
        w
        for w in at.number_input
        if (w.key or "").startswith("ll_pf_") and w.key.endswith(f"_{factor_id}")
    )


def _submit_profile(at) -> None:
    next(b for b in at.form_submit_button if b.label == t(_lang(at), "ui.profile.save")).click()
    at.run()


def _lang(at) -> str:
    return at.session_state[state.LANG]


def _profile_tab(at):
    """Open the Data page's profile tab, as a user does before filling the form in."""
    return open_tab(at, "ll_data_tabs", t(_lang(at), "ui.data.tab_profile"))


def test_profile_form_saves_declared_values_and_they_drive_the_factors():
    at = _profile_tab(run_page("data", "en"))
    _profile_input(at, "sesame_score").set_value(720)
    _profile_input(at, "limit").set_value(20000.0)
    _profile_input(at, "balance").set_value(5000.0)
    _submit_profile(at)
    assert not at.exception
    profile = at.session_state[state.PROFILE]
    assert profile["sesame_score"] == 720
    assert profile["utilization"] == 0.25
    assert t("en", "phone.profile.saved") in [s.value for s in at.success]


def test_balance_over_limit_is_refused_with_a_clear_message():
    at = _profile_tab(run_page("data", "zh"))
    _profile_input(at, "limit").set_value(1000.0)
    _profile_input(at, "balance").set_value(5000.0)
    _submit_profile(at)
    assert t("zh", "ui.profile.balance_over_limit") in [e.value for e in at.error]
    assert "utilization" not in at.session_state[state.PROFILE]


def test_whatif_slider_changes_the_scenario_and_binds_to_the_url():
    """Every what-if widget is bound to the address: the browser test checks that Streamlit
    writes it without a history entry per step (AppTest keeps no address bar)."""
    at = run_page("whatif", "en", persona="steady_employee")
    assert at.session_state[state.SCENARIO] == {}
    move(at, at.slider(key="ll_w_inquiries_6m"), 0)
    assert not at.exception
    assert at.session_state[state.SCENARIO]["inquiries_6m"] == 0
    assert "inquiries_6m" not in at.query_params  # no st.query_params write (a history entry)
    widgets = [*at.slider, *at.toggle, *at.selectbox]
    what_if = [w for w in widgets if (w.key or "").startswith(state.WHATIF_WIDGET)]
    assert len(what_if) == len(catalog.factors())
    assert all(w.proto.query_param_key == w.key for w in what_if)


def test_money_has_a_number_box_that_moves_its_slider():
    at = run_page("whatif", "en", persona="steady_employee")
    box = at.number_input(key="ll_w_box_income_monthly")
    assert box.value == at.slider(key="ll_w_income_monthly").value
    move(at, box, box.value + 2 * 500)
    assert at.slider(key="ll_w_income_monthly").value == box.value
    assert at.session_state[state.SCENARIO]["income_monthly"] == box.value


def test_levers_come_most_effective_first():
    from limitlens.whatif import tornado

    at = run_page("whatif", "en", persona="steady_employee")
    fs_values = last_factor_set(at.session_state).values
    swing = tornado(dict(fs_values)).set_index("factor")["swing"]
    levers = [f.id for f in whatif_view.sections()["levers"]]
    assert set(levers) <= set(swing.index)  # every lever has a swing of its own

    def page_order(widgets) -> list[str]:  # AppTest lists a type's widgets in page order
        return [
            i for w in widgets if (i := (w.key or "").removeprefix(state.WHATIF_WIDGET)) in levers
        ]

    sliders, toggles = page_order(at.slider), page_order(at.toggle)
    assert set(sliders + toggles + page_order(at.selectbox)) == set(levers)
    # swings that differ and a catalog order that is not already sorted by them: this fails
    # if the page kept the catalog's order
    assert len({swing[i] for i in sliders}) > 1
    assert sliders != [i for i in levers if i in sliders]
    for ids in (sliders, toggles):
        assert all(swing[a] >= swing[b] for a, b in zip(ids, ids[1:], strict=False)), ids


def test_whatif_link_reproduces_slider_values():
    at = app_test("whatif")
    at.query_params["lang"] = "en"
    at.query_params["sesame_score"] = "800"
    at.query_params["real_name"] = "false"
    at.run()
    assert not at.exception
    assert at.session_state[state.SCENARIO]["sesame_score"] == 800
    assert at.session_state[state.SCENARIO]["real_name"] is False
    assert at.slider(key="ll_w_sesame_score").value == 800


def test_bad_values_in_a_shared_link_are_ignored_with_a_message():
    at = app_test("whatif")
    at.query_params["lang"] = "zh"
    at.query_params["sesame_score"] = "abc"
    at.run()
    assert not at.exception
    assert any(plain("sesame_score") in w.value for w in at.warning)  # quoted as text


def test_reset_returns_to_baseline():
    at = run_page("whatif", "en", persona="new_graduate")
    move(at, at.slider(key="ll_w_sesame_score"), 800)
    assert at.session_state[state.SCENARIO]
    next(b for b in at.button if b.label == t("en", "ui.whatif.reset")).click()
    at.run()
    assert at.session_state[state.SCENARIO] == {}


def test_saving_scenarios_stops_at_five():
    at = run_page("whatif", "en")
    for i in range(5):
        at.text_input[0].set_value(f"S{i}")
        next(b for b in at.form_submit_button if b.label == t("en", "ui.whatif.save")).click()
        at.run()
    assert [s["name"] for s in at.session_state[state.SAVED]] == ["S0", "S1", "S2", "S3", "S4"]
    save = next(b for b in at.form_submit_button if b.label == t("en", "ui.whatif.save"))
    assert save.disabled
    assert t("en", "ui.whatif.saved_full", n=5) in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == 6  # "now" + five saved, compared side by side


def test_factors_page_shows_every_factor_with_charts_tables_and_csv():
    from limitlens import catalog

    at = run_page("factors", "zh", persona="multi_borrower")
    labels = [m.label for m in at.metric]
    for f in catalog.factors():
        assert f.label("zh") in labels, f.id
    from components.factor_view import TIMELINE_OPEN, _charts
    from limitlens.catalog import GROUPS

    assert len(at.get("plotly_chart")) == len(_charts().get(GROUPS[0], []))  # timeline closed
    at.session_state[TIMELINE_OPEN] = True  # the user opens the month-by-month section
    drawn = 0
    for group in GROUPS:  # a group's charts are drawn while its tab is open (lazy tabs)
        at.session_state["ll_factor_tabs"] = t("zh", f"ui.group.{group}")
        at.run()
        charts = at.get("plotly_chart")
        assert len(charts) == len(_charts().get(group, [])) + 1, group  # + the timeline
        csv_buttons = [
            b for b in at.get("download_button") if b.proto.label == t("zh", "ui.download_csv")
        ]
        assert len(csv_buttons) == len(charts)  # every chart has its data as CSV
        assert len(at.dataframe) >= len(charts)  # ... and a table alternative
        drawn += len(charts) - 1
    assert drawn == 8  # every factor chart, each in its group's tab


def test_factors_page_without_any_file_uses_the_profile():
    at = run_page("factors", "en")
    assert t("en", "ui.factors.no_data") in [i.value for i in at.info]
    assert len(at.get("plotly_chart")) == 0
    assert len(at.metric) == 4 + len(catalog.factors())  # the headline row, then every factor


def test_the_factor_window_is_kept_across_pages():
    at = run_page("factors", "en", persona="steady_employee")
    at.select_slider(key="ll_window_widget").set_value(24).run()
    assert at.session_state[state.WINDOW] == 24
    at.switch_page(PAGES["whatif"]).run()
    assert not at.exception
    history = at.session_state[state.IMPORT].history
    used = compute_factors(history, at.session_state[state.PROFILE], window_months=24)
    assert last_factor_set(at.session_state).window == used.window  # the what-if baseline
    at.switch_page(PAGES["factors"]).run()
    assert at.select_slider(key="ll_window_widget").value == 24


def test_saving_an_untouched_profile_keeps_inferred_values_inferred():
    from tests.app.test_upload import upload

    at = run_page("data", "en")
    upload(at, ("a.csv", (ROOT / "data/personas/steady_employee.csv").read_bytes()))
    _submit_profile(_profile_tab(at))
    profile = at.session_state[state.PROFILE]
    for inferable in ("income_monthly", "assets", "history_months", "bank_card", "lenders"):
        assert inferable not in profile, inferable
    # an untouched default is no answer: it stays assumed (issue 17)
    assert "sesame_score" not in profile


def test_new_data_resets_what_was_derived_from_the_old():
    at = run_page("whatif", "en", persona="steady_employee")
    move(at, at.slider(key="ll_w_inquiries_6m"), 0)
    next(b for b in at.form_submit_button if b.label == t("en", "ui.whatif.save")).click()
    at.run()
    assert at.session_state[state.SAVED] and at.session_state[state.SCENARIO]
    at.switch_page(PAGES["home"]).run()
    at.button(key="ll_persona_new_graduate").click().run()
    assert at.session_state[state.SCENARIO] == {} and at.session_state[state.SAVED] == []
    at.switch_page(PAGES["whatif"]).run()
    assert at.slider(key="ll_w_inquiries_6m").value == 1  # the graduate's own value


def test_moving_a_slider_after_opening_a_link_is_not_undone_by_the_next_rerun():
    at = app_test("whatif")
    at.query_params["lang"] = "en"
    at.query_params["sesame_score"] = "800"
    at.run()
    move(at, at.slider(key="ll_w_inquiries_6m"), 0)
    next(b for b in at.form_submit_button if b.label == t("en", "ui.whatif.save")).click()
    at.run()  # a full rerun, as a save or a language switch causes
    assert at.session_state[state.SCENARIO] == {"sesame_score": 800, "inquiries_6m": 0}
    assert at.slider(key="ll_w_inquiries_6m").value == 0


def test_an_ineligible_baseline_says_why():
    at = run_page("whatif", "en", persona="multi_borrower")
    at.session_state[state.PROFILE] = {**at.session_state[state.PROFILE], "sesame_score": 590}
    at.run()
    assert any(t("en", "model.gate.score_below_entry") in w.value for w in at.warning)


def test_chart_tables_speak_the_users_language():
    at = run_page("factors", "zh", persona="multi_borrower")
    at.session_state["ll_factor_tabs"] = t("zh", "ui.group.behaviour")  # its charts' tab
    at.run()
    tables = [d.value for d in at.dataframe]
    headers = {c for df in tables for c in df.columns}
    assert {"月份", "借款平台", "类别"} <= headers
    assert not headers & {"month", "lender", "category", "bill_type"}
    lenders = next(df for df in tables if "借款平台" in df.columns)["借款平台"]
    assert "loan_draw" not in set(lenders) and "jiebei" not in set(lenders)


def _page_links(at) -> list[str]:
    return [el.proto.label for el in at.get("page_link")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["home", "data", "factors", "whatif", "plan", "method"])
def test_every_page_ends_with_its_next_step(page, lang):
    """With a sample loaded (its profile filled in), the path runs factors -> what-if -> plan."""
    at = run_page(page, lang, persona="steady_employee")
    step = {
        "home": "factors",
        "data": "factors",
        "factors": "whatif",
        "whatif": "plan",
        "plan": "method",
        "method": "home",
    }[page]
    assert t(lang, "guide.path.title") in [m.value.strip("*") for m in at.markdown]
    assert t(lang, f"guide.path.to_{step}") in _page_links(at)


def test_export_guide_on_home_and_data_in_both_languages():
    for lang in LANGS:
        for page in ("home", "data"):
            at = run_page(page, lang)
            assert t(lang, "guide.export.title") in [e.label for e in at.expander]
            text = " ".join(m.value for m in at.markdown)
            assert t(lang, "guide.export.alipay_steps").strip()[:20] in text
            assert t(lang, "guide.export.wechat_steps").strip()[:20] in text


def test_after_an_upload_the_profile_is_prompted_with_what_each_assumed_answer_changes():
    from limitlens.paths import PERSONAS_DIR

    at = run_page("data", "en")
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at.file_uploader(key="ll_uploader").set_value([("export.csv", data, "text/csv")]).run()
    fs = last_factor_set(at.session_state)
    assumed = guide.assumed(fs)
    assert "sesame_score" in assumed and "inquiries_6m" in assumed
    text = " ".join(m.value for m in at.markdown)
    assert plural("en", "guide.profile.prompt_title", len(assumed)) in text
    # Every page now leads to the profile first.
    assert plural("en", "guide.path.to_profile", len(assumed)) in _page_links(at)
    # The button opens the profile tab, which names each assumed answer.
    next(b for b in at.button if b.label == t("en", "guide.profile.prompt_go")).click().run()
    assert at.session_state["ll_data_tabs"] == t("en", "ui.data.tab_profile")
    text = " ".join(m.value for m in at.markdown)
    for fid in assumed:
        assert catalog.by_id()[fid].label("en") in text


def test_the_window_is_explained_and_widened_in_one_click():
    from limitlens.ingest import import_files
    from limitlens.monthly import WHOLE_HISTORY
    from limitlens.personas import persona_bytes, personas

    spec = next(p for p in personas() if p.id == "steady_employee")  # two years of history
    at = app_test("factors")
    at.query_params["lang"] = "en"
    at.session_state[state.IMPORT] = import_files([(spec.file, persona_bytes(spec.id))])
    at.session_state[state.SOURCE] = {"kind": "persona", "id": spec.id}
    at.run()
    history = at.session_state[state.IMPORT].history
    fs = last_factor_set(at.session_state)
    outside = int((history["time"] < pd.Timestamp(fs.window[0])).sum())
    assert outside > 0
    notes = [i.value for i in at.info]
    whole = t("en", "ui.list_sep").join(
        catalog.by_id()[f].label("en") for f in WHOLE_HISTORY
    )  # still read them
    said = plural("en", "guide.window.outside", outside, whole=whole)
    assert any(said in n for n in notes), notes
    widen = next(b for b in at.button if b.key == "ll_widen")
    widen.click().run()
    assert at.session_state[state.WINDOW] > 12
    fs = last_factor_set(at.session_state)
    assert fs.window[0] <= history["time"].min().date()
    assert any(
        t("en", "guide.window.explain_all", start="", end="")[:12] in c.value for c in at.caption
    )
