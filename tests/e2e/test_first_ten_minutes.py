"""The first ten minutes in a real browser, on a desktop and a 390 px phone, in both languages,
light and dark: the estimate stays in view while a slider is dragged, Back leaves What-if in one
press, each page speaks only its own language (the uploader included), and a one-row upload
draws every chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components import pages
from limitlens.format import plural
from limitlens.i18n import LANGS, t
from tests.e2e.conftest import (
    SHOTS,
    navigate,
    open_page,
    rerun,
    runs,
    screenshot,
    select_tab,
    use_persona,
    wait_for_run,
    wait_idle,
)

pytestmark = pytest.mark.e2e

SUMMARY = ".st-key-ll_whatif_summary"
PAGES = pages.ids()
# Text the user sees: visible text nodes, without icon ligatures ("upload_file") and without
# what a page deliberately shows in the other language (marked by the caller's selectors).
VISIBLE_TEXT = """(skip) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim()) continue;
    // code: identifiers and file names (a layout code, data/plan.toml), not prose
    if (el.closest('[data-testid=stIconMaterial], script, style, noscript, code')) continue;
    if (getComputedStyle(el).fontFamily.includes('Material')) continue;  // icon ligatures
    // Streamlit's skip link shows on keyboard focus only; CSS words it in the page's language.
    if (el.closest('[data-testid=stSkipToContent]')) continue;
    if (skip && el.closest(skip)) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    // Clipped to a pixel: words for screen readers only (components/shell.py), not seen.
    const box = el.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1 && getComputedStyle(el).overflow === 'hidden') continue;
    out.push(n.textContent.trim());
  }
  return out.join('\\n');
}"""
# Words a Chinese page may show: names of file formats, apps and this app's own name.
# "English" and "中文" name a language in itself, as language pickers do.
ZH_ALLOWED = {"LimitLens", "CSV", "XLSX", "ZIP", "zip", "Excel", "App", "MB", "KB", "B", "HTML"}
ZH_ALLOWED |= {"English"}
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
# ASCII punctuation touching Chinese text: "芝麻分: 700", "(天/月)" (tests/unit/test_text_style.py)
ASCII_IN_ZH = re.compile(r"[\u3400-\u9fff] ?[,;:?!()]|[,;:?!()] ?[\u3400-\u9fff]")


# Identifiers are no English: a layout code, a file path or extension, an encoding name.
IDENTIFIER = re.compile(r"[\w.-]*[_/.][\w./-]+|\b[A-Za-z]+\d[\w-]*")


def english_words(text: str) -> set[str]:
    prose = IDENTIFIER.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", prose) if w not in ZH_ALLOWED}


def in_view(page, selector: str) -> bool:
    """The element lies inside the viewport, below Streamlit's fixed header."""
    box = page.locator(selector).bounding_box()
    header = page.locator("[data-testid=stHeader]").bounding_box()
    top = header["y"] + header["height"] if header else 0
    return (
        bool(box)
        and box["y"] >= top - 1
        and box["y"] + box["height"] <= page.viewport_size["height"] + 1
    )


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [1280, 390])
def test_estimate_stays_in_view_while_the_last_slider_is_dragged(
    browser, server, width, lang, dark
):
    page, errors = open_page(
        browser, f"{server.url}/?lang={lang}", width=width, height=844, dark=dark
    )
    try:
        use_persona(page, lang)
        navigate(page, lang, "whatif")
        scenario = page.locator(SUMMARY).get_by_test_id("stMetric").nth(1)
        before = scenario.get_by_test_id("stMetricValue").inner_text()
        slider = page.locator("[data-testid=stSlider]:visible").last
        thumb = slider.get_by_role("slider")
        thumb.scroll_into_view_if_needed()
        assert in_view(page, SUMMARY), "the estimate scrolled away above the sliders"
        # The slider role sits on a hidden range input inside the knob, which sits on the track.
        knob_el = thumb.locator("xpath=../..")
        knob, bar = knob_el.bounding_box(), knob_el.locator("xpath=..").bounding_box()
        page.mouse.move(knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2)
        page.mouse.down()
        # Drag towards the other end of this slider's own track.
        right = knob["x"] < bar["x"] + bar["width"] / 2
        target = bar["x"] + bar["width"] * (0.9 if right else 0.1)
        page.mouse.move(target, knob["y"] + knob["height"] / 2, steps=8)
        assert in_view(page, SUMMARY), "the estimate is out of view during the drag"
        rerun(page, page.mouse.up)
        assert in_view(page, SUMMARY)
        after = scenario.get_by_test_id("stMetricValue").inner_text()
        assert "ll_w_" in page.url  # the drag moved the slider: the address holds its value
        mark = "dark" if dark else "light"
        page.screenshot(path=SHOTS / f"whatif-drag-{lang}-{width}-{mark}.png")
        assert before and after  # both read as money or "not eligible"
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
    finally:
        page.context.close()


EXPLAIN = ".st-key-ll_whatif_explain"


@pytest.mark.parametrize("lang", LANGS)
def test_a_lever_move_redraws_the_estimate_and_its_explanation(browser, server, lang):
    """A move reruns only the estimate's fragment: the scenario's estimate, its range and the
    reasons change in place; the baseline stays; each explanation can be picked."""
    from limitlens.personas import persona_profile

    page, errors = open_page(browser, f"{server.url}/?lang={lang}", width=1280, height=900)
    try:
        use_persona(page, lang)
        navigate(page, lang, "whatif")
        metrics = page.locator(SUMMARY).get_by_test_id("stMetricValue")
        expect(metrics).to_have_count(2)
        now, before = metrics.nth(0).inner_text(), metrics.nth(1).inner_text()
        reasons = page.locator(EXPLAIN).inner_text()
        assert "+¥" in reasons  # the reasons, each with its yuan gain, are the first view
        thumb = page.locator(".st-key-ll_w_inquiries_6m").get_by_role("slider")
        thumb.scroll_into_view_if_needed()
        assert int(thumb.input_value()) == persona_profile("steady_employee")["inquiries_6m"]
        rerun(page, lambda: thumb.press("End"))  # the most inquiries: a lower estimate
        expect(metrics.nth(1)).not_to_have_text(before)
        assert metrics.nth(0).inner_text() == now  # the baseline did not move
        delta = page.locator(SUMMARY).get_by_test_id("stMetricDelta")
        expect(delta).to_be_visible()
        assert page.locator(EXPLAIN).inner_text() != reasons  # the reasons follow the move
        picker = page.locator(".st-key-ll_whatif_view")
        for view in ("change", "weight"):
            label = t(lang, f"ui.whatif.view_{view}")
            rerun(page, lambda label=label: picker.get_by_text(label, exact=True).click())
            expect(page.locator(EXPLAIN).locator(".js-plotly-plot").last).to_be_visible()
        screenshot(page, SHOTS / f"whatif-moved-{lang}.png")
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
    finally:
        page.context.close()


IN_ADDRESS = """v => [...new URLSearchParams(location.search)]
  .some(([k, x]) => k.startsWith('ll_w_') && Number(x) === Number(v))"""


def step_slider(page, thumb, key: str) -> None:
    """One key step of a slider, until the address bar holds the new value and the run the move
    started has finished. A rerun still redrawing the slider can swallow the key (the value
    stays put): then press again, at most three times."""
    for _ in range(3):
        start, before = thumb.input_value(), runs(page)
        thumb.press(key)  # focuses the (possibly redrawn) slider and presses in one action
        wait_idle(page)
        moved = thumb.input_value()
        if moved != start:
            page.wait_for_function(IN_ADDRESS, arg=moved, timeout=45_000)
            wait_for_run(page, before, timeout=45_000)
            wait_idle(page)
            return
    raise AssertionError(f"three {key} presses never reached the slider")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", LANGS)
def test_back_from_whatif_reaches_the_previous_page_in_one_press(browser, server, lang, width):
    page, errors = open_page(browser, f"{server.url}/factors?lang={lang}", width=width)
    try:
        link = page.get_by_role("link", name=t(lang, "guide.path.to_whatif"))
        link.last.click()
        page.wait_for_url("**/whatif**")
        wait_idle(page)
        thumb = page.locator("[data-testid=stSlider]:visible").first.get_by_role("slider")
        thumb.scroll_into_view_if_needed()
        for _ in range(4):  # four steps, each away from the end the slider is at
            at_max = thumb.input_value() == thumb.get_attribute("max")
            step_slider(page, thumb, "ArrowLeft" if at_max else "ArrowRight")
        assert "ll_w_" in page.url  # the address bar holds the moved value
        page.go_back()
        page.wait_for_url("**/factors**")
        wait_idle(page)
        expect(page.locator("h1").first).to_have_text(t(lang, "ui.factors.title"))
        assert errors == []
    finally:
        page.context.close()


def test_each_page_speaks_only_its_language(browser, server):
    """No English on Chinese pages (the uploader's own words included) and no Chinese on English
    pages, except user data and what is Chinese on purpose: the app menus the export guide
    names, and the sample's made-up counterparties."""
    from limitlens.personas import personas

    sample_file = personas()[0].file
    problems = []
    for lang in LANGS:
        page, errors = open_page(browser, f"{server.url}/?lang={lang}")
        try:
            use_persona(page, lang)
            for path in PAGES:
                navigate(page, lang, path)
                for expander in page.get_by_test_id("stExpander").all():
                    if expander.is_visible() and not expander.locator("details[open]").count():
                        expander.locator("summary").click()
                # The language switch names each language in itself; the export guide names
                # the Chinese apps' menus on purpose, in both languages.
                skip = ".st-key-ll_lang_widget" + (
                    ", .st-key-ll_export_guide" if lang == "en" else ""
                )
                text = page.evaluate(VISIBLE_TEXT, skip)
                text = text.replace(sample_file, "")  # the sample's own file name: user data
                if lang == "zh" and english_words(text):
                    lines = [line for line in text.splitlines() if english_words(line)]
                    problems.append((lang, path, lines[:6]))
                if lang == "zh" and ASCII_IN_ZH.search(text):
                    lines = [line for line in text.splitlines() if ASCII_IN_ZH.search(line)]
                    problems.append((lang, path, lines[:8]))
                text = text.replace("中文", "")
                if lang == "en" and CJK.search(text):
                    lines = [line for line in text.splitlines() if CJK.search(line)]
                    problems.append((lang, path, lines[:8]))
            assert errors == []
        finally:
            page.context.close()
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_uploader_speaks_the_page_language(browser, server, lang):
    page, errors = open_page(browser, f"{server.url}/data?lang={lang}", width=390)
    try:
        zone = page.get_by_test_id("stFileUploaderDropzone")
        # The words come from CSS (::after): wait until the style has applied.
        words = """([button, limit]) => {
          const zone = document.querySelector('[data-testid=stFileUploaderDropzone]');
          const md = zone && zone.querySelector('button [data-testid=stMarkdownContainer]');
          const note = zone && zone.querySelector(
            '[data-testid=stFileUploaderDropzoneInstructions] > div');
          if (!md || !note) return false;
          const after = (el) => getComputedStyle(el, '::after').content.replace(/^"|"$/g, '');
          return after(md) === button && after(note) === limit;
        }"""
        button, limit = t(lang, "guide.uploader.button"), t(lang, "guide.uploader.limit", mb=20)
        page.wait_for_function(words, arg=[button, limit], timeout=10_000)
        assert zone.get_by_role("button").filter(visible=True).count() >= 1
        if lang == "zh":
            shown = page.evaluate(VISIBLE_TEXT, None)
            assert "Upload" not in shown and "per file" not in shown
        # A PDF is taken in and refused in the page's language, with the next step.
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            [{"name": "statement.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
        )
        error = page.get_by_test_id("stAlertContentError").first
        expect(error).to_be_visible()
        wait_idle(page)
        assert "not allowed" not in page.inner_text("body")
        text = error.inner_text()
        assert (CJK.search(text) is not None) == (lang == "zh"), text
        assert errors == []
    finally:
        page.context.close()


ONE_ROW = "time,amount,direction,category,counterparty,description,method,status\n" + (
    "2026-03-21 05:36:21,2600.00,out,,家具店,沙发,余额,success\n"
)


@pytest.mark.parametrize("lang", LANGS)
def test_a_one_row_upload_draws_every_chart(browser, server, lang):
    page, errors = open_page(browser, f"{server.url}/data?lang={lang}", width=390)
    try:
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            [{"name": "one.csv", "mimeType": "text/csv", "buffer": ONE_ROW.encode()}]
        )
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text(plural(lang, "ui.status.rows", 1))
        wait_idle(page)
        navigate(page, lang, "factors")
        from components.factor_view import _charts

        for group, specs in _charts().items():
            select_tab(page, t(lang, f"ui.group.{group}"))  # its charts are drawn when opened
            panel = page.get_by_role("tabpanel").filter(visible=True).first
            charts = panel.get_by_test_id("stPlotlyChart").filter(visible=True)
            expect(charts).to_have_count(len(specs))
            for i in range(len(specs)):
                expect(charts.nth(i).locator(".main-svg").first).to_be_attached()
            screenshot(page, SHOTS / f"factors-one-row-{group}-{lang}-390.png")
            page.set_viewport_size({"width": 390, "height": 844})
        # The month-by-month section is computed once opened.
        months = page.get_by_test_id("stExpander").filter(
            has_text=t(lang, "ui.factors.timeline_title")
        )
        rerun(page, months.locator("summary").click)
        expect(months.get_by_test_id("stPlotlyChart").locator(".main-svg").first).to_be_attached()
        chart_text = page.evaluate(VISIBLE_TEXT, None)
        assert "NaN" not in chart_text and "Invalid" not in chart_text
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
    finally:
        page.context.close()
