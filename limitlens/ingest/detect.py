"""Which layout a file has, found by content: the header row, never a line count or file name.

A header row is recognised by its cells (after stripping spaces and tabs):
- `交易号, 商家订单号, ...`               -> Alipay web export A1
- `收/支, 交易对方, ..., 交易时间`        -> Alipay app export A2 (2021 - early 2023)
- `交易时间, 交易分类, ...`               -> Alipay app export A3 (2023 - now)
- `交易时间, 交易类型, ...`               -> WeChat Pay (CSV: W1; XLSX: W2, or W3 when amounts are
                                             numbers or the preamble carries the UTC+08:00 note)
- `time, amount, direction, ...`          -> the LimitLens template
- `记录时间, 分类, 收支类型, ...`         -> the Alipay 记账本 export: rejected with a hint
- `账务流水号, 业务流水号, ...`           -> the Alipay 账务明细 (balance movements only): rejected,
                                             with how to export 交易明细 instead
Columns may come in any order (a hand-edited file): the layouts are told by their column names
(`_by_names`; A2 and A3 share their names but for A3's 备注); the first cells decide only for a
header that lacks one of those names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from limitlens.ingest.errors import IngestError

SCAN_LINES = 80

# canonical field -> header names that carry it (after normalising parentheses)
COLUMN_MAPS: dict[str, dict[str, tuple[str, ...]]] = {
    "alipay_web_a1": {
        "order": ("交易号",),
        "time": ("交易创建时间", "付款时间", "最近修改时间"),
        "kind": ("类型",),
        "counterparty": ("交易对方",),
        "description": ("商品名称",),
        "amount": ("金额(元)",),
        "io": ("收/支",),
        "status": ("交易状态",),
        "refund": ("成功退款(元)",),
        "fund": ("资金状态",),
    },
    "alipay_app_a2": {
        "io": ("收/支",),
        "counterparty": ("交易对方",),
        "description": ("商品说明",),
        "method": ("收/付款方式",),
        "amount": ("金额",),
        "status": ("交易状态",),
        "kind": ("交易分类",),
        "order": ("交易订单号",),
        "time": ("交易时间",),
    },
    "alipay_app_a3": {
        "time": ("交易时间",),
        "kind": ("交易分类",),
        "counterparty": ("交易对方",),
        "description": ("商品说明",),
        "io": ("收/支",),
        "amount": ("金额",),
        "method": ("收/付款方式",),
        "status": ("交易状态",),
        "order": ("交易订单号",),
    },
    "wechat": {
        "time": ("交易时间",),
        "kind": ("交易类型",),
        "counterparty": ("交易对方",),
        "description": ("商品",),
        "io": ("收/支",),
        "amount": ("金额(元)", "金额"),
        "method": ("支付方式",),
        "status": ("当前状态",),
        "order": ("交易单号",),
    },
    "template": {
        "time": ("time",),
        "amount": ("amount",),
        "io": ("direction",),
        "category": ("category",),
        "counterparty": ("counterparty",),
        "description": ("description",),
        "method": ("method",),
        "status": ("status",),
    },
}

REQUIRED: tuple[str, ...] = ("time", "amount", "io")


@dataclass(frozen=True)
class Header:
    """Where the table starts: 0-based line/row index, the cleaned header cells, layout family."""

    index: int
    cells: tuple[str, ...]
    family: str  # a COLUMN_MAPS key


def clean_cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip().strip("\ufeff").strip()
    return text.replace("（", "(").replace("）", ")")


def classify_header(cells: list[str]) -> str | None:
    """The COLUMN_MAPS family of a header row, or None when the row is not a header."""
    if len(cells) < 3:
        return None
    first, second = cells[0].lstrip("#").strip(), cells[1]
    names = {first, *cells}
    if {"记录时间", "收支类型"} <= names:
        raise IngestError("alipay_ledger")
    if {"账务流水号", "业务流水号"} <= names:
        raise IngestError("alipay_statement")
    family = _by_names(names)
    if family is not None:
        return family
    # headers that lack a name the sets ask for, in the exports' own order
    if first == "交易号" and "交易对方" in cells:
        return "alipay_web_a1"
    if first == "收/支" and "交易时间" in cells:
        return "alipay_app_a2"
    if first == "交易时间" and second == "交易分类":
        return "alipay_app_a3"
    if first == "交易时间" and second == "交易类型":
        return "wechat"
    lowered = {c.lower() for c in cells}
    if {"time", "amount", "direction"} <= lowered:
        return "template"
    return None


# A header is recognised by its column names, in any order (a hand-edited file moves columns;
# they are matched by name anyway, see column_positions).
WECHAT_NAMES = frozenset(("交易时间", "交易类型", "交易对方", "收/支", "当前状态"))
ALIPAY_APP_NAMES = frozenset(("交易时间", "交易分类", "交易对方", "收/支", "金额", "交易状态"))
ALIPAY_WEB_NAMES = frozenset(("交易号", "交易对方", "金额(元)", "收/支", "交易状态"))


def _by_names(names: set[str]) -> str | None:
    if ALIPAY_WEB_NAMES <= names:
        return "alipay_web_a1"
    if WECHAT_NAMES <= names and names & {"金额(元)", "金额"}:
        return "wechat"
    if ALIPAY_APP_NAMES <= names:  # A3 added 备注 to A2's columns (and moved them)
        return "alipay_app_a3" if "备注" in names else "alipay_app_a2"
    return None


def find_header_in_text(text: str) -> Header:
    """Scan the first lines of a decoded CSV for a known header row."""
    lines = text[: 200 * SCAN_LINES].split("\n")[:SCAN_LINES]
    for idx, line in enumerate(lines):
        if "," not in line:
            continue
        try:
            cells = [clean_cell(c) for c in next(csv.reader([line.rstrip("\r")]))]
        except (csv.Error, StopIteration):
            continue
        family = classify_header(cells)
        if family:
            return Header(idx, tuple(cells), family)
    raise IngestError(_why_no_header(text[:8000]))


def find_header_in_rows(rows: list[tuple[object, ...]]) -> Header:
    """The same for spreadsheet rows (index = 0-based position, row number = index + 1)."""
    for idx, row in enumerate(rows[:SCAN_LINES]):
        cells = [clean_cell(c) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        family = classify_header(cells)
        if family:
            return Header(idx, tuple(cells), family)
    head = "\n".join(" ".join(clean_cell(c) for c in row) for row in rows[:SCAN_LINES])
    raise IngestError(_why_no_header(head))


def _why_no_header(head: str) -> str:
    if "微信支付" in head or "支付宝" in head:
        return "header_not_found"
    return "unknown_layout"


def column_positions(header: Header) -> dict[str, int]:
    """canonical field -> column index; IngestError("missing_columns") when a required one lacks."""
    wanted = COLUMN_MAPS[header.family]
    names = [c.lower() if header.family == "template" else c for c in header.cells]
    out: dict[str, int] = {}
    for field, aliases in wanted.items():
        for alias in aliases:
            if alias in names:
                out[field] = names.index(alias)
                break
    missing = [wanted[f][0] for f in REQUIRED if f not in out]
    if missing:
        raise IngestError("missing_columns", columns=tuple(missing))
    return out
