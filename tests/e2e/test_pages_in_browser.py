"""Every page in a real browser: deep links on a fresh server, no exceptions, a clean console,
and screenshots in both languages at desktop and phone width (artifacts/screenshots/)."""

from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components import pages
from limitlens.format import plural
from limitlens.i18n import LANGS, t
from tests.e2e.conftest import (
    SHOTS,
    open_page,
    rerun,
    screenshot,
    select_tab,
    use_persona,
    wait_idle,
)

pytestmark = pytest.mark.e2e

PAGES = {p.id: p.url for p in pages.PAGES}


def assert_clean(page, errors) -> None:
    assert page.locator("[data-testid=stException]").count() == 0, page.locator(
        "[data-testid=stException]"
    ).first.inner_text()
    assert errors == [], errors


@pytest.mark.parametrize("page_id", list(PAGES))
def test_deep_link_is_the_first_request_to_a_fresh_server(browser, fresh_server, page_id):
    page, errors = open_page(browser, f"{fresh_server.url}/{PAGES[page_id]}?lang=en")
    try:
        assert page.locator("h1").first.inner_text().strip() == t("en", f"ui.{page_id}.title")
        assert_clean(page, errors)
    except AssertionError:
        print(fresh_server.output())
        raise
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_renders_and_is_photographed(browser, server, lang, width):
    for page_id, path in PAGES.items():
        page, errors = open_page(browser, f"{server.url}/{path}?lang={lang}", width=width)
        try:
            assert page.locator("h1").first.inner_text().strip() == t(lang, f"ui.{page_id}.title")
            assert t(lang, "ui.disclaimer")[:12] in page.inner_text("body")
            assert_clean(page, errors)
            screenshot(page, SHOTS / f"{page_id}-{lang}-{width}.png")
        finally:
            page.context.close()


def test_language_kept_when_moving_between_pages(browser, server):
    page, errors = open_page(browser, f"{server.url}/?lang=en")
    try:
        page.get_by_role("link", name=t("en", "ui.nav.method")).first.click()
        wait_idle(page)
        page.wait_for_url("**/method**")
        assert page.locator("h1").first.inner_text().strip() == t("en", "ui.method.title")
        assert "lang=en" in page.url
        assert_clean(page, errors)
    finally:
        page.context.close()


def test_sample_persona_flow_in_the_browser(browser, server):
    """A newcomer picks a sample on Home and every data page shows it, screenshots included."""
    for lang in LANGS:
        page, errors = open_page(browser, f"{server.url}/?lang={lang}")
        try:
            use_persona(page, lang)
            for page_id in ("data", "factors", "whatif", "plan"):
                page.get_by_role("link", name=t(lang, f"ui.nav.{page_id}")).first.click()
                page.wait_for_url(f"**/{page_id}**")
                wait_idle(page)
                assert page.locator("h1").first.inner_text().strip() == t(
                    lang, f"ui.{page_id}.title"
                )
                screenshot(page, SHOTS / f"{page_id}-{lang}-persona.png")
                page.set_viewport_size({"width": 1280, "height": 900})
            assert_clean(page, errors)
        finally:
            page.context.close()


@pytest.mark.parametrize(("locale", "lang"), [("en-US", "en"), ("zh-CN", "zh")])
def test_browser_language_picks_the_default(browser, server, locale, lang):
    page, errors = open_page(browser, f"{server.url}/factors", locale=locale)
    try:
        assert page.locator("h1").first.inner_text().strip() == t(lang, "ui.factors.title")
        assert_clean(page, errors)
    finally:
        page.context.close()


def test_switching_language_on_a_page(browser, server):
    page, errors = open_page(browser, f"{server.url}/method?lang=zh")
    try:
        page.locator("[data-testid=stMain]").get_by_text("English", exact=True).click()
        page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
            arg=t("en", "ui.method.title"),
        )
        wait_idle(page)
        assert "lang=en" in page.url
        assert_clean(page, errors)
    finally:
        page.context.close()


def test_upload_real_exports_in_the_browser(browser, server):
    """A user uploads an Alipay and a WeChat export plus a file that is not one."""
    from limitlens.paths import PERSONAS_DIR
    from tests import ingest_fixtures as F

    for lang in LANGS:
        page, errors = open_page(browser, f"{server.url}/data?lang={lang}")
        try:
            page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
                [
                    {
                        "name": "alipay.csv",
                        "mimeType": "text/csv",
                        "buffer": (PERSONAS_DIR / "self_employed.csv").read_bytes(),
                    },
                    {
                        "name": "wechat.csv",
                        "mimeType": "text/csv",
                        "buffer": (PERSONAS_DIR / "wechat_employee.csv").read_bytes(),
                    },
                    {"name": "ledger.csv", "mimeType": "text/csv", "buffer": F.ledger()},
                ]
            )
            page.get_by_text(t(lang, "ui.data.preview_title")).first.wait_for(timeout=30_000)
            wait_idle(page)
            body = page.inner_text("body")
            assert t(lang, "ui.layout.alipay_app_a3") in body
            assert t(lang, "ui.layout.wechat_csv_w1") in body
            assert "记账本" in page.locator("[data-testid=stAlertContentError]").first.inner_text()
            sidebar = page.locator("[data-testid=stSidebar]").inner_text()
            assert t(lang, "ui.status.upload") in sidebar
            # The merged history's CSV is written when the button is clicked (deferred data).
            with page.expect_download() as download:
                page.locator(".st-key-ll_dl_history button").click()
            got = Path(download.value.path()).read_bytes()
            assert got.startswith(b"\xef\xbb\xbf") and len(got.splitlines()) > 100
            assert_clean(page, errors)
            screenshot(page, SHOTS / f"data-{lang}-upload.png")
        finally:
            page.context.close()


def _add_row(grid) -> None:
    """Point at the grid (its toolbar shows while the pointer is over it) and click "Add row".
    On a busy machine the pointed-at toolbar was left under the grid's canvas for the whole
    click timeout (2 of 7 runs under load since the app loads element code in idle time, ~1 s
    after a page is drawn; it had happened before too): a user points again, and so does this."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        grid.hover()
        try:
            grid.get_by_role("button", name="Add row").click(timeout=10_000)
            return
        except PlaywrightTimeout:
            continue  # no click happened: pointing again is safe
    raise AssertionError("the grid's Add row button never took a click")


def test_typing_a_transaction_by_hand(browser, server):
    """The data editor, by keyboard as a user types: add a row, type each cell, move on with Tab.
    Every typed value is kept, empty cells stay empty, and the app runs on that one row."""
    for lang in LANGS:
        page, errors = open_page(browser, f"{server.url}/data?lang={lang}")
        try:
            select_tab(page, t(lang, "ui.data.tab_manual"))
            grid = page.locator("[data-testid=stDataFrame]").first
            grid.scroll_into_view_if_needed()  # the cell editor opens over a visible cell only
            # The new row is complete at once (spending by default), so it reruns the script.
            rerun(page, partial(_add_row, grid))
            # The grid draws on a canvas; its accessible table (kept off-screen) names the cells.
            first = (
                grid.get_by_role("grid", include_hidden=True)
                .get_by_role("row", include_hidden=True)
                .nth(1)
                .get_by_role("gridcell", include_hidden=True)
            )
            first.first.wait_for(state="attached")
            first.first.focus()
            editor = page.locator("#portal textarea, #portal input").first
            for value in ("2026-10-01 12:00", "88.5"):
                page.keyboard.press("Enter")  # opens the cell's editor
                editor.wait_for()
                editor.fill(value)
                rerun(page, partial(page.keyboard.press, "Tab"))  # commits, moves right
            # This row is money received (a new row starts as spending).
            page.keyboard.press("Enter")
            editor.wait_for()
            editor.fill(t(lang, "ui.direction.in"))
            page.get_by_role("option", name=t(lang, "ui.direction.in"), exact=True).wait_for()
            rerun(page, partial(page.keyboard.press, "Enter"))
            cells = [c.strip() for c in first.all_inner_texts()]
            assert cells[:3] == ["2026-10-01 12:00", "88.5", "in"], cells
            assert "None" not in grid.inner_text()
            # A closed tab is drawn once opened; a typed row keeps it drawn behind another tab.
            select_tab(page, t(lang, "ui.data.tab_upload"))
            select_tab(page, t(lang, "ui.data.tab_manual"))
            assert [c.strip() for c in first.all_inner_texts()][:3] == cells[:3]
            page.get_by_role("button", name=t(lang, "ui.data.manual_use")).click()
            sidebar = page.locator("[data-testid=stSidebar]")
            expect(sidebar).to_contain_text(t(lang, "ui.status.manual"))
            expect(sidebar).to_contain_text(plural(lang, "ui.status.rows", 1))
            wait_idle(page)
            assert_clean(page, errors)
        finally:
            page.context.close()
