"""Spreadsheet exports (WeChat Pay W2, W3; the template) -> the same raw table as the CSV path.

openpyxl (read-only, cached values) fills rows missing from the XML (real W3 files leave out the
empty rows 6 and 16), so list position + 1 is the row number Excel shows. `Sheet1` is read when it
holds a header row, else the first sheet that does. Layouts that share a header (W2 and W3) are
told apart by their data (layouts.toml `preamble_markers`, `typed_cells`): W3 by the preamble
note `本账单中所有时间均为UTC+08:00时间` or by numeric amount or date cells.

Every byte openpyxl unpacks is counted as it is read (`_MeteredZip`), never ahead of reading: a
sheet is read row by row and ends after MAX_EMPTY_RUN empty rows, so a file with its rows and a
million empty formatted rows after them is read up to its rows and a thousand more, and the size
limits (MAX_XLSX_BYTES for all parts read, MAX_SHARED_STRINGS for the string table, the upload's
Budget) bite only on what is really unpacked.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import datetime
from numbers import Number

import numpy as np
import pandas as pd

from limitlens.ingest.containers import central_dir_ok
from limitlens.ingest.detect import Header, clean_cell, column_positions, find_header_in_rows
from limitlens.ingest.errors import IngestError
from limitlens.ingest.layouts import Layout, load
from limitlens.ingest.limits import (
    CHUNK,
    MAX_EMPTY_RUN,
    MAX_SHARED_STRINGS,
    MAX_XLSX_BYTES,
    Budget,
    mb,
    ratio_allowance,
)

SHARED_STRINGS = "xl/sharedStrings.xml"
FEED = 4 * CHUNK


class _Meter:
    """Counts the bytes unpacked from one xlsx: its own caps and the upload's Budget. Once a
    limit is crossed every later read fails too, so a caller that swallows the error still
    cannot read on."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.total = 0
        self.per_member: dict[str, int] = {}
        self.error: IngestError | None = None

    def take(self, member: str, n: int, share: int) -> None:
        """`n` more bytes of `member`, which may unpack to `share` bytes (the ratio guard)."""
        if self.error is not None:
            raise self.error
        self.total += n
        size = self.per_member[member] = self.per_member.get(member, 0) + n
        try:
            self.budget.take_bytes(n)
            if size > share:
                raise self.budget.refuse_file()
            cap = MAX_SHARED_STRINGS if member == SHARED_STRINGS else MAX_XLSX_BYTES
            if size > cap or self.total > MAX_XLSX_BYTES:
                raise IngestError("xlsx_too_large", mb=mb(MAX_XLSX_BYTES))
            self.budget.check_time()
        except IngestError as exc:
            self.error = exc
            raise


class _MeteredMember(io.RawIOBase):
    """A zip member's stream that reports every unpacked byte to the meter before handing it on."""

    def __init__(self, raw: io.BufferedIOBase, member: str, meter: _Meter, share: int) -> None:
        super().__init__()
        self._raw, self._member, self._meter, self._share = raw, member, meter, share

    def readable(self) -> bool:
        return True

    def _pull(self, n: int) -> bytes:
        chunk = self._raw.read(n)
        if chunk:
            self._meter.take(self._member, len(chunk), self._share)
        return chunk

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self._pull(CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        # More than asked: ElementTree's iterparse asks for 16 KB at a time, and expat scans a
        # token still open (one huge string or comment) again on every feed, so small feeds
        # make a 60 MB token cost minutes; 4 MB feeds make it seconds.
        return self._pull(max(size, FEED))

    def readinto(self, buffer) -> int:
        chunk = self._pull(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _MeteredZip(zipfile.ZipFile):
    """The xlsx archive openpyxl reads from (ZipFile.read goes through open too)."""

    meter: _Meter
    packed: int  # the xlsx's own size: no member packs into more

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):  # type: ignore[override]
        stream = super().open(name, mode, pwd, force_zip64=force_zip64)
        if mode != "r":
            return stream
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        share = ratio_allowance(min(info.compress_size, self.packed))
        return _MeteredMember(stream, info.filename, self.meter, share)


def _load(data: bytes, meter: _Meter):
    """openpyxl's read-only workbook over a metered archive."""
    from openpyxl.reader.excel import ExcelReader

    archive = _MeteredZip(io.BytesIO(data))
    archive.meter, archive.packed = meter, len(data)
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.archive = archive
    reader.read()
    return reader.wb


def _sheet_rows(data: bytes, budget: Budget) -> list[list[tuple[object, ...]]]:
    """Each visible sheet's rows up to its last row with data (a run of MAX_EMPTY_RUN empty rows
    ends a sheet), within the upload's row and time budget."""
    if not central_dir_ok(data):
        raise IngestError("xlsx_broken")
    meter = _Meter(budget)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = _load(data, meter)
            sheets = sorted(book.worksheets, key=lambda ws: ws.title != "Sheet1")
            out = []
            for ws in sheets:
                if getattr(ws, "sheet_state", "visible") != "visible":
                    continue
                rows: list[tuple[object, ...]] = []
                empty_run = filled = 0
                for row in ws.iter_rows(values_only=True):
                    if any(v is not None and v != "" for v in row):
                        empty_run = 0
                        filled += 1  # empty rows never count toward the row limit
                    else:
                        if empty_run == MAX_EMPTY_RUN:
                            break
                        empty_run += 1
                    rows.append(tuple(row))
                    if len(rows) % 1000 == 0:
                        budget.check_time()
                        budget.check_rows(filled)
                del rows[len(rows) - empty_run :]
                out.append(rows)
            book.close()
    except IngestError:
        raise
    except Exception:  # noqa: BLE001 - any parse failure of a damaged workbook
        raise (meter.error or IngestError("xlsx_broken")) from None
    if meter.error is not None:  # crossed inside a part openpyxl read and then ignored
        raise meter.error
    return out


def read_xlsx(data: bytes, budget: Budget | None = None) -> tuple[str, pd.DataFrame]:
    """(layout id, raw table with canonical columns + `line`)."""
    sheets = _sheet_rows(data, budget or Budget())
    if not sheets or not any(sheets):
        raise IngestError("empty")
    header: Header | None = None
    rows: list[tuple[object, ...]] = []
    first_error: IngestError | None = None
    for candidate in sheets:
        try:
            header = find_header_in_rows(candidate)
            rows = candidate
            break
        except IngestError as exc:
            first_error = first_error or exc
    if header is None:
        raise first_error or IngestError("unknown_layout")
    candidates = load().of_header(header.name, "xlsx")
    if not candidates:
        raise IngestError("unsupported_xlsx")
    positions = column_positions(header)
    body = []
    for row in rows[header.index + 1 :]:
        if row and isinstance(row[0], str) and row[0].strip().startswith("---"):
            break
        body.append(row)
    width = len(header.cells)
    frame = pd.DataFrame(
        [tuple(r[:width]) + (None,) * (width - len(r[:width])) for r in body],
        columns=list(range(width)),
        dtype=object,
    )
    raw = pd.DataFrame(index=frame.index)
    for field, pos in positions.items():
        col = frame[pos] if len(frame) else pd.Series([], dtype=object)
        if field in ("time", "amount"):
            raw[field] = col.map(_keep_value)
        else:
            raw[field] = col.map(clean_cell).astype("str")
    raw["line"] = np.arange(len(frame), dtype="int64") + header.index + 2
    blank = frame.isna().all(axis=1) | frame.map(lambda v: clean_cell(v) == "").all(axis=1)
    raw = raw.loc[~blank.to_numpy()].reset_index(drop=True)
    return _which(candidates, rows[: header.index], raw).id, raw


def _which(candidates: list[Layout], preamble_rows: list[tuple[object, ...]], raw) -> Layout:
    """The layout whose cues the sheet shows (a preamble marker, typed cells), else the first
    without cues."""
    if len(candidates) == 1:
        return candidates[0]
    preamble = " ".join(clean_cell(c) for r in preamble_rows for c in r)
    typed = False
    if any(lay.typed_cells for lay in candidates) and len(raw):
        numeric = raw["amount"].map(lambda v: isinstance(v, Number)).any()
        dated = raw["time"].map(lambda v: isinstance(v, datetime | Number)).any()
        typed = bool(numeric) or bool(dated)
    for lay in candidates:
        if any(m in preamble for m in lay.preamble_markers) or (lay.typed_cells and typed):
            return lay
    plain = [lay for lay in candidates if not lay.preamble_markers and not lay.typed_cells]
    return (plain or candidates)[0]


def _keep_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value
