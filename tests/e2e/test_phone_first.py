"""Phone first, in a real browser: Home's first screen holds the upload and the samples at 390 px
and at 1280 px, and Share copies a link short enough for a chat with one tap, which opens to the
sharer's result."""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import expect

from limitlens.i18n import LANGS, t
from tests.e2e.conftest import (
    SHOTS,
    navigate,
    open_page,
    rerun,
    use_persona,
    wait_idle,
)
from tests.e2e.test_first_ten_minutes import in_view

pytestmark = pytest.mark.e2e

SIZES = {390: 844, 1280: 800}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [390, 1280])
def test_home_first_screen_holds_the_upload_and_every_sample(browser, server, width, lang):
    page, errors = open_page(
        browser, f"{server.url}/?lang={lang}", width=width, height=SIZES[width]
    )
    try:
        page.screenshot(path=SHOTS / f"home-first-screen-{lang}-{width}.png")
        assert in_view(page, ".st-key-ll_home_uploader [data-testid=stFileUploaderDropzone]")
        for persona in ("steady_employee", "wechat_employee"):  # the first and the last
            assert in_view(page, f".st-key-ll_persona_{persona} button"), persona
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width  # nothing scrolls sideways
        assert errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_share_copies_a_short_link_with_one_tap_that_opens_the_same_result(browser, server, lang):
    page, errors = open_page(browser, f"{server.url}/?lang={lang}", width=390, height=844)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        use_persona(page, lang)
        navigate(page, lang, "whatif")
        baseline = page.get_by_test_id("stMetricValue").first.inner_text()
        rerun(page, page.get_by_role("button", name=t(lang, "ui.whatif.share")).click)
        copy = page.get_by_role("button", name=t(lang, "phone.share.copy"))
        expect(copy).to_be_visible()  # there to tap, not shown on hover only
        page.screenshot(path=SHOTS / f"whatif-share-{lang}-390.png")
        copy.click()
        expect(page.get_by_role("status")).to_have_text(t(lang, "phone.share.copied"))
        link = page.evaluate("navigator.clipboard.readText()")
        assert link == page.get_by_label(t(lang, "phone.share.label")).input_value()
        assert len(link) < 200, link  # the old link took ~650 characters
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query, keep_blank_values=True)
        assert set(query) <= {"lang", "b", "a", "s"}
        assert errors == []
    finally:
        page.context.close()
    opener, errors = open_page(browser, link, width=390, height=844)
    try:
        wait_idle(opener)
        expect(opener.get_by_test_id("stMetricValue").first).to_have_text(baseline)
        assert errors == []
    finally:
        opener.context.close()


def test_an_export_uploaded_on_home_then_a_save_declares_only_what_was_typed(browser, server):
    """On a phone: upload on Home, open the profile; saving it untouched leaves every answer
    assumed, saving Sesame 690 takes Sesame off the prompt at once, and the tab stays open."""
    from limitlens import catalog
    from limitlens.format import plural
    from limitlens.personas import persona_bytes, personas
    from tests.e2e.conftest import select_tab

    lang = "zh"
    spec = next(p for p in personas() if p.id == "new_graduate")
    page, errors = open_page(browser, f"{server.url}/?lang={lang}", width=390, height=844)
    try:
        uploader = page.locator(".st-key-ll_home_uploader")
        rerun(
            page,
            lambda: uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                [{"name": spec.file, "mimeType": "text/csv", "buffer": persona_bytes(spec.id)}]
            ),
        )
        expect(page.get_by_role("link", name=t(lang, "phone.home.report"))).to_be_visible()
        navigate(page, lang, "data")
        select_tab(page, t(lang, "ui.data.tab_profile"))
        prompt = page.locator(".st-key-ll_profile_prompt")
        title = prompt.locator("strong").first.inner_text()
        sesame = catalog.by_id()["sesame_score"]
        was = f"现按 {sesame.display_value(650, lang)} 计算"
        expect(prompt).to_contain_text(was)
        save = page.get_by_role("button", name=t(lang, "ui.profile.save"))

        rerun(page, save.click)
        expect(page.get_by_text(t(lang, "phone.profile.unchanged"))).to_be_visible()
        assert prompt.locator("strong").first.inner_text() == title  # still as many assumed

        box = page.locator("[class*=st-key-ll_pf_][class*=_sesame_score] input")
        box.fill("690")
        rerun(page, save.click)
        expect(page.get_by_text(t(lang, "phone.profile.saved"))).to_be_visible()
        expect(prompt).not_to_contain_text(was)
        count = int("".join(c for c in title if c.isdigit()))
        expect(prompt.locator("strong").first).to_have_text(
            plural(lang, "guide.profile.prompt_title", count - 1)
        )
        tab = page.get_by_role("tab", name=t(lang, "ui.data.tab_profile"), exact=True)
        assert tab.get_attribute("aria-selected") == "true"
        page.screenshot(path=SHOTS / "profile-saved-zh-390.png")
        assert errors == []
    finally:
        page.context.close()
