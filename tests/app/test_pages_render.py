"""AppTest: every page renders in both languages, with and without data, showing its own title,
the disclaimer and (with data) what the data is."""

import pytest
from streamlit.testing.v1 import AppTest

from components import pages
from limitlens.i18n import LANGS, t
from tests.conftest import ROOT

PAGES = {p.id: p.script for p in pages.PAGES}


def app_test(page: str) -> AppTest:
    """The real entry point, switched to `page` (classic pages/ mode resolves links from app.py)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "home":
        at.switch_page(PAGES[page])
    return at


def run_page(
    page: str, lang: str, persona: str | None = None, profile: dict | None = None
) -> AppTest:
    """`page` run in `lang`, with a sample persona's data and profile loaded, or (`profile`) a
    declared profile of its own."""
    at = app_test(page)
    at.query_params["lang"] = lang
    if persona:
        from components import state
        from limitlens.ingest import import_files
        from limitlens.personas import persona_bytes, persona_profile, personas

        spec = next(p for p in personas() if p.id == persona)
        at.session_state[state.IMPORT] = import_files([(spec.file, persona_bytes(persona))])
        at.session_state[state.SOURCE] = {"kind": "persona", "id": persona}
        at.session_state[state.PROFILE] = persona_profile(persona)
    if profile is not None:
        from components import state

        at.session_state[state.PROFILE] = profile
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Open the tab `label` of the tabs kept under `key` as a click does: the switch reruns the
    page, and a closed tab's content is drawn once its tab is open."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def move(at: AppTest, widget, value) -> AppTest:
    """A What-if lever moved as in the browser. The run it causes must draw the estimate's
    fragment only (the page's title is not drawn again). AppTest's tree then holds just that
    run's elements, where the browser keeps the rest of the page, so the page is run once more
    to read it whole."""
    widget.set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.title, "a lever move redrew the whole page"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_without_data(page, lang):
    at = run_page(page, lang)
    assert [el.value for el in at.title][:1] == [t(lang, f"ui.{page}.title")]
    shown = " ".join(c.value for c in at.caption)
    assert t(lang, "ui.disclaimer") in shown  # the disclaimer is on every page
    assert t(lang, "ui.status.none") in shown  # the sidebar says there is no data yet


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_a_sample_persona(page, lang):
    from components import state

    at = run_page(page, lang, persona="steady_employee")
    assert [el.value for el in at.title][:1] == [t(lang, f"ui.{page}.title")]
    shown = " ".join(c.value for c in at.caption)
    assert t(lang, "ui.disclaimer") in shown
    rows = len(at.session_state[state.IMPORT].history)
    assert t(lang, "ui.status.rows", count=rows) in shown  # the sidebar names the data in use
    assert t(lang, "ui.status.none") not in shown


def test_language_switch_is_kept_and_written_to_the_url():
    at = run_page("home", "zh")
    assert at.title[0].value == t("zh", "ui.home.title")
    at.segmented_control(key="ll_lang_widget").set_value("en").run()
    assert at.title[0].value == t("en", "ui.home.title")
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"


def test_picking_a_persona_loads_its_history_and_profile():
    at = run_page("home", "en")
    at.button(key="ll_persona_steady_employee").click().run()
    assert not at.exception
    from components import state

    assert at.session_state[state.IMPORT].history.shape[0] > 100
    assert at.session_state[state.PROFILE]["sesame_score"] >= 350
