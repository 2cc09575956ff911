"""Which header a file has, found by content: the header row, never a line count or file name.

The headers, their column maps and how each is recognised are data (data/layouts.toml, read by
layouts.py): a row is a header when it holds every name of a header's `signature`, in any order
(a hand-edited file moves columns; they are matched by name anyway, see column_positions); when
no signature matches, a header's `first` cells in order and its `also` names decide (a header
missing a signature name, in the export's own order). The Alipay 记账本 and 账务明细 exports
are refused with a hint (`[[refuse]]`). Which layout of the header a file is (W1, W2 or W3 for
WeChat's one header) is decided by its container and cells, in the parsers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from limitlens.ingest.errors import IngestError
from limitlens.ingest.layouts import load

SCAN_LINES = 80

REQUIRED: tuple[str, ...] = ("time", "amount", "io")


@dataclass(frozen=True)
class Header:
    """Where the table starts: 0-based line/row index, the cleaned header cells, and which
    header of data/layouts.toml it is."""

    index: int
    cells: tuple[str, ...]
    name: str  # a [header.<name>] of layouts.toml


def clean_cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip().strip("\ufeff").strip()
    return text.replace("（", "(").replace("）", ")")


def classify_header(cells: list[str]) -> str | None:
    """The header name of a header row, or None when the row is not a header."""
    if len(cells) < 3:
        return None
    known = load()
    lead = (cells[0].lstrip("#").strip(), *cells[1:])
    names = {lead[0], *cells}
    for refused, error in known.refuse:
        if refused <= names:
            raise IngestError(error)
    names_lower, cells_lower = {c.lower() for c in names}, {c.lower() for c in cells}
    for spec in known.headers.values():
        seen = names_lower if spec.case_blind else names
        if spec.signature and all(seen & entry for entry in spec.signature):
            return spec.name
    for spec in known.headers.values():
        if not (spec.first or spec.also):
            continue  # told by its signature alone
        present = cells_lower if spec.case_blind else cells
        if lead[: len(spec.first)] == spec.first and all(n in present for n in spec.also):
            return spec.name
    return None


def find_header_in_text(text: str) -> Header:
    """Scan the first lines of a decoded CSV for a known header row."""
    lines = text[: 200 * SCAN_LINES].split("\n")[:SCAN_LINES]
    for idx, line in enumerate(lines):
        if "," not in line:
            continue
        try:
            cells = [clean_cell(c) for c in next(csv.reader([line.rstrip("\r")]))]
        except (csv.Error, StopIteration):
            continue
        name = classify_header(cells)
        if name:
            return Header(idx, tuple(cells), name)
    raise IngestError(_why_no_header(text[:8000]))


def find_header_in_rows(rows: list[tuple[object, ...]]) -> Header:
    """The same for spreadsheet rows (index = 0-based position, row number = index + 1)."""
    for idx, row in enumerate(rows[:SCAN_LINES]):
        cells = [clean_cell(c) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        name = classify_header(cells)
        if name:
            return Header(idx, tuple(cells), name)
    head = "\n".join(" ".join(clean_cell(c) for c in row) for row in rows[:SCAN_LINES])
    raise IngestError(_why_no_header(head))


def _why_no_header(head: str) -> str:
    if any(word in head for word in load().service_words()):
        return "header_not_found"
    return "unknown_layout"


def column_positions(header: Header) -> dict[str, int]:
    """canonical field -> column index; IngestError("missing_columns") when a required one lacks."""
    spec = load().headers[header.name]
    wanted = spec.columns
    names = [c.lower() for c in header.cells] if spec.case_blind else list(header.cells)
    out: dict[str, int] = {}
    for field, aliases in wanted.items():
        for alias in aliases:
            if alias in names:
                out[field] = names.index(alias)
                break
    missing = [wanted[f][0] for f in REQUIRED if f not in out]
    if missing:
        raise IngestError("missing_columns", columns=tuple(missing))
    return out
