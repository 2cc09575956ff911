"""Uploading exports on the Data page: reports, skipped rows, clear messages, never a traceback."""

import csv
import io
import re
from unittest import mock

import pytest

from components import import_view, state
from limitlens.format import plural
from limitlens.i18n import t
from limitlens.paths import PERSONAS_DIR
from limitlens.personas import persona_profile
from tests import hostile
from tests import ingest_fixtures as F
from tests.app.test_pages_render import PAGES, open_tab, run_page


def upload(at, *files: tuple[str, bytes]):
    at.file_uploader(key="ll_uploader").set_value(
        [(name, data, "text/csv") for name, data in files]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_real_layout_export_imports_with_its_report_and_preview():
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at = upload(run_page("data", "zh"), ("支付宝交易明细(20260701-20261031).csv", data))
    result = at.session_state[state.IMPORT]
    assert at.session_state[state.SOURCE]["kind"] == "upload"
    assert result.files[0].layout == "alipay_app_a3" and len(result.history) == result.files[0].rows
    # the outcome leads; the layout name sits in the collapsed technical details, uncut
    rows, files = len(result.history), t("zh", "ingest.report.files", count=1)
    assert at.success[0].value == t("zh", "ingest.report.summary", count=rows, files=files)
    assert f"{rows:,}" in at.success[0].value  # counts carry thousands separators
    details = next(e for e in at.expander if e.label == t("zh", "ingest.report.technical"))
    assert not details.proto.expanded
    layout = t("zh", "ui.layout.alipay_app_a3")
    outcome = next(m.value for m in at.markdown if m.value.startswith(layout))  # uncut, first
    assert t("zh", "ingest.report.file_rows", count=rows) in outcome
    assert t("zh", "ingest.report.layout", layout=layout, code="alipay_app_a3") in [
        c.value for c in details.caption
    ]
    # the preview; no file table (the manual table is drawn once its tab is opened)
    assert [d.key for d in at.dataframe] == [None]


def _form_fields(at) -> list[str]:
    return [w.key for w in at.number_input if (w.key or "").startswith("ll_pf_")]


def test_closed_data_tabs_are_drawn_once_opened_and_kept_while_they_hold_answers():
    """The report an upload shows comes without the closed tabs' profile form and manual table
    (most of what the browser draws); an opened form stays drawn behind another tab, so answers
    typed and not saved yet survive the switch."""
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at = upload(run_page("data", "en"), ("export.csv", data))
    assert not _form_fields(at)
    assert import_view.MANUAL_EDITOR not in [d.key for d in at.dataframe]
    open_tab(at, "ll_data_tabs", t("en", "ui.data.tab_profile"))
    fields = _form_fields(at)
    assert fields
    open_tab(at, "ll_data_tabs", t("en", "ui.data.tab_upload"))
    assert _form_fields(at) == fields
    at.switch_page(PAGES["factors"]).run()
    at.switch_page(PAGES["data"]).run()  # its fields went with the page: nothing typed to keep
    assert not at.exception and not _form_fields(at)
    open_tab(at, "ll_data_tabs", t("en", "ui.data.tab_manual"))
    assert import_view.MANUAL_EDITOR in [d.key for d in at.dataframe]


def test_bad_rows_are_listed_and_good_rows_imported():
    at = upload(run_page("data", "en"), ("bad.csv", F.bad_rows_a3()))
    result = at.session_state[state.IMPORT]
    assert len(result.history) == 2
    assert t("en", "ingest.report.skipped", count=2) in [w.value for w in at.warning]
    line = t("en", "ingest.report.skipped_line", row=27, reason="")[:4]  # not the guide's steps
    listed = [m.value for m in at.markdown if m.value.startswith(f"- {line}")]
    assert len(listed) == 1
    assert [line.split(":")[0] for line in listed[0].splitlines()] == ["- Line 27", "- Line 28"]


def test_an_unusable_file_gets_a_message_in_the_users_language():
    at = upload(run_page("data", "zh"), ("记账本.csv", F.ledger()))
    errors = [e.value for e in at.error]
    assert errors[0] == t("zh", "ingest.report.nothing")
    assert "记账本" in errors[1] and "Traceback" not in " ".join(errors)


def test_an_encrypted_zip_says_to_unzip_it_first():
    at = upload(run_page("data", "en"), ("bill.zip", F.encrypted_zip()))
    assert any("password" in e.value for e in at.error)


def test_alipay_and_wechat_files_merge_into_one_history():
    alipay = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    wechat = (PERSONAS_DIR / "wechat_employee.csv").read_bytes()
    at = upload(run_page("data", "en"), ("a.csv", alipay), ("w.csv", wechat))
    result = at.session_state[state.IMPORT]
    assert [f.layout for f in result.files] == ["alipay_app_a3", "wechat_csv_w1"]
    assert len(result.history) == sum(f.rows for f in result.files) - result.duplicates_dropped
    assert set(result.history["source"]) == {"alipay_app_a3", "wechat_csv_w1"}


def test_a_new_upload_keeps_a_saved_profile_until_the_user_changes_it():
    at = run_page("data", "en")
    at.session_state[state.PROFILE] = {"sesame_score": 701.0}
    upload(at, ("a.csv", (PERSONAS_DIR / "new_graduate.csv").read_bytes()))
    assert at.session_state[state.PROFILE] == {"sesame_score": 701.0}


def test_uploading_after_a_sample_drops_the_samples_made_up_profile():
    at = run_page("data", "en", persona="multi_borrower")
    assert at.session_state[state.PROFILE] == persona_profile("multi_borrower")
    upload(at, ("a.csv", (PERSONAS_DIR / "new_graduate.csv").read_bytes()))
    assert at.session_state[state.PROFILE] == {}


def test_uploading_the_same_file_again_after_a_sample_loads_it_again():
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at = upload(run_page("data", "en"), ("mine.csv", data))
    mine = len(at.session_state[state.IMPORT].history)
    at.switch_page(PAGES["home"]).run()
    at.button(key="ll_persona_steady_employee").click().run()
    at.switch_page(PAGES["data"]).run()
    upload(at, ("mine.csv", data))
    assert at.session_state[state.SOURCE]["kind"] == "upload"
    assert len(at.session_state[state.IMPORT].history) == mine


def test_what_was_mended_to_keep_rows_is_told_under_the_file():
    """A real export with NUL bytes and hand-shortened rows: every row imports, and the file's
    card says what was mended, in the user's language."""
    name = "wechat_csv_utf8_from_double-entry-generator.csv"
    data, cut = F.without_trailing_fields(name, drop=3)
    data = data[:500] + b"\x00\x00" + data[500:]
    at = upload(run_page("data", "zh"), (name, data))
    report = at.session_state[state.IMPORT].files[0]
    assert report.error is None and report.skipped == []
    assert report.repaired == {"nul_bytes": 2, "short_rows": cut}
    captions = [c.value for c in at.caption]
    assert t("zh", "ingest.repaired.nul_bytes", count=2) in captions
    assert t("zh", "ingest.repaired.short_rows", count=cut) in captions


# ---- the hostile corpus, a representative subset, through the Data page ------------------------

PAGE_CASES = [
    "trailing_newline",
    "template_plus_excel_row",
    "year_9999",
    "amount_1e308",
    "extra_fields_on_every_row",
    "unclosed_quote",
    "truncated_gb18030",
    "utf16_le",
    "real_export_with_nul_bytes",
    "real_export_quoted_line_break",
    "account_statement",
    "zip_bomb_many_members",
    "nested_zip_two_levels",
    "member_named_as_markdown_image",
    "excel_resaved_copy_merges",
]


@pytest.mark.parametrize("case_id", PAGE_CASES)
def test_hostile_uploads_on_the_data_page(case_id):
    case = hostile.by_id(case_id)
    at = upload(run_page("data", "zh"), *case.files)
    result = at.session_state[state.IMPORT]
    listed = [(s.row, s.reason.key) for f in result.files for s in f.skipped]
    assert (len(result.history), listed) == (case.rows, case.listed)
    # the outcome leads: a success line with the count, or the "nothing imported" error
    if case.rows:
        files = t("zh", "ingest.report.files", count=sum(f.error is None for f in result.files))
        expected = t("zh", "ingest.report.summary", count=case.rows, files=files)
        assert at.success[0].value == expected
    else:
        assert at.error[0].value == t("zh", "ingest.report.nothing")
    # every refusal is shown, in the user's language, escaped as plain text
    shown = " ".join(e.value for e in at.error)
    for report in result.files:
        if report.error is not None:
            assert import_view.plain(report.error.render("zh")) in shown


def test_names_render_as_text_not_markdown():
    name = "![](http://127.0.0.1:9/x) [点我](http://example.com) :red[红] $x^2$ **粗**.csv"
    at = upload(run_page("data", "en"), ("bills.zip", hostile.zip_of({name: F.a3()})))
    result = at.session_state[state.IMPORT]
    assert result.files[0].name == f"bills.zip/{name}"  # kept as given
    texts = [m.value for m in at.markdown] + [e.label for e in at.expander]
    shown = import_view.plain(result.files[0].name)
    assert any(shown in v for v in texts)
    # every markdown trigger in the shown name is backslash-escaped, every ':' broken
    assert not re.search(r"(?<!\\)[!\[\]()*$_`<>]", shown)
    assert shown.count(":") == shown.count(":\u200b") == name.count(":")


def test_every_table_with_user_text_downloads_defused(monkeypatch):
    """The merged preview and the skipped rows go out only through the defused CSV."""
    import streamlit as st

    got: dict[str, bytes] = {}
    original = st.download_button

    def spy(label, data=None, *args, **kwargs):
        got[kwargs.get("key") or label] = data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    rows = [
        {"order": "F1", "counterparty": '"=HYPERLINK(""http://x"",""y"")"', "description": "+1"},
        {"order": "F2", "counterparty": "@SUM(A1)", "description": "-2+3"},
        {"order": "F3", "counterparty": "=cmd", "amount": "=1+1"},  # skipped, reason quotes it
    ]
    upload(run_page("data", "en"), ("a.csv", F.a3(rows)))
    assert {"ll_dl_history", "ll_dl_skipped_0"} <= set(got)
    for key in ("ll_dl_history", "ll_dl_skipped_0"):
        text = got[key].decode("utf-8-sig")
        cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
        assert cells, key
        risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert risky == [], (key, risky)
    history = got["ll_dl_history"].decode("utf-8-sig")
    assert "'=HYPERLINK" in history and "'@SUM(A1)" in history and "'-2+3" in history
    assert "=1+1" in got["ll_dl_skipped_0"].decode("utf-8-sig")


def test_a_rerun_does_not_hash_the_loaded_files_again():
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at = run_page("data", "en")
    with mock.patch.object(import_view, "_signature", wraps=import_view._signature) as sign:
        upload(at, ("mine.csv", data))
        assert sign.call_count == 1
        loaded = at.session_state[state.IMPORT]
        at.run()  # any later rerun, the files still in the uploader
        assert sign.call_count == 1
        assert at.session_state[state.IMPORT] is loaded  # and nothing was imported again
        upload(at, ("other.csv", data + b"\n"))  # new files: a new signature, a new import
        assert sign.call_count == 2
        assert at.session_state[state.IMPORT] is not loaded


def test_the_upload_is_drawn_in_the_run_that_imports_it():
    """The import runs before the page draws: the sidebar and the report read the new data in
    the same run, without a second run of the whole page."""
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at = run_page("data", "en")
    with mock.patch("streamlit.rerun", side_effect=AssertionError("a second run")):
        upload(at, ("mine.csv", data))
    rows = len(at.session_state[state.IMPORT].history)
    assert plural("en", "ui.status.rows", rows) in [c.value for c in at.sidebar.caption]


def test_clear_data_clears_while_the_files_are_still_in_the_uploader():
    """Clear used to find the files still in the uploader and import them again at once."""
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at = upload(run_page("data", "en"), ("mine.csv", data))
    at.button(key="ll_clear").click().run()
    at.run()
    assert at.session_state[state.IMPORT] is None and at.session_state[state.SOURCE] is None
    assert t("en", "ui.status.none") in [c.value for c in at.sidebar.caption]
    assert [u.value for u in at.get("file_uploader")] == [[]]  # the uploader is empty too
    upload_key = at.get("file_uploader")[0].key
    assert upload_key != "ll_uploader"
    at.file_uploader(key=upload_key).set_value([("mine.csv", data, "text/csv")]).run()
    assert at.session_state[state.SOURCE]["kind"] == "upload"  # dropped again: loaded again
