"""Showing numbers the way a person reads them, one style per language: ¥12,000/月, 4,932 笔,
85%, 是/否, "1 inquiry" / "2 inquiries". Every number on a page goes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from limitlens.i18n import catalog as _catalog
from limitlens.i18n import t

if TYPE_CHECKING:
    pass


def money(value: float) -> str:
    """Whole yuan with thousands separators, the sign in front: ¥66,900, −¥1,200."""
    sign = "−" if value < 0 and round(value) != 0 else ""
    return f"{sign}¥{abs(value):,.0f}"


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
