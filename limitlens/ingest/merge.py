"""Several files -> one history: de-duplication across files, refund linking, schema columns.

- Rows within one export are never merged (an export can hold two identical-looking rows).
- Across files the same transaction is kept once: rows with a platform order id match on (order
  id, amount, direction) — not on the time, which Excel re-saves without seconds; the order id is
  compared without quotes, `=`, `'` or spaces that a spreadsheet adds, and amounts as numbers
  (`19.1` = `19.10`). Rows without one match on all fields, the time to the minute. The n-th copy
  in one file matches the n-th copy in another.
- Refunds of a family with `refunds_by_order` (Alipay, layouts.toml) are linked to their purchase
  by order id (alipay.link_refunds) after de-dup.
- Then order ids (and anything else identifying) are dropped, rows sorted by time, and
  row_id = "<file index>:<line or row number>", where the file index is the position of the file's
  report in ImportResult.files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from limitlens.ingest import alipay
from limitlens.ingest.layouts import load
from limitlens.schema import COLUMNS, TEXT_COLUMNS, empty_history

ORDER_JUNK = "=\"' \t"  # what spreadsheets wrap an id in: ="…", '…, spaces
ALL_FIELDS = (
    "time",
    "amount",
    "direction",
    "status",
    "category",
    "counterparty",
    "description",
    "method",
)


def _dedupe(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    if frame["file"].nunique() < 2:
        return frame, 0
    has_order = frame["order"] != ""
    keyed = frame.assign(_order=frame["order"], _minute=frame["time"].dt.floor("min"))
    keep = pd.Series(True, index=frame.index)
    no_order_key = ["_minute", *[f for f in ALL_FIELDS if f != "time"]]
    for mask, key in ((has_order, ["_order", "amount", "direction"]), (~has_order, no_order_key)):
        part = keyed.loc[mask, [*key, "file"]]
        if part.empty:
            continue
        occ = part.groupby([*key, "file"], sort=False, dropna=False).cumcount()
        dup = part.assign(_occ=occ).duplicated([*key, "_occ"], keep="first")
        keep.loc[dup.index] = ~dup
    return frame.loc[keep], int((~keep).sum())


def merge(frames: list[tuple[int, pd.DataFrame]]) -> tuple[pd.DataFrame, int]:
    """(history in schema.COLUMNS, number of duplicate rows dropped)."""
    if not frames:
        return empty_history(), 0
    parts = [f.assign(file=idx, row_id=f"{idx}:" + f["line"].astype("str")) for idx, f in frames]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    frame = frame.assign(order=frame["order"].astype("str").str.strip(ORDER_JUNK))
    frame, dropped = _dedupe(frame)
    linked = [lay.id for lay in load().layouts.values() if lay.family.refunds_by_order]
    if len(frames) == 1:  # one file, one layout: no need to look at every row's source
        links = len(frame) > 0 and frame["source"].iat[0] in linked
    else:
        links = bool(frame["source"].isin(linked).any())
    if links:
        frame = frame.assign(refunded=alipay.link_refunds(frame))
    out = frame[list(COLUMNS)]
    order = np.argsort(out["time"].to_numpy(), kind="stable")
    if not (order == np.arange(len(order))).all():
        out = out.take(order)
    out = out.reset_index(drop=True)
    for col in TEXT_COLUMNS:
        if out[col].dtype != "str":
            out[col] = out[col].astype("str")
    out["amount"] = out["amount"].astype("float64")
    out["refunded"] = out["refunded"].astype("float64")
    out["time"] = out["time"].astype("datetime64[ns]")
    return out, dropped
