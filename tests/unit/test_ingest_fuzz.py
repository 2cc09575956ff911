"""Hypothesis fuzzing of structured-but-wrong files: a real header, then rows that are almost
right (extreme dates and amounts, wrong field counts, stray quotes, blank lines, cut bytes,
other encodings, zips). Only the project's own IngestError may leave the parser, and the
last-line-of-defence catch-all in import_files ("unreadable") must never be needed."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens.ingest import import_files
from limitlens.ingest.errors import IngestError
from limitlens.ingest.limits import Budget
from limitlens.ingest.parse import read_raw, typed
from limitlens.schema import validate_history
from tests import ingest_fixtures as F
from tests.budget import examples

HEADS = {
    "a3": F.a3([]),
    "w1": F.w1([]),
    "a2": F.a2([]).split(b"\n---")[0] + b"\n",
    "a1": F.a1([]).split(b"\n---")[0] + b"\n",
    "template": F.template([]),
}
TIMES = st.sampled_from(
    [
        "2026-03-01 10:00:00",
        "2026/3/1 9:07",
        "2026-03-01",
        "9999-12-31 23:59:59",
        "1600-01-01 00:00:00",
        "2099-01-01 00:00:00",
        "0000-00-00 00:00:00",
        "45000.5",
        "1e308",
        "",
        "not a time",
    ]
)
AMOUNTS = st.sampled_from(
    ["10.00", "¥1,234.50", "1e308", "inf", "-inf", "nan", "-5", "9" * 400, "", "０.５", "1.2.3"]
)
WORDS = st.sampled_from(
    [
        "收入",
        "支出",
        "不计收支",
        "in",
        "out",
        "/",
        "交易成功",
        "交易关闭",
        "盒马",
        '"',
        '""',
        "=1+1",
    ]
)
CELL = st.one_of(TIMES, AMOUNTS, WORDS, st.text(max_size=12))


def row(cells: list[str]) -> str:
    return ",".join(cells)


@st.composite
def wrong_files(draw) -> bytes:
    head = HEADS[draw(st.sampled_from(sorted(HEADS)))]
    lines = []
    for _ in range(draw(st.integers(0, 15))):
        kind = draw(st.sampled_from(["row", "short", "long", "blank", "quote"]))
        width = {"short": draw(st.integers(1, 4)), "long": draw(st.integers(14, 20))}.get(kind, 12)
        cells = [draw(TIMES), draw(WORDS), draw(WORDS), draw(WORDS), draw(WORDS), draw(WORDS)]
        cells += [draw(AMOUNTS)] + [draw(CELL) for _ in range(max(0, width - 7))]
        text = row(cells[:width])
        if kind == "blank":
            text = draw(st.sampled_from(["", ",,,,", " \t", '"",""']))
        if kind == "quote":
            text = '"' + text
        lines.append(text)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 3]))
    encoding = draw(st.sampled_from(["gb18030", "utf-8", "utf-16"]))
    if encoding == "utf-16":
        data = (head.decode("gb18030", errors="replace") + body).encode("utf-16")
    else:
        data = head + body.encode(encoding, errors="replace")
    if draw(st.booleans()):  # cut anywhere, possibly inside a character
        data = data[: draw(st.integers(0, len(data)))]
    return data


def parse_strictly(data: bytes) -> None:
    """The parser without import_files' catch-all: only IngestError may escape."""
    try:
        raw_layout, _, raw, _, _ = read_raw(data, Budget())
        typed(raw, raw_layout)
    except IngestError:
        pass


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wrong_files())
def test_only_ingest_errors_escape_the_parser(data):
    parse_strictly(data)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(wrong_files(), min_size=1, max_size=3), st.booleans())
def test_the_catch_all_is_never_needed(files, zipped):
    items = [(f"f{i}.csv", data) for i, data in enumerate(files)]
    if zipped:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in items:
                zf.writestr(name, data)
        items = [("all.zip", buf.getvalue())]
    result = import_files(items)
    validate_history(result.history)
    assert all(f.error is None or f.error.key != "ingest.unreadable" for f in result.files)
    for report in result.files:
        assert report.rows >= 0 and all(s.row >= 1 for s in report.skipped)
