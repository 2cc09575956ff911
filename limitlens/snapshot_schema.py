"""The previous-report boundary: the JSON snapshot inside a downloaded report, read back as a
stranger's input (a report is a file the user keeps, and anyone can edit it).

* `load(bytes) -> Any`: the snapshot's JSON, parsed within limits: at most MAX_SNAPSHOT_BYTES,
  MAX_DEPTH levels, number literals of at most MAX_NUMBER_CHARS characters, finite numbers only
  (no NaN, Infinity or 1e400). No RecursionError, OverflowError or ValueError gets out.
* `fields(raw, today) -> dict`: a Snapshot's constructor arguments from that JSON, every field
  checked against the schema: this version only, no entry a report does not have, every factor
  of the catalog with a value of its kind inside its range, estimates and targets whole yuan
  within the model's range, at most a few dozen entries anywhere.
* Anything else raises `ReportError`; its `.message.render(lang)` is one sentence naming the field
  and what is wrong with it, and never quotes a value from the file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from limitlens import catalog
from limitlens.catalog import Factor, Value
from limitlens.i18n import Message, t
from limitlens.i18n import catalog as i18n_catalog

SNAPSHOT_VERSION = 1
MAX_SNAPSHOT_BYTES = 64 * 1024  # a real snapshot is about 2 KB
MAX_DEPTH = 6  # a real one nests 3 deep (snapshot > plan > limit)
MAX_NUMBER_CHARS = 32  # -1.2345678901234567e-05 is 23
MAX_TARGET = 10_000_000  # the command line's --target bound
MAX_EFFORT = 1_000.0  # effort points; a real plan has a few dozen
MAX_MONTHS = 120
MAX_PROJECTION = 121  # months 0..120
FIRST_YEAR = 2004  # Alipay's first year: no report or history is older
SOURCES = ("inferred", "declared", "default")
OUTCOMES = ("eligible", "not_eligible", "likely_closed")
TOP_KEYS = (
    "limitlens_snapshot",
    "date",
    "period",
    "factors",
    "sources",
    "estimate",
    "target",
    "plan",
    "projection",
)
REQUIRED = ("date", "factors", "sources", "estimate")
ESTIMATE_KEYS = ("eligible", "low", "mid", "high", "outcome")
PLAN_KEYS = ("changes", "follows", "limit", "effort", "months", "interest_cny_12m")
LIMIT_KEYS = ("low", "mid", "high")
# A string (an unclosed one runs to the end: one pass, no retry from each quote) or a bracket.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


class ReportError(ValueError):
    """A previous report that cannot be read; `.message` renders in the user's language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.message: Message | FieldMessage = Message(f"report.error.{key}", params)
        super().__init__(self.message.render("en"))


@dataclass(frozen=True)
class FieldMessage:
    """ "This report cannot be used: <field> <problem>." Field and problem are catalog texts;
    the params are numbers this module chose (a range, a count), never the file's own text."""

    path: tuple[str, ...]
    problem: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"snapshot.problem.{self.problem}"

    def render(self, lang: str) -> str:
        params = {
            k: v.render(lang) if isinstance(v, Message) else v for k, v in self.params.items()
        }
        problem = t(lang, self.key, **params)
        return t(lang, "snapshot.error.field", field=field_name(self.path, lang), problem=problem)


class SnapshotError(ReportError):
    """A snapshot that breaks the schema at `path` (a field, never a value from the file)."""

    def __init__(self, path: tuple[str, ...], problem: str, **params: Any) -> None:
        self.message = FieldMessage(path, problem, params)
        ValueError.__init__(self, self.message.render("en"))


class VersionError(ReportError):
    """A snapshot of another format: from an older or newer LimitLens."""

    def __init__(self, version: Any) -> None:
        shown = str(version) if _is_int(version) and abs(version) < 10**6 else "?"
        self.message = Message(
            "snapshot.error.version", {"version": shown, "ours": str(SNAPSHOT_VERSION)}
        )
        ValueError.__init__(self, self.message.render("en"))


def field_name(path: tuple[str, ...], lang: str) -> str:
    """A field as the user reads it: a factor by its label, the rest by the text of the field or
    of the nearest table holding it (plan.limit.mid reads as the plan's limit)."""
    table = catalog.by_id()
    if len(path) >= 2 and path[-1] in table and path[-2] in ("factors", "changes", "follows"):
        which = "factor" if path[-2] == "factors" else "plan_change"
        return t(lang, f"snapshot.field.{which}", label=table[path[-1]].label(lang))
    texts = i18n_catalog(lang)
    for n in range(len(path), 0, -1):
        key = f"snapshot.field.{'_'.join(path[:n])}"
        if key in texts:
            return texts[key]
    return texts["snapshot.field.snapshot"]


# ---------------------------------------------------------------- JSON within limits


class _NumberError(ValueError):
    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem)


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:  # before int(): a 5,000-digit literal is refused unread
        raise _NumberError("too_long")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberError("too_long")
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise _NumberError("not_finite")
    return value


def _parse_constant(text: str) -> Any:  # NaN, Infinity, -Infinity: not JSON, Python accepts them
    raise _NumberError("not_finite")


def depth(text: str, cap: int | None = None) -> int:
    """How deep brackets nest in JSON text, strings left out (one pass, no recursion, any
    input); counting stops once it passes `cap`."""
    level = deepest = 0
    for found in _TOKENS.finditer(text):
        token = found.group()
        if token[0] in "[{":
            level += 1
            deepest = max(deepest, level)
            if cap is not None and deepest > cap:
                break
        elif token[0] in "]}":
            level -= 1
    return deepest


def load(data: bytes) -> Any:
    """The snapshot's JSON (see the module docstring); SnapshotError for anything else."""
    whole = ("snapshot",)
    if len(data) > MAX_SNAPSHOT_BYTES:
        raise SnapshotError(whole, "too_large", kb=MAX_SNAPSHOT_BYTES // 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SnapshotError(whole, "not_json") from None
    if depth(text, MAX_DEPTH) > MAX_DEPTH:  # checked first: json's parser recurses once per level
        raise SnapshotError(whole, "too_deep")
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except _NumberError as exc:
        raise SnapshotError(whole, exc.problem) from None
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise SnapshotError(whole, "not_json") from None


# ---------------------------------------------------------------- the schema


@cache
def limit_range() -> tuple[int, int]:
    """The estimate's range in yuan, as data/model.toml states it."""
    from limitlens import model

    return model.product_range()


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(path: tuple[str, ...], v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise SnapshotError(path, "kind", kind=_kind_text("number"))
    if isinstance(v, float) and not math.isfinite(v):
        raise SnapshotError(path, "not_finite")
    return v


def _whole(path: tuple[str, ...], v: Any, low: int, high: int) -> int:
    """A whole number of yuan (or months) in low..high; a float is rounded, as it was written."""
    number = _number(path, v)
    if not low <= number <= high:  # before rounding: int(1e308) is a 309-digit number
        raise SnapshotError(path, "range", low=f"{low:,}", high=f"{high:,}")
    return int(round(number))


def _kind_text(kind: str) -> Message:
    return Message(f"snapshot.kind.{kind}")


def _table(path: tuple[str, ...], v: Any, keys: tuple[str, ...] | None = None) -> dict:
    if not isinstance(v, dict):
        raise SnapshotError(path, "kind", kind=_kind_text("table"))
    if keys is not None and any(k not in keys for k in v):
        raise SnapshotError(path, "unknown_key")
    return v


def _required(path: tuple[str, ...], table: dict, key: str) -> Any:
    if key not in table:
        raise SnapshotError((*path, key), "missing")
    return table[key]


def _date(path: tuple[str, ...], v: Any, today: date | None = None) -> date:
    if not isinstance(v, str) or len(v) != 10:
        raise SnapshotError(path, "kind", kind=_kind_text("date"))
    try:
        day = date.fromisoformat(v)
    except ValueError:
        raise SnapshotError(path, "kind", kind=_kind_text("date")) from None
    if day.year < FIRST_YEAR:
        raise SnapshotError(path, "too_old", year=str(FIRST_YEAR))
    if today is not None and day > today:
        raise SnapshotError(path, "future", today=today.isoformat())
    return day


def factor_value(path: tuple[str, ...], f: Factor, v: Any) -> Value:
    """A factor's value of its own kind (JSON types, not the command line's words), in range."""
    if f.kind == "bool":
        if not isinstance(v, bool):
            raise SnapshotError(path, "kind", kind=_kind_text("yes_no"))
        return v
    if f.kind == "category":
        if not isinstance(v, str) or v not in f.options:
            raise SnapshotError(path, "option")
        return v
    number = _number(path, v)
    if not f.min <= number <= f.max:
        raise SnapshotError(path, "range", low=f"{f.min:,g}", high=f"{f.max:,g}")
    return float(number)


def _factor_table(path: tuple[str, ...], v: Any, every: bool) -> dict[str, Value]:
    table = catalog.by_id()
    raw = _table(path, v, tuple(table))
    if every:
        for fid in table:
            _required(path, raw, fid)
    return {fid: factor_value((*path, fid), table[fid], value) for fid, value in raw.items()}


def _limits(path: tuple[str, ...], v: Any, eligible: bool = True) -> dict[str, int]:
    low, high = limit_range()
    raw = _table(path, v, ESTIMATE_KEYS if path == ("estimate",) else LIMIT_KEYS)
    out = {k: _whole((*path, k), _required(path, raw, k), 0, high) for k in LIMIT_KEYS}
    if not out["low"] <= out["mid"] <= out["high"]:
        raise SnapshotError(path, "order")
    if eligible and out["low"] < low:
        raise SnapshotError((*path, "low"), "range", low=f"{low:,}", high=f"{high:,}")
    return out


def _estimate(v: Any) -> dict[str, Any]:
    path = ("estimate",)
    raw = _table(path, v, ESTIMATE_KEYS)
    eligible = _required(path, raw, "eligible")
    if not isinstance(eligible, bool):
        raise SnapshotError((*path, "eligible"), "kind", kind=_kind_text("yes_no"))
    out: dict[str, Any] = {"eligible": eligible, **_limits(path, raw, eligible)}
    if "outcome" in raw:
        if raw["outcome"] not in OUTCOMES:
            raise SnapshotError((*path, "outcome"), "option")
        out["outcome"] = raw["outcome"]
    return out


def _plan(v: Any) -> dict[str, Any] | None:
    if v is None:
        return None
    path = ("plan",)
    raw = _table(path, v, PLAN_KEYS)
    effort = _number((*path, "effort"), _required(path, raw, "effort"))
    if not 0 <= effort <= MAX_EFFORT:
        raise SnapshotError((*path, "effort"), "range", low="0", high=f"{MAX_EFFORT:,g}")
    out: dict[str, Any] = {
        "changes": _factor_table((*path, "changes"), _required(path, raw, "changes"), False),
        "limit": _limits((*path, "limit"), _required(path, raw, "limit"), eligible=False),
        "effort": float(effort),
        "months": _whole((*path, "months"), _required(path, raw, "months"), 0, MAX_MONTHS),
    }
    # a report written before plans kept what follows apart has neither entry
    if "follows" in raw:
        out["follows"] = _factor_table((*path, "follows"), raw["follows"], False)
    if "interest_cny_12m" in raw:
        out["interest_cny_12m"] = _interest((*path, "interest_cny_12m"), raw["interest_cny_12m"])
    return out


def _interest(path: tuple[str, ...], v: Any) -> list[int] | None:
    """[low, high] whole CNY, or null (the plan adds no borrowing)."""
    if v is None:
        return None
    if not isinstance(v, list) or len(v) != 2:
        raise SnapshotError(path, "kind", kind=_kind_text("list"))
    low, high = (_whole(path, x, 0, limit_range()[1]) for x in v)
    if low > high:
        raise SnapshotError(path, "order")
    return [low, high]


def _period(v: Any, path: tuple[str, ...] = ("period",)) -> tuple[date, date] | None:
    if v is None:
        return None
    if not isinstance(v, list) or len(v) != 2:
        raise SnapshotError(path, "kind", kind=_kind_text("period"))
    start, end = (_date(path, d) for d in v)
    if start > end:
        raise SnapshotError(path, "order")
    return start, end


def _projection(v: Any) -> tuple[int, ...]:
    path = ("projection",)
    if v is None:
        return ()
    if not isinstance(v, list):
        raise SnapshotError(path, "kind", kind=_kind_text("list"))
    if len(v) > MAX_PROJECTION:
        raise SnapshotError(path, "too_many", most=MAX_PROJECTION)
    high = limit_range()[1]
    return tuple(_whole(path, x, 0, high) for x in v)


def _sources(v: Any) -> dict[str, str]:
    path = ("sources",)
    raw = _table(path, v, tuple(catalog.by_id()))
    if any(s not in SOURCES for s in raw.values()):
        raise SnapshotError(path, "option")
    return dict(raw)


def fields(raw: Any, today: date | None = None) -> dict[str, Any]:
    """Snapshot(**fields(raw)): the checked, typed fields of a snapshot's JSON. `today`, when
    given, is the date a report dated later is refused against."""
    if not isinstance(raw, dict) or "limitlens_snapshot" not in raw:
        raise ReportError("no_snapshot")
    version = raw["limitlens_snapshot"]
    if not _is_int(version) or version != SNAPSHOT_VERSION:
        raise VersionError(version)
    _table(("snapshot",), raw, TOP_KEYS)
    for key in REQUIRED:
        _required((), raw, key)
    target = raw.get("target")
    return {
        "date": _date(("date",), raw["date"], today),
        "period": _period(raw.get("period")),
        "factors": _factor_table(("factors",), raw["factors"], True),
        "sources": _sources(raw["sources"]),
        "estimate": _estimate(raw["estimate"]),
        "target": None if target is None else _whole(("target",), target, 1, MAX_TARGET),
        "plan": _plan(raw.get("plan")),
        "projection": _projection(raw.get("projection")),
    }
