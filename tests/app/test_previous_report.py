"""A tampered earlier report on the Plan page (issue 18, items 1 and 2): one clear message in the
page's language, shown as text, and the rest of the page keeps working."""

from __future__ import annotations

import json

import pytest

from components import plan_view
from components.safe_text import plain
from limitlens.i18n import LANGS, t
from limitlens.report import SNAPSHOT_ID
from tests.app.test_pages_render import run_page
from tests.unit.test_snapshot_schema import genuine, genuine_json, set_path, tampered_reports

URL = "http://127.0.0.1:8765/mdrisk"
FIELD = "the factor “Occupation”"
PROBLEM = "holds a value LimitLens does not use"


def upload(at, data: bytes):
    at.file_uploader(key="ll_plan_upload").set_value([("old.html", data, "text/html")]).run()
    return at


@pytest.mark.parametrize("name", list(tampered_reports()))
@pytest.mark.parametrize("lang", LANGS)
def test_a_tampered_report_is_one_message_and_the_page_goes_on(name, lang):
    at = upload(run_page("plan", lang), tampered_reports()[name])
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    shown = at.error[0].value
    assert "Traceback" not in shown and "http" not in shown
    assert plan_view.PREVIOUS not in at.session_state  # nothing of it is compared with
    # the page went on: the report and its download are still offered
    assert at.get("download_button")


def test_a_markdown_image_in_a_report_is_never_echoed_as_markdown():
    snap = set_path(genuine(), "factors.occupation", f"![x]({URL})")
    html = f'<script type="application/json" id="{SNAPSHOT_ID}">{json.dumps(snap)}</script>'
    at = upload(run_page("plan", "en"), html.encode())
    assert not at.exception
    (error,) = at.error
    assert "![" not in error.value and "](" not in error.value and URL not in error.value
    assert error.value == plain(t("en", "snapshot.error.field", field=FIELD, problem=PROBLEM))
    # nothing the page shows as markdown carries the address either
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("mdrisk" in s for s in shown)


def test_a_genuine_report_still_compares():
    from tests.unit.test_snapshot_schema import report

    at = upload(run_page("plan", "en"), report(genuine_json()))
    assert not at.exception and not at.error
    assert t("en", "plan.compared", date="2026-11-01") in [s.value for s in at.success]
