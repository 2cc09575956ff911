"""Limits that are not a file's content: paths that are not regular files, bounded caches."""

from __future__ import annotations

import os
import re

from limitlens.ingest import import_paths
from limitlens.ingest.errors import IngestError
from limitlens.ingest.limits import MAX_ROWS, Budget
from tests import ingest_fixtures as F
from tests.conftest import ROOT


def test_a_fifo_or_directory_is_reported_not_read(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # reading it would block forever: returning at all is part of the test
    good = tmp_path / "a.csv"
    good.write_bytes(F.a3())
    result = import_paths([fifo, tmp_path, good])
    assert [f.error.key if f.error else None for f in result.files] == [
        "ingest.not_a_file",
        "ingest.not_a_file",
        None,
    ]
    assert len(result.history) == len(F.ALIPAY_MONTH)


def test_the_row_budget_is_shared_by_an_upload():
    budget = Budget()
    budget.take_rows(MAX_ROWS - 10)
    budget.check_rows(10)
    try:
        budget.check_rows(11)
    except IngestError as exc:
        assert exc.message.key == "ingest.too_many_rows"
    else:
        raise AssertionError("an upload may not pass MAX_ROWS")


def test_every_streamlit_cache_has_a_size_bound():
    """Caches are global across visitors: each must say how many entries it keeps."""
    found = 0
    for path in [*ROOT.glob("components/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        for match in re.finditer(r"@st\.cache_(data|resource)(\([^)]*\))?", path.read_text()):
            found += 1
            assert "max_entries" in (match.group(2) or ""), f"{path.name}: {match.group(0)}"
    assert found >= 1  # the sample personas' cache exists and was checked
