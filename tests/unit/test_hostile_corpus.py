"""The hostile corpus (tests/hostile.py) through the core: every case's expected outcome, and
bombs refused in megabytes, not gigabytes."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens.i18n import LANGS
from limitlens.ingest import import_files
from limitlens.schema import validate_history
from tests import hostile
from tests.budget import examples

CASES = hostile.cases()


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: hostile.Case):
    result = import_files(case.files)
    errors = [f.error.key if f.error else None for f in result.files]
    listed = [(s.row, s.reason.key) for f in result.files for s in f.skipped]
    expected_errors = case.errors if case.errors is not None else [None] * len(errors)
    assert (len(result.history), listed, errors) == (case.rows, case.listed, expected_errors)
    assert result.duplicates_dropped == case.duplicates
    validate_history(result.history)
    for report in result.files:  # every message renders in both languages, params filled
        for msg in [report.error] + [s.reason for s in report.skipped]:
            if msg is not None:
                assert all(msg.render(lang) and "{" not in msg.render(lang) for lang in LANGS)


BAD_LINES = [
    hostile.a3_row("9999-12-31 23:59:59"),
    hostile.a3_row("1600-01-01 00:00:00"),
    hostile.a3_row(amount="1e308"),
    hostile.a3_row(amount="-1"),
    hostile.a3_row(amount="abc"),
    hostile.a3_row() + ",extra,fields",
    "2026-03-05 12:00:00,日用百货",
    hostile.a3_row().replace("盒马", '"盒马'),
    "",
    ",,,,,,,,,,,,",
]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    good=st.integers(1, 25),
    bad=st.lists(st.tuples(st.integers(0, 25), st.sampled_from(BAD_LINES)), max_size=8),
)
def test_no_good_row_is_lost_to_a_bad_neighbour(good, bad):
    rows = hostile.rows20() * 2
    rows = [{**r, "order": f"G{i}"} for i, r in enumerate(rows[:good])]
    inserted: dict[int, str] = {}
    for pos, line in bad:
        inserted.setdefault(min(pos, good), line)
    data = hostile.a3_with(inserted, rows)
    result = import_files([("a.csv", data)])
    report = result.files[0]
    assert report.error is None and report.rows == good == len(result.history)
    first = hostile.first_data_line(data)
    # the line inserted before data row k follows k rows and the lines inserted before them;
    # blank and all-empty lines are ignored, never listed
    expected = sorted(
        first + k + sum(1 for j in inserted if j < k)
        for k, line in inserted.items()
        if line.strip(" ,")
    )
    assert [s.row for s in report.skipped] == expected


@pytest.mark.parametrize("case_id", ["zip_bomb_many_members", "zip_bomb_one_member", "xlsx_bomb"])
def test_bombs_cost_megabytes(case_id):
    """Refused before they are inflated: the peak stays far below the bomb's unpacked size.
    Time is the benchmark's to measure, not a test's (a busy machine is not a bug)."""
    case = hostile.by_id(case_id)
    tracemalloc.start()
    result = import_files(case.files)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.history.empty and result.files[-1].error is not None
    assert peak < 300 * 2**20, peak / 2**20


def test_cheap_files_are_cheap_work():
    """1000 one-row exports in a 1 MB zip: 50 are read, the rest refused unread in one report."""
    case = hostile.by_id("one_row_in_1000_files_zip")
    tracemalloc.start()
    result = import_files(case.files)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    names = [f.name for f in result.files]
    assert names[:50] == [f"m.zip/e{i:04d}.csv" for i in range(50)]
    assert len(names) == 51 and result.files[-1].error.key == "ingest.zip_too_many"
    assert peak < 32 * 2**20, peak / 2**20  # 50 tiny files' work (~4 MB), not 1000
