"""A new export layout is data only (README "Adding an export layout"). Proven with a throw-away
layout in a temporary copy of data/: a made-up "ExampleBank" CSV with its own header words,
direction words, day-first dates, decimal-comma euro amounts and the Windows-1252 encoding. The
loaders are pointed at the copy, no code changes, and the import must read the file exactly."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens import i18n
from limitlens.ingest import import_files, layouts
from tests.budget import examples

# Step 1: the header — the names that recognise it and the column map.
HEADER_ENTRY = """
[header.examplebank]
signature = ["Booked at", "Payee", "Money", "Type"]
markers = ["ExampleBank"]

[header.examplebank.columns]
time = ["Booked at"]
description = ["Details"]
counterparty = ["Payee"]
amount = ["Money"]
io = ["Type"]
status = ["State"]
order = ["Reference"]
"""

# Step 2: the family — a new service, and what it says in a file's head.
FAMILY_ENTRY = """
[family.examplebank]
service_words = ["ExampleBank"]
"""

# Step 3: the layout — its id, container, encoding, styles and own direction words.
LAYOUT_ENTRY = """
[[layout]]
id = "examplebank_csv"
family = "examplebank"
header = "examplebank"
container = ["csv"]
encoding = "cp1252"
time_formats = ["%d/%m/%Y %H:%M"]
currency = ["€", "EUR"]
thousands = ["."]
decimal = ","

[layout.direction]
in = ["Credit"]
out = ["Debit"]
neutral = ["Own transfer"]

[layout.status]
failed = "^declined$"
closed = "^cancelled$"
"""

# Step 4: its label in both languages.
LABEL = {"zh": "示例银行 CSV", "en": "ExampleBank CSV"}

EXPORT = (
    "ExampleBank account statement\n"
    "Account,****1234\n"
    "\n"
    "Booked at,Details,Payee,Money,Type,State,Reference\n"
    '05/03/2026 14:30,Groceries,Café Müller,"12,50 €",Debit,Booked,EB-001\n'
    '28/02/2026 09:00,Salary February,Acme GmbH,"3.250,00 EUR",Credit,Booked,EB-002\n'
    '01/03/2026 18:05,Savings,Own account,"500,00 €",Own transfer,Booked,EB-003\n'
    '02/03/2026 11:45,Card payment,Kiosk,"7,00 €",Debit,Cancelled,EB-004\n'
    '03/03/2026 08:00,Card payment,Kiosk,"2,00 €",Debit,Declined,EB-006\n'
    '31/02/2026 10:00,Not a date,Kiosk,"1,00 €",Debit,Booked,EB-005\n'
).encode("cp1252")


def _insert_after(text: str, marker: str, entry: str) -> str:
    head, sep, tail = text.partition(marker)
    assert sep, marker
    return f"{head}{sep}{entry}{tail}"


def _clear_caches() -> None:
    layouts.load.cache_clear()
    i18n.catalog.cache_clear()


@pytest.fixture
def new_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ with the throw-away layout added, and the loaders reading the copy."""
    data = tmp_path / "data"
    shutil.copytree(layouts.LAYOUTS_FILE.parent / "i18n", data / "i18n")
    shutil.copy(layouts.WORDS_FILE, data / "export_words.toml")
    text = layouts.LAYOUTS_FILE.read_text(encoding="utf-8")
    (data / "layouts.toml").write_text(
        text + HEADER_ENTRY + FAMILY_ENTRY + LAYOUT_ENTRY, encoding="utf-8"
    )
    for lang, label in LABEL.items():
        ui = data / "i18n" / lang / "ui.toml"
        entry = f'examplebank_csv = "{label}"\n'
        ui.write_text(
            _insert_after(ui.read_text(encoding="utf-8"), "\n[layout]\n", entry),
            encoding="utf-8",
        )
    monkeypatch.setattr(layouts, "LAYOUTS_FILE", data / "layouts.toml")
    monkeypatch.setattr(layouts, "WORDS_FILE", data / "export_words.toml")
    monkeypatch.setattr(i18n, "I18N_DIR", data / "i18n")
    _clear_caches()
    yield data
    monkeypatch.undo()
    _clear_caches()


def test_the_repository_layouts_do_not_read_the_file():
    """Without the new data the same file is refused: what reads it below is the data."""
    report = import_files([("statement.csv", EXPORT)]).files[0]
    assert report.error is not None and report.rows == 0


def test_a_new_layout_imports_with_no_code_change(new_layout: Path):
    result = import_files([("statement.csv", EXPORT)])
    report = result.files[0]
    assert report.error is None
    assert (report.layout, report.encoding) == ("examplebank_csv", "cp1252")
    h = result.history
    assert list(h["time"]) == [
        pd.Timestamp("2026-02-28 09:00"),
        pd.Timestamp("2026-03-01 18:05"),
        pd.Timestamp("2026-03-02 11:45"),
        pd.Timestamp("2026-03-03 08:00"),
        pd.Timestamp("2026-03-05 14:30"),
    ]
    assert list(h["amount"]) == [3250.0, 500.0, 7.0, 2.0, 12.5]
    assert list(h["direction"]) == ["in", "neutral", "out", "out", "out"]
    assert list(h["status"]) == ["success", "success", "closed", "failed", "success"]
    assert list(h["counterparty"]) == [
        "Acme GmbH",
        "Own account",
        "Kiosk",
        "Kiosk",
        "Café Müller",
    ]
    assert set(h["source"]) == {"examplebank_csv"}
    # the impossible date is listed with its line, in the file's own numbering
    assert [(s.row, s.reason.key) for s in report.skipped] == [(10, "ingest.bad_time")]
    assert report.totals == {"in": 3250.0, "out": 21.5, "neutral": 500.0}
    for lang, label in LABEL.items():
        assert i18n.t(lang, f"ui.layout.{report.layout}") == label


def test_a_new_service_word_makes_a_header_not_found_message(new_layout: Path):
    """A file naming the new service whose table cannot be found gets the message that says so."""
    data = EXPORT.replace(b"Booked at,", b"Date and time,")
    report = import_files([("statement.csv", data)]).files[0]
    assert report.error is not None and report.error.key == "ingest.header_not_found"


def test_the_repository_layouts_still_import_beside_it(new_layout: Path):
    from tests.ingest_fixtures import real

    report = import_files(
        [("a.csv", real("alipay_app_2023style_gbk_from_double-entry-generator.csv"))]
    ).files[0]
    assert report.error is None and report.layout == "alipay_app_a3"


def test_every_layout_has_a_label_and_is_a_schema_layout():
    from limitlens.schema import LAYOUTS

    assert layouts.ids() == LAYOUTS
    for lang in i18n.LANGS:
        for layout_id in LAYOUTS:
            assert f"ui.layout.{layout_id}" in i18n.catalog(lang)


@pytest.mark.parametrize(
    ("entries", "why"),
    [
        (HEADER_ENTRY.replace('amount = ["Money"]\n', "") + FAMILY_ENTRY + LAYOUT_ENTRY, "amount"),
        (HEADER_ENTRY + FAMILY_ENTRY + LAYOUT_ENTRY.replace("\nin = ", "\nincome = "), "income"),
        (HEADER_ENTRY + FAMILY_ENTRY + LAYOUT_ENTRY.replace('["csv"]', '["pdf"]'), "pdf"),
        (HEADER_ENTRY + LAYOUT_ENTRY, "unknown header/family"),
    ],
)
def test_a_mistake_in_a_new_layout_is_refused_when_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: str, why: str
):
    """A mistake in the data fails loudly at load, not as a file that silently reads wrong."""
    text = layouts.LAYOUTS_FILE.read_text(encoding="utf-8") + entries
    (tmp_path / "layouts.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(layouts, "LAYOUTS_FILE", tmp_path / "layouts.toml")
    layouts.load.cache_clear()
    try:
        with pytest.raises(ValueError, match=why):
            layouts.load()
    finally:
        monkeypatch.undo()
        layouts.load.cache_clear()


DIRECTION = {"Credit": "in", "Debit": "out", "Own transfer": "neutral"}


def _euro(cents: int) -> str:
    """1234567 -> `12.345,67 €`, the layout's own amount style."""
    return f"{cents / 100:,.2f}".translate(str.maketrans(",.", ".,")) + " €"


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(
        st.tuples(
            st.datetimes(pd.Timestamp("2010-01-01"), pd.Timestamp("2025-12-31 23:59")),
            st.integers(1, 999_999_999),
            st.sampled_from(sorted(DIRECTION)),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_any_rows_in_the_new_layout_read_back_exactly(new_layout: Path, rows):
    """Whatever the dates, amounts and direction words, the data's styles read them exactly."""
    lines = ["Booked at,Details,Payee,Money,Type,State,Reference"]
    for n, (when, cents, word) in enumerate(rows):
        lines.append(f'{when:%d/%m/%Y %H:%M},Row {n},Payee {n},"{_euro(cents)}",{word},Booked,R{n}')
    result = import_files([("s.csv", ("\n".join(lines) + "\n").encode("cp1252"))])
    assert result.files[0].error is None and not result.files[0].skipped
    h = result.history.sort_values("description", key=lambda c: c.str[4:].astype(int))
    assert list(h["time"]) == [pd.Timestamp(w).floor("min") for w, _, _ in rows]
    assert list(h["amount"]) == [c / 100 for _, c, _ in rows]
    assert list(h["direction"]) == [DIRECTION[d] for _, _, d in rows]
