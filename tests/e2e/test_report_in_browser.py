"""The report and the Plan page in a real browser: the report opens offline with no request and
no console error, user text stays inert, it prints on A4; the page gives plans for a sample
persona, downloads the report and reads it back. Screenshots land in artifacts/screenshots/."""

from __future__ import annotations

from datetime import date

import pytest

from limitlens import model
from limitlens.factors import compute_factors
from limitlens.i18n import LANGS, t
from limitlens.plan.presenter import plan_state, report_html
from limitlens.report import read_snapshot
from tests.app.test_plan_page import SEVERAL_PLANS, halfway_target
from tests.conftest import ROOT
from tests.e2e.conftest import (
    COLD_MS,
    SHOTS,
    act_until,
    open_offline,
    open_page,
    pdf_pages,
    screenshot,
    use_persona,
    wait_idle,
)
from tests.history_builder import make_history, row

TOP = model.product_range()[1]  # the highest limit: a target no plan passes

pytestmark = pytest.mark.e2e

EVIL = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"
SECTIONS = ("summary", "factors", "charts", "plan", "comparison", "method")
A4_CSS_PX = (210 - 2 * 12) / 25.4 * 96  # printable width between the report's 12 mm margins


def _report(lang: str, tmp_path) -> tuple[str, object]:
    rows = [
        row(f"2026-{m:02d}-10", 8800, "in", category="income", counterparty=EVIL)
        for m in range(1, 11)
    ]
    rows += [row("2026-06-01", 1500, "out", counterparty="房东")]
    history = make_history(rows)
    first_fs = compute_factors(history, {"sesame_score": 660, "inquiries_6m": 5})
    first = report_html(
        first_fs, history, plan_state(first_fs.values, 50_000, 3), lang, date(2026, 10, 20)
    )
    fs = compute_factors(history, {"sesame_score": 690, "inquiries_6m": 2})
    text = report_html(
        fs,
        history,
        plan_state(fs.values, 50_000, 3),
        lang,
        date(2026, 11, 29),
        read_snapshot(first.encode()),
        include_personal=True,  # the payers' names: where user text shows in a report
    )
    path = tmp_path / f"report-{lang}.html"
    path.write_text(text, encoding="utf-8")
    return text, path


@pytest.mark.parametrize("lang", LANGS)
def test_report_opens_offline_clean_inert_and_prints_on_a4(browser, lang, tmp_path):
    _, path = _report(lang, tmp_path)
    page, errors, requests = open_offline(browser, path, {"width": 900, "height": 1200})
    try:
        charts = page.locator(".chart")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chart')].every(c => c.querySelector('.main-svg'))"
        )
        assert charts.count() == 3  # now vs. plan, points, projection
        assert [u for u in requests if u != path.as_uri()] == [] and errors == []
        for sid in SECTIONS:
            heading = page.locator(f"section#{sid} h2").inner_text()
            assert heading == t(lang, f"report.section.{sid}")
        assert page.locator("#disclaimer").inner_text().strip() == t(lang, "ui.disclaimer")
        assert page.evaluate("window.__pwned") is None  # the counterparty stayed text
        assert "<script>window.__pwned = 1</script>" in page.locator("#factors").inner_text()
        assert page.locator("#factors img").count() == 0

        page.emulate_media(media="print")
        page.set_viewport_size({"width": int(A4_CSS_PX), "height": 1200})
        for box in (charts.nth(i).bounding_box() for i in range(charts.count())):
            assert box["x"] >= 0 and box["x"] + box["width"] <= A4_CSS_PX + 1  # not cut
        pdf = SHOTS / f"report-{lang}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf.stat().st_size > 10_000
        assert pdf_pages(pdf, f"report-{lang}-print", dpi=70)
    finally:
        page.context.close()


def reached_text(lang: str, target: int) -> str:
    """The part of the "first reaches" sentence that names the target."""
    sentence = t(lang, "plan.reached_in", target=f"¥{target:,}", month="§", when="§")
    return next(part for part in sentence.split("§") if f"¥{target:,}" in part)


def _plan_page(browser, server, lang: str, width: int, persona: str, target: int, until: str):
    """Home -> a sample persona -> Plan page -> a target, until the page shows `until` (text
    only the run for that target shows), then the viewport at `width` (the navigation is in the
    sidebar, which a phone hides); returns (page, errors)."""
    page, errors = open_page(browser, f"{server.url}/?lang={lang}")
    use_persona(page, lang, persona)
    link = page.get_by_role("link", name=t(lang, "ui.nav.plan")).first
    act_until(
        page,
        link.click,
        lambda: page.wait_for_url("**/plan**", timeout=60_000),
        lambda: "/plan" in page.url,
        "opened the Plan page from its link",
    )
    wait_idle(page, timeout=COLD_MS)
    box = page.locator(".st-key-ll_plan_target_w input")
    shown = "m => document.body.innerText.includes(m)"

    def type_target() -> None:
        box.fill(str(target))
        box.press("Enter")

    act_until(
        page,
        type_target,
        lambda: page.wait_for_function(shown, arg=until, timeout=20_000),
        lambda: page.evaluate(shown, until),
        f"showed {until!r} for target {target}",
    )
    wait_idle(page)
    if width != 1280:
        page.set_viewport_size({"width": width, "height": 900})
        wait_idle(page)
    return page, errors


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [1280, 390])
def test_plan_page_with_a_persona_is_photographed(browser, server, lang, width):
    target = halfway_target(SEVERAL_PLANS)
    page, errors = _plan_page(
        browser, server, lang, width, SEVERAL_PLANS, target, reached_text(lang, target)
    )
    try:
        body = page.inner_text("body")
        for n in (1, 2):  # at least two genuinely different plans for this sample
            assert t(lang, "plan.plan_name", n=n) in body
        assert t(lang, "plan.actions_title") in body
        reached = t(lang, "plan.reached_in", target=f"¥{target:,}", month="§", when="")
        assert reached.split("§")[0] in body  # the month the target is first reached is named
        assert page.locator("[data-testid=stPlotlyChart]").count() == 1
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
        screenshot(page, SHOTS / f"plan-{lang}-{width}-persona.png")
    finally:
        page.context.close()


def test_an_out_of_reach_target_in_the_browser(browser, server):
    unreachable = t("zh", "plan.unreachable", count=3, max="")[:16]
    page, errors = _plan_page(browser, server, "zh", 1280, "new_graduate", TOP, unreachable)
    try:
        alert = page.locator("[data-testid=stAlertContentWarning]").first.inner_text()
        assert unreachable in alert
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
        screenshot(page, SHOTS / "plan-zh-1280-unreachable.png")
    finally:
        page.context.close()


def test_download_the_report_and_bring_it_back(browser, server, tmp_path):
    target = halfway_target(SEVERAL_PLANS)
    page, errors = _plan_page(
        browser, server, "en", 1280, SEVERAL_PLANS, target, reached_text("en", target)
    )
    try:
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=t("en", "plan.download_report")).click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.suffix == ".html"
        snap = read_snapshot(saved.read_bytes())
        assert snap.target == target and snap.plan and snap.plan["limit"]["mid"] >= target

        with page.expect_download(timeout=60_000) as csv_info:
            page.get_by_role("button", name=t("en", "plan.download_csv")).click()
        csv_info.value.save_as(tmp_path / "history.csv")
        csv = (tmp_path / "history.csv").read_bytes()
        assert csv.startswith(b"\xef\xbb\xbf") and b"row_id" not in csv.splitlines()[0]
        assert len(csv.splitlines()) > 100  # the sample's whole normalized history

        page.locator(".st-key-ll_plan_upload input[type=file]").set_input_files(str(saved))
        page.get_by_text(t("en", "plan.compared", date=snap.date.isoformat())).wait_for()
        wait_idle(page)
        then = snap.date.isoformat()
        summary = t(
            "en", "report.compare.summary", then=then, count=0, before="", after="", delta=""
        )
        assert summary[:30] in page.inner_text("body")
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
        screenshot(page, SHOTS / "plan-en-compared.png")
    finally:
        page.context.close()
    assert str(ROOT) not in saved.read_text(encoding="utf-8")  # no local paths in the file
