"""Showing numbers the way a person reads them, one style per language: ¥12,000/月, 4,932 笔,
85%, 是/否, "1 inquiry" / "2 inquiries", 2026年12月 / Dec 2026. Every number on a page, in a
chart, on the command line and in the report goes through here; charts and widgets take the
format strings below (plotly's d3 formats, Streamlit's sprintf-js formats) instead of their own.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from limitlens.i18n import catalog as _catalog
from limitlens.i18n import t

# Plotly: an axis of yuan reads ¥60,000; hover text fills %{...} with the same style.
MONEY_AXIS: dict[str, str] = {"tickprefix": "¥", "tickformat": ",.0f"}
# Streamlit sliders (sprintf-js; "," adds thousands separators): ¥60,000 at both ends.
MONEY_SLIDER = "¥%,d"
# Streamlit table cells of yuan and fen (an imported payment): ¥15.50.
MONEY_CELL = "¥%.2f"


def money_hover(field: str, decimals: int = 0) -> str:
    """A plotly hover placeholder for yuan: money_hover("y") -> "¥%{y:,.0f}"."""
    return f"¥%{{{field}:,.{decimals}f}}"


def money(value: float, decimals: int = 0) -> str:
    """Yuan with thousands separators, the sign in front: ¥66,900, −¥1,200, ¥15,326.50."""
    sign = "−" if value < 0 and round(value, decimals) != 0 else ""
    return f"{sign}¥{abs(value):,.{decimals}f}"


def signed_money(value: float) -> str:
    """A change in yuan: +¥1,200, −¥800, ¥0."""
    if round(value) == 0:
        return money(0)
    return ("+" if value > 0 else "−") + money(abs(value))


def number(value: float, decimals: int = 0) -> str:
    """Thousands separators in both languages: 4,932 and 1,234.5."""
    return f"{value:,.{decimals}f}"


def percent(fraction: float) -> str:
    return f"{fraction:.0%}"


def plural(lang: str, key: str, count: float, **params) -> str:
    """`key_one` when count is exactly 1, else `key_other`, with `{count}` shown with
    separators. The rule itself lives in `limitlens.i18n.t`; this only names it."""
    return t(lang, key, count=count, **params)


def unit_for(unit: str, value: float, lang: str) -> str:
    """A unit word agreeing with its number: "1 inquiry", "2 inquiries" (catalog ui.unit_one)."""
    if value == 1:
        return _catalog(lang).get(f"ui.unit_one.{unit}", unit)
    return unit


def with_unit(label: str, unit: str, lang: str) -> str:
    """ "活跃度（天/月）", "Activity (days/month)": the unit in the language's brackets."""
    return t(lang, "ui.label_unit", label=label, unit=unit) if unit else label


def month(year: int, month_no: int, lang: str) -> str:
    """A calendar month as the language writes it: 2026年12月, Dec 2026."""
    return t(lang, "format.month", year=year, name=t(lang, f"format.month_name.m{month_no}"))


def months_after(start: date, months: int) -> tuple[int, int]:
    """(year, month) of the calendar month `months` after `start`'s."""
    total = start.year * 12 + start.month - 1 + months
    return total // 12, total % 12 + 1


def month_ticks(start: date, n: int, lang: str) -> list[str]:
    """Axis labels for the months 0..n after `start`'s: the month's name, with the year on the
    first tick and on every January (12月, 2027年 1月, 2月 … / Dec, Jan 2027, Feb …)."""
    out = []
    for m in range(n + 1):
        year, mo = months_after(start, m)
        name = t(lang, f"format.month_name.m{mo}")
        out.append(t(lang, "format.tick_year", year=year, name=name) if m == 0 or mo == 1 else name)
    return out


_MONEY_TEXT = re.compile(r"^[¥￥]?\s*(\d+(?:\.\d+)?)\s*(万|w|k|千)?\s*(元)?$", re.IGNORECASE)
_SCALE = {"万": 10_000, "w": 10_000, "k": 1_000, "千": 1_000}


def parse_money(text: str) -> float | None:
    """An amount as people type it: 80000, 80,000, ¥80,000, 8万, ８万 (full-width), 8.5w, 80k; None when
    the text is not an amount (the caller says so in the user's language)."""
    cleaned = str(text).strip().replace(",", "").replace("，", "").replace(" ", "")
    found = _MONEY_TEXT.match(cleaned)
    if found is None:
        return None
    value = float(found.group(1)) * _SCALE.get((found.group(2) or "").lower(), 1)
    return value if value == value and value != float("inf") else None


def plain(value: Any) -> Any:
    """A whole float as an int, so JSON (the CLI's, the plan's) reads like the user typed it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
