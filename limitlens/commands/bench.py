"""`python -m limitlens bench [--rows N] [--json]`: import speed against a bare pandas.read_csv,
and what the pages do with that history.

Builds an N-row Alipay A3 export (GB18030, 24 preamble lines, realistic varied rows) in memory,
then times `pd.read_csv(io.BytesIO(b), encoding="gb18030", skiprows=24)` and
`limitlens.ingest.import_files` on the same bytes, best of 3 each, and prints both and the ratio.
It also times `compute_factors` on the imported history (once per data/profile change) and one
what-if step — what a slider move recomputes: two estimates, the waterfall and the tornado.
"""

from __future__ import annotations

import argparse
import io
import json
import time

import numpy as np

HELP = "time the import of a generated N-row Alipay export against a bare pandas.read_csv"

PREAMBLE = [
    "-" * 84,
    "导出信息：",
    "姓名：测试",
    "支付宝账户：test@example.com",
    "起始时间：[2025-01-01 00:00:00]    终止时间：[2025-12-31 23:59:59]",
    "导出交易类型：[全部]",
    "导出时间：[2026-01-01 09:00:00]",
    "共{n}笔记录",
    "收入：0笔 0.00元",
    "支出：0笔 0.00元",
    "不计收支：0笔 0.00元",
    "",
    "特别提示：",
    *[f"{i}.说明文字第{i}条；" for i in range(1, 10)],
    "",
    "------------------------支付宝支付科技有限公司  电子客户回单------------------------",
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,",
]

KINDS = [
    ("餐饮美食", "肯德基", "kfc***@yum.com", "外卖订单-{i}", "支出", "花呗", "交易成功"),
    (
        "日用百货",
        "盒马",
        "shh***@163.com",
        "香芹 500g等{k}类商品",
        "支出",
        "招商银行信用卡(2542)&碰一下立减",
        "交易成功",
    ),
    (
        "交通出行",
        "上海公共交通卡股份有限公司",
        "jtk***@sptcc.com",
        "上海公交",
        "支出",
        "余额宝",
        "交易成功",
    ),
    (
        "充值缴费",
        "国网上海市电力公司",
        "/",
        "{k}月电费自动缴费-某小区",
        "支出",
        "招商银行储蓄卡(8705)",
        "交易成功",
    ),
    (
        "信用借还",
        "花呗",
        "/",
        "花呗自动还款-2025年{k}月账单",
        "不计收支",
        "招商银行储蓄卡(8705)",
        "还款成功",
    ),
    ("投资理财", "天弘基金管理有限公司", "/", "余额宝-自动转入", "不计收支", "余额", "交易成功"),
    ("转账红包", "张*", "138******00", "转账", "收入", "余额", "交易成功"),
    ("收入", "某某科技有限公司", "/", "代发工资", "收入", "余额", "交易成功"),
    ("退款", "盒马", "shh***@163.com", "退款-香芹 500g等{k}类商品", "不计收支", "余额", "退款成功"),
    ("日用百货", "某店", "/", "商品{i}", "支出", "", "交易关闭"),
]


def make_export(rows: int, seed: int = 7) -> bytes:
    """An N-row A3 export as GB18030 bytes (vectorised string building)."""
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
    orders = pd.Series(["2025" + f"{n:024d}" for n in idx * 104729 + 17])
    body = (
        pd.Series(list(times))
        + ","
        + chosen["kind"]
        + ","
        + chosen["cp"]
        + ","
        + chosen["acct"]
        + ","
        + desc
        + ","
        + chosen["io"]
        + ","
        + pd.Series(amounts).map("{:.2f}".format)
        + ","
        + chosen["method"]
        + ","
        + chosen["status"]
        + ","
        + orders
        + "\t,"
        + orders.str[4:]
        + "\t,,"
    )
    text = "\n".join([*(line.format(n=rows) for line in PREAMBLE), *body.tolist()]) + "\n"
    return text.encode("gb18030")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate (100000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (3)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(rows: int, repeat: int = 3) -> dict[str, float | int]:
    import pandas as pd

    from limitlens.ingest import import_files

    data = make_export(rows)
    bare = _best(lambda: pd.read_csv(io.BytesIO(data), encoding="gb18030", skiprows=24), repeat)
    imported = {}

    def run() -> None:
        imported["n"] = len(import_files([("bench.csv", data)]).history)

    full = _best(run, repeat)
    from limitlens.factors import compute_factors
    from limitlens.model import estimate
    from limitlens.whatif import tornado, waterfall

    history = import_files([("bench.csv", data)]).history
    holder = {}
    factors_s = _best(lambda: holder.setdefault("v", compute_factors(history).values), repeat)
    baseline = dict(holder["v"])
    scenario = {**baseline, "inquiries_6m": 0.0, "sesame_score": 720.0}

    def slider_move() -> None:
        estimate(baseline), estimate(scenario)
        waterfall(baseline, scenario), tornado(scenario)

    step = _best(slider_move, repeat)
    return {
        "rows": rows,
        "bytes": len(data),
        "imported_rows": int(imported["n"]),
        "read_csv_s": round(bare, 4),
        "import_s": round(full, 4),
        "ratio": round(full / bare, 3) if bare else float("nan"),
        "factors_s": round(factors_s, 4),
        "whatif_step_s": round(step, 4),
    }


def run(args: argparse.Namespace) -> int:
    from limitlens.commands import CliError

    if args.rows < 1 or args.repeat < 1:
        raise CliError("--rows and --repeat must be at least 1")
    result = measure(args.rows, args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"rows: {result['rows']:,} ({result['bytes'] / 2**20:.1f} MB GB18030)")
        print(f"bare pandas.read_csv: {result['read_csv_s']:.3f} s")
        print(f"limitlens import:     {result['import_s']:.3f} s")
        print(f"ratio:                {result['ratio']:.2f}x")
        print(f"compute_factors:      {result['factors_s']:.3f} s (once per data/profile change)")
        print(f"what-if slider step:  {result['whatif_step_s'] * 1000:.1f} ms")
    return 0
