"""The factor catalog (data/factors.toml) as typed objects, plus the rules every caller shares:
how a value is parsed, validated and rated good / fair / weak."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from limitlens.i18n import LANGS
from limitlens.paths import DATA_DIR

GROUPS: tuple[str, ...] = ("qualification", "behaviour", "engagement", "policy")
# Where a factor comes from: the source article names it, or we added it (the article is credited
# only for what it says).
ORIGINS: tuple[str, ...] = ("article", "ours")
# The words a yes/no factor takes, from JSON, the command line, a URL or a table cell.
BOOL_WORDS: dict[str, bool] = {
    **dict.fromkeys(("true", "1", "1.0", "yes", "y"), True),
    **dict.fromkeys(("false", "0", "0.0", "no", "n"), False),
}

Value = float | bool | str


@dataclass(frozen=True)
class Factor:
    id: str
    group: str
    kind: str  # number | bool | category
    direction: str  # up | down | peak | none
    actionable: bool
    source: str  # declared | inferred | both | scenario
    origin: str  # article | ours (ORIGINS)
    default: Value
    good: Any
    fair: Any
    text: dict[str, dict[str, str]]  # lang -> {label, explain, method, advice, unit}
    min: float | None = None
    max: float | None = None
    step: float | None = None
    display: str = "number"  # number | percent
    plausible: tuple[float, float] | None = None  # realistic (low, high) where min..max is wider
    peak: float | None = None  # direction "peak": the best value
    options: tuple[str, ...] = ()
    option_text: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {opt: label}

    def label(self, lang: str) -> str:
        return self.text[lang]["label"]

    def option_label(self, option: str, lang: str) -> str:
        return self.option_text[lang][option]

    def parse(self, raw: Any) -> Value:
        """A value from JSON or the command line ('true', '0.5', 'tier1'); ValueError if invalid."""
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            word = BOOL_WORDS.get(str(raw).strip().lower())
            if word is None:
                raise ValueError(f"{self.id} takes true/false, not {raw!r}")
            return word
        if self.kind == "category":
            text = str(raw).strip()
            if text not in self.options:
                raise ValueError(f"{self.id} takes one of {', '.join(self.options)}, not {raw!r}")
            return text
        if isinstance(raw, bool):
            raise ValueError(f"{self.id} takes a number, not {raw!r}")
        try:
            number = float(str(raw).replace(",", "").strip())
        except ValueError:
            raise ValueError(f"{self.id} takes a number, not {raw!r}") from None
        if number != number or not (self.min <= number <= self.max):
            raise ValueError(
                f"{self.id} must be between {self.min:g} and {self.max:g}, not {raw!r}"
            )
        return number

    def to_widget(self, value: Value) -> Value:
        """The value as an input widget holds it: whole percent for shares, an int for a
        whole-number step (so 14,975.99 shows as 14,976), else two decimals."""
        if self.kind != "number":
            return value
        v = float(value)
        if self.display == "percent":
            return int(round(v * 100))
        return int(round(v)) if float(self.step).is_integer() else round(v, 2)

    def from_widget(self, shown: Value) -> Value:
        """Back from widget units to the factor's own (whole percent -> share)."""
        if self.kind == "number" and self.display == "percent":
            return float(shown) / 100
        return shown

    def widget_bounds(self) -> tuple[Value, Value, Value]:
        """(min, max, step) of a numeric factor in widget units."""
        if self.display == "percent":
            return 0, 100, max(1, int(round(self.step * 100)))
        cast = int if float(self.step).is_integer() else float
        return cast(self.min), cast(self.max), cast(self.step)

    def display_value(self, value: Value, lang: str) -> str:
        """The value as a person reads it: ¥12,000/月, 85%, 是/否, 一线城市, "1 inquiry"."""
        from limitlens.format import money, number, percent, unit_for
        from limitlens.i18n import t

        if self.kind == "bool":
            return t(lang, f"model.value.{str(bool(value)).lower()}")
        if self.kind == "category":
            return self.option_label(str(value), lang)
        v = float(value)
        if self.display == "percent":
            return percent(v)
        unit = self.text[lang]["unit"]
        for currency in ("元", "CNY"):  # "元/月" -> ¥12,000/月
            if unit.startswith(currency):
                return money(v) + unit.removeprefix(currency)
        shown = number(v) if float(self.step or 1).is_integer() else number(v, 1)
        return f"{shown} {unit_for(unit, float(shown.replace(',', '')), lang)}".strip()

    def status(self, value: Value) -> str:
        """good / fair / weak against the documented thresholds."""
        if self.kind == "bool":
            return "good" if bool(value) == self.good else "weak"
        if self.kind == "category":
            if value in self.good:
                return "good"
            return "fair" if value in self.fair else "weak"
        v = float(value)
        if self.direction == "peak":
            (g_lo, g_hi), (f_lo, f_hi) = self.good, self.fair
            return "good" if g_lo <= v <= g_hi else "fair" if f_lo <= v <= f_hi else "weak"
        if self.direction == "down":
            return "good" if v <= self.good else "fair" if v <= self.fair else "weak"
        return "good" if v >= self.good else "fair" if v >= self.fair else "weak"


@cache
def factors() -> tuple[Factor, ...]:
    """Every factor, in catalog order."""
    with (DATA_DIR / "factors.toml").open("rb") as fh:
        raw = tomllib.load(fh)["factor"]
    out = []
    for row in raw:
        if row.get("origin") not in ORIGINS:
            raise ValueError(
                f"factors.toml: {row.get('id')!r} needs origin = one of {', '.join(ORIGINS)}"
            )
        text = {
            lang: {k: row[f"{k}_{lang}"] for k in ("label", "explain", "method", "advice", "unit")}
            for lang in LANGS
        }
        out.append(
            Factor(
                id=row["id"],
                group=row["group"],
                kind=row["kind"],
                direction=row["direction"],
                actionable=row["actionable"],
                source=row["source"],
                origin=row["origin"],
                default=row["default"] if row["kind"] != "number" else float(row["default"]),
                good=row["good"],
                fair=row.get("fair"),
                text=text,
                min=row.get("min"),
                max=row.get("max"),
                step=row.get("step"),
                display=row.get("display", "number"),
                plausible=tuple(row["plausible"]) if "plausible" in row else None,
                peak=row.get("peak"),
                options=tuple(row.get("options", ())),
                option_text={lang: row.get(f"option_{lang}", {}) for lang in LANGS},
            )
        )
    return tuple(out)


@cache
def by_id() -> dict[str, Factor]:
    return {f.id: f for f in factors()}


def ours() -> tuple[Factor, ...]:
    """The factors we added: the article does not name them."""
    return tuple(f for f in factors() if f.origin == "ours")


def ids() -> tuple[str, ...]:
    return tuple(f.id for f in factors())


def defaults() -> dict[str, Value]:
    """The documented default of every factor (used where neither data nor the user says more)."""
    return {f.id: f.default for f in factors()}


def parse_profile(raw: dict[str, Any]) -> dict[str, Value]:
    """Validate a {id: value} mapping (profile JSON, --set, URL). ValueError names the first bad entry."""
    table = by_id()
    out: dict[str, Value] = {}
    for key, value in raw.items():
        if key not in table:
            raise ValueError(f"unknown factor id {key!r}")
        out[key] = table[key].parse(value)
    return out


def check_keyed(where: str, entries: Mapping[str, Any], wanted: Callable[[Factor], bool]) -> None:
    """A data table keyed by factor id (model points, plan efforts) covers exactly the factors
    `wanted` accepts: ValueError naming `where` for a stray key or a missing factor."""
    table = by_id()
    stray = [fid for fid in entries if fid not in table or not wanted(table[fid])]
    if stray:
        raise ValueError(f"{where}: {stray[0]!r} is not a factor that belongs here")
    missing = [f.id for f in factors() if wanted(f) and f.id not in entries]
    if missing:
        raise ValueError(f"{where}: no entry for {missing}")
