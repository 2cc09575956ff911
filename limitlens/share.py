"""Share links: a What-if baseline, the inputs it assumed and a scenario, in a query string
short enough to paste into a chat.

    ?lang=zh&b=se735~iq1~ic14975.99~rgnew_tier1&a=seod&s=iq10

- `b` the baseline's values that differ from the catalog defaults (present, maybe empty,
  whenever the link carries a baseline), `a` the codes of the inputs it assumed (two letters
  each, run together), `s` the values moved from that baseline.
- An item is a factor's two-letter code (data/share.toml) then its value: a number in its
  shortest exact decimal (`.5`, `14975.99`; never an exponent), 1/0 for yes/no, the option id
  for a category. Items are joined by `~`, a character a URL carries unescaped.
- Factor values only: never a transaction, a file name or anything else a user uploaded.

Links of the first format (`b_<id>=value` for every baseline value, `assumed=id,id`, `<id>=value`
for a moved one) still decode."""

from __future__ import annotations

import tomllib
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from limitlens import catalog
from limitlens.catalog import Value
from limitlens.paths import DATA_DIR

BASELINE, ASSUMED, SCENARIO = "b", "a", "s"
SEP = "~"
CODE_LEN = 2
# The first format's names.
OLD_PREFIX, OLD_ASSUMED = "b_", "assumed"


@cache
def codes() -> dict[str, str]:
    """{factor id: its two-letter code}."""
    with (DATA_DIR / "share.toml").open("rb") as fh:
        table = dict(tomllib.load(fh)["codes"])
    catalog.check_keyed("share.toml [codes]", table, lambda f: True)
    return table


@cache
def _ids() -> dict[str, str]:
    return {code: fid for fid, code in codes().items()}


@dataclass(frozen=True)
class Shared:
    """What a link says. `baseline` holds every factor when the link carries one, else nothing;
    `bad` names the entries that could not be read (factor ids, or codes no factor has)."""

    baseline: dict[str, Value]
    assumed: tuple[str, ...]
    scenario: dict[str, Value]
    bad: tuple[str, ...] = ()

    @property
    def has_baseline(self) -> bool:
        return bool(self.baseline)


def _number(v: float) -> str:
    """The shortest decimal that reads back as exactly `v`, without exponent or needless zeros."""
    text = repr(float(v))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    return text or "0"


def _text(f: catalog.Factor, value: Value) -> str:
    if f.kind == "bool":
        return "1" if value else "0"
    if f.kind == "category":
        return str(value)
    return _number(float(value))


def _items(values: Mapping[str, Value]) -> str:
    table, code = catalog.by_id(), codes()
    return SEP.join(f"{code[fid]}{_text(table[fid], v)}" for fid, v in values.items())


def encode(
    baseline: Mapping[str, Value], assumed: tuple[str, ...], scenario: Mapping[str, Value]
) -> dict[str, str]:
    """The query parameters of a link (the language apart): `baseline` as its differences from
    the catalog defaults, `assumed` as codes, `scenario` as it is (the moved values only)."""
    defaults = catalog.defaults()
    differs = {fid: v for fid, v in baseline.items() if v != defaults[fid]}
    query = {BASELINE: _items(differs)}
    if assumed:
        query[ASSUMED] = "".join(codes()[fid] for fid in assumed)
    if scenario:
        query[SCENARIO] = _items(scenario)
    return query


def link(
    url: str,
    lang: str,
    baseline: Mapping[str, Value],
    assumed: tuple[str, ...],
    scenario: Mapping[str, Value],
) -> str:
    """`url` (its own query dropped) carrying the language and the link: factor values only,
    never a transaction, a file name or anything else a user uploaded."""
    query = {"lang": lang, **encode(baseline, assumed, scenario)}
    return f"{url.split('?')[0]}?{urllib.parse.urlencode(query)}"


def marker(query: Mapping[str, str]) -> str:
    """The link part of `query` as one string ("" without a link): the page tells a newly
    opened link from its own updates of the address by it."""
    return urllib.parse.urlencode(sorted(params(query).items()))


def _read(text: str, bad: list[str]) -> dict[str, Value]:
    """Items of `b` or `s`; an unknown code or a bad value goes to `bad` and is left out."""
    table, ids = catalog.by_id(), _ids()
    out: dict[str, Value] = {}
    for item in text.split(SEP):
        if not item:
            continue
        code, raw = item[:CODE_LEN], item[CODE_LEN:]
        fid = ids.get(code)
        if fid is None:
            bad.append(_safe(code))
            continue
        try:
            out[fid] = table[fid].parse(raw)
        except ValueError:
            bad.append(fid)
    return out


def _safe(text: str) -> str:
    """A fragment of the link quoted back to the user: letters and digits only."""
    return "".join(c for c in text if c.isascii() and c.isalnum()) or "?"


def _assumed_codes(text: str, bad: list[str]) -> tuple[str, ...]:
    ids = _ids()
    out = []
    for i in range(0, len(text), CODE_LEN):
        code = text[i : i + CODE_LEN]
        if code in ids:
            out.append(ids[code])
        else:
            bad.append(_safe(code))
    return tuple(dict.fromkeys(out))


def _declarable(ids: tuple[str, ...]) -> tuple[str, ...]:
    """Only an input a person gives can be assumed (not the lender's policy)."""
    table = catalog.by_id()
    return tuple(fid for fid in ids if table[fid].source != "scenario")


def params(query: Mapping[str, str]) -> dict[str, str]:
    """The part of `query` that is a link (the language, a tab, the sliders' own state left out)."""
    if BASELINE in query or SCENARIO in query:
        return {k: str(v) for k, v in query.items() if k in (BASELINE, ASSUMED, SCENARIO)}
    table = catalog.by_id()
    return {
        k: str(v)
        for k, v in query.items()
        if k in table or k.removeprefix(OLD_PREFIX) in table or k == OLD_ASSUMED
    }


def scenario_params(query: Mapping[str, str]) -> list[str]:
    """The names in `query` that hold a link's moved values (what Reset takes away)."""
    table = catalog.by_id()
    return [k for k in params(query) if k == SCENARIO or k in table]


def decode(query: Mapping[str, str]) -> Shared | None:
    """The link in `query` ({name: value}, as the address holds it), or None without one."""
    own = params(query)
    if BASELINE in own or SCENARIO in own:
        return _decode(own)
    if any(k != OLD_ASSUMED for k in own):
        return _decode_old(own)
    return None


def _decode(query: Mapping[str, str]) -> Shared:
    bad: list[str] = []
    baseline: dict[str, Value] = {}
    if BASELINE in query:
        baseline = {**catalog.defaults(), **_read(str(query[BASELINE]), bad)}
    assumed = _assumed_codes(str(query.get(ASSUMED, "")), bad) if baseline else ()
    scenario = _read(str(query.get(SCENARIO, "")), bad)
    return Shared(baseline, _declarable(assumed), scenario, tuple(dict.fromkeys(bad)))


def _decode_old(query: Mapping[str, str]) -> Shared:
    """The first format: every baseline value spelled out; what it leaves out was assumed."""
    table = catalog.by_id()
    bad: list[str] = []

    def parse(fid: str, raw: str, into: dict[str, Value]) -> None:
        try:
            into[fid] = table[fid].parse(raw)
        except ValueError:
            bad.append(fid)

    given: dict[str, Value] = {}
    scenario: dict[str, Value] = {}
    named = set()
    for key, raw in query.items():
        if key.startswith(OLD_PREFIX) and key.removeprefix(OLD_PREFIX) in table:
            named.add(key.removeprefix(OLD_PREFIX))
            parse(key.removeprefix(OLD_PREFIX), str(raw), given)
        elif key in table:
            parse(key, str(raw), scenario)
    if not named:
        return Shared({}, (), scenario, tuple(bad))
    listed = tuple(a for a in str(query.get(OLD_ASSUMED, "")).split(",") if a in table)
    assumed = listed + tuple(fid for fid in table if fid not in named and fid not in listed)
    baseline = {**catalog.defaults(), **given}
    return Shared(baseline, _declarable(assumed), scenario, tuple(bad))
