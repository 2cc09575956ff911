"""Uploading exports on the Data page: reports, skipped rows, clear messages, never a traceback."""

from components import state
from limitlens.i18n import t
from limitlens.paths import PERSONAS_DIR
from limitlens.personas import persona_profile
from tests import ingest_fixtures as F
from tests.app.test_pages_render import run_page


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
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("zh", "ui.data.layout")] == t("zh", "ui.layout.alipay_app_a3")
    assert metrics[t("zh", "ui.data.rows_read")] == f"{result.files[0].rows:,}"
    assert len(at.dataframe) >= 1  # the merged preview


def test_bad_rows_are_listed_and_good_rows_imported():
    at = upload(run_page("data", "en"), ("bad.csv", F.bad_rows_a3()))
    result = at.session_state[state.IMPORT]
    assert len(result.history) == 2
    assert t("en", "ui.data.skipped_intro", count=2) in [w.value for w in at.warning]
    skipped = next(d.value for d in at.dataframe if t("en", "ui.data.row") in d.value.columns)
    assert list(skipped[t("en", "ui.data.row")]) == [27, 28]


def test_an_unusable_file_gets_a_message_in_the_users_language():
    at = upload(run_page("data", "zh"), ("记账本.csv", F.ledger()))
    errors = [e.value for e in at.error]
    assert errors == [at.session_state[state.IMPORT].files[0].error.render("zh")]
    assert "记账本" in errors[0]


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
    at.switch_page("app.py").run()
    at.button(key="ll_persona_steady_employee").click().run()
    at.switch_page("pages/1_data.py").run()
    upload(at, ("mine.csv", data))
    assert at.session_state[state.SOURCE]["kind"] == "upload"
    assert len(at.session_state[state.IMPORT].history) == mine
