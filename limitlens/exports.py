"""Write transaction rows as the files Alipay and WeChat Pay export: rows in, upload bytes out.

The one writer behind the sample personas (scripts/make_personas.py), the benchmark's generated
histories and the tests' fixtures. Layouts follow ../shared/formats/FORMATS.md:

- `alipay_a3`: the Alipay app export since 2023 (A3). GB18030, LF, a 24-line preamble (who, the
  period, the export time, counts and totals per direction, the nine notes, the company line),
  the header, one row per line ending in a comma, order numbers ending in a TAB. Style "2026"
  (支付宝支付科技有限公司) leaves cells bare; style "2023" (支付宝（中国）网络技术有限公司) pads
  the header and every text cell with spaces, as the real file does.
- `wechat_w1`: the WeChat Pay CSV (until mid-2025). UTF-8, 16 preamble lines padded with ten
  commas, `¥` amounts, 商品 and 备注 quoted, order numbers ending in a TAB, "/" for no merchant.

Rows are a DataFrame with the columns of ROW_COLUMNS in the export's own words (direction is
收入/支出/不计收支, or "/" for WeChat's neutral rows); a missing text column is empty. `time` is
datetime64 or text; `amount` is yuan as numbers (written with 2 decimals, after `¥` in W1) or
as text (written as it is). The preamble counts the rows and sums the amounts per direction.
Cells are written unescaped, as the apps do; rows in the order given (the apps: newest first).
Vectorised: a million rows take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ROW_COLUMNS: tuple[str, ...] = (
    "time",
    "kind",  # Alipay 交易分类 / WeChat 交易类型
    "counterparty",  # 交易对方
    "account",  # Alipay 对方账号 (WeChat has none)
    "description",  # 商品说明 / 商品
    "direction",  # 收/支
    "amount",  # 金额 / 金额(元)
    "method",  # 收/付款方式 / 支付方式
    "status",  # 交易状态 / 当前状态
    "order",  # 交易订单号 / 交易单号
    "merchant",  # 商家订单号 / 商户单号 ("" when there is none)
    "note",  # 备注
)

_A3 = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注"
ALIPAY_HEADER = tuple(_A3.split(","))
# Spaces after each header name in the real 2023-style export (deb-sig sample, issue #84).
ALIPAY_2023_HEADER_PADS = (12, 16, 16, 16, 16, 17, 18, 14, 16, 5, 11, 18)
ALIPAY_COMPANY = {"2023": "支付宝（中国）网络技术有限公司", "2026": "支付宝支付科技有限公司"}
ALIPAY_NOTES = (
    "1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；",
    "2.请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；",
    "3.支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；",
    "4.本回单如经任何涂改、编造，均立即失去效力；",
    "5.部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；",
    "6.因统计逻辑不同，明细金额直接累加后，可能会和下方统计金额不一致，请以实际交易金额为准；",
    "7.禁止将本回单用于非法用途；",
    "8.本明细仅展示当前账单中的交易，不包括已删除的记录；",
    "9.本明细仅供个人对账使用。",
)
ALIPAY_PAD = 20  # 2023 style: text cells are padded to this many characters
_STR = pa.large_string()

WECHAT_HEADER = (
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
)
WECHAT_NOTES = (
    "注：",
    "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易",
    "2. 本明细仅展示当前账单中的交易，不包括已删除的记录",
    "3. 本明细仅供个人对账使用",
)


@dataclass(frozen=True)
class Owner:
    """Who exported what, and when: the facts of an export's preamble."""

    name: str  # Alipay 姓名 (masked) / WeChat 微信昵称
    start: date  # first day of the exported period
    end: date  # last day of the exported period
    exported_at: datetime
    account: str = ""  # Alipay 支付宝账户 (masked); WeChat shows none


def _yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _text(values) -> pa.Array:
    return pa.array(values, _STR)


def _blank(n: int) -> pa.Array:
    return _text(np.full(n, "", dtype=object))


def _cat(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    """Element-wise concatenation of arrays and constant texts (joined by `sep`)."""
    parts = [pa.scalar(p, _STR) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*parts, pa.scalar(sep, _STR))


def _cells(rows: pd.DataFrame, currency: str = "") -> tuple[dict[str, pa.Array], np.ndarray]:
    """(every column as text, amount in integer cents); numeric amounts after `currency`."""
    text = {
        c: _text(rows[c].astype(str)) if c in rows else _blank(len(rows)) for c in ROW_COLUMNS[1:]
    }
    time, amount = rows["time"], rows["amount"]
    if pd.api.types.is_datetime64_any_dtype(time):
        stamps = np.datetime_as_string(time.to_numpy().astype("datetime64[s]"))
        text["time"] = pc.replace_substring(_text(stamps), "T", " ")
    else:
        text["time"] = _text(time.astype(str))
    if pd.api.types.is_numeric_dtype(amount):
        cents = np.round(amount.to_numpy(dtype="float64") * 100).astype("int64")
        fen = pc.utf8_lpad(pc.cast(pa.array(cents % 100), _STR), width=2, padding="0")
        yuan = _cat(currency, pc.cast(pa.array(cents // 100), _STR))
        text["amount"] = _cat(yuan, fen, sep=".")
    else:  # written as given; the totals count what reads as a number
        number = pd.to_numeric(amount.astype(str), errors="coerce").fillna(0.0).to_numpy()
        cents = np.round(number * 100).astype("int64")
    return text, cents


def _totals(direction: pa.Array, cents: np.ndarray, label: str, value: str) -> str:
    """`label：N笔 X.XX元` for the rows whose direction is `value`."""
    picked = pc.equal(direction, value).to_numpy(zero_copy_only=False)
    return f"{label}：{int(picked.sum())}笔 {_yuan(int(cents[picked].sum()))}元"


def _encode(head: list[str], cells: list[pa.Array], encoding: str) -> bytes:
    """The preamble and header lines, then one line per row of comma-joined cells."""
    body = _cat(*cells, sep=",").to_pylist() if cells and len(cells[0]) else []
    return ("\n".join([*head, *body]) + "\n").encode(encoding)


def alipay_a3(rows: pd.DataFrame, owner: Owner, style: str = "2026") -> bytes:
    """Alipay app export A3 ("2023" padded or "2026" bare style) as GB18030 bytes."""
    text, cents = _cells(rows)
    lines = [
        "-" * 84,
        "导出信息：",
        f"姓名：{owner.name}",
        f"支付宝账户：{owner.account}",
        f"起始时间：[{owner.start:%Y-%m-%d} 00:00:00]    终止时间：[{owner.end:%Y-%m-%d} 23:59:59]",
        "导出交易类型：[全部]",
        f"导出时间：[{owner.exported_at:%Y-%m-%d %H:%M:%S}]",
        f"共{len(rows)}笔记录",
        *(_totals(text["direction"], cents, d, d) for d in ("收入", "支出", "不计收支")),
        "",
        "特别提示：",
        *ALIPAY_NOTES,
        "",
        f"{'-' * 24}{ALIPAY_COMPANY[style]}  电子客户回单{'-' * 24}",
    ]
    plain = [text[c] for c in ROW_COLUMNS[:9]]
    merchant, note = text["merchant"], text["note"]
    if style == "2023":
        pads = zip(ALIPAY_HEADER, ALIPAY_2023_HEADER_PADS, strict=True)
        lines.append(",".join(h + " " * p for h, p in pads) + ",")
        plain, note = (
            [pc.utf8_rpad(c, width=ALIPAY_PAD) for c in plain],
            pc.utf8_rpad(note, ALIPAY_PAD),
        )
        merchant = pc.if_else(pc.equal(merchant, ""), " " * ALIPAY_PAD, merchant)
    else:
        lines.append(",".join(ALIPAY_HEADER) + ",")
    # the order numbers end in a TAB; the last empty cell ends every row with a comma
    cells = [*plain, _cat(text["order"], "\t"), _cat(merchant, "\t"), note, _blank(len(rows))]
    return _encode(lines, cells, "gb18030")


def wechat_w1(rows: pd.DataFrame, owner: Owner) -> bytes:
    """WeChat Pay CSV W1 as UTF-8 bytes."""
    text, cents = _cells(rows, "¥")
    direction = text["direction"]
    preamble = [
        "微信支付账单明细",
        f"微信昵称：[{owner.name}]",
        f"起始时间：[{owner.start:%Y-%m-%d} 00:00:00] 终止时间：[{owner.end:%Y-%m-%d} 23:59:59]",
        "导出类型：[全部]",
        f"导出时间：[{owner.exported_at:%Y-%m-%d %H:%M:%S}]",
        "",
        f"共{len(rows)}笔记录",
        _totals(direction, cents, "收入", "收入"),
        _totals(direction, cents, "支出", "支出"),
        _totals(direction, cents, "中性交易", "/"),
        *WECHAT_NOTES,
        "",
        "----------------------微信支付账单明细列表--------------------",
    ]
    merchant = pc.if_else(pc.equal(text["merchant"], ""), "/", text["merchant"])
    cells = [
        *(text[c] for c in ("time", "kind", "counterparty")),
        _cat('"', text["description"], '"'),
        direction,
        text["amount"],
        text["method"],
        text["status"],
        _cat(text["order"], "\t"),
        _cat(merchant, "\t"),
        _cat('"', text["note"], '"'),
    ]
    head = [line + "," * 10 for line in preamble] + [WECHAT_HEADER]
    return _encode(head, cells, "utf-8")
