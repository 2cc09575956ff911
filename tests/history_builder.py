"""Build schema-valid histories by hand for tests: `make_history([{...}, ...])` fills defaults.

Helpers return lists of row dicts so a test can add them up and then call `make_history` once:

    rows = monthly_salary(date(2024, 1, 10), 6, 8000) + [row("2024-03-05", 1200, "out")]
    history = make_history(rows)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from limitlens.schema import COLUMNS, validate_history

DEFAULTS: dict[str, Any] = {
    "amount": 10.0,
    "direction": "out",
    "status": "success",
    "category": "spending",
    "lender": "",
    "counterparty": "商户",
    "description": "",
    "method": "余额",
    "refunded": 0.0,
    "source": "manual",
}


def row(
    when: str | date | datetime, amount: float = 10.0, direction: str = "out", **kw: Any
) -> dict:
    """One transaction row; `when` like "2024-03-05" or "2024-03-05 12:00"."""
    return {"time": when, "amount": amount, "direction": direction, **kw}


def make_history(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A validated history from partial rows (missing columns take DEFAULTS), sorted by time."""
    filled = [{**DEFAULTS, **r} for r in rows]
    if not filled:
        from limitlens.schema import empty_history

        return empty_history()
    df = pd.DataFrame(filled)
    df["time"] = pd.to_datetime(df["time"].map(pd.Timestamp)).astype("datetime64[ns]")
    df["amount"] = df["amount"].astype("float64")
    df["refunded"] = df["refunded"].astype("float64")
    for col in ("direction", "status", "category", "lender", "counterparty", "description"):
        df[col] = df[col].astype("str")
    df["method"] = df["method"].astype("str")
    df["source"] = df["source"].astype("str")
    df = df.sort_values("time", kind="stable").reset_index(drop=True)
    df["row_id"] = [f"0:{i + 1}" for i in range(len(df))]
    df = df[list(COLUMNS)]
    validate_history(df)
    return df


def month_dates(first: date, months: int) -> list[date]:
    """The same day of month in `months` consecutive months from `first` (day clipped to 28)."""
    out = []
    for i in range(months):
        y, m = divmod(first.month - 1 + i, 12)
        out.append(date(first.year + y, m + 1, min(first.day, 28)))
    return out


def monthly_salary(
    first: date, months: int, amount: float = 8000.0, counterparty: str = "某某科技有限公司"
) -> list[dict]:
    """One salary (category income, direction in) per month."""
    return [
        row(d, amount, "in", category="income", counterparty=counterparty, description="工资")
        for d in month_dates(first, months)
    ]


def monthly_bills(
    first: date, months: int, amount: float = 120.0, what: str = "电费"
) -> list[dict]:
    """One utility bill per month (category bills)."""
    return [
        row(d, amount, "out", category="bills", counterparty="国家电网", description=what)
        for d in month_dates(first, months)
    ]


def daily_spending(first: date, days: int, amount: float = 25.0) -> list[dict]:
    """One small purchase per day."""
    return [
        row(pd.Timestamp(first) + pd.Timedelta(days=i, hours=12), amount, "out")
        for i in range(days)
    ]
