"""Alipay specifics: the web export's refund column, and refund linking by order id.

A refund row's 交易订单号 is the original order number + `_` + a suffix. After all files are merged,
every successful refund row adds its amount to `refunded` of the purchase with the original order
number (capped at the purchase amount); refund rows themselves keep category "refund".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from limitlens.codes import equals


def web_refunds(raw: pd.DataFrame) -> pd.Series:
    """A1 carries 成功退款（元） on the purchase row itself."""
    if "refund" not in raw:
        return pd.Series(0.0, index=raw.index, dtype="float64")
    value = pd.to_numeric(raw["refund"].astype("str").str.replace(",", ""), errors="coerce")
    return value.fillna(0.0).clip(lower=0.0).astype("float64")


def link_refunds(frame: pd.DataFrame) -> pd.Series:
    """`refunded` after adding suffix-linked refund amounts (frame has order/category/status)."""
    refunded = frame["refunded"].copy()
    order = frame["order"]
    is_refund = pd.Series(equals(frame["category"], "refund"), index=frame.index)
    if not is_refund.any():  # most histories: no need to look at every order id
        return refunded
    rows = is_refund.to_numpy().nonzero()[0]
    linked = (frame["status"].iloc[rows] == "success") & order.iloc[rows].str.contains(
        "_", regex=False
    )
    is_refund.iloc[rows] = linked.to_numpy()
    if not is_refund.any():
        return refunded
    base = order[is_refund].str.split("_", n=1).str[0]
    per_order = frame.loc[is_refund, "amount"].groupby(base.to_numpy()).sum()
    target = (frame["category"] != "refund") & order.isin(per_order.index)
    if not target.any():
        return refunded
    # one purchase row per order: prefer a successful outgoing row
    cand = frame.loc[target, ["order", "status", "direction"]].copy()
    cand["rank"] = np.where(cand["status"] == "success", 0, 1) + np.where(
        cand["direction"] == "out", 0, 2
    )
    chosen = cand.sort_values("rank", kind="stable").drop_duplicates("order").index
    add = frame.loc[chosen, "order"].map(per_order).astype("float64")
    refunded.loc[chosen] = (refunded.loc[chosen] + add).clip(upper=frame.loc[chosen, "amount"])
    return refunded
