"""One number style in the browser: the What-if's yuan sliders show ¥ and thousands separators
at both ends and on the thumb (¥60,000, not ¥60000), the Plan page's target box and projection
axis read ¥16,000 and 2026年12月, not 16000 and 26/12."""

from __future__ import annotations

import re

import pytest

from limitlens.i18n import t
from tests.e2e.conftest import SHOTS, navigate, open_page, screenshot, use_persona

pytestmark = pytest.mark.e2e

YUAN = re.compile(r"¥\d{1,3}(,\d{3})*")


def test_yuan_sliders_and_the_plan_page_read_one_style(browser, server):
    page, errors = open_page(browser, f"{server.url}/?lang=zh")
    try:
        use_persona(page, "zh")
        navigate(page, "zh", "whatif")
        slider = page.locator(".st-key-ll_money_income_monthly [data-testid=stSlider]").first
        slider.wait_for()
        ends = slider.get_by_test_id("stSliderTickBar").locator("p").all_text_contents()
        thumb = slider.get_by_test_id("stSliderThumbValue").text_content()
        for shown in (*ends, thumb):
            assert YUAN.fullmatch(shown.strip()), shown  # ¥60,000 at the ends and on the thumb
        assert len(ends) == 2 and "," in ends[1]  # the top end: ¥60,000
        screenshot(page, SHOTS / "whatif-zh-1280-yuan-sliders.png")

        navigate(page, "zh", "plan")
        box = page.locator(".st-key-ll_plan_target_w input")
        assert YUAN.fullmatch(box.input_value())
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.scroll_into_view_if_needed()  # a chart draws once it is in view
        chart.locator(".main-svg").first.wait_for()
        ticks = chart.locator(".xtick text").all_text_contents()
        assert ticks and not any(re.fullmatch(r"\d\d/\d\d", tick) for tick in ticks)
        assert any(re.search(r"20\d\d年", tick) for tick in ticks)
        yticks = chart.locator(".ytick text").all_text_contents()
        assert yticks and all(v == "¥0" or YUAN.fullmatch(v) for v in yticks), yticks
        assert t("zh", "plan.plans_title") in page.inner_text("body")
        assert errors == []
    finally:
        page.context.close()
