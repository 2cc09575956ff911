"""Files that cannot be imported give a Message, never an exception; bad rows are listed."""

from __future__ import annotations

import string

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens.i18n import LANGS
from limitlens.ingest import MAX_FILE_BYTES, import_files, import_paths
from limitlens.schema import validate_history
from tests import ingest_fixtures as F
from tests.budget import examples


def error_of(name: str, data: bytes) -> str:
    result = import_files([(name, data)])
    assert len(result.files) == 1
    report = result.files[0]
    assert report.error is not None, f"{name} imported {report.rows} rows"
    assert result.history.empty
    for lang in LANGS:  # every error renders in every language, params filled
        text = report.error.render(lang)
        assert text and "{" not in text
    return report.error.key


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("empty.csv", b"", "ingest.empty"),
        ("blank.csv", b"  \r\n\n\t", "ingest.empty"),
        ("photo.csv", F.binary(), "ingest.binary"),
        ("账单.csv", F.ledger(), "ingest.alipay_ledger"),
        ("w.xlsx", F.truncated_xlsx(), "ingest.xlsx_broken"),
        ("w.zip", F.encrypted_zip(), "ingest.zip_encrypted"),
        ("w.zip", b"PK\x03\x04" + b"\x00" * 40, "ingest.zip_broken"),
        ("w.zip", F.zip_of({"readme.pdf": b"%PDF-1.4"}), "ingest.zip_empty"),
        ("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ingest.ole"),
        ("notes.txt", "随便写的一些文字\n第二行\n".encode(), "ingest.unknown_layout"),
        ("a.csv", "支付宝交易记录\n没有表头\n".encode("gb18030"), "ingest.header_not_found"),
        ("a.csv", F.a3([]), "ingest.no_rows"),
        ("w.xlsx", F.w3([]), "ingest.no_rows"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "ledger",
        "truncated_xlsx",
        "encrypted_zip",
        "broken_zip",
        "zip_without_exports",
        "ole",
        "unknown",
        "no_header",
        "a3_no_rows",
        "w3_no_rows",
    ],
)
def test_file_errors(name, data, key):
    assert error_of(name, data) == key


def test_missing_required_columns():
    text = "交易时间,交易分类,交易对方,商品说明,收/支\n2026-03-01 10:00:00,餐饮,x,y,支出\n"
    assert error_of("a.csv", text.encode("gb18030")) == "ingest.missing_columns"
    result = import_files([("a.csv", text.encode("gb18030"))])
    assert "金额" in result.files[0].error.render("zh")


def test_encrypted_zip_tells_how_to_unzip():
    result = import_files([("微信支付账单.zip", F.encrypted_zip())])
    text = result.files[0].error.render("zh")
    assert "密码" in text and "公众号" in text


def test_too_large(tmp_path):
    data = b"x" * (MAX_FILE_BYTES + 1)
    assert error_of("big.csv", data) == "ingest.too_large"
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    assert import_paths([path]).files[0].error.key == "ingest.too_large"


def test_missing_path_is_reported(tmp_path):
    result = import_paths([tmp_path / "nope.csv"])
    assert result.files[0].error is not None and result.history.empty


def test_xlsx_renamed_csv_is_read_by_content():
    """Detection is by content: an XLSX named .csv is still the WeChat export it is."""
    result = import_files([("微信支付账单.csv", F.w3())])
    assert result.files[0].error is None
    assert result.files[0].layout == "wechat_xlsx_w3"


def test_bad_rows_are_skipped_with_line_numbers():
    result = import_files([("a.csv", F.bad_rows_a3())])
    report = result.files[0]
    assert report.error is None and report.rows == 2
    assert [(s.row, s.reason.key) for s in report.skipped] == [
        (27, "ingest.bad_amount"),
        (28, "ingest.bad_time"),
    ]
    assert "abc" in report.skipped[0].reason.render("en")
    assert "not a time" in report.skipped[1].reason.render("zh")
    assert list(result.history["amount"]) == [10.0, 20.0]
    assert list(result.history["row_id"]) == ["0:26", "0:29"]


def test_only_bad_rows_is_an_error_that_lists_them():
    rows = [{"time": "2026-03-01 10:00:00", "amount": "??", "order": "Z"}]
    result = import_files([("a.csv", F.a3(rows))])
    report = result.files[0]
    assert report.error.key == "ingest.no_valid_rows"
    assert [s.row for s in report.skipped] == [26]


def test_one_bad_file_does_not_stop_the_others():
    result = import_files([("bad.csv", F.binary()), ("a.csv", F.a3())])
    assert result.files[0].error is not None and result.files[1].error is None
    assert len(result.history) == len(F.ALIPAY_MONTH)
    assert set(result.history["row_id"].str.split(":").str[0]) == {"1"}


def test_manual_entry_reports_bad_rows():
    from limitlens.ingest import from_manual

    df = pd.DataFrame(
        {
            "time": [
                pd.Timestamp("2026-03-01 10:00"),
                pd.NaT,
                pd.Timestamp("2026-03-03 09:00"),
                pd.Timestamp("2026-03-04 09:00"),
            ],
            "amount": [12.5, 3.0, -5.0, 100.0],
            "direction": ["out", "out", "out", "sideways"],
            "category": ["", None, "", ""],
            "counterparty": ["店", "店", "店", "店"],
            "description": ["午饭", "", "", ""],
        }
    )
    result = from_manual(df)
    report = result.files[0]
    assert report.error is None and report.layout == "manual" and report.rows == 1
    assert [(s.row, s.reason.key) for s in report.skipped] == [
        (2, "ingest.missing_time"),
        (3, "ingest.bad_amount"),
        (4, "ingest.bad_direction"),
    ]
    h = result.history
    validate_history(h)
    assert h.iloc[0]["category"] == "spending" and h.iloc[0]["source"] == "manual"


def test_manual_entry_with_only_bad_rows_is_an_error():
    from limitlens.ingest import from_manual

    result = from_manual(pd.DataFrame({"time": ["x"], "amount": ["y"], "direction": ["out"]}))
    assert result.files[0].error.key == "ingest.no_valid_rows"
    assert result.history.empty


PREAMBLES = [F.a3([])[:-1], F.w1([]), F.a2([]).split(b"\n---")[0] + b"\n", F.template([])]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data):
    result = import_files([("fuzz.csv", data)])
    assert len(result.files) == 1
    validate_history(result.history)


cell = st.text(
    alphabet=string.printable + "¥￥，收入支出不计收支/交易成功关闭失败退款\t", max_size=30
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(PREAMBLES))),
    st.lists(st.lists(cell, min_size=0, max_size=16), max_size=12),
)
def test_arbitrary_rows_after_a_valid_header_never_raise(which, rows):
    body = "\n".join(",".join(r) for r in rows).encode("utf-8")
    data = PREAMBLES[which] + body
    result = import_files([("fuzz.csv", data)])
    report = result.files[0]
    validate_history(result.history)
    assert report.rows == len(result.history)
    for skipped in report.skipped:
        assert skipped.reason.render("en")
