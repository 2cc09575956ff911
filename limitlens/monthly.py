"""Tidy tables the Factors-page charts draw from: one small pure function per chart.

Every function takes a normalized history (limitlens.schema) and `window` = (first day, last day),
both inclusive, or None for the whole history. Only rows with status "success" are used and
spending is measured net of refunds (`amount - refunded`). Months are calendar months, given as
the timestamp of their first day; every month of the window appears, with zeros where nothing
happened, so a gap shows as a gap.
"""

from __future__ import annotations

import threading
import weakref
from datetime import date

import numpy as np
import pandas as pd

from limitlens.factors import (
    BILL_CATEGORIES,
    COMPUTATIONS,
    LARGE_PAYMENT,
    is_large_payment,
    user_initiated,
)
from limitlens.schema import empty_history

# Outflows that are consumption (not transfers, loans, savings or gifts).
SPENDING_CATEGORIES: tuple[str, ...] = (
    "spending",
    "bills",
    "social_security",
    "insurance",
    "other",
)
# Bill type -> keywords looked for in description + counterparty (first match in this order wins).
BILL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "housing_fund": ("公积金", "housing fund"),
    "social_security": (
        "社保",
        "社会保险",
        "医保",
        "养老保险",
        "social security",
        "social insurance",
    ),
    "broadband": ("宽带", "broadband"),
    "electricity": ("电费", "电力", "电网", "供电", "electric"),
    "water": ("水费", "自来水", "水务", "供水", "water"),
    "gas": ("燃气", "煤气", "天然气", "gas"),
    "phone": ("话费", "手机充值", "移动", "联通", "电信", "广电", "phone", "mobile"),
}
BILL_TYPES: tuple[str, ...] = (
    "electricity",
    "water",
    "gas",
    "phone",
    "broadband",
    "social_security",
    "housing_fund",
    "other_bill",
)


# The last few _success results, by the identity of the history they come from: the Factors page
# draws eight charts from one history, and filtering 100k rows of text columns is most of each.
# An entry goes when its history is garbage-collected (weakref.finalize), so nothing of one
# visitor's data outlives their own history object, and no other object can ever match it.
_SUCCESS: dict[tuple[int, tuple[date, date] | None], pd.DataFrame] = {}
_SUCCESS_MAX = 4
_SUCCESS_LOCK = threading.Lock()  # Streamlit runs each session's script in its own thread


def _success(history: pd.DataFrame | None, window: tuple[date, date] | None) -> pd.DataFrame:
    """Successful rows inside the window, with `day`, `month` and `net` columns added. The
    result is shared between calls on the same history object: callers must not modify it."""
    if history is None:
        return _success_rows(empty_history(), window)
    key = (id(history), window)
    with _SUCCESS_LOCK:
        if key in _SUCCESS:
            return _SUCCESS[key]
    rows = _success_rows(history, window)
    with _SUCCESS_LOCK:
        while len(_SUCCESS) >= _SUCCESS_MAX:
            del _SUCCESS[next(iter(_SUCCESS))]
        _SUCCESS[key] = rows
    weakref.finalize(history, _forget, key)
    return rows


def _forget(key: tuple) -> None:
    with _SUCCESS_LOCK:
        _SUCCESS.pop(key, None)


def _success_rows(history: pd.DataFrame, window: tuple[date, date] | None) -> pd.DataFrame:
    keep = (history["status"] == "success") & history["time"].notna()
    if window is not None:  # one mask, so every column of the history is copied once
        lo, hi = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + pd.Timedelta(days=1)
        keep &= (history["time"] >= lo) & (history["time"] < hi)
    df = history[keep]
    return df.assign(
        day=df["time"].dt.normalize(),
        # numpy's month unit: what to_period("M").start_time gives, at a tenth of the cost
        month=pd.Series(
            df["time"].to_numpy().astype("datetime64[M]").astype("datetime64[ns]"), index=df.index
        ),
        net=(df["amount"] - df["refunded"]).clip(lower=0.0),
    )


def _months(df: pd.DataFrame, window: tuple[date, date] | None) -> pd.DatetimeIndex:
    """Every calendar month of the window (or of the rows, without a window)."""
    if window is not None:
        lo, hi = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    elif len(df):
        lo, hi = df["day"].min(), df["day"].max()
    else:
        return pd.DatetimeIndex([], dtype="datetime64[ns]", name="month")
    return pd.date_range(lo.replace(day=1), hi, freq="MS", name="month").astype("datetime64[ns]")


def _by_month(
    df: pd.DataFrame, mask: pd.Series, column: str, months: pd.DatetimeIndex
) -> pd.Series:
    return df.loc[mask, column].groupby(df.loc[mask, "month"]).sum().reindex(months, fill_value=0.0)


def income_vs_spending(
    history: pd.DataFrame | None, window: tuple[date, date] | None
) -> pd.DataFrame:
    """Columns: month, income (income-category inflows), spending (SPENDING_CATEGORIES outflows, net of refunds)."""
    df = _success(history, window)
    months = _months(df, window)
    income = _by_month(
        df, (df["category"] == "income") & (df["direction"] == "in"), "amount", months
    )
    spend_mask = df["category"].isin(SPENDING_CATEGORIES) & (df["direction"] == "out")
    spending = _by_month(df, spend_mask, "net", months)
    return pd.DataFrame(
        {"month": months, "income": income.to_numpy(float), "spending": spending.to_numpy(float)}
    )


def income_by_month(history: pd.DataFrame | None, window: tuple[date, date] | None) -> pd.DataFrame:
    """Columns: month, income — for judging how regular income is (months without income are 0)."""
    return income_vs_spending(history, window)[["month", "income"]]


def activity_calendar(
    history: pd.DataFrame | None, window: tuple[date, date] | None
) -> pd.DataFrame:
    """Columns: date (midnight timestamp), count (successful user-initiated transactions that day),
    weekday (0 = Monday), week (timestamp of that week's Monday). Every day of the window appears."""
    df = _success(history, window)
    if window is not None:
        days = pd.date_range(pd.Timestamp(window[0]), pd.Timestamp(window[1]), freq="D")
    elif len(df):
        days = pd.date_range(df["day"].min(), df["day"].max(), freq="D")
    else:
        days = pd.DatetimeIndex([])
    days = days.astype("datetime64[ns]")
    counts = df[user_initiated(df)].groupby("day").size().reindex(days, fill_value=0)
    weekday = days.day_of_week.to_numpy()
    return pd.DataFrame(
        {
            "date": days,
            "count": counts.to_numpy(dtype="int64"),
            "weekday": weekday.astype("int64"),
            "week": (days - pd.to_timedelta(weekday, unit="D")).astype("datetime64[ns]"),
        }
    )


def spending_by_category(
    history: pd.DataFrame | None, window: tuple[date, date] | None
) -> pd.DataFrame:
    """Columns: category, amount — SPENDING_CATEGORIES outflows net of refunds, largest first, zeros dropped."""
    df = _success(history, window)
    mask = df["category"].isin(SPENDING_CATEGORIES) & (df["direction"] == "out")
    sums = df.loc[mask].groupby("category")["net"].sum()
    sums = sums[sums > 0].sort_values(ascending=False)
    return pd.DataFrame(
        {"category": sums.index.astype("str"), "amount": sums.to_numpy(dtype="float64")}
    )


def large_payments(
    history: pd.DataFrame | None,
    window: tuple[date, date] | None,
    threshold: float = LARGE_PAYMENT,
) -> pd.DataFrame:
    """Columns: time, amount (net of refunds), counterparty, category — successful outgoing
    payments of at least `threshold` (the `large_payments` factor counts the same rows)."""
    df = _success(history, window)
    out = df.loc[
        is_large_payment(df, threshold), ["time", "net", "counterparty", "category"]
    ].rename(columns={"net": "amount"})
    return out.sort_values("time").reset_index(drop=True)


def bill_type(text: pd.Series, category: pd.Series) -> pd.Series:
    """The BILL_TYPES id of each bill row from its description + counterparty text."""
    lowered = text.str.lower()
    conditions = [
        lowered.str.contains("|".join(k.lower() for k in words), regex=True)
        for words in BILL_KEYWORDS.values()
    ]
    fallback = np.where(category == "social_security", "social_security", "other_bill")
    return pd.Series(
        np.select(conditions, list(BILL_KEYWORDS), default=fallback) if len(text) else [],
        index=text.index,
        dtype="str",
    )


def bill_grid(history: pd.DataFrame | None, window: tuple[date, date] | None) -> pd.DataFrame:
    """Columns: bill_type (BILL_TYPES, in that order), month, paid (1 when a bill of that type
    was paid that month, else 0). Every type x every month of the window, so gaps show."""
    df = _success(history, window)
    months = _months(df, window)
    bills = df[df["category"].isin(BILL_CATEGORIES)]
    kinds = bill_type(bills["description"] + " " + bills["counterparty"], bills["category"])
    paid = pd.DataFrame({"bill_type": kinds, "month": bills["month"], "paid": 1})
    grid = pd.MultiIndex.from_product([list(BILL_TYPES), months], names=["bill_type", "month"])
    frame = grid.to_frame(index=False).astype({"bill_type": "str", "month": "datetime64[ns]"})
    frame = frame.merge(paid.drop_duplicates(), on=["bill_type", "month"], how="left")
    return frame.assign(paid=frame["paid"].fillna(0).astype("int64"))


def borrowing_by_lender(
    history: pd.DataFrame | None, window: tuple[date, date] | None
) -> pd.DataFrame:
    """Columns: month, lender, draws (CNY drawn), repaid (CNY repaid), count (number of draws).
    Only month x lender pairs with a draw or a repayment; rows without a lender are "other"."""
    df = _success(history, window)
    loans = df[df["category"].isin(("loan_draw", "loan_repay"))]
    loans = loans.assign(
        lender=loans["lender"].where(loans["lender"] != "", "other"),
        draws=loans["amount"].where(loans["category"] == "loan_draw", 0.0),
        repaid=loans["amount"].where(loans["category"] == "loan_repay", 0.0),
        count=(loans["category"] == "loan_draw").astype("int64"),
    )
    out = loans.groupby(["month", "lender"], as_index=False)[["draws", "repaid", "count"]].sum()
    return out.astype(
        {
            "month": "datetime64[ns]",
            "lender": "str",
            "draws": "float64",
            "repaid": "float64",
            "count": "int64",
        }
    )


def wealth_flows(history: pd.DataFrame | None, window: tuple[date, date] | None) -> pd.DataFrame:
    """Columns: month, into (wealth_in), out_of (wealth_out), net (into - out_of), cumulative
    (running net since the start of the whole history, so it matches the `assets` estimate)."""
    everything = _success(history, None)
    df = _success(history, window)
    months = _months(df, window)
    if len(everything):
        all_months = _months(everything, None).union(months)
    else:
        all_months = months
    into = _by_month(everything, everything["category"] == "wealth_in", "amount", all_months)
    out_of = _by_month(everything, everything["category"] == "wealth_out", "amount", all_months)
    net = into - out_of
    frame = pd.DataFrame(
        {
            "month": all_months,
            "into": into.to_numpy(float),
            "out_of": out_of.to_numpy(float),
            "net": net.to_numpy(float),
            "cumulative": net.cumsum().to_numpy(float),
        }
    )
    return frame[frame["month"].isin(months)].reset_index(drop=True)


# Factors measured over the whole history, not the window: rows before the window still count
# for them, so a note that rows were left out must name them.
WHOLE_HISTORY: tuple[str, ...] = tuple(
    fid for fid, (_, windowed) in COMPUTATIONS.items() if not windowed
)


def rows_before(history: pd.DataFrame | None, window: tuple[date, date] | None) -> int:
    """How many rows of the history lie before the window's first day (that day is inside)."""
    if history is None or window is None:
        return 0
    return int((history["time"] < pd.Timestamp(window[0])).sum())
