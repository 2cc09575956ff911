"""The LimitLens template CSV and manual entry (a user-edited table with the same columns).

Columns (header row required, order free, names in English):

    time,amount,direction,category,counterparty,description,method,status

- time: `YYYY-MM-DD HH:MM[:SS]` (also `YYYY/M/D H:MM`, a date alone, or an Excel serial)
- amount: positive number of CNY (`¥`, `,` allowed)
- direction: `in`, `out` or `neutral` (收入 / 支出 / 不计收支 are accepted too)
- category: optional; one of schema.CATEGORIES. Empty -> categorised by data/categories.toml
- counterparty, description, method: optional free text
- status: optional; `success` (default), `closed` or `failed`

A bad row (time, amount, direction or category not understood) is skipped and reported with its
line number (CSV) or its 1-based position in the table (manual entry).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from limitlens.i18n import Message
from limitlens.ingest.model import SkippedRow
from limitlens.ingest.normalize import DIRECTION_WORDS
from limitlens.paths import DATA_DIR
from limitlens.schema import CATEGORIES, DIRECTIONS, STATUSES

TEMPLATE_PATH = DATA_DIR / "template.csv"
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "time",
    "amount",
    "direction",
    "category",
    "counterparty",
    "description",
    "method",
    "status",
)


def template_csv() -> bytes:
    return TEMPLATE_PATH.read_bytes()


def check_template_rows(raw: pd.DataFrame) -> tuple[np.ndarray, list[SkippedRow]]:
    """Mask of rows with a valid direction and category, and the reasons for the others."""
    io = raw["io"].astype("str").str.strip().str.lower()
    io = io.map(lambda v: DIRECTION_WORDS.get(v, v)).astype("str")
    raw["io"] = io
    good_dir = io.isin(DIRECTIONS).to_numpy()
    cat = raw["category"].astype("str").str.strip().str.lower() if "category" in raw else None
    good_cat = np.ones(len(raw), dtype=bool)
    if cat is not None:
        raw["category"] = cat
        good_cat = (cat.isin(CATEGORIES) | (cat == "")).to_numpy()
    skipped = []
    lines = raw["line"].to_numpy()
    for pos in np.flatnonzero(~(good_dir & good_cat)):
        if not good_dir[pos]:
            msg = Message("ingest.bad_direction", {"value": str(raw["io"].iloc[pos])[:40]})
        else:
            msg = Message(
                "ingest.bad_category",
                {"value": str(cat.iloc[pos])[:40], "allowed": tuple(CATEGORIES)},
            )
        skipped.append(SkippedRow(int(lines[pos]), msg))
    return good_dir & good_cat, skipped


def template_statuses(raw_status: pd.Series) -> pd.Series | None:
    """Statuses written as ids are kept; None -> let the generic status rules decide."""
    low = raw_status.astype("str").str.strip().str.lower()
    if low.isin((*STATUSES, "")).all():
        return low.where(low != "", "success").astype("str")
    return None


def manual_to_raw(df: pd.DataFrame) -> pd.DataFrame:
    """A user-edited table -> the raw table the file path produces (line = 1-based position)."""
    cols = {c.strip().lower(): c for c in df.columns}
    n = len(df)

    def col(name: str, default: object = "") -> pd.Series:
        if name in cols:
            return df[cols[name]].reset_index(drop=True)
        return pd.Series([default] * n, dtype=object)

    def text(name: str) -> pd.Series:
        s = col(name)
        return (
            s.where(s.notna(), "")
            .map(lambda v: "" if v is None else str(v))
            .astype("str")
            .str.strip()
        )

    time = col("time", None).astype(object)
    amount = col("amount", None).astype(object)
    raw = pd.DataFrame(
        {
            "time": time.where(time.notna(), "").map(_plain),
            "amount": amount.where(amount.notna(), "").map(_plain),
            "io": text("direction"),
            "category": text("category"),
            "counterparty": text("counterparty"),
            "description": text("description"),
            "method": text("method"),
            "status": text("status"),
        }
    )
    raw["line"] = np.arange(1, n + 1, dtype="int64")
    return raw


def _plain(value: object) -> object:
    """pandas Timestamps -> datetime; numpy numbers -> Python numbers; the rest unchanged."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str):
        return value.strip()
    return value
