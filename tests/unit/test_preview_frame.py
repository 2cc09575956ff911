"""The Data page's preview: the newest rows, in the order a full sort of the history gives
(it sorts the time column alone, not every column of every row)."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from components import import_view
from tests.budget import examples
from tests.history_builder import make_history, row

DAYS = ["2025-03-01 10:00", "2025-03-01 10:00:01", "2025-03-02 09:00", "2025-04-01 00:00"]


@settings(max_examples=examples(60), deadline=None)  # no timing: the machine is shared
@given(
    days=st.lists(st.sampled_from(DAYS), max_size=40),  # few distinct times: many ties
    limit=st.integers(1, 12),
    seed=st.integers(0, 2**16),
)
def test_the_preview_is_the_newest_rows_in_full_sort_order(days, limit, seed):
    history = make_history([row(d, amount=i + 1.0) for i, d in enumerate(days)])
    history = history.sample(frac=1.0, random_state=seed)  # any order, labels not positions
    with mock.patch.object(import_view, "PREVIEW_ROWS", limit):
        shown = import_view.preview_frame(history, "en")
    expected = history.sort_values("time", ascending=False).head(limit)
    assert list(shown.index) == list(expected.index)
    assert len(shown) == min(limit, len(history))
