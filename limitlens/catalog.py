"""The factor catalog (data/factors.toml) as typed objects, and the one owner of a value's rules:
how it is parsed (strictly from a person, leniently for the model), clamped, snapped to its step
grid, shown in a language, held by a widget and rated good / fair / weak. Callers ask a `Factor`;
none of them tests `display` or scales a share by 100 itself (tests/unit/test_one_owner_values.py).
"""

from __future__ import annotations

import math
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
# Float noise allowed when a value sits on a step-grid line (0.1 * 3 is 0.30000000000000004).
_EPS = 1e-9
_PERCENT = 100.0  # a share (0..1) is read and typed in whole percent


def _number_text(raw: Any) -> str:
    """A typed number without its thousands separators: "12,000 " -> "12000"."""
    return str(raw).replace(",", "").strip()


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
    money: bool = False  # a yuan amount: shown ¥12,000, a slider with an exact-amount box
    time_only: bool = False  # only the passage of time changes it: never a What-if lever

    def label(self, lang: str) -> str:
        return self.text[lang]["label"]

    def option_label(self, option: str, lang: str) -> str:
        return self.option_text[lang][option]

    # ------------------------------------------------------------ reading a value

    def parse(self, raw: Any) -> Value:
        """What a person typed (CLI --set, profile JSON, a share link): 'true', '0.5', '1,000',
        'tier1'. Strict: ValueError (naming the factor) for a wrong type or a number outside
        min..max, so the person is told rather than silently corrected."""
        return self._read(raw, lenient=False)

    def coerce(self, raw: Any) -> Value:
        """A computed or historical value fed into the model: missing (None, NaN) is the default,
        a number outside min..max is clamped, a bool counts as 1/0; only a value of the wrong kind
        (ValueError) is refused. `coerce_column` does the same for a whole column."""
        return self._read(raw, lenient=True)

    def _read(self, raw: Any, *, lenient: bool) -> Value:
        if lenient and (raw is None or (isinstance(raw, float) and raw != raw)):
            return self.default
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            word = BOOL_WORDS.get(str(raw).strip().lower())
            if word is None:
                raise ValueError(f"{self.id} takes true/false, not {raw!r}")
            return word
        if self.kind == "category":
            text = raw.strip() if isinstance(raw, str) else raw
            if text not in self.options:
                raise ValueError(f"{self.id} takes one of {', '.join(self.options)}, not {raw!r}")
            return text
        if isinstance(raw, bool) and not lenient:
            raise ValueError(f"{self.id} takes a number, not {raw!r}")
        try:
            number = float(raw) if isinstance(raw, int | float) else float(_number_text(raw))
        except (TypeError, ValueError):
            raise ValueError(f"{self.id} takes a number, not {raw!r}") from None
        if number != number:
            raise ValueError(f"{self.id} takes a number, not {raw!r}")
        if lenient:
            return self.clamp(number)
        if not (self.min <= number <= self.max):
            raise ValueError(
                f"{self.id} must be between {self.min:g} and {self.max:g}, not {raw!r}"
            )
        return number

    def coerce_column(self, s: Any) -> Any:
        """`coerce` over a pandas Series at once (the model scores thousands of profiles): an
        ndarray of floats, bools or option ids; ValueError names the first bad cell."""
        import numpy as np
        import pandas as pd

        missing = s.isna().to_numpy()
        if self.kind == "number":
            out = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            bad = np.isnan(out) & ~missing
            if bad.any():
                raise ValueError(f"{self.id} takes a number, not {s[bad].iloc[0]!r}")
            return self.clamp(np.where(missing, float(self.default), out))
        if self.kind == "bool":
            if pd.api.types.is_bool_dtype(s.dtype) and not missing.any():
                return s.to_numpy(dtype=bool)
            mapped = s.map(lambda v: BOOL_WORDS.get(str(v).strip().lower()), na_action="ignore")
            bad = mapped.isna().to_numpy() & ~missing
            if bad.any():
                raise ValueError(f"{self.id} takes true/false, not {s[bad].iloc[0]!r}")
            return np.where(missing, bool(self.default), mapped.fillna(False).to_numpy(dtype=bool))
        out = s.astype(object).where(~missing, self.default).to_numpy(dtype=object)
        bad = ~pd.Series(out).isin(self.options).to_numpy()
        if bad.any():
            raise ValueError(
                f"{self.id} takes one of {', '.join(self.options)}, not {out[bad][0]!r}"
            )
        return out

    # ------------------------------------------------------------ bounds and the step grid

    def clamp(self, value: Any) -> Any:
        """A number (or a numpy array, element-wise) held within min..max."""
        if isinstance(value, int | float):
            return float(min(max(float(value), self.min), self.max))
        import numpy as np

        return np.clip(value, self.min, self.max)

    def snap(self, value: float, toward: str = "nearest") -> float:
        """`value` on the step grid (min + k * step) within min..max: the nearest grid value,
        or the next one "up" / "down" (a value already on the grid stays)."""
        step, lo = float(self.step or 1), float(self.min)
        k = (float(value) - lo) / step
        if toward == "nearest":
            k = round(k)
        elif toward == "up":
            k = math.ceil(k - _EPS)
        elif toward == "down":
            k = math.floor(k + _EPS)
        else:
            raise ValueError(f"toward must be nearest, up or down, not {toward!r}")
        return self.clamp(round(lo + k * step, 9))

    def grid(self, start: float, stop: float) -> list[float]:
        """Grid values strictly beyond `start`, stepping toward `stop` and ending on the grid
        value nearest it: the values a planner may move a lever through, nearest first."""
        step, lo = float(self.step or 1), float(self.min)
        k_c, k_b = (start - lo) / step, round((stop - lo) / step)
        if stop > start:
            ks = range(math.floor(k_c + _EPS) + 1, k_b + 1)
        else:
            ks = range(math.ceil(k_c - _EPS) - 1, k_b - 1, -1)
        return [round(lo + k * step, 9) for k in ks]

    # ------------------------------------------------------------ widgets

    @property
    def widget(self) -> str:
        """Which input holds the value: toggle | select | percent | money | number."""
        if self.kind == "bool":
            return "toggle"
        if self.kind == "category":
            return "select"
        if self.display == "percent":
            return "percent"
        return "money" if self.money else "number"

    def widget_format(self) -> str | None:
        """The slider's sprintf-js format: 85%, ¥15,000, one decimal, or Streamlit's own."""
        from limitlens.format import MONEY_SLIDER

        if self.widget == "percent":
            return "%d%%"
        if self.money:
            return MONEY_SLIDER
        return None if float(self.step).is_integer() else "%.1f"

    def to_widget(self, value: Value) -> Value:
        """The value as an input widget holds it: whole percent for shares, an int for a
        whole-number step (so 14,975.99 shows as 14,976), else two decimals."""
        if self.kind != "number":
            return value
        v = self.shown(float(value))
        if self.display == "percent":
            return int(round(v))
        return int(round(v)) if float(self.step).is_integer() else round(v, 2)

    def from_widget(self, shown: Value) -> Value:
        """Back from widget units to the factor's own (whole percent -> share)."""
        if self.kind == "number" and self.display == "percent":
            return float(shown) / _PERCENT
        return shown

    def snap_widget(self, value: Value) -> Value:
        """A value as its slider holds it: snapped to the step grid, in widget units."""
        if self.kind == "bool":
            return bool(value)
        if self.kind == "category":
            return value
        return self.to_widget(self.snap(value))

    def widget_bounds(self) -> tuple[Value, Value, Value]:
        """(min, max, step) of a numeric factor in widget units."""
        if self.display == "percent":
            return 0, 100, max(1, int(round(self.shown(self.step))))
        cast = int if float(self.step).is_integer() else float
        return cast(self.min), cast(self.max), cast(self.step)

    # ------------------------------------------------------------ showing a value

    def shown(self, value: float) -> float:
        """The number a person reads (a share in percent: 0.85 -> 85.0), unformatted."""
        return float(value) * _PERCENT if self.display == "percent" else float(value)

    def unit(self, lang: str) -> str:
        """The unit a label names: "%" for a share, else the catalog's unit ("" for none)."""
        return "%" if self.display == "percent" else self.text[lang]["unit"]

    def range_text(self) -> str:
        """min–max as a person reads it: 350–950, 0–100%."""
        sign = "%" if self.display == "percent" else ""
        return f"{self.shown(self.min):g}–{self.shown(self.max):g}{sign}"

    def number_text(self, value: float) -> str:
        """The number alone, without its unit: 85%, 1,000, 1.25."""
        from limitlens.format import percent

        v = float(value)
        if self.display == "percent":
            return percent(v)
        return f"{v:,.0f}" if v == int(v) else f"{v:,g}"

    def chart_formats(self, field: str) -> tuple[str, str | None]:
        """(plotly hover placeholder for `field`, axis tickformat or None) for this factor."""
        from limitlens.format import money_hover

        if self.display == "percent":
            return f"%{{{field}:.0%}}", ".0%"
        if self.money:
            return money_hover(field), ",.0f"
        return f"%{{{field}:,.1f}}", None

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
        if self.money:  # "元/月" -> ¥12,000/月
            return money(v) + unit.removeprefix("元").removeprefix("CNY")
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
        for flag in ("money", "time_only"):
            if not isinstance(row.get(flag, False), bool):
                raise ValueError(f"factors.toml: {row['id']!r} {flag} must be true or false")
        if row.get("money") and row["kind"] != "number":
            raise ValueError(f"factors.toml: {row['id']!r} is money but not a number")
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
                money=row.get("money", False),
                time_only=row.get("time_only", False),
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
