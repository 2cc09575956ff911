"""Builders for import fixtures in every real export layout, plus broken variants.

Every builder returns the bytes a user would upload. Rows are dicts with the canonical keys
(time, kind, counterparty, account, description, io, amount, method, status, order, merchant,
note); missing keys take neutral defaults. Layout details follow /work/shared/formats/FORMATS.md.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from limitlens.exports import ALIPAY_COMPANY, Owner, alipay_a3

A3_COMPANY_2023 = ALIPAY_COMPANY["2023"]
A3_COMPANY_2026 = ALIPAY_COMPANY["2026"]

ROW_DEFAULTS: dict[str, Any] = {
    "time": "2026-03-01 10:00:00",
    "kind": "日用百货",
    "counterparty": "盒马",
    "account": "/",
    "description": "商品",
    "io": "支出",
    "amount": "10.00",
    "method": "余额",
    "status": "交易成功",
    "order": "",
    "merchant": "",
    "note": "",
}

# A realistic month of Alipay rows (A3 vocabulary, FORMATS.md §8). Totals by direction:
#   in: 12000.00 + 200.00 = 12200.00
#   out: 36.50 + 120.00 + 88.00 + 1500.00(社保) + 35.00(保险) + 59.90(closed) + 200.00(purchase)
#        = 2039.40
#   neutral: 1500 (花呗还款) + 5000 (借呗放款) + 1020.50 (借呗还款) + 3000 (余额宝转入)
#            + 800 (余额宝转出) + 0.35 (收益) + 80 (refund) + 1500 (还款失败) = 12900.85
ALIPAY_MONTH: list[dict[str, Any]] = [
    {
        "time": "2026-03-10 09:00:00",
        "kind": "收入",
        "counterparty": "某某科技有限公司",
        "description": "代发工资",
        "io": "收入",
        "amount": "12000.00",
        "order": "2026031000001",
    },
    {
        "time": "2026-03-11 12:30:00",
        "kind": "餐饮美食",
        "counterparty": "肯德基",
        "description": "外卖订单",
        "amount": "36.50",
        "method": "花呗",
        "order": "2026031100002",
    },
    {
        "time": "2026-03-12 08:00:00",
        "kind": "充值缴费",
        "counterparty": "国家电网",
        "description": "国家电网-电费",
        "amount": "120.00",
        "order": "2026031200003",
    },
    {
        "time": "2026-03-12 09:00:00",
        "kind": "充值缴费",
        "counterparty": "中国移动",
        "description": "中国移动话费充值",
        "amount": "88.00",
        "order": "2026031200004",
    },
    {
        "time": "2026-03-13 10:00:00",
        "kind": "公共服务",
        "counterparty": "某市社保中心",
        "description": "社保缴费",
        "amount": "1500.00",
        "order": "2026031300005",
    },
    {
        "time": "2026-03-14 10:00:00",
        "kind": "保险",
        "counterparty": "众安保险",
        "description": "好医保长期医疗",
        "amount": "35.00",
        "order": "2026031400006",
    },
    {
        "time": "2026-03-15 10:00:00",
        "kind": "信用借还",
        "counterparty": "花呗",
        "description": "花呗主动还款-2026年02月账单",
        "io": "不计收支",
        "amount": "1500.00",
        "method": "招商银行储蓄卡(8705)",
        "status": "还款成功",
        "order": "2026031500007",
    },
    {
        "time": "2026-03-16 10:00:00",
        "kind": "信用借还",
        "counterparty": "蚂蚁借呗",
        "description": "借呗放款至银行卡",
        "io": "不计收支",
        "amount": "5000.00",
        "status": "放款成功",
        "order": "2026031600008",
    },
    {
        "time": "2026-03-17 10:00:00",
        "kind": "信用借还",
        "counterparty": "蚂蚁借呗",
        "description": "蚂蚁借呗还款",
        "io": "不计收支",
        "amount": "1020.50",
        "status": "还款成功",
        "order": "2026031700009",
    },
    {
        "time": "2026-03-18 10:00:00",
        "kind": "投资理财",
        "counterparty": "天弘基金管理有限公司",
        "description": "余额宝-单次转入",
        "io": "不计收支",
        "amount": "3000.00",
        "order": "2026031800010",
    },
    {
        "time": "2026-03-19 10:00:00",
        "kind": "投资理财",
        "counterparty": "天弘基金管理有限公司",
        "description": "余额宝-转出到余额",
        "io": "不计收支",
        "amount": "800.00",
        "order": "2026031900011",
    },
    {
        "time": "2026-03-20 03:00:00",
        "kind": "投资理财",
        "counterparty": "余额宝-快线宝",
        "description": "余额-2026.03.19-收益发放",
        "io": "不计收支",
        "amount": "0.35",
        "order": "2026032000012",
    },
    {
        "time": "2026-03-21 10:00:00",
        "kind": "转账红包",
        "counterparty": "张*",
        "description": "转账",
        "io": "收入",
        "amount": "200.00",
        "order": "2026032100013",
    },
    {
        "time": "2026-03-22 10:00:00",
        "kind": "日用百货",
        "counterparty": "某店",
        "description": "已取消的订单",
        "amount": "59.90",
        "method": "",
        "status": "交易关闭",
        "order": "2026032200014",
    },
    {
        "time": "2026-03-23 10:00:00",
        "kind": "日用百货",
        "counterparty": "盒马",
        "description": "香芹 500g等3类商品",
        "amount": "200.00",
        "order": "2026032300015",
    },
    {
        "time": "2026-03-24 10:00:00",
        "kind": "退款",
        "counterparty": "盒马",
        "description": "退款-香芹 500g等3类商品",
        "io": "不计收支",
        "amount": "80.00",
        "status": "退款成功",
        "order": "2026032300015_20260324100000abc",
    },
    {
        "time": "2026-03-25 10:00:00",
        "kind": "信用借还",
        "counterparty": "花呗",
        "description": "花呗自动还款-2026年03月账单",
        "io": "不计收支",
        "amount": "1500.00",
        "method": "",
        "status": "还款失败",
        "order": "2026032500016",
    },
]
ALIPAY_MONTH_TOTALS = {"in": 12200.00, "out": 2039.40, "neutral": 12900.85}


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {**ROW_DEFAULTS, **row}


def _pad(value: str, width: int = 20) -> str:
    return value + " " * max(1, width - len(value))


# Who exported the fixtures' A3 files, and when (the month of ALIPAY_MONTH).
A3_OWNER = Owner(
    name="测试",
    account="test@example.com",
    start=date(2026, 3, 1),
    end=date(2026, 3, 31),
    exported_at=datetime(2026, 4, 1, 9, 0, 0),
)


def a3(
    rows: list[dict[str, Any]] | None = None,
    *,
    padded: bool = False,
    company: str = A3_COMPANY_2026,
    encoding: str = "gb18030",
    newline: str = "\n",
    preamble: bool = True,
) -> bytes:
    """Alipay app export, 2023+ layout (A3), written by limitlens.exports (the one A3 writer).
    padded=True is the 2023 style (space-padded cells); `company`, `encoding`, `newline` and
    `preamble=False` (from the company line on) make the variants real files show."""
    rows = ALIPAY_MONTH if rows is None else rows
    frame = pd.DataFrame([_row(r) for r in rows], columns=list(ROW_DEFAULTS))
    style = "2023" if padded else "2026"
    lines = alipay_a3(frame.rename(columns={"io": "direction"}), A3_OWNER, style).decode("gb18030")
    lines = lines.split("\n")
    at = next(n for n, line in enumerate(lines) if ALIPAY_COMPANY[style] in line)
    lines[at] = lines[at].replace(ALIPAY_COMPANY[style], company)
    return newline.join(lines if preamble else lines[at:]).encode(encoding)


def a2(rows: list[dict[str, Any]] | None = None) -> bytes:
    """Alipay app export 2021-early 2023 (A2): header on line 2, 交易时间 last, footer after."""
    rows = ALIPAY_MONTH if rows is None else rows
    io_map = {"不计收支": "其他"}
    lines = ["-" * 24 + f"{A3_COMPANY_2023}  电子客户回单" + "-" * 24]
    header = [
        "收/支",
        "交易对方",
        "对方账号",
        "商品说明",
        "收/付款方式",
        "金额",
        "交易状态",
        "交易分类",
        "交易订单号",
        "商家订单号",
        "交易时间",
    ]
    lines.append(",".join(_pad(h) for h in header) + ",")
    for raw in rows:
        r = _row(raw)
        cells = [
            _pad(io_map.get(r["io"], r["io"])),
            _pad(r["counterparty"]),
            _pad(""),
            _pad(r["description"]),
            _pad(r["method"]),
            _pad(str(r["amount"])),
            _pad(r["status"]),
            _pad(r["kind"]),
            f"{r['order']}\t",
            f"{r['merchant']}\t",
            f"{r['time']} ",
        ]
        lines.append(",".join(cells) + ",")
    lines += [
        "-" * 84,
        "导出信息：",
        "姓名：测试",
        "支付宝账户：test@example.com",
        "起始时间：[2021-05-19 00:00:00]    终止时间：[2021-06-19 23:59:59]",
        "导出时间：[2021-06-19 03:10:16]",
        f"共{len(rows)}笔记录",
        "收入：0笔,0.00元",
        "支出：1笔,1234.56元",
        "其他：1笔,9876.54元",
        "",
        "特别提示：",
        "1.提示；",
    ]
    return ("\n".join(lines) + "\n").encode("gb18030")


def a1(rows: list[dict[str, Any]] | None = None) -> bytes:
    """Alipay old web export (A1): 4 preamble lines, 交易号 header, dashed footer."""
    rows = ALIPAY_MONTH if rows is None else rows
    lines = [
        "支付宝交易记录明细查询",
        "账号:[faker@faker.com]",
        "起始日期:[2019-08-01 00:00:00]    终止日期:[2019-10-01 00:00:00]",
        "-" * 33 + "交易记录明细列表" + "-" * 36,
    ]
    header = [
        "交易号",
        "商家订单号",
        "交易创建时间",
        "付款时间",
        "最近修改时间",
        "交易来源地",
        "类型",
        "交易对方",
        "商品名称",
        "金额（元）",
        "收/支",
        "交易状态",
        "服务费（元）",
        "成功退款（元）",
        "备注",
        "资金状态",
    ]
    lines.append(",".join(_pad(h) for h in header) + ",")
    for raw in rows:
        r = _row(raw)
        io_value = r["io"] if r["io"] in ("收入", "支出") else ""
        cells = [
            f"{r['order']}\t",
            f"{r['merchant']}\t",
            f"{r['time']} ",
            f"{r['time']} ",
            f"{r['time']} ",
            _pad("支付宝网站"),
            _pad("即时到账交易"),
            _pad(r["counterparty"]),
            _pad(r["description"]),
            _pad(str(r["amount"])),
            _pad(io_value),
            _pad(r["status"]),
            _pad("0.00"),
            _pad(r.get("refund", "0.00")),
            _pad(""),
            _pad("已支出" if io_value == "支出" else "已收入"),
        ]
        lines.append(",".join(cells) + ",")
    lines += [
        "-" * 84,
        "共2笔记录",
        "已收入:1笔,0.01元",
        "待收入:0笔,0.00元",
        "已支出:1笔,27元",
        "待支出:0笔,0.00元",
        "导出时间:[2019-10-08 14:34:22]    用户:测试",
    ]
    return ("\n".join(lines) + "\n").encode("gb18030")


# WeChat rows: kind = 交易类型, io = 收入/支出/"/", amount as a number (the builders add ¥).
# Totals by direction: in 45000.00 + 0.35 = 45000.35; out 28.16 + 500.00 + 50.71 = 578.87;
# neutral 2000.00 + 548.58 + 10000.00 + 100.10 = 12648.68
WECHAT_ROWS: list[dict[str, Any]] = [
    {
        "time": "2026-03-01 12:45:27",
        "kind": "商户消费",
        "counterparty": "云膳过桥米线",
        "description": "总共消费:28.16",
        "io": "支出",
        "amount": 28.16,
        "method": "中国银行(1234)",
        "status": "支付成功",
        "order": "4200000001",
    },
    {
        "time": "2026-03-02 10:10:11",
        "kind": "微信红包",
        "counterparty": "好友",
        "description": "/",
        "io": "收入",
        "amount": 0.35,
        "method": "/",
        "status": "已存入零钱",
        "order": "4200000002",
    },
    {
        "time": "2026-03-03 18:03:35",
        "kind": "转账",
        "counterparty": "房东",
        "description": "转账备注:微信转账",
        "io": "支出",
        "amount": 500.00,
        "method": "零钱通",
        "status": "朋友已收钱",
        "order": "4200000003",
    },
    {
        "time": "2026-03-05 09:00:00",
        "kind": "转账",
        "counterparty": "某某科技有限公司",
        "description": "/",
        "io": "收入",
        "amount": 45000.00,
        "method": "/",
        "status": "已存入零钱",
        "order": "4200000004",
    },
    {
        "time": "2026-03-06 10:07:31",
        "kind": "转入零钱通-来自工商银行(9876)",
        "counterparty": "/",
        "description": "/",
        "io": "/",
        "amount": 2000.00,
        "method": "工商银行(9876)",
        "status": "支付成功",
        "order": "4200000005",
    },
    {
        "time": "2026-03-07 18:36:44",
        "kind": "信用卡还款",
        "counterparty": "建设银行信用卡还款",
        "description": "/",
        "io": "/",
        "amount": 548.58,
        "method": "零钱",
        "status": "支付成功",
        "order": "4200000006",
    },
    {
        "time": "2026-03-08 01:32:14",
        "kind": "购买理财通",
        "counterparty": "理财通",
        "description": "鹏华增值宝(000569)",
        "io": "/",
        "amount": 10000.00,
        "method": "工商银行",
        "status": "支付成功",
        "order": "4200000007",
    },
    {
        "time": "2026-03-09 16:29:37",
        "kind": "零钱提现",
        "counterparty": "招商银行(1234)",
        "description": "/",
        "io": "/",
        "amount": 100.10,
        "method": "工商银行",
        "status": "提现已到账",
        "order": "4200000008",
        "note": "服务费¥0.10",
    },
    {
        "time": "2026-03-10 17:19:40",
        "kind": "商户消费",
        "counterparty": "美团",
        "description": "物美-美团App",
        "io": "支出",
        "amount": 50.71,
        "method": "工商银行",
        "status": "已退款(￥0.11)",
        "order": "4200000009",
        "note": "已优惠¥0.77",
    },
]
WECHAT_TOTALS = {"in": 45000.35, "out": 578.87, "neutral": 12648.68}
WECHAT_HEADER = [
    "交易时间",
    "交易类型",
    "交易对方",
    "商品",
    "收/支",
    "金额(元)",
    "支付方式",
    "当前状态",
    "交易单号",
    "商户单号",
    "备注",
]


def _wechat_cells(raw: dict[str, Any]) -> list[Any]:
    r = {**ROW_DEFAULTS, "account": "", "note": "/", "merchant": "/", **raw}
    return [
        r["time"],
        r["kind"],
        r["counterparty"],
        r["description"],
        r["io"],
        r["amount"],
        r["method"],
        r["status"],
        f"{r['order']}\t",
        f"{r['merchant']}\t",
        r["note"],
    ]


def wechat_preamble(utc_note: bool = False) -> list[str]:
    lines = [
        "微信支付账单明细",
        "微信昵称：[测试]",
        "起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]",
        "导出类型：[全部]",
        "导出时间：[2026-04-01 16:05:22]",
        "",
        "共9笔记录",
        "收入：2笔 45000.35元",
        "支出：3笔 578.87元",
        "中性交易：4笔 12648.68元",
        "注：",
        "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易",
        "2. 本明细仅展示当前账单中的交易，不包括已删除的记录",
        "3. 本明细仅供个人对账使用",
    ]
    if utc_note:
        lines.append("4. 本账单中所有时间均为UTC+08:00时间")
    return [*lines, "", "-" * 22 + "微信支付账单明细列表" + "-" * 20]


def w1(
    rows: list[dict[str, Any]] | None = None,
    *,
    bom: bool = False,
    newline: str = "\n",
    yen: str = "¥",
    quote_text: bool = True,
) -> bytes:
    """WeChat CSV (W1): 16 preamble lines padded with commas, ¥ amounts, partial quoting."""
    rows = WECHAT_ROWS if rows is None else rows
    lines = [line + "," * 10 for line in wechat_preamble()]
    lines.append(",".join(WECHAT_HEADER))
    for raw in rows:
        c = _wechat_cells(raw)
        amount = c[5] if isinstance(c[5], str) else f"{yen}{c[5]:.2f}"
        desc = f'"{c[3]}"' if quote_text else c[3]
        note = f'"{c[10]}"' if quote_text else c[10]
        lines.append(",".join([c[0], c[1], c[2], desc, c[4], amount, c[6], c[7], c[8], c[9], note]))
    text = newline.join(lines) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _xlsx(
    rows_of_cells: list[list[Any]],
    number_format: dict[int, str] | None = None,
    skip_rows: tuple[int, ...] = (),
) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = 0
    for cells in rows_of_cells:
        r += 1
        while r in skip_rows:
            r += 1
        for c, value in enumerate(cells, 1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if number_format and c in number_format and not isinstance(value, str):
                cell.number_format = number_format[c]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def w2(rows: list[dict[str, Any]] | None = None) -> bytes:
    """WeChat XLSX mid-2025 (W2): header on row 17, every cell text (`¥28.16`)."""
    rows = WECHAT_ROWS if rows is None else rows
    body = []
    for raw in rows:
        c = _wechat_cells(raw)
        c[5] = c[5] if isinstance(c[5], str) else f"¥{c[5]:.2f}"
        body.append(c)
    pre = [[line] for line in wechat_preamble()]
    return _xlsx([*pre, WECHAT_HEADER, *body])


def excel_serial(when: datetime) -> float:
    return (when - datetime(1899, 12, 30)).total_seconds() / 86400


def w3(rows: list[dict[str, Any]] | None = None, *, dates: str = "mixed") -> bytes:
    """WeChat XLSX 2026 (W3): UTC note, header row 18, numeric amounts with a ¥ number format,
    times as datetime cells and/or raw Excel serials, empty rows 6 and 16 absent from the XML."""
    rows = WECHAT_ROWS if rows is None else rows
    body = []
    for i, raw in enumerate(rows):
        c = _wechat_cells(raw)
        when = datetime.strptime(str(c[0]), "%Y-%m-%d %H:%M:%S")
        use_serial = dates == "serial" or (dates == "mixed" and i % 2 == 1)
        c[0] = excel_serial(when) if use_serial else when
        c[5] = float(c[5])
        body.append(c)
    pre = [[line] for line in wechat_preamble(utc_note=True)]
    # pre has 17 entries (row 6 and 16 empty): write them with those rows left out of the XML
    return _xlsx([*pre, WECHAT_HEADER, *body], number_format={6: "¥#,##0.00"})


TEMPLATE_HEADER = "time,amount,direction,category,counterparty,description,method,status"


def template(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join([TEMPLATE_HEADER, *lines]) + "\n").encode(encoding)


# ---- broken variants ------------------------------------------------------------------------


def ledger() -> bytes:
    """The Alipay 记账本 export (not a transaction statement)."""
    return (
        "记录时间,分类,收支类型,金额,备注,账户,来源,标签\n"
        "2026-03-01 10:00,餐饮,支出,12.00,,余额,支付宝,\n"
    ).encode("utf-8-sig")


def truncated_xlsx() -> bytes:
    data = w3()
    return data[: len(data) // 2]


def binary() -> bytes:
    return bytes(range(256)) * 8


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def encrypted_zip(members: dict[str, bytes] | None = None) -> bytes:
    """A zip whose members have flag bit 0x1 (encrypted) set in local and central headers."""
    data = bytearray(zip_of(members or {"微信支付账单.xlsx": w3()}))
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0:
        flags = struct.unpack_from("<H", data, pos + 6)[0]
        struct.pack_into("<H", data, pos + 6, flags | 1)
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        flags = struct.unpack_from("<H", data, pos + 8)[0]
        struct.pack_into("<H", data, pos + 8, flags | 1)
        pos += 4
    return bytes(data)


def excel_resaved_a3() -> bytes:
    """An A3 file after Excel: seconds dropped, slashes and thousands separators (quoted)."""
    rows = [
        {
            "time": "2026/3/5 9:07",
            "amount": '"5,000.00"',
            "io": "收入",
            "kind": "收入",
            "counterparty": "某某科技有限公司",
            "description": "工资",
            "order": "A1",
        },
        {"time": "2026-03-06 10:15", "amount": '"1,020.50"', "order": "A2"},
        {"time": "2026-03-07 11:00:00", "amount": "12.30", "order": "A3"},
    ]
    return a3(rows, preamble=False)


def overlong_wechat() -> bytes:
    """W1 rows whose unquoted 交易对方 contains ASCII commas (12 and 13 fields)."""
    rows = [
        {**WECHAT_ROWS[0], "counterparty": "WALMART HONG KONG CO.,LIMITED", "order": "X1"},
        {**WECHAT_ROWS[0], "counterparty": "A,B,C LTD", "amount": 3.00, "order": "X2"},
        {**WECHAT_ROWS[1], "order": "X3"},
    ]
    return w1(rows)


def bad_rows_a3() -> bytes:
    """Two good rows around a bad amount (line 27) and a bad time (line 28)."""
    rows = [
        {"time": "2026-03-01 10:00:00", "amount": "10.00", "order": "B1"},
        {"time": "2026-03-02 10:00:00", "amount": "abc", "order": "B2"},
        {"time": "not a time", "amount": "5.00", "order": "B3"},
        {"time": "2026-03-03 10:00:00", "amount": "20.00", "order": "B4"},
    ]
    return a3(rows)


# ---- the real samples (tests/fixtures), changed the way editors and transfers change files ----

FIXTURES = Path(__file__).parent / "fixtures"
REAL_CSV: tuple[str, ...] = tuple(sorted(p.name for p in FIXTURES.glob("*.csv")))
REAL_XLSX: tuple[str, ...] = tuple(sorted(p.name for p in FIXTURES.glob("*.xlsx")))


def real(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def real_encoding(name: str) -> str:
    return "utf-8" if name.startswith("wechat") else "gb18030"


def _table_lines(data: bytes, encoding: str) -> tuple[list[str], int, int]:
    """(the file's lines, index of the header line, the header's field count)."""
    from limitlens.ingest.detect import find_header_in_text

    text = data.decode(encoding)
    header = find_header_in_text(text)
    return text.split("\n"), header.index, len(header.cells)


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()[:-1]


def reorder_columns(name: str, order: list[int]) -> bytes:
    """The real file with its header and every data row's fields moved to `order` (preamble
    and footer lines, which have other field counts, stay as they are)."""
    enc = real_encoding(name)
    lines, at, width = _table_lines(real(name), enc)
    out = []
    for i, line in enumerate(lines):
        cells = next(csv.reader([line])) if i >= at and line else []
        out.append(_csv_line([cells[j] for j in order]) if len(cells) == width else line)
    return "\n".join(out).encode(enc)


def data_lines(name: str) -> list[int]:
    """0-based indexes of the real file's data rows (lines of the header's field count)."""
    lines, at, width = _table_lines(real(name), real_encoding(name))
    return [i for i in range(at + 1, len(lines)) if lines[i].count(",") + 1 == width]


def with_line_break_in_field(name: str, row: int = 0, newline: str = "\r\n") -> bytes:
    """The real file with `newline` + 第二行 inside the description (商品说明…) of data row
    `row`, quoted the way CSV writes a field that holds a line break (valid CSV)."""
    from limitlens.ingest.detect import column_positions, find_header_in_text

    enc = real_encoding(name)
    lines, _, _ = _table_lines(real(name), enc)
    column = column_positions(find_header_in_text(real(name).decode(enc)))["description"]
    i = data_lines(name)[row]
    cells = next(csv.reader([lines[i]]))
    cells[column] = cells[column].strip() + newline + "第二行"
    lines[i] = ",".join(f'"{c}"' if newline in c else c for c in cells)
    return "\n".join(lines).encode(enc)


def without_trailing_fields(name: str, drop: int, every: int = 2) -> tuple[bytes, int]:
    """(the real file with its last `drop` fields cut from every `every`-th data row, as an edit
    by hand leaves it, the number of rows cut)."""
    enc = real_encoding(name)
    lines, at, width = _table_lines(real(name), enc)
    cut = 0
    for i in range(at + 1, len(lines)):
        cells = next(csv.reader([lines[i]])) if lines[i] else []
        if len(cells) == width and (i - at) % every == 0:
            lines[i] = ",".join(lines[i].split(",")[: width - drop])
            cut += 1
    return "\n".join(lines).encode(enc), cut
