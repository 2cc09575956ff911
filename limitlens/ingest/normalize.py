"""Raw text cells -> typed values: time, amount, direction, status, refunded; bad rows listed.

Each layout's styles and words come from data/layouts.toml (layouts.Layout); the defaults are
the Chinese exports':
- time: the layout's time formats (`YYYY-MM-DD HH:MM:SS`, the fast path), then Excel re-saved
  forms without seconds and with slashes (`YYYY/M/D H:MM`), then Excel date serials (days since
  1899-12-30), then datetime cells.
- amount: currency words (`¥`/`￥`, `元`), spaces and thousands separators removed, the layout's
  decimal mark read as a point; rounded to 2 decimals.
- direction: 收入 -> in, 支出 -> out, anything else (不计收支, 其他, `/`, empty) -> neutral.
- status: text containing 失败 -> failed; 关闭 / 已退还 / 撤销 / 取消 / 等待付款 -> closed;
  everything else (交易成功, 支付成功, 已存入零钱, 等待确认收货, 已退款(￥x) ...) -> success.
- refunded: WeChat `已退款(￥x.xx)` -> x.xx, `已全额退款` -> the amount; Alipay web 成功退款(元).
"""

from __future__ import annotations

import re
from datetime import datetime
from numbers import Number

import numpy as np
import pandas as pd

from limitlens.codes import factorized, known_codes, remember_codes
from limitlens.i18n import Message
from limitlens.ingest.layouts import load, shared_directions
from limitlens.ingest.model import SkippedRow

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
TEXT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d %H:%M:%S")
_WORDS = load().words
# word of an export or the template -> "in" | "out" | "neutral"
DIRECTION_WORDS: dict[str, str] = shared_directions(_WORDS)
PARTIAL_REFUND: str = _WORDS["status"]["partial_refund"]
TIME_UNIT = "datetime64[us]"
# Rows outside these bounds are skipped: Alipay began in 2004; a future date is a typo or forged,
# and one such row would move the whole factor window.
EARLIEST = pd.Timestamp("2004-01-01")
MAX_AMOUNT = 10_000_000.0  # ¥10 million: larger is not one personal payment


def _serials(values: pd.Series) -> pd.Series:
    days = pd.to_numeric(values, errors="coerce").astype("float64")
    days = days.where((days > 1) & (days < 2958466))
    out = EXCEL_EPOCH.as_unit("us") + pd.to_timedelta(days, unit="D").astype("timedelta64[us]")
    return out.dt.round("s").astype(TIME_UNIT)


def parse_times(
    values: pd.Series, first: str = TEXT_FORMATS[0], more: tuple[str, ...] = ()
) -> pd.Series:
    """datetime64[us] per row (wide enough for years 1600 or 9999, which `in_range` then
    rejects), NaT where the cell is not a time. `first` and `more`: the layout's formats."""
    if pd.api.types.is_numeric_dtype(values):
        return _serials(values)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype(TIME_UNIT)
    if values.dtype == object:
        is_dt = values.map(lambda v: isinstance(v, datetime))
        is_num = values.map(lambda v: isinstance(v, Number) and not isinstance(v, bool))
        out = pd.Series(pd.NaT, index=values.index, dtype=TIME_UNIT)
        if is_dt.any():
            out[is_dt] = pd.to_datetime(values[is_dt].tolist()).astype(TIME_UNIT)
        if is_num.any():
            out[is_num] = _serials(values[is_num]).astype("datetime64[ns]")
        rest = ~(is_dt | is_num)
        if rest.any():
            out[rest] = parse_times(values[rest].map(str).astype("str"), first, more)
        return out
    text = values.astype("str")
    out = pd.to_datetime(text, format=first, errors="coerce").astype(TIME_UNIT)
    todo = out.isna() & (text != "")
    for fmt in more:
        if not todo.any():
            break
        got = pd.to_datetime(text[todo], format=fmt, errors="coerce").astype(TIME_UNIT)
        out[got.index] = out[got.index].fillna(got)
        todo = out.isna() & (text != "")
    if todo.any():
        alt = text[todo].str.replace(r"[/.]", "-", regex=True).str.replace(r"\s+", " ", regex=True)
        for fmt in TEXT_FORMATS:
            got = pd.to_datetime(alt, format=fmt, errors="coerce").astype(TIME_UNIT)
            out[got.index] = out[got.index].fillna(got)
            alt = alt[got.isna()]
            if alt.empty:
                break
        if not alt.empty:
            out[alt.index] = _serials(text[alt.index])
    return out.astype(TIME_UNIT)


def _cast_amounts(values: pd.Series) -> pd.Series | None:
    """Arrow-backed text cast to float64 by pyarrow in one C++ pass (what pd.to_numeric reads as
    a number, `nan` and `inf` included, it reads the same); None when any cell is not a plain
    number (empty, `¥`, thousands separators...): the caller then cleans cells the slow way."""
    arrow = getattr(values.array, "_pa_array", None)
    if arrow is None:  # not arrow-backed (then pyarrow may be missing too)
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        number = pc.cast(arrow, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if number.null_count:
        return None
    return pd.Series(number.to_numpy(), index=values.index, dtype="float64")


def parse_amounts(values: pd.Series, junk: str, decimal: str = ".") -> pd.Series:
    """float64 per row as written (may be huge or infinite: `bad_rows` judges), NaN where the
    cell is not a non-negative number. `junk`: a regex of what to remove (currency words,
    thousands separators, spaces); `decimal`: the layout's decimal mark."""
    if values.dtype == object:
        is_num = values.map(lambda v: isinstance(v, Number) and not isinstance(v, bool))
        out = pd.Series(np.nan, index=values.index, dtype="float64")
        out[is_num] = values[is_num].astype("float64")
        rest = ~is_num
        if rest.any():
            out[rest] = parse_amounts(values[rest].map(str).astype("str"), junk, decimal)
        return out.where(out >= 0)
    if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
        out = values.astype("float64")
        return out.where(out >= 0)
    if decimal != ".":  # `1.234` is no plain number here: every cell is cleaned
        out = pd.Series(np.nan, index=values.index, dtype="float64")
        todo = values != ""
        if todo.any():
            cleaned = values[todo].str.replace(junk, "", regex=True)
            cleaned = cleaned.str.replace(decimal, ".", regex=False)
            out[todo] = pd.to_numeric(cleaned, errors="coerce").astype("float64")
        return out.where(out >= 0)
    out = _cast_amounts(values)
    if out is not None:  # every cell a plain number (the usual case): nothing left to clean
        return out.where(out >= 0)
    out = pd.to_numeric(values, errors="coerce").astype("float64")
    todo = out.isna() & (values != "")
    if todo.any():
        cleaned = values[todo].str.replace(junk, "", regex=True)
        out[todo] = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    return out.where(out >= 0)


def map_distinct(values: pd.Series, func) -> pd.Series:
    """`func` applied to each distinct value only, gathered back to every row (str dtype)."""
    codes, uniques = factorized(values)
    mapped = pd.Series([func(u) for u in uniques], dtype="str")
    if not len(values):
        return pd.Series([], dtype="str", index=values.index)
    out = mapped.take(codes)
    out.index = values.index
    remember_codes(out, codes, mapped)
    return out


def directions(io: pd.Series, words: dict[str, str] = DIRECTION_WORDS) -> pd.Series:
    """in / out / neutral per row from the layout's direction `words` (unknown -> neutral)."""
    return map_distinct(io, lambda value: words.get(value.strip().lower(), "neutral"))


def statuses(raw: pd.Series, failed: re.Pattern, closed: re.Pattern) -> pd.Series:
    """success / closed / failed per row from the layout's status patterns."""

    def status(value: str) -> str:
        if failed.search(value):
            return "failed"
        return "closed" if closed.search(value) else "success"

    return map_distinct(raw, status)


def refunded_from_status(raw: pd.Series, amount: pd.Series) -> pd.Series:
    """WeChat refunds recorded on the purchase row's status text."""
    out = pd.Series(0.0, index=raw.index, dtype="float64")
    has = raw.str.contains("退款", regex=False)
    if has.any():
        part = raw[has].str.extract(PARTIAL_REFUND, expand=False).str.replace(",", "", regex=False)
        out[has] = pd.to_numeric(part, errors="coerce").fillna(0.0).astype("float64")
        full = has & raw.str.contains("全额退款", regex=False)
        out[full] = amount[full]
    return out


def clean_text(values: pd.Series) -> pd.Series:
    """`/` (WeChat's empty value) -> "" (cells arrive stripped)."""
    text = values.astype("str")
    known = known_codes(text)
    if known is not None and not (known[1] == "/").any():  # distinct values say: none
        return text
    slash = text == "/"
    return text.where(~slash, "") if slash.any() else text


def _shown(value: object) -> str:
    """A cell as the user wrote it (empty for missing), cut to 40 characters."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    return str(value)[:40]


def latest() -> pd.Timestamp:
    """The first instant after tomorrow: later times are skipped."""
    return pd.Timestamp.now().normalize() + pd.Timedelta(days=2)


def bad_rows(raw: pd.DataFrame, time: pd.Series, amount: pd.Series) -> tuple[np.ndarray, list]:
    """(mask of good rows, SkippedRow list) for unreadable or out-of-range times and amounts.

    The masks are vectorised; only the skipped rows are visited to word their reasons."""
    no_time = time.isna().to_numpy()
    values = time.to_numpy()
    early = ~no_time & (values < EARLIEST.to_datetime64())
    late = ~no_time & (values >= latest().to_datetime64())
    number = amount.to_numpy(dtype="float64", na_value=np.nan)
    no_amount = np.isnan(number)
    absurd = ~no_amount & ~(np.abs(number) <= MAX_AMOUNT)
    bad = no_time | early | late | no_amount | absurd
    skipped: list[SkippedRow] = []
    lines = raw["line"].to_numpy()
    for pos in np.flatnonzero(bad):
        if no_time[pos]:
            value = _shown(raw["time"].iloc[pos])
            msg = Message("ingest.bad_time" if value else "ingest.missing_time", {"value": value})
        elif early[pos] or late[pos]:
            value = _shown(raw["time"].iloc[pos])
            msg = Message("ingest.time_out_of_range", {"value": value, "start": EARLIEST.year})
        elif no_amount[pos]:
            value = _shown(raw["amount"].iloc[pos])
            key = "ingest.bad_amount" if value else "ingest.missing_amount"
            msg = Message(key, {"value": value})
        else:
            msg = Message(
                "ingest.absurd_amount",
                {"value": _shown(raw["amount"].iloc[pos]), "max": f"{MAX_AMOUNT:,.0f}"},
            )
        skipped.append(SkippedRow(int(lines[pos]), msg))
    return ~bad, skipped
