"""The export layouts, read from data/layouts.toml: header maps, words and styles per layout.

Nothing else in the ingest package names a layout: detect.py asks which header a row is, the
parsers ask a layout's family, columns, words and styles here. `LAYOUTS_FILE` and `WORDS_FILE`
are module attributes so a test can point them at a copy of data/ (then `load.cache_clear()`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from limitlens.paths import DATA_DIR

LAYOUTS_FILE = DATA_DIR / "layouts.toml"
WORDS_FILE = DATA_DIR / "export_words.toml"
DIRECTIONS = ("in", "out", "neutral")
CONTAINERS = ("csv", "xlsx", "table")
BUILT_IN_ENCODINGS = ("utf-8-sig", "gb18030")  # tried first, in this order (decode.py)


@dataclass(frozen=True)
class Family:
    name: str
    service_words: tuple[str, ...] = ()
    refunds_in_status: bool = False
    refunds_by_order: bool = False
    repair_overlong: bool = False
    strict: bool = False


@dataclass(frozen=True)
class HeaderSpec:
    name: str
    signature: tuple[frozenset[str], ...]  # every entry: one of these names appears
    first: tuple[str, ...]
    also: tuple[str, ...]
    case_blind: bool
    markers: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]  # field -> names, first present wins


@dataclass(frozen=True)
class Layout:
    id: str
    family: Family
    header: str
    containers: tuple[str, ...]
    encoding: str | None
    preamble_markers: tuple[str, ...]
    typed_cells: bool
    time_formats: tuple[str, ...]
    amount_junk: str  # regex of what is removed from an amount cell before reading it
    decimal: str
    directions: dict[str, str]  # lower-cased word -> in | out | neutral (shared words included)
    failed: re.Pattern  # a status cell this matches is "failed", else one `closed` matches
    closed: re.Pattern  # is "closed", else "success" (shared patterns included)


@dataclass(frozen=True)
class Layouts:
    headers: dict[str, HeaderSpec]  # in detection order
    layouts: dict[str, Layout]
    refuse: tuple[tuple[frozenset[str], str], ...]  # (names all present, error key)
    words: dict  # export_words.toml

    def of_header(self, header: str, container: str) -> list[Layout]:
        """The layouts that write `header` in `container`, in file order."""
        return [
            lay
            for lay in self.layouts.values()
            if lay.header == header and container in lay.containers
        ]

    def markers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for h in self.headers.values() for m in h.markers))

    def service_words(self) -> tuple[str, ...]:
        families = {lay.family.name: lay.family for lay in self.layouts.values()}
        return tuple(dict.fromkeys(w for f in families.values() for w in f.service_words))

    def encodings(self) -> tuple[str, ...]:
        """UTF-8 and GB18030 first, then any other encoding a layout is written in."""
        extra = (lay.encoding for lay in self.layouts.values() if lay.encoding)
        known = {"utf-8", "utf-8-sig", "gb18030", "gbk"}
        return BUILT_IN_ENCODINGS + tuple(dict.fromkeys(e for e in extra if e not in known))


def _amount_junk(currency: list[str], thousands: list[str]) -> str:
    parts = sorted({*currency, *thousands}, key=len, reverse=True)  # longest word first
    return "|".join([*(re.escape(p) for p in parts), r"\s"])


def _status_rx(shared: str, own: str | None) -> re.Pattern:
    return re.compile(f"{shared}|{own}" if own else shared, re.IGNORECASE)


def shared_directions(words: dict) -> dict[str, str]:
    """export_words.toml's direction words every layout knows, lower-cased -> in | out | neutral."""
    return {w.lower(): d for d, ws in words["direction"].items() for w in ws}


@cache
def load() -> Layouts:
    """Every layout, header and family of data/layouts.toml (read once)."""
    with LAYOUTS_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    with WORDS_FILE.open("rb") as fh:
        words = tomllib.load(fh)
    defaults = data["defaults"]
    families = {
        name: Family(
            name=name,
            service_words=tuple(spec.get("service_words", ())),
            refunds_in_status=spec.get("refunds_in_status", False),
            refunds_by_order=spec.get("refunds_by_order", False),
            repair_overlong=spec.get("repair_overlong", False),
            strict=spec.get("strict", False),
        )
        for name, spec in data["family"].items()
    }
    headers = {}
    for name, spec in data["header"].items():
        case_blind = spec.get("case_blind", False)
        columns = {
            field: tuple(n.lower() if case_blind else n for n in names)
            for field, names in spec["columns"].items()
        }
        missing = [f for f in ("time", "amount", "io") if f not in columns]
        if missing:
            raise ValueError(f"layouts.toml: header {name} maps no column to {missing}")
        headers[name] = HeaderSpec(
            name=name,
            signature=tuple(
                frozenset([entry] if isinstance(entry, str) else entry)
                for entry in spec.get("signature", ())
            ),
            first=tuple(spec.get("first", ())),
            also=tuple(spec.get("also", ())),
            case_blind=case_blind,
            markers=tuple(spec.get("markers", ())),
            columns=columns,
        )
    shared = shared_directions(words)
    layouts = {}
    for spec in data["layout"]:
        if spec["header"] not in headers or spec["family"] not in families:
            raise ValueError(f"layouts.toml: layout {spec['id']} names an unknown header/family")
        wrong = set(spec.get("direction", {})) - set(DIRECTIONS)
        wrong |= set(spec["container"]) - set(CONTAINERS)
        if wrong:
            raise ValueError(f"layouts.toml: layout {spec['id']} has unknown {sorted(wrong)}")
        own = {w.lower(): d for d, ws in spec.get("direction", {}).items() for w in ws}
        layouts[spec["id"]] = Layout(
            id=spec["id"],
            family=families[spec["family"]],
            header=spec["header"],
            containers=tuple(spec["container"]),
            encoding=spec.get("encoding"),
            preamble_markers=tuple(spec.get("preamble_markers", ())),
            typed_cells=spec.get("typed_cells", False),
            time_formats=tuple(spec.get("time_formats", defaults["time_formats"])),
            amount_junk=_amount_junk(
                spec.get("currency", defaults["currency"]),
                spec.get("thousands", defaults["thousands"]),
            ),
            decimal=spec.get("decimal", defaults["decimal"]),
            directions={**shared, **own},
            failed=_status_rx(words["status"]["failed"], spec.get("status", {}).get("failed")),
            closed=_status_rx(words["status"]["closed"], spec.get("status", {}).get("closed")),
        )
    refuse = tuple((frozenset(r["names"]), r["error"]) for r in data.get("refuse", ()))
    return Layouts(headers=headers, layouts=layouts, refuse=refuse, words=words)


def ids() -> tuple[str, ...]:
    """Every layout id, in the file's order (schema.LAYOUTS reads the same list)."""
    return tuple(load().layouts)
