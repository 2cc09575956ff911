"""The history schema's own check rejects each way a frame can break it (and accepts a good one)."""

from __future__ import annotations

import pandas as pd
import pytest

from limitlens.ingest import import_paths
from limitlens.paths import PERSONAS_DIR
from limitlens.schema import validate_history


@pytest.fixture(scope="module")
def good() -> pd.DataFrame:
    history = import_paths([PERSONAS_DIR / "multi_borrower.csv"]).history
    validate_history(history)  # a real import follows the schema
    return history


def _broken(history: pd.DataFrame, column: str, value) -> pd.DataFrame:
    out = history.copy()
    out[column] = out[column].astype(object)
    out.loc[out.index[0], column] = value
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: h.drop(columns=["lender"]), "lacks columns"),
        (lambda h: h.assign(time=h["time"].astype(str)), "datetime64"),
        (lambda h: h.assign(time=h["time"].dt.tz_localize("Asia/Shanghai")), "naive"),
        (lambda h: h.assign(amount=-h["amount"]), "positive"),
        (lambda h: _broken(h, "direction", "sideways"), "direction"),
        (lambda h: _broken(h, "status", "pending"), "status"),
        (lambda h: _broken(h, "category", "lottery"), "category"),
        (lambda h: _broken(h, "lender", "loan_shark"), "lender"),
    ],
)
def test_each_broken_rule_is_refused_with_its_name(good, change, message):
    with pytest.raises(ValueError, match=message):
        validate_history(change(good))
