"""Issue 18, "keep the rows": real exports changed the way editors, copies and transfers change
them still import every good row. Each case starts from the real samples in tests/fixtures and
compares with what the unchanged sample imports."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens.i18n import LANGS
from limitlens.ingest import ImportResult, Limits, import_files
from tests import ingest_fixtures as F
from tests.budget import examples

CSV = F.REAL_CSV
GBK = tuple(n for n in CSV if F.real_encoding(n) == "gb18030")


def imported(name: str, data: bytes, limits: Limits | None = None) -> ImportResult:
    result = import_files([(name, data)], *([limits] if limits else []))
    assert len(result.files) == 1
    return result


def same_history(got: ImportResult, name: str) -> None:
    """`got` holds exactly the rows the unchanged sample imports, on the same lines."""
    want = imported(name, F.real(name))
    report = got.files[0]
    assert report.error is None, report.error
    assert [(s.row, s.reason.key) for s in report.skipped] == []
    assert report.layout == want.files[0].layout
    pd.testing.assert_frame_equal(got.history, want.history)


def test_the_samples_import_whole():
    """The baseline every case compares with: no sample loses a row as it is."""
    for name in CSV:
        result = imported(name, F.real(name))
        assert result.files[0].error is None and not result.files[0].skipped
        assert len(result.history) > 0 and result.files[0].repaired == {}


# -- NUL bytes ------------------------------------------------------------------------------------


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(CSV),
    at=st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=4),
)
def test_nul_bytes_anywhere_are_removed_and_counted(name, at):
    data = F.real(name)
    cuts = sorted(int(f * len(data)) for f in at)
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    result = imported(name, b"\x00".join(pieces))
    same_history(result, name)
    assert result.files[0].repaired == {"nul_bytes": len(cuts)}


def test_the_nul_count_is_told_in_both_languages():
    data = F.real(CSV[0])
    report = imported(CSV[0], data[:200] + b"\x00\x00\x00" + data[200:]).files[0]
    for lang in LANGS:
        (note,) = [m.render(lang) for m in report.notes()]
        assert "3" in note and "{" not in note


def test_a_file_of_nul_bytes_or_binary_is_still_binary():
    for data in (b"\x00" * 5000, bytes(range(256)) * 8, b"\x00" + bytes(range(1, 256)) * 8):
        assert imported("x.csv", data).files[0].error.key == "ingest.binary"


# -- line ends and encodings ---------------------------------------------------------------------


@pytest.mark.parametrize("name", CSV)
def test_cr_only_line_ends(name):
    data = F.real(name).replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    assert b"\n" not in data
    same_history(imported(name, data), name)


@pytest.mark.parametrize("name", CSV)
@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_utf16_with_or_without_a_bom(name, codec, bom):
    text = F.real(name).decode(F.real_encoding(name))
    result = imported(name, bom + text.encode(codec))
    same_history(result, name)
    assert result.files[0].encoding.startswith("utf-16")


@pytest.mark.parametrize("name", GBK)
def test_a_utf8_bom_in_front_of_gbk(name):
    same_history(imported(name, codecs.BOM_UTF8 + F.real(name)), name)


# -- columns and rows ----------------------------------------------------------------------------


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(CSV), seed=st.randoms(use_true_random=False))
def test_header_columns_in_any_order(name, seed):
    _, _, width = F._table_lines(F.real(name), F.real_encoding(name))
    order = list(range(width))
    seed.shuffle(order)
    same_history(imported(name, F.reorder_columns(name, order)), name)


def test_columns_reversed_in_every_sample():
    """The one order hypothesis may not draw: every column moved."""
    for name in CSV:
        _, _, width = F._table_lines(F.real(name), F.real_encoding(name))
        same_history(imported(name, F.reorder_columns(name, list(range(width))[::-1])), name)


@pytest.mark.parametrize("name", CSV)
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\n\n"])
def test_a_quoted_field_holding_a_line_break_is_read(name, newline):
    result = imported(name, F.with_line_break_in_field(name, row=1, newline=newline))
    want = imported(name, F.real(name)).history
    report = result.files[0]
    assert report.error is None and report.skipped == []
    assert len(result.history) == len(want)
    changed = result.history[result.history["description"] != want["description"]]
    assert len(changed) == 1
    assert changed.iloc[0]["description"].endswith("\n第二行")
    # it is listed under the line it starts on; the rows after it under the lines they are on
    assert changed.iloc[0]["row_id"] in set(want["row_id"])


def test_an_unclosed_quote_still_never_swallows_the_rows_after_it():
    """Two lines that each open a quote are not one row when the text between them does not
    parse as one (the quote of the second is inside a field)."""
    name = "alipay_app_2023style_gbk_from_double-entry-generator.csv"
    lines = F.real(name).split(b"\n")
    rows = F.data_lines(name)
    for i in (rows[1], rows[4]):
        cells = lines[i].split(b",")
        cells[2] = b'"' + cells[2]
        lines[i] = b",".join(cells)
    result = imported(name, b"\n".join(lines))
    report = result.files[0]
    assert [s.reason.key for s in report.skipped] == ["ingest.unclosed_quote"] * 2
    assert len(result.history) == len(imported(name, F.real(name)).history) - 2


@pytest.mark.parametrize("name", [n for n in CSV if "2021style" not in n])
def test_rows_missing_only_trailing_optional_fields_are_read_and_counted(name):
    data, cut = F.without_trailing_fields(name, drop=3)
    assert cut >= 1
    result = imported(name, data)
    report = result.files[0]
    want = imported(name, F.real(name)).history
    assert report.error is None and report.skipped == []
    assert len(result.history) == len(want)
    assert report.repaired == {"short_rows": cut}
    cols = ["time", "amount", "direction", "status", "row_id"]
    pd.testing.assert_frame_equal(result.history[cols], want[cols])


def test_a_row_missing_a_required_field_is_still_listed():
    """The 2021 layout writes 交易时间 last: a row without its last fields has no time."""
    name = "alipay_app_2021style_gbk_from_double-entry-generator.csv"
    data, cut = F.without_trailing_fields(name, drop=3)
    report = imported(name, data).files[0]
    assert [s.reason.key for s in report.skipped] == ["ingest.field_count"] * cut
    assert report.repaired == {}


def test_a_short_last_line_without_a_line_break_is_cut_off_not_read():
    """A download cut inside the amount would import a wrong amount: the last line, when it
    lacks fields and the file does not end with a line break, is listed as cut off."""
    name = "wechat_csv_utf8_from_double-entry-generator.csv"
    data = F.real(name).rstrip(b"\n")
    last = data.rsplit(b"\n", 1)[1]
    cut = data[: len(data) - len(last)] + b",".join(last.split(b",")[:6])[:-2]  # ¥amount cut
    result = imported(name, cut)
    assert [s.reason.key for s in result.files[0].skipped] == ["ingest.truncated_row"]
    assert len(result.history) == len(imported(name, F.real(name)).history) - 1


# -- limits count rows, not blank lines ----------------------------------------------------------


@pytest.mark.parametrize("name", CSV)
def test_blank_lines_never_count_toward_the_row_limit(name):
    rows = len(imported(name, F.real(name)).history)
    lines = F.real(name).split(b"\n")
    _, at, _ = F._table_lines(F.real(name), F.real_encoding(name))
    padded = [*lines[: at + 1]]
    for line in lines[at + 1 :]:
        padded += [line, b"", b",,,,", b" "]  # blank lines of every kind between the rows
    data = b"\n".join(padded)
    exact = Limits(rows=rows)
    same_history_ignoring_lines(imported(name, data, exact), name)
    over = imported(name, data, Limits(rows=rows - 1)).files[0]
    assert over.error is not None and over.error.key == "ingest.too_many_rows"


def same_history_ignoring_lines(got: ImportResult, name: str) -> None:
    want = imported(name, F.real(name)).history
    assert got.files[0].error is None, got.files[0].error
    cols = [c for c in want.columns if c != "row_id"]
    pd.testing.assert_frame_equal(got.history[cols], want[cols])


# -- xlsx: row by row, the empty tail is never unpacked ------------------------------------------


def _with_empty_formatted_rows(data: bytes, rows: int) -> bytes:
    """The real xlsx with `rows` empty but formatted rows after its last row (what a sheet
    formatted down to row 1,048,576 holds); the sheet's XML grows past MAX_XLSX_BYTES."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet") and b"<sheetData" in body:
                xml = body.decode("utf-8")
                last = max(int(r) for r in re.findall(r'<row r="(\d+)"', xml))
                pad = "".join(
                    f'<row r="{r}" spans="1:11" s="1" customFormat="1" ht="16.5" customHeight="1"/>'
                    for r in range(last + 1, last + 1 + rows)
                )
                xml = re.sub(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:K{last + rows}"/>', xml
                )
                body = xml.replace("</sheetData>", pad + "</sheetData>").encode("utf-8")
            out.writestr(info, body)
    return buf.getvalue()


def test_an_xlsx_with_a_million_empty_formatted_rows_imports_its_rows():
    from limitlens.ingest.limits import MAX_XLSX_BYTES

    name = "wechat_xlsx_2026newformat_from_double-entry-generator.xlsx"
    want = imported(name, F.real(name))
    data = _with_empty_formatted_rows(F.real(name), 1_000_000)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # the size limit would bite if it were read
        assert sum(i.file_size for i in zf.infolist()) > MAX_XLSX_BYTES
    result = imported(name, data)
    assert result.files[0].error is None, result.files[0].error
    pd.testing.assert_frame_equal(result.history, want.history)


def test_empty_xlsx_rows_never_count_toward_the_row_limit():
    name = "wechat_xlsx_2026newformat_from_double-entry-generator.xlsx"
    rows = len(imported(name, F.real(name)).history)
    data = _with_empty_formatted_rows(F.real(name), 1500)  # the sheet ends after 1,000
    preamble = 20  # the preamble's rows are not empty and count (an upper bound, as in CSV)
    result = imported(name, data, Limits(rows=rows + preamble))
    assert result.files[0].error is None and len(result.history) == rows
