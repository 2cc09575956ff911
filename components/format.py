"""Showing a factor value the way a person reads it: ¥12,000/月, 85%, 是/否, 一线城市."""

from __future__ import annotations

from limitlens.catalog import Factor
from limitlens.i18n import t


def money(value: float) -> str:
    return f"¥{value:,.0f}"


def factor_value(f: Factor, value, lang: str) -> str:
    if f.kind == "bool":
        return t(lang, "ui.yes") if value else t(lang, "ui.no")
    if f.kind == "category":
        return f.option_label(str(value), lang)
    v = float(value)
    if f.display == "percent":
        return f"{v:.0%}"
    unit = f.text[lang]["unit"]
    for currency in ("元", "CNY"):  # "元/月" -> ¥12,000/月
        if unit.startswith(currency):
            return money(v) + unit.removeprefix(currency)
    number = f"{v:,.0f}" if float(f.step or 1).is_integer() else f"{v:,.1f}"
    return f"{number} {unit}".strip()
