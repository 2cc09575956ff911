"""limitlens.exports: what it writes is a real export that imports with the same rows."""

import csv
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens.categorize import categorize
from limitlens.exports import ROW_COLUMNS, Owner, alipay_a3, wechat_w1
from limitlens.ingest import import_files
from tests.budget import examples

OWNER = Owner(
    "测*", date(2024, 1, 1), date(2026, 10, 31), datetime(2026, 11, 1, 9, 0, 0), "a***@b.cn"
)

# (kind, counterparty, description, method, status, direction) as each app writes them
ALIPAY_ROWS = [
    ("收入", "某某科技有限公司", "代发工资", "余额", "交易成功", "in"),
    ("餐饮美食", "瑞幸咖啡", "瑞幸咖啡订单", "花呗", "交易成功", "out"),
    ("充值缴费", "国网浙江省电力有限公司", "国家电网-电费-杭州", "余额", "交易成功", "out"),
    (
        "公共服务",
        "杭州市社会保险事业管理中心",
        "社保缴费",
        "招商银行储蓄卡(8705)",
        "交易成功",
        "out",
    ),
    (
        "信用借还",
        "花呗",
        "花呗自动还款-2026年03月账单",
        "招商银行储蓄卡(8705)",
        "还款成功",
        "neutral",
    ),
    ("信用借还", "花呗", "花呗自动还款-2026年04月账单", "", "还款失败", "neutral"),
    (
        "信用借还",
        "重庆蚂蚁消费金融有限公司",
        "借呗放款至银行卡",
        "招商银行储蓄卡(8705)",
        "放款成功",
        "neutral",
    ),
    ("投资理财", "天弘基金管理有限公司", "余额宝-单次转入", "余额", "交易成功", "neutral"),
    (
        "投资理财",
        "天弘基金管理有限公司",
        "余额宝-2026.03.01-收益发放",
        "余额宝",
        "交易成功",
        "neutral",
    ),
    ("日用百货", "全家便利店", "便利店商品", "", "交易关闭", "neutral"),
    ("保险", "众安在线财产保险股份有限公司", "众安保险-医疗险", "余额", "交易成功", "out"),
]
WECHAT_ROWS = [
    ("转账", "某某科技有限公司", "转账备注:工资", "/", "已存入零钱", "in"),
    ("商户消费", "美团", "美团订单", "零钱", "支付成功", "out"),
    ("商户消费", "深圳供电局有限公司", "电费", "零钱", "支付成功", "out"),
    ("信用卡还款", "招商银行信用卡还款", "/", "零钱", "支付成功", "neutral"),
    ("转入零钱通-来自零钱", "/", "/", "零钱", "支付成功", "neutral"),
    ("微信红包", "小周", "/", "零钱", "支付成功", "out"),
]
ALIPAY_WORDS = {"in": "收入", "out": "支出", "neutral": "不计收支"}
WECHAT_WORDS = {"in": "收入", "out": "支出", "neutral": "/"}


def frame(picks: list[tuple], seconds: list[int], fen: list[int]) -> pd.DataFrame:
    """Rows of `picks` at 2024-01-01 + seconds, amounts in fen, newest first (as apps export)."""
    n = len(picks)
    rows = pd.DataFrame(
        picks, columns=["kind", "counterparty", "description", "method", "status", "io"]
    )
    rows["time"] = [datetime(2024, 1, 1) + timedelta(seconds=s) for s in seconds]
    rows["amount"] = [f / 100 for f in fen]
    rows["account"] = "/"
    rows["order"] = [f"2024{k:020d}" for k in range(n)]
    rows["merchant"] = [f"M{k}" if k % 2 else "" for k in range(n)]
    rows["note"] = ""
    return rows.sort_values("time", ascending=False, ignore_index=True)


@st.composite
def histories(draw, samples: list[tuple]) -> pd.DataFrame:
    """1-40 rows of `samples` at distinct whole-second times, amounts in whole fen."""
    n = draw(st.integers(1, 40))
    picks = draw(st.lists(st.sampled_from(samples), min_size=n, max_size=n))
    seconds = draw(st.lists(st.integers(0, 86400 * 900), min_size=n, max_size=n, unique=True))
    return frame(picks, seconds, draw(st.lists(st.integers(1, 99_999_999), min_size=n, max_size=n)))


def every_alipay_row() -> pd.DataFrame:
    n = len(ALIPAY_ROWS)
    rows = frame(ALIPAY_ROWS, [3600 * k for k in range(n)], [1234 * k + 1 for k in range(n)])
    return rows.assign(direction=rows["io"].map(ALIPAY_WORDS))


def imported(data: bytes, name: str) -> pd.DataFrame:
    result = import_files([(name, data)])
    (report,) = result.files
    assert report.error is None, report.error
    assert not report.skipped
    return result.history.sort_values("time", ignore_index=True)


def assert_round_trip(rows: pd.DataFrame, data: bytes, name: str) -> None:
    history = imported(data, name)
    expected = rows.sort_values("time", ignore_index=True)
    assert len(history) == len(rows)
    assert history["time"].tolist() == expected["time"].tolist()
    assert history["amount"].tolist() == expected["amount"].tolist()
    assert history["direction"].tolist() == expected["io"].tolist()
    frame = expected.rename(columns={"io": "direction"})
    categories = categorize(frame)
    assert history["category"].tolist() == categories["category"].tolist()
    assert history["lender"].tolist() == categories["lender"].tolist()


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=histories(ALIPAY_ROWS), style=st.sampled_from(["2023", "2026"]))
def test_alipay_a3_imports_with_the_same_rows_times_amounts_and_categories(rows, style):
    data = alipay_a3(rows.assign(direction=rows["io"].map(ALIPAY_WORDS)), OWNER, style)
    assert_round_trip(rows, data, "alipay.csv")


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=histories(WECHAT_ROWS))
def test_wechat_w1_imports_with_the_same_rows_times_amounts_and_categories(rows):
    data = wechat_w1(rows.assign(direction=rows["io"].map(WECHAT_WORDS)), OWNER)
    assert_round_trip(rows, data, "wechat.csv")


@settings(max_examples=examples(25), deadline=None)
@given(rows=histories(ALIPAY_ROWS), style=st.sampled_from(["2023", "2026"]))
def test_alipay_preamble_counts_and_sums_every_direction(rows, style):
    rows = rows.assign(direction=rows["io"].map(ALIPAY_WORDS))
    lines = alipay_a3(rows, OWNER, style).decode("gb18030").split("\n")
    assert len(lines) == 24 + 1 + len(rows) + 1 and lines[-1] == ""
    assert lines[7] == f"共{len(rows)}笔记录"
    body = list(csv.reader(lines[25:-1]))
    for line, word in zip(lines[8:11], ("收入", "支出", "不计收支"), strict=True):
        picked = [Decimal(f[6].strip()) for f in body if f[5].strip() == word]
        assert line == f"{word}：{len(picked)}笔 {sum(picked, Decimal('0.00')):.2f}元"


def test_the_two_alipay_styles_differ_only_in_padding_and_company():
    rows = every_alipay_row()
    padded = alipay_a3(rows, OWNER, "2023").decode("gb18030").split("\n")
    bare = alipay_a3(rows, OWNER, "2026").decode("gb18030").split("\n")
    assert padded[:23] == bare[:23]
    assert "支付宝（中国）网络技术有限公司" in padded[23] and "支付宝支付科技有限公司" in bare[23]
    assert [re.sub(r" +(,|\t)", r"\1", line) for line in padded[24:]] == bare[24:]
    assert all(cell.endswith(" ") for cell in padded[25].split(",")[:9])
    assert bare[25].endswith("\t,\t,,")  # order, merchant (none here), empty note


def test_amounts_given_as_text_are_written_as_given():
    rows = every_alipay_row().head(2).assign(direction="收入", amount=['"5,000.00"', "12.30"])
    lines = alipay_a3(rows, OWNER).decode("gb18030").split("\n")
    assert ',"5,000.00",' in lines[25] and ",12.30," in lines[26]
    assert lines[8] == "收入：2笔 12.30元"  # the preamble sums what reads as a number
    wechat = wechat_w1(rows.assign(amount=["￥7.00", "8"]), OWNER).decode("utf-8").split("\n")
    assert ",￥7.00," in wechat[17] and ",8," in wechat[18]  # no ¥ added to a text amount
    assert ",¥12.30," in wechat_w1(rows.assign(amount=12.3), OWNER).decode("utf-8")


@pytest.mark.parametrize("writer", [alipay_a3, wechat_w1])
def test_no_rows_is_a_preamble_and_a_header(writer):
    empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in ROW_COLUMNS})
    empty["amount"] = pd.Series([], dtype="float64")
    lines = writer(empty, OWNER).decode("gb18030" if writer is alipay_a3 else "utf-8").split("\n")
    assert lines[-1] == "" and "共0笔记录" in "".join(lines)
    assert lines[-2].startswith("交易时间")
