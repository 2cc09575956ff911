"""Merging several files: de-duplication across files only, refund linking, ids, sorting."""

from __future__ import annotations

import pandas as pd

from limitlens.ingest import from_manual, import_files
from limitlens.schema import COLUMNS, validate_history
from tests import ingest_fixtures as F


def test_same_export_twice_is_kept_once():
    result = import_files([("a.csv", F.a3()), ("again.csv", F.a3(padded=True))])
    assert len(result.history) == len(F.ALIPAY_MONTH)
    assert result.duplicates_dropped == len(F.ALIPAY_MONTH)
    assert [f.rows for f in result.files] == [len(F.ALIPAY_MONTH)] * 2
    assert set(result.history["row_id"].str.split(":").str[0]) == {"0"}


def test_overlapping_exports_keep_the_union():
    first, second = F.ALIPAY_MONTH[:10], F.ALIPAY_MONTH[6:]
    result = import_files([("feb.csv", F.a3(first)), ("mar.csv", F.a3(second))])
    assert len(result.history) == len(F.ALIPAY_MONTH)
    assert result.duplicates_dropped == 4


def test_identical_rows_within_one_export_are_never_merged():
    row = {"time": "2026-03-01 10:00:00", "amount": "5.00", "order": "SAME"}
    result = import_files([("a.csv", F.a3([row, row]))])
    assert len(result.history) == 2 and result.duplicates_dropped == 0
    # ... and across files the n-th copy matches the n-th copy
    result = import_files([("a.csv", F.a3([row, row])), ("b.csv", F.a3([row, row, row]))])
    assert len(result.history) == 3 and result.duplicates_dropped == 2


def test_same_order_id_but_other_amount_is_not_a_duplicate():
    a = {"time": "2026-03-01 10:00:00", "amount": "5.00", "order": "O1"}
    b = {**a, "amount": "6.00"}
    result = import_files([("a.csv", F.a3([a])), ("b.csv", F.a3([b]))])
    assert len(result.history) == 2


def test_rows_without_order_ids_match_on_all_fields():
    lines = ["2026-03-01 10:00:00,8.00,out,,店,午饭,,", "2026-03-02 10:00:00,9.00,out,,店,晚饭,,"]
    other = ["2026-03-01 10:00:00,8.00,out,,店,早饭,,"]
    result = import_files([("t1.csv", F.template(lines)), ("t2.csv", F.template(lines + other))])
    assert len(result.history) == 3 and result.duplicates_dropped == 2


def test_refund_links_across_files_and_ids_are_dropped():
    purchase = {"time": "2026-02-27 10:00:00", "amount": "300.00", "order": "P123"}
    refund = {
        "time": "2026-03-02 10:00:00",
        "kind": "退款",
        "description": "退款-商品",
        "io": "不计收支",
        "amount": "120.00",
        "status": "退款成功",
        "order": "P123_r1",
    }
    refund2 = {**refund, "time": "2026-03-03 10:00:00", "amount": "500.00", "order": "P123_r2"}
    result = import_files([("feb.csv", F.a3([purchase])), ("mar.csv", F.a3([refund, refund2]))])
    h = result.history
    validate_history(h)
    assert list(h.columns) == list(COLUMNS)
    # capped at the purchase amount
    assert h.loc[h["category"] != "refund", "refunded"].item() == 300.0
    assert (h.loc[h["category"] == "refund", "refunded"] == 0).all()
    assert not h.astype(str).apply(lambda c: c.str.contains("P123")).any().any()


def test_history_is_sorted_with_stable_row_ids():
    result = import_files([("w.csv", F.w1()), ("a.csv", F.a3())])
    h = result.history
    assert h["time"].is_monotonic_increasing
    assert h["row_id"].is_unique
    files = h["row_id"].str.split(":").str[0]
    assert set(files) == {"0", "1"}
    assert (h.loc[files == "0", "source"] == "wechat_csv_w1").all()


def test_preamble_identity_is_not_in_the_history():
    result = import_files([("a.csv", F.a3()), ("w.csv", F.w1())])
    flat = " ".join(result.history.astype(str).to_numpy().ravel())
    assert "test@example.com" not in flat and "测试" not in flat


def test_from_manual_matches_the_template_path():
    df = pd.DataFrame(
        {
            "time": pd.to_datetime(["2026-03-01 10:00", "2026-03-02 11:00"]),
            "amount": [8000.0, 1500.0],
            "direction": ["in", "neutral"],
            "category": ["", "loan_repay"],
            "counterparty": ["某某科技有限公司", "花呗"],
            "description": ["代发工资", "花呗还款"],
        }
    )
    result = from_manual(df)
    h = result.history
    validate_history(h)
    assert list(h["category"]) == ["income", "loan_repay"]
    assert list(h["lender"]) == ["", "huabei"]
    assert list(h["row_id"]) == ["0:1", "0:2"]
    assert result.files[0].totals == {"in": 8000.0, "out": 0.0, "neutral": 1500.0}
