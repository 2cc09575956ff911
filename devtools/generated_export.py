"""A large Alipay A3 export made up in memory, for the benchmark and the tests that need a
history of any size: GB18030, the 24-line preamble, padded cells, TAB-terminated order numbers,
written by the one export writer (limitlens.exports), so it imports exactly as a real one."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from limitlens.exports import Owner, alipay_a3

# who exported the generated file, and the year it covers (the parser reads none of it)
OWNER = Owner("测试", date(2025, 1, 1), date(2025, 12, 31), datetime(2026, 1, 1, 9))
# The kinds of row the generated export mixes, one a line in the A3 column order:
# 交易分类,交易对方,对方账号,商品说明,收/支,收/付款方式,交易状态 ({i}, {k}: filled per row).
KINDS: tuple[tuple[str, ...], ...] = tuple(
    line.split(",")
    for line in (
        "餐饮美食,肯德基,kfc***@yum.com,外卖订单-{i},支出,花呗,交易成功",
        "日用百货,盒马,shh***@163.com,香芹 500g等{k}类商品,支出,招商银行信用卡(2542)&碰一下立减,交易成功",
        "交通出行,上海公共交通卡股份有限公司,jtk***@sptcc.com,上海公交,支出,余额宝,交易成功",
        "充值缴费,国网上海市电力公司,/,{k}月电费自动缴费-某小区,支出,招商银行储蓄卡(8705),交易成功",
        "信用借还,花呗,/,花呗自动还款-2025年{k}月账单,不计收支,招商银行储蓄卡(8705),还款成功",
        "投资理财,天弘基金管理有限公司,/,余额宝-自动转入,不计收支,余额,交易成功",
        "转账红包,张*,138******00,转账,收入,余额,交易成功",
        "收入,某某科技有限公司,/,代发工资,收入,余额,交易成功",
        "退款,盒马,shh***@163.com,退款-香芹 500g等{k}类商品,不计收支,余额,退款成功",
        "日用百货,某店,/,商品{i},支出,,交易关闭",
    )
)


def make_export(rows: int, seed: int = 7) -> bytes:
    """An N-row A3 export as GB18030 bytes, the same bytes for the same `rows` and `seed`."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    weights = np.array([30, 25, 15, 4, 3, 8, 5, 2, 3, 5], dtype=float)
    pick = rng.choice(len(KINDS), size=rows, p=weights / weights.sum())
    base = pd.Timestamp("2025-12-31 23:59:59")
    secs = np.sort(rng.integers(0, 365 * 86400, size=rows))
    times = (base - pd.to_timedelta(secs, unit="s")).strftime("%Y-%m-%d %H:%M:%S")
    amounts = np.round(rng.gamma(2.0, 40.0, size=rows) + 0.01, 2)
    idx = np.arange(rows)
    table = pd.DataFrame(
        [KINDS[k] for k in range(len(KINDS))],
        columns=["kind", "cp", "acct", "desc", "io", "method", "status"],
    )
    chosen = table.iloc[pick].reset_index(drop=True)
    desc = chosen["desc"].to_numpy(dtype=object)
    k = (idx % 12 + 1).astype(str)
    i = (idx * 7919 % 10**9).astype(str)
    desc = pd.Series(desc).str.replace("{i}", "", regex=False).to_numpy(dtype=object) + np.where(
        pd.Series(desc).str.contains("{i}", regex=False), i, ""
    )
    desc = pd.Series(desc)
    has_k = desc.str.contains("{k}", regex=False)
    parts = desc.str.split("{k}", n=1, regex=False)
    desc = desc.where(~has_k, parts.str[0] + pd.Series(k) + parts.str[-1])
    orders = "2025" + pd.Series((idx * 104729 + 17).astype(str)).str.zfill(24)
    table = pd.DataFrame(
        {
            "time": times,
            "kind": chosen["kind"],
            "counterparty": chosen["cp"],
            "account": chosen["acct"],
            "description": desc,
            "direction": chosen["io"],
            "amount": amounts,
            "method": chosen["method"],
            "status": chosen["status"],
            "order": orders,
            "merchant": orders.str[4:],
        }
    )
    return alipay_a3(table, OWNER)
