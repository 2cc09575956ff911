"""The transaction table of a CSV export -> a DataFrame of text cells with file line numbers.

Fast path (Alipay exports: no quotes): pyarrow reads the table's raw bytes, refusing the whole
table when any line has a field count other than the header's; pure-ASCII columns are used as
they are, the others are dictionary-encoded and only their distinct values are decoded (one
codec call per column), so GB18030 never runs over every byte. Empty and blank lines come back
as all-empty rows and are dropped, as below. Anything unusual falls through to the careful path:

Every line after the header is first classified in one vectorised pass over the bytes:
- blank (only commas, spaces, tabs, quotes): ignored;
- an unclosed quote: skipped and listed (a quote never swallows the lines after it);
- a quote left open on one line and closed on a later one (at most MAX_QUOTED_LINES on): one
  row whose quoted field holds line breaks, as any CSV reader reads it, when the lines joined
  parse strictly into a row of the header's width; else the line is skipped and listed;
- fewer fields than the header: read, and counted as short, when only optional trailing fields
  are missing (the required time, amount and direction are there: a hand-edited file drops
  trailing empty cells), unless it is the last line and the file does not end with a line
  break (a cut-off download); skipped and listed when a required field is missing;
- more fields than the header: skipped and listed (extra trailing fields never shift the
  columns). In a family with `repair_overlong` (WeChat alone writes 交易对方 like `WALMART HONG
  KONG CO.,LIMITED` unquoted) the surplus fields are merged back into 交易对方, and the row is
  kept when its 收/支 and 金额 cells then read as the layout's direction word and a number;
- everything else is a regular row.
The regular rows go to pyarrow's CSV reader in one piece (or one C-engine `read_csv`), reading only
the needed columns. `\\n`, `,` and `"` never occur inside a GB18030 or UTF-8 multi-byte
character, so splitting the bytes is safe. Only irregular lines are looked at one by one.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from limitlens.codes import remember_codes
from limitlens.i18n import Message
from limitlens.ingest.decode import codec
from limitlens.ingest.detect import REQUIRED, Header
from limitlens.ingest.layouts import Layout
from limitlens.ingest.model import SkippedRow

NUMERIC_FIELDS = ("amount",)
# read as text: ids (long digit strings), and amounts so that `nan` / `inf` cells are reported
# as written rather than turned into floats by the reader
TEXT_ONLY = ("order", "amount")
FOOTER_WINDOW = 65536
BLANK_BYTES = b' ,\t\r"'
NUMBER_CELL = re.compile(r"^[¥￥\s]*[+]?[\d,]*\.?\d+\s*元?$")
MAX_QUOTED_LINES = 100  # a quoted field may span this many line breaks


def count_lines(data: bytes) -> int:
    """Lines holding anything but separators, spaces and quotes: blank lines never count toward
    the row limit. (Run only when a file is long enough to reach the limit.)"""
    kept = np.frombuffer(data.translate(None, BLANK_BYTES), dtype=np.uint8)
    if not len(kept):
        return 0
    newline = kept == 10
    return int(~newline[0]) + int(np.count_nonzero(newline[:-1] & ~newline[1:]))


def _line_start(data: bytes, index: int) -> int:
    """Byte offset where 0-based line `index` begins."""
    pos = 0
    for _ in range(index):
        nxt = data.find(b"\n", pos)
        if nxt < 0:
            return len(data)
        pos = nxt + 1
    return pos


def region_bounds(data: bytes, header: Header) -> tuple[int, int]:
    """(start, end) byte offsets of the lines after the header line, cut at the `---` line that
    opens a footer (A1/A2).

    Footers are a few lines long, so only the last FOOTER_WINDOW bytes are searched.
    """
    start = _line_start(data, header.index + 1)
    window = max(start - 1, len(data) - FOOTER_WINDOW, 0)
    end = data.find(b"\n---", window)
    return start, end + 1 if end >= 0 else len(data)


def repair(fields: list[str], ncols: int, anchor: int) -> list[str]:
    """Merge surplus fields into column `anchor` (they came from commas inside it); pad short rows."""
    surplus = len(fields) - ncols
    if surplus > 0:
        fields = [
            *fields[:anchor],
            ",".join(fields[anchor : anchor + surplus + 1]),
            *fields[anchor + surplus + 1 :],
        ]
    return fields + [""] * (ncols - len(fields))


def _per_line(positions: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many of the sorted byte `positions` fall on each line (lines end at `ends`)."""
    return np.diff(np.searchsorted(positions, ends, side="right"), prepend=0)


def classify_lines(body: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(line end offsets, blank mask, odd-quote mask, field counts) for the lines of `body`."""
    buf = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(buf == 10)
    ends = newlines if len(buf) and buf[-1] == 10 else np.append(newlines, len(buf))
    n = len(ends)
    # blank: nothing left on the line once separators, spaces and quotes are removed
    kept = np.frombuffer(body.translate(None, BLANK_BYTES), dtype=np.uint8)
    kept_ends = np.flatnonzero(kept == 10)
    if len(kept_ends) < n:
        kept_ends = np.append(kept_ends, len(kept))
    blank = np.diff(kept_ends, prepend=-1) <= 1
    quotes = np.flatnonzero(buf == 34)
    commas = np.flatnonzero(buf == 44)
    odd = (_per_line(quotes, ends) % 2).astype(bool)
    if len(quotes):
        # a comma between an odd and an even quote of its line is inside a quoted field
        starts = np.concatenate(([0], ends[:-1] + 1))
        before_line = np.searchsorted(quotes, starts)
        line_of = np.searchsorted(ends, commas)
        inside = (np.searchsorted(quotes, commas) - before_line[line_of]) % 2 == 1
        commas = commas[~inside]
    fields = _per_line(commas, ends) + 1
    return ends[:n], blank[:n], odd, fields


def _line(body: bytes, ends: np.ndarray, idx: int) -> bytes:
    start = int(ends[idx - 1]) + 1 if idx else 0
    return body[start : int(ends[idx])]


def _keep_lines(body: bytes, ends: np.ndarray, keep: np.ndarray) -> bytes:
    """Only the lines where `keep` is true (each ending with a newline)."""
    if keep.all():
        return body if body.endswith(b"\n") else body + b"\n"
    lengths = np.diff(ends, prepend=-1)  # each line with its newline
    mask = np.repeat(keep, lengths)[: len(body)]
    out = np.frombuffer(body, dtype=np.uint8)[mask].tobytes()
    return out if out.endswith(b"\n") or not out else out + b"\n"


def _fields_of(line: bytes, encoding: str) -> list[str] | None:
    """One irregular line (or lines joined by `\n` inside a quoted field) split by the csv
    module; None when its quoting is broken or it is not exactly one row."""
    text = line.decode(encoding, errors="replace").rstrip("\r")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    if len(rows) > 1:
        return None
    return rows[0] if rows else []


def _span(body: bytes, ends: np.ndarray, first: int, last: int) -> bytes:
    start = int(ends[first - 1]) + 1 if first else 0
    return body[start : int(ends[last])]


def _quoted_breaks(
    body: bytes, ends: np.ndarray, odd: np.ndarray, fits, encoding: str
) -> tuple[list[tuple[int, list[str]]], np.ndarray]:
    """Rows whose quoted field holds line breaks: ([(first line index, fields)], mask of the
    lines they take). A line with an odd number of quotes is joined with the next such line
    when that is at most MAX_QUOTED_LINES on and the joined text parses strictly as one row
    that `fits`; otherwise it stays a line of its own (an unclosed quote)."""
    rows: list[tuple[int, list[str]]] = []
    taken = np.zeros(len(ends), dtype=bool)
    starts = np.flatnonzero(odd)
    k = 0
    while k + 1 < len(starts):
        first, last = int(starts[k]), int(starts[k + 1])
        if last - first <= MAX_QUOTED_LINES:
            split = _fields_of(_span(body, ends, first, last), encoding)
            if split is not None and (fixed := fits(split)) is not None:
                rows.append((first, fixed))
                taken[first : last + 1] = True
                k += 2
                continue
        k += 1
    return rows, taken


def _read_arrow(body: bytes, encoding: str, ncols: int, positions: dict[str, int]):
    """Fast path: pyarrow's CSV reader over regular lines of exactly `ncols` fields; None when
    it refuses them."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:
        return None
    names = [str(i) for i in range(ncols)]
    used = sorted({p for p in positions.values() if p < ncols})
    forced = {
        str(pos): pa.string() for f, pos in positions.items() if f in TEXT_ONLY and pos < ncols
    }
    try:
        table = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pcsv.ReadOptions(column_names=names, encoding=encoding),
            parse_options=pcsv.ParseOptions(ignore_empty_lines=False, newlines_in_values=False),
            convert_options=pcsv.ConvertOptions(
                include_columns=[str(i) for i in used],
                column_types=forced,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, UnicodeDecodeError, ValueError, LookupError):
        return None
    frame = table.to_pandas()
    frame.columns = [int(c) for c in frame.columns]
    return frame


def _as(column, type_):
    """A chunked binary/string column seen as `type_`, chunk by chunk (no copy)."""
    import pyarrow as pa

    return pa.chunked_array([chunk.view(type_) for chunk in column.chunks], type=type_)


def _decoded(values, encoding: str):
    """(a chunked binary column as stripped text (pyarrow large_string) or None when a value
    does not decode, (codes, values per code) when it was dictionary-encoded or None when it is
    pure ASCII). Pure-ASCII columns (times, amounts, order ids) are taken as they are; the
    others are dictionary-encoded so the codec runs once per distinct value, not once per cell.
    The column stays in the reader's chunks: making it one piece would copy it whole."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _as(values, pa.string())
    if not len(values) or pc.all(pc.string_is_ascii(text)).as_py():
        return pc.utf8_trim_whitespace(text).cast(pa.large_string()), None
    encoded = pc.dictionary_encode(values)  # every chunk gets the one, whole dictionary
    distinct = encoded.chunk(0).dictionary
    indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks])
    # The distinct values joined by `\n` (numpy inserts the separators into arrow's value
    # buffer), decoded in one call, split again by pyarrow. `\n` never occurs inside a field nor
    # inside a multi-byte character, so a value cut inside a character still fails as it would
    # alone.
    offsets = np.frombuffer(
        distinct.buffers()[1], dtype=np.int32, count=len(distinct) + 1, offset=distinct.offset * 4
    )
    raw = np.frombuffer(distinct.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    joined = np.insert(raw, offsets[1:-1] - offsets[0], 10).tobytes()
    try:
        utf8 = joined.decode(encoding).encode("utf-8")
    except (UnicodeDecodeError, LookupError):
        return None, None
    parts = pc.split_pattern(pa.array([utf8], pa.large_string()), "\n").flatten()
    if len(parts) != len(distinct):  # cannot happen; the careful path if it ever does
        return None, None
    uniques = pc.utf8_trim_whitespace(parts)
    return uniques.take(indices), (indices, uniques)


def _read_fast(
    body: bytes | memoryview, encoding: str, ncols: int, positions: dict[str, int]
) -> dict[str, pd.Series] | None:
    """Stripped text columns (time may come back typed, as `_read_arrow` reads it) of a body whose
    every line is a regular row: pyarrow reads the raw bytes, refusing any line whose field count
    is not `ncols`, and only the distinct values of non-ASCII columns are decoded. None when
    anything is unusual: the caller then classifies the lines and takes the careful path."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv
    except ImportError:
        return None
    names = [str(i) for i in range(ncols)]
    time_pos = positions.get("time")
    used = sorted({p for p in positions.values() if p < ncols})
    binary = {str(p): pa.binary() for p in used if p != time_pos}
    try:
        table = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            # one thread: the table is a few MB, and on a busy 2-core machine reader threads
            # wait for a core far longer than they save
            read_options=pcsv.ReadOptions(column_names=names, encoding="utf8", use_threads=False),
            parse_options=pcsv.ParseOptions(
                ignore_empty_lines=False, newlines_in_values=False, quote_char=False
            ),
            convert_options=pcsv.ConvertOptions(
                include_columns=[str(p) for p in used],
                column_types=binary,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    # An empty line comes back as a row of empty cells (dropped as all-empty, its line number
    # kept, as the careful path does): no need to scan for `\n\n` first. Should pyarrow ever
    # read it as nulls instead, the careful path takes the file.
    if any(table.column(name).null_count for name in binary):
        return None
    inferred = {p for f, p in positions.items() if f not in TEXT_ONLY and p != time_pos}
    columns: dict[int, pd.Series] = {}
    for pos in used:
        col = table.column(str(pos))
        if pos == time_pos:
            if pa.types.is_timestamp(col.type):
                columns[pos] = col.to_pandas()
                continue
            if not pa.types.is_string(col.type):  # dates, numbers, nulls: the careful path
                return None
            col = _as(col, pa.binary())
        text, dictionary = _decoded(col, encoding)
        if text is None:
            return None
        if dictionary is None and pos in inferred and len(text):
            if pc.max(pc.utf8_length(text)).as_py():
                # the careful path lets pyarrow infer this column's type, and an all-ASCII
                # column may come back as numbers there: leave such (hand-made) files to it
                return None
        columns[pos] = text.to_pandas()
        if dictionary is not None:  # spares categorize and normalize hashing every cell again
            codes, uniques = dictionary
            remember_codes(columns[pos], codes.to_numpy(), uniques.to_pandas())
    return {field: columns[pos] for field, pos in positions.items()}


def _read_pandas(body: bytes, encoding: str, ncols: int, positions: dict[str, int]):
    """Regular lines of up to `ncols` fields (shorter ones padded)."""
    used = sorted({p for p in positions.values() if p < ncols})
    text_cols = {pos: str for f, pos in positions.items() if f in TEXT_ONLY and pos < ncols}
    return pd.read_csv(
        io.BytesIO(body),
        engine="c",
        encoding=encoding,
        header=None,
        names=list(range(ncols)),
        usecols=used,
        dtype=text_cols,
        na_filter=False,
        skip_blank_lines=False,
        index_col=False,
    )


def _text_columns(frame: pd.DataFrame, positions: dict[str, int]) -> dict[str, pd.Series]:
    out = {}
    for field, pos in positions.items():
        if pos not in frame:  # beyond the widest row: an empty trailing column
            out[field] = pd.Series([""] * len(frame), index=frame.index, dtype="str")
            continue
        col = frame[pos]
        if field in NUMERIC_FIELDS and pd.api.types.is_numeric_dtype(col):
            out[field] = col.astype("float64")
            continue
        if field == "time" and pd.api.types.is_datetime64_any_dtype(col):
            out[field] = col
            continue
        if not pd.api.types.is_string_dtype(col):
            # numeric-looking or all-empty text columns come back typed: make them text again
            col = col.astype(object).where(col.notna(), "").astype("str")
        out[field] = col.str.strip()
    return out


def _all_empty(columns: dict[str, pd.Series], n: int) -> np.ndarray:
    blank = np.ones(n, dtype=bool)
    for col in columns.values():
        if col.dtype == "float64" or pd.api.types.is_datetime64_any_dtype(col):
            blank = blank & col.isna().to_numpy()
        else:
            blank = blank & (col == "").to_numpy()
        if not blank.any():  # usually after the first column: no need to look at the others
            break
    return blank


def read_table(
    data: bytes,
    encoding: str,
    header: Header,
    positions: dict[str, int],
    layout: Layout,
    text: str | None = None,
) -> tuple[pd.DataFrame, list[SkippedRow], int]:
    """(table, skipped lines, rows read without missing trailing optional fields). Table columns:
    the canonical fields in `positions` (stripped text, amount may be float) + `line` (1-based
    file line).

    `data` is the whole file; `text` its decoded form when the bytes cannot be decoded as a whole
    (the table is then read as UTF-8).
    """
    enc = codec("utf-8" if text is not None else encoding)
    ncols = len(header.cells)
    cells = list(header.cells)
    while cells and not cells[-1]:
        cells.pop()
    named = max(len(cells), max(positions.values()) + 1)  # a full row has this many fields
    min_fields = max(positions[f] for f in REQUIRED) + 1  # fewer: a required field is missing
    first_line = header.index + 2

    def fast(buffer) -> tuple[pd.DataFrame, list[SkippedRow], int] | None:
        # No quotes: when every line has the header's field count (or is empty), every line is
        # a regular row (blank rows of separators or nothing come back all empty, and are
        # dropped). Otherwise None, and the lines are classified one by one below.
        columns = _read_fast(buffer, enc, ncols, positions)
        if columns is None:
            return None
        n = len(next(iter(columns.values())))
        return (*_finish(columns, np.arange(first_line, first_line + n, dtype="int64"), []), 0)

    tried = False
    if text is None:
        start, end = region_bounds(data, header)
        if end > start and data.find(b'"', start, end) < 0 and data.find(b"\r", start, end) < 0:
            tried = True
            done = fast(memoryview(data)[start:end])  # the file's own bytes, not a copy
            if done is not None:
                return done
        body = data[start:end]
    else:
        body = _text_region(text, header).encode("utf-8")
    if b"\r" in body:  # CRLF -> LF; a lone CR ends a line too (as the CSV readers see it)
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not tried and body and b'"' not in body:
        done = fast(body)
        if done is not None:
            return done
    ends, blank, odd, fields = classify_lines(body)
    anchor = positions.get("counterparty", 0)

    short = 0

    def fits(split: list[str]) -> list[str] | None:
        """The row's fields in the header's columns, or None when they cannot be matched."""
        nonlocal short
        if min_fields <= len(split) <= ncols:
            short += len(split) < named
            return repair(split, ncols, anchor)
        if len(split) > ncols and layout.family.repair_overlong:
            fixed = repair(split, ncols, anchor)
            if _plausible(fixed, positions, layout):
                return fixed
        return None

    extra: list[tuple[int, list[str]]] = []
    taken = np.zeros(len(ends), dtype=bool)
    if odd.any():
        joined, taken = _quoted_breaks(body, ends, odd, fits, enc)
        for idx, row in joined:
            extra.append((idx + first_line, row))
    regular = ~blank & ~odd & ~taken & (fields >= min_fields) & (fields <= ncols)
    cut_last = len(ends) and not body.endswith(b"\n") and fields[-1] < named
    if cut_last and regular[-1]:  # a short last line without its line break: cut off
        regular[-1] = False
    skipped: list[SkippedRow] = []
    for idx in np.flatnonzero(~blank & ~regular & ~taken):
        line_no = int(idx) + first_line
        if cut_last and idx == len(ends) - 1 and not odd[idx] and fields[idx] >= min_fields:
            skipped.append(SkippedRow(line_no, Message("ingest.truncated_row")))
            continue
        split = _fields_of(_line(body, ends, int(idx)), enc)
        if split is None:
            skipped.append(SkippedRow(line_no, Message("ingest.unclosed_quote")))
            continue
        fixed = fits(split)  # quotes our byte count misread, or WeChat's unquoted commas
        if fixed is not None:
            extra.append((line_no, fixed))
            continue
        skipped.append(
            SkippedRow(
                line_no, Message("ingest.field_count", {"count": len(split), "expected": ncols})
            )
        )
    good_idx = np.flatnonzero(regular)
    short += int(np.count_nonzero(fields[regular] < named))
    frame = None
    if len(good_idx):
        good_body = _keep_lines(body, ends, regular)
        counts = fields[regular]
        width = int(counts.max())  # may be below ncols: rows without the trailing empty column
        if counts.min() == width:
            frame = _read_arrow(good_body, enc, width, positions)
        if frame is None:
            try:
                frame = _read_pandas(good_body, enc, width, positions)
            except pd.errors.ParserError:  # our field count misread odd quoting: go line by line
                frame = pd.DataFrame(index=range(0))
                for idx in good_idx:
                    extra.append(
                        (
                            int(idx) + first_line,
                            repair(
                                _fields_of(_line(body, ends, int(idx)), enc) or [], ncols, anchor
                            ),
                        )
                    )
                good_idx = good_idx[:0]
    columns = (
        _text_columns(frame, positions)
        if frame is not None
        else {f: pd.Series([], dtype="str") for f in positions}
    )
    line = good_idx.astype("int64") + first_line
    if extra:
        rows = pd.DataFrame([f for _, f in extra]).astype("str")
        more = {field: rows[pos].str.strip() for field, pos in positions.items()}
        columns = {
            f: pd.concat([columns[f].astype("str"), more[f]], ignore_index=True) for f in columns
        }
        line = np.concatenate([line, np.array([n for n, _ in extra], dtype="int64")])
    return (*_finish(columns, line, skipped, resort=bool(extra)), short)


def _finish(
    columns: dict[str, pd.Series], line: np.ndarray, skipped: list[SkippedRow], resort: bool = False
) -> tuple[pd.DataFrame, list[SkippedRow]]:
    """The table (all-empty rows dropped, in line order) and the skipped lines in line order."""
    result = pd.DataFrame({**columns, "line": line})
    empty = _all_empty(columns, len(result))
    if empty.any():
        result = result.loc[~empty]
    if resort:
        result = result.sort_values("line", kind="stable")
    if empty.any() or resort:
        result = result.reset_index(drop=True)
    return result, sorted(skipped, key=lambda s: s.row)


def _plausible(fields: list[str], positions: dict[str, int], layout: Layout) -> bool:
    """A repaired over-long row reads as a transaction: a direction word and a number."""
    io_cell = fields[positions["io"]].strip().lower() if "io" in positions else ""
    amount = fields[positions["amount"]].strip() if "amount" in positions else ""
    known = io_cell == "" or io_cell in layout.directions
    return known and bool(NUMBER_CELL.match(amount))


def _text_region(text: str, header: Header) -> str:
    pos = 0
    for _ in range(header.index + 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return ""
        pos = nxt + 1
    end = text.find("\n---", max(pos - 1, 0))
    return text[pos : end + 1 if end >= 0 else len(text)]
