"""The report as a document, in a real browser: at 390 px it does not scroll sideways, shows no
chart toolbar, keeps its tables readable and opens on the answer; printed on A4 every page but
the last is at least half full and chart text stays at 9 pt or more. Screenshots (390 px,
1280 px) and the printed pages as PNGs land in artifacts/screenshots/; look at them."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from limitlens.i18n import LANGS
from limitlens.ingest import import_files
from limitlens.personas import persona_bytes, persona_profile, personas
from limitlens.plan.presenter import plan_state, report_html
from limitlens.report import read_snapshot
from tests.app.test_plan_page import SEVERAL_PLANS, halfway_target, persona_factors
from tests.e2e.conftest import SHOTS, open_offline, pdf_pages

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
A4_CSS_PX = (210 - 2 * 12) / 25.4 * 96  # printable width between the report's 12 mm margins
MIN_CHART_PX = 12  # 9 pt at 96 px per inch
# Every chart drawn at its box's width (a resize redraws it a moment later).
FILLED = """() => [...document.querySelectorAll('.chart')].every(c => {
  const svg = c.querySelector('.main-svg');
  return svg && Math.abs(svg.getBoundingClientRect().width - c.clientWidth) < 2;
})"""


def _write_report(lang: str, tmp_path) -> object:
    """A sample's report with every section: a plan, its projection, and a comparison with a
    report made three months earlier with two more inquiries."""
    spec = next(p for p in personas() if p.id == SEVERAL_PLANS)
    history = import_files([(spec.file, persona_bytes(SEVERAL_PLANS))]).history
    target = halfway_target(SEVERAL_PLANS)
    fs = persona_factors(SEVERAL_PLANS)
    earlier = {**persona_profile(SEVERAL_PLANS), "inquiries_6m": fs.values["inquiries_6m"] + 2}
    from limitlens.factors import compute_factors

    old = compute_factors(history, earlier)
    first = report_html(old, history, plan_state(old.values, target, 3), lang, date(2026, 8, 20))
    state = plan_state(fs.values, target, 3, assumed=fs.assumed)
    text = report_html(fs, history, state, lang, date(2026, 11, 20), read_snapshot(first.encode()))
    path = tmp_path / f"report-{lang}.html"
    path.write_text(text, encoding="utf-8")
    return path


def _open(browser, path, viewport):
    page, errors, _ = open_offline(browser, path, viewport)
    page.wait_for_function(FILLED)
    return page, errors


def _ink_rows(png) -> tuple[int, int]:
    """(the last row with ink, the page height) of a printed page: ink is any pixel darker than
    a light grey, so a white page reads as no ink at all."""
    with Image.open(png) as img:
        gray = img.convert("L")
        width, height = gray.size
        data = gray.load()
        last = -1
        for y in range(height):
            if any(data[x, y] < 200 for x in range(0, width, 2)):
                last = y
    return last, height


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_on_a_phone_and_a_desktop(browser, lang, tmp_path):
    path = _write_report(lang, tmp_path)
    page, errors = _open(browser, path, PHONE)
    try:
        overflow = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert overflow[0] <= overflow[1], f"sideways scroll at 390 px: {overflow}"
        assert page.locator(".modebar").count() == 0  # no plotly toolbar
        for i in range(page.locator(".chart").count()):
            box = page.locator(".chart").nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        # The answer is the first screen: outcome and range, reasons, the plan in one line.
        answer = page.locator("#summary .answer").bounding_box()
        assert answer["y"] + answer["height"] <= PHONE["height"], answer
        assert page.locator("#summary .big").is_visible()
        assert page.locator("#summary .line").is_visible()
        # No column squeezed to one character per line: a short cell is one line high.
        squeezed = page.evaluate(
            """() => [...document.querySelectorAll('td.short')].filter(td => {
                const lh = parseFloat(getComputedStyle(td).lineHeight);
                return td.getBoundingClientRect().height > 2.2 * lh;
            }).map(td => td.textContent)"""
        )
        assert squeezed == []
        page.screenshot(path=SHOTS / f"report-{lang}-390-first-screen.png")
        page.screenshot(path=SHOTS / f"report-{lang}-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_function(FILLED)
        page.screenshot(path=SHOTS / f"report-{lang}-1280.png", full_page=True)
        assert errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_printed_on_a4(browser, lang, tmp_path):
    path = _write_report(lang, tmp_path)
    page, errors = _open(browser, path, {"width": 1280, "height": 900})
    try:
        page.emulate_media(media="print")
        page.set_viewport_size({"width": int(A4_CSS_PX), "height": 1100})
        page.wait_for_function(FILLED)  # the charts redrew at the page's width
        widths = page.evaluate(
            "() => [...document.querySelectorAll('.chart')].map(c => c.getBoundingClientRect().right)"
        )
        assert max(widths) <= A4_CSS_PX + 1
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.chart svg text')]"
            ".filter(t => t.textContent.trim())"
            ".map(t => parseFloat(getComputedStyle(t).fontSize))"
        )
        assert sizes and min(sizes) >= MIN_CHART_PX, sorted(sizes)[:5]
        pdf = SHOTS / f"report-{lang}-a4.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert errors == []
    finally:
        page.context.close()
    pages = pdf_pages(pdf, f"report-{lang}-a4", dpi=60)
    assert 2 <= len(pages) <= 5, len(pages)
    for png in pages[:-1]:  # every page but the last at least half full
        last, height = _ink_rows(png)
        assert last >= height / 2, f"{png.name}: ink ends at {last / height:.0%} of the page"
    last, height = _ink_rows(pages[-1])
    assert last > 0  # and no blank page at the end
