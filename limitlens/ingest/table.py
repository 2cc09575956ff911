"""The transaction table of a CSV export -> a DataFrame of text cells with file line numbers.

Fast path: pyarrow's CSV reader over the raw bytes between the header line and the `---` line
that opens the A1/A2 footer, decoding as it goes, reading only the needed columns. When the table
is irregular (short or long rows, blank lines, odd quoting) one C-engine `read_csv` does the same
with line numbers kept aligned.
`\\n` and `-` never occur inside a GB18030 or UTF-8 multi-byte character, so the byte search for
lines is safe. Rows with more fields than the header (WeChat 交易对方 like
`WALMART HONG KONG CO.,LIMITED`, unquoted) stop the C parser; the file is then re-read with the
python engine whose bad-line hook merges the surplus fields back into the 交易对方 column.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from limitlens.ingest.decode import codec
from limitlens.ingest.detect import Header

NUMERIC_FIELDS = ("amount",)
TEXT_ONLY = ("order",)


def _line_start(data: bytes, index: int) -> int:
    """Byte offset where 0-based line `index` begins."""
    pos = 0
    for _ in range(index):
        nxt = data.find(b"\n", pos)
        if nxt < 0:
            return len(data)
        pos = nxt + 1
    return pos


FOOTER_WINDOW = 65536


def data_region(data: bytes, header: Header) -> bytes:
    """The bytes after the header line, cut at the `---` line that opens a footer (A1/A2).

    Footers are a few lines long, so only the last FOOTER_WINDOW bytes are searched.
    """
    start = _line_start(data, header.index + 1)
    window = max(start - 1, len(data) - FOOTER_WINDOW, 0)
    end = data.find(b"\n---", window)
    return data[start : end + 1 if end >= 0 else len(data)]


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


def _read(
    body: bytes | str, encoding: str, header: Header, positions: dict[str, int], python: bool
) -> pd.DataFrame:
    ncols = len(header.cells)
    used = sorted(set(positions.values()))
    # only identifiers are forced to text (inference is faster; numeric-looking text columns are
    # turned back into text below)
    text_cols = {pos: str for f, pos in positions.items() if f in TEXT_ONLY}
    source = io.StringIO(body) if isinstance(body, str) else io.BytesIO(body)
    kwargs: dict = dict(
        header=None,
        names=list(range(ncols)),
        usecols=used,
        dtype=text_cols,
        na_filter=False,
        skip_blank_lines=False,
        index_col=False,
    )
    if not isinstance(body, str):
        kwargs["encoding"] = encoding
    if python:
        anchor = positions.get("counterparty", 0)
        kwargs["on_bad_lines"] = lambda fields: repair(fields, ncols, anchor)[:ncols]
        return pd.read_csv(source, engine="python", **kwargs)
    return pd.read_csv(source, engine="c", **kwargs)


def _read_arrow(
    body: bytes, encoding: str, header: Header, positions: dict[str, int]
) -> pd.DataFrame | None:
    """Fast path: pyarrow's multi-threaded CSV reader; None when the table is not regular.

    Any irregularity (a row with more or fewer fields, an empty line, a decoding error, odd
    quoting) makes pyarrow refuse the file, and the caller falls back to the pandas readers,
    which keep line numbers aligned and repair over-long rows.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:
        return None
    ncols = len(header.cells)
    names = [str(i) for i in range(ncols)]
    used = sorted(set(positions.values()))
    forced = {str(pos): pa.string() for f, pos in positions.items() if f in TEXT_ONLY}
    try:
        table = pcsv.read_csv(
            io.BytesIO(body),
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


def read_table(
    data: bytes, encoding: str, header: Header, positions: dict[str, int], text: str | None = None
) -> pd.DataFrame:
    """Columns: the canonical fields in `positions` (stripped) + `line` (1-based file line).

    `data` is the whole file; `text` its decoded form when the byte path cannot be used.
    """
    body: bytes | str = data_region(data, header) if text is None else _text_region(text, header)
    if not body.strip():
        empty = {f: pd.Series([], dtype="str") for f in positions}
        return pd.DataFrame({**empty, "line": pd.Series([], dtype="int64")})
    frame = None
    if isinstance(body, bytes):
        frame = _read_arrow(body, codec(encoding), header, positions)
    if frame is None:
        try:
            frame = _read(body, codec(encoding), header, positions, python=False)
        except pd.errors.ParserError:
            frame = _read(body, codec(encoding), header, positions, python=True)
        frame = _repair_overlong(frame, body, header, positions, codec(encoding))
    out = {}
    for field, pos in positions.items():
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
    result = pd.DataFrame(out)
    result["line"] = np.arange(len(frame), dtype="int64") + header.index + 2
    if "time" not in result:
        blank = np.ones(len(result), bool)
    elif pd.api.types.is_datetime64_any_dtype(result["time"]):
        blank = result["time"].isna().to_numpy()
    else:
        blank = (result["time"] == "").to_numpy()
    if blank.any():
        for col in out.values():
            if col.dtype == "float64":
                blank &= col.isna().to_numpy()
            else:
                blank &= (col == "").to_numpy()
    if blank.any():
        result = result.loc[~blank].reset_index(drop=True)
    return result


def _overlong_lines(body: bytes | str, ncols: int, nrows: int) -> np.ndarray:
    """Indexes of lines with more commas than a header-wide row has (vectorised count)."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if raw.count(b",") <= (ncols - 1) * nrows:
        return np.array([], dtype="int64")
    buf = np.frombuffer(raw, dtype=np.uint8)
    newlines = np.flatnonzero(buf == 10)
    commas = np.cumsum(buf == 44)
    ends = np.append(newlines, len(buf) - 1) if len(buf) and buf[-1] != 10 else newlines
    if not len(ends):
        return np.array([], dtype="int64")
    at_end = commas[ends]
    per_line = np.diff(np.concatenate(([0], at_end)))
    return np.flatnonzero(per_line > ncols - 1)


def _repair_overlong(
    frame: pd.DataFrame, body: bytes | str, header: Header, positions: dict[str, int], encoding: str
) -> pd.DataFrame:
    """Re-split rows with surplus fields (unquoted commas in 交易对方) and merge them back."""
    ncols = len(header.cells)
    suspects = _overlong_lines(body, ncols, len(frame))
    suspects = suspects[suspects < len(frame)]
    if not len(suspects):
        return frame
    text = body if isinstance(body, str) else None
    lines = text.split("\n") if text is not None else body.split(b"\n")
    anchor = positions.get("counterparty", 0)
    used = sorted(set(positions.values()))
    fixes: dict[int, list[str]] = {}
    for idx in suspects:
        line = lines[idx]
        if isinstance(line, bytes):
            line = line.decode(encoding, errors="replace")
        fields = next(csv.reader([line.rstrip("\r")]), [])
        if len(fields) > ncols:
            fixes[int(idx)] = repair(fields, ncols, anchor)
    if not fixes:
        return frame
    frame = frame.astype({pos: "object" for pos in used})
    for idx, fields in fixes.items():
        for pos in used:
            frame.at[idx, pos] = fields[pos]
    return frame.astype({pos: "str" for pos in used})


def _text_region(text: str, header: Header) -> str:
    pos = 0
    for _ in range(header.index + 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return ""
        pos = nxt + 1
    end = text.find("\n---", max(pos - 1, 0))
    return text[pos : end + 1 if end >= 0 else len(text)]
