"""The category rules (data/categories.toml) on the real vocabulary of FORMATS.md §8."""

from __future__ import annotations

import pandas as pd
import pytest

from limitlens.categorize import categorize, rules
from limitlens.schema import CATEGORIES, LENDERS


def cat(
    kind="",
    counterparty="",
    description="",
    direction="out",
    amount=10.0,
    method="",
    status="交易成功",
):
    frame = pd.DataFrame(
        {
            "kind": [kind],
            "counterparty": [counterparty],
            "description": [description],
            "method": [method],
            "status": [status],
            "direction": [direction],
            "amount": [amount],
        }
    )
    out = categorize(frame)
    return out["category"].iloc[0], out["lender"].iloc[0]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            dict(
                kind="信用借还",
                counterparty="花呗",
                description="花呗主动还款-2026年07月账单",
                direction="neutral",
            ),
            ("loan_repay", "huabei"),
        ),
        (
            dict(
                kind="信用借还",
                counterparty="花呗",
                description="花呗自动还款",
                direction="neutral",
            ),
            ("loan_repay", "huabei"),
        ),
        (dict(description="还款-花呗", direction="neutral"), ("loan_repay", "huabei")),
        (
            dict(
                kind="信用借还",
                counterparty="蚂蚁借呗",
                description="借呗放款至银行卡",
                direction="neutral",
            ),
            ("loan_draw", "jiebei"),
        ),
        (
            dict(kind="信用借还", description="蚂蚁借呗放款至余额", direction="neutral"),
            ("loan_draw", "jiebei"),
        ),
        (
            dict(kind="信用借还", description="蚂蚁借呗还款", direction="neutral"),
            ("loan_repay", "jiebei"),
        ),
        (
            dict(
                kind="信用借还",
                counterparty="网商银行",
                description="网商贷放款",
                direction="neutral",
            ),
            ("loan_draw", "wangshang"),
        ),
        (
            dict(kind="信用借还", description="网商贷还款", direction="neutral"),
            ("loan_repay", "wangshang"),
        ),
        (dict(description="备用金取出至余额", direction="neutral"), ("loan_draw", "beiyongjin")),
        (dict(description="备用金归还", direction="neutral"), ("loan_repay", "beiyongjin")),
        (
            dict(kind="信用卡还款", counterparty="建设银行信用卡还款", direction="neutral"),
            ("loan_repay", "credit_card"),
        ),
        (
            dict(kind="信用借还", description="信用卡还款-招商银行", direction="neutral"),
            ("loan_repay", "credit_card"),
        ),
        (
            dict(kind="商户消费", counterparty="微众银行", description="微粒贷还款"),
            ("loan_repay", "other"),
        ),
        (
            dict(counterparty="京东金融", description="京东金条借款到账", direction="in"),
            ("loan_draw", "other"),
        ),
        (
            dict(kind="投资理财", description="余额宝-单次转入", direction="neutral"),
            ("wealth_in", ""),
        ),
        (
            dict(kind="投资理财", description="余额宝-自动转入", direction="neutral"),
            ("wealth_in", ""),
        ),
        (
            dict(kind="投资理财", description="蚂蚁财富-XZY指数C-买入", direction="neutral"),
            ("wealth_in", ""),
        ),
        (
            dict(
                kind="购买理财通",
                counterparty="理财通",
                description="鹏华增值宝(000569)",
                direction="neutral",
            ),
            ("wealth_in", ""),
        ),
        (dict(kind="转入零钱通-来自零钱", direction="neutral"), ("wealth_in", "")),
        (
            dict(kind="投资理财", description="余额宝-转出到余额", direction="neutral"),
            ("wealth_out", ""),
        ),
        (
            dict(kind="投资理财", description="蚂蚁财富-ABCD-卖出至余额宝", direction="neutral"),
            ("wealth_out", ""),
        ),
        (dict(kind="零钱通转出-到零钱", direction="neutral"), ("wealth_out", "")),
        (
            dict(kind="投资理财", description="易方达黄金-买入退款", direction="neutral"),
            ("wealth_out", ""),
        ),
        (
            dict(kind="投资理财", description="余额宝-2020.06.08-收益发放", direction="neutral"),
            ("other", ""),
        ),
        (
            dict(kind="收入", counterparty="某某科技有限公司", description="工资", direction="in"),
            ("income", ""),
        ),
        (
            dict(
                kind="转账红包",
                counterparty="某某科技有限公司",
                description="代发工资",
                direction="in",
            ),
            ("income", ""),
        ),
        (
            dict(kind="转账", counterparty="某某科技有限公司", direction="in", amount=45000.0),
            ("income", ""),
        ),
        (
            dict(kind="转账", counterparty="某某科技有限公司", direction="in", amount=200.0),
            ("transfer_in", ""),
        ),
        (
            dict(kind="转账", counterparty="张三", direction="in", amount=45000.0),
            ("transfer_in", ""),
        ),
        (
            dict(kind="充值缴费", counterparty="国家电网", description="国家电网-电费"),
            ("bills", ""),
        ),
        (
            dict(kind="充值缴费", counterparty="中国移动", description="中国移动话费充值"),
            ("bills", ""),
        ),
        (dict(kind="商户消费", counterparty="燃气公司", description="燃气费"), ("bills", "")),
        (dict(kind="公共服务", description="社保缴费"), ("social_security", "")),
        (dict(kind="公共服务", description="公积金"), ("social_security", "")),
        (dict(kind="保险", counterparty="众安保险", description="运费险"), ("insurance", "")),
        (dict(kind="互助保障", description="相互宝分摊-6月第1期"), ("insurance", "")),
        (dict(kind="保险", description="好医保长期医疗"), ("insurance", "")),
        (dict(kind="转账红包", description="转账", direction="in"), ("transfer_in", "")),
        (dict(kind="转账红包", description="转账", direction="out"), ("transfer_out", "")),
        (dict(kind="转账红包", description="收到红包", direction="in"), ("red_packet", "")),
        (dict(kind="微信红包", direction="in"), ("red_packet", "")),
        (dict(kind="微信红包", direction="out"), ("red_packet", "")),
        (dict(kind="亲友代付", description="亲情卡"), ("transfer_out", "")),
        (dict(kind="退款", description="退款-亲情卡", direction="neutral"), ("refund", "")),
        (dict(kind="微信红包-退款", direction="in"), ("refund", "")),
        (dict(kind="零钱提现", direction="neutral"), ("other", "")),
        (dict(kind="餐饮美食", counterparty="肯德基", description="外卖订单"), ("spending", "")),
        (dict(kind="日用百货", description="商品", method="花呗&红包"), ("spending", "")),
        (dict(kind="其他", description="神秘收入", direction="in"), ("other", "")),
        (dict(description="salary", counterparty="ACME Co. Ltd", direction="in"), ("income", "")),
        (dict(description="Electricity bill"), ("bills", "")),
    ],
)
def test_rules(row, expected):
    assert cat(**row) == expected


def test_rule_file_is_valid():
    rs = rules()
    assert len(rs.rules) > 20
    assert rs.rules[-1].category == "other" and not rs.rules[-1].patterns
    for rule in rs.rules:
        assert rule.category in CATEGORIES
        assert rule.lender in (*LENDERS, "")


def test_first_matching_rule_wins_and_is_vectorised():
    n = 3000
    frame = pd.DataFrame(
        {
            "kind": ["信用借还", "餐饮美食", "投资理财"] * n,
            "counterparty": ["花呗", "肯德基", "天弘基金"] * n,
            "description": ["花呗主动还款", "外卖订单", "余额宝-单次转入"] * n,
            "method": [""] * (3 * n),
            "status": ["交易成功"] * (3 * n),
            "direction": ["neutral", "out", "neutral"] * n,
            "amount": [1.0] * (3 * n),
        }
    )
    out = categorize(frame)
    assert list(out["category"][:3]) == ["loan_repay", "spending", "wealth_in"]
    assert out["category"].value_counts().to_dict() == {
        "loan_repay": n,
        "spending": n,
        "wealth_in": n,
    }


def test_empty_frame():
    frame = pd.DataFrame(
        {
            c: pd.Series([], dtype="str")
            for c in ("kind", "counterparty", "description", "method", "status", "direction")
        }
    )
    frame["amount"] = pd.Series([], dtype="float64")
    assert categorize(frame).empty
