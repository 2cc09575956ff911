"""The Plan page's report (~0.4 s for a 100k-row history) is built when its download is
clicked, never on a rerun of the page."""

from __future__ import annotations

from unittest import mock

from components import plan_view
from tests.app.test_pages_render import run_page


def test_reruns_of_the_plan_page_never_build_the_report():
    with mock.patch.object(plan_view, "report_html", wraps=plan_view.report_html) as build:
        at = run_page("plan", "en", persona="new_graduate")
        at.text_input(key=plan_view.TARGET_W).input("40000").run()
        at.checkbox(key=plan_view.PERSONAL).check().run()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.get("download_button"), "the page offers the report"
        assert build.call_count == 0
