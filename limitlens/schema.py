"""The one normalized transaction history every source is turned into.

A history is a pandas DataFrame with exactly these columns, one row per transaction, sorted by
time. Identifiers (order ids, account numbers, the owner's name) are used for de-duplication and
refund linking inside `limitlens.ingest` and never appear here.

| column       | dtype           | meaning |
|--------------|-----------------|---------|
| time         | datetime64[ns]  | naive wall-clock time, Asia/Shanghai |
| amount       | float64         | positive CNY, rounded to 2 decimals |
| direction    | str             | "in", "out" or "neutral" (Alipay 不计收支/其他, WeChat "/") |
| status       | str             | "success", "closed" (cancelled/closed trade) or "failed" |
| category     | str             | a canonical category id, see CATEGORIES |
| lender       | str             | for loan_draw / loan_repay rows: jiebei, huabei, credit_card, wangshang, beiyongjin, other; else "" |
| counterparty | str             | 交易对方, as shown (masked account numbers are dropped) |
| description  | str             | 商品说明 / 商品 |
| method       | str             | 收/付款方式 / 支付方式 ("" when none) |
| refunded     | float64         | on a purchase: total of the refund rows linked to it (else 0.0) |
| source       | str             | layout id, see LAYOUTS |
| row_id       | str             | "<file index>:<line or row number in that file>", stable per upload |

Only rows with status "success" feed the factors; closed and failed rows are counted in the
import report. Refund rows keep category "refund"; the purchase they belong to carries
`refunded`, so spending = amount - refunded.
"""

from __future__ import annotations

import tomllib

from limitlens.lazy import lazy
from limitlens.paths import DATA_DIR

pd = lazy("pandas")  # imported on first use: Home and the CLI's quick paths never need it

COLUMNS: tuple[str, ...] = (
    "time",
    "amount",
    "direction",
    "status",
    "category",
    "lender",
    "counterparty",
    "description",
    "method",
    "refunded",
    "source",
    "row_id",
)

# Every column but time, amount and refunded holds text.
TEXT_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in ("time", "amount", "refunded"))

DIRECTIONS: tuple[str, ...] = ("in", "out", "neutral")
STATUSES: tuple[str, ...] = ("success", "closed", "failed")

# Canonical categories the factors need (ids are public: CLI output, CSV export).
CATEGORIES: tuple[str, ...] = (
    "income",  # salary and other earned income
    "transfer_in",
    "transfer_out",
    "spending",  # everyday purchases
    "bills",  # utility & phone bills
    "social_security",  # social insurance & housing fund
    "loan_draw",  # loan disbursement (lender column says which)
    "loan_repay",  # loan and credit repayment (lender column says which)
    "wealth_in",  # money moved INTO Yu'e Bao / funds / wealth products
    "wealth_out",  # money redeemed OUT of them
    "insurance",
    "refund",
    "red_packet",
    "other",
)

LENDERS: tuple[str, ...] = ("jiebei", "huabei", "credit_card", "wangshang", "beiyongjin", "other")

# the layout ids of data/layouts.toml (their one list; limitlens.ingest.layouts reads the rest)
with (DATA_DIR / "layouts.toml").open("rb") as _fh:
    LAYOUTS: tuple[str, ...] = tuple(lay["id"] for lay in tomllib.load(_fh)["layout"])


def empty_history() -> pd.DataFrame:
    """A history with no rows and the right dtypes."""
    return pd.DataFrame(
        {
            "time": pd.Series([], dtype="datetime64[ns]"),
            "amount": pd.Series([], dtype="float64"),
            "refunded": pd.Series([], dtype="float64"),
            **{c: pd.Series([], dtype="str") for c in TEXT_COLUMNS},
        }
    )[list(COLUMNS)]


def validate_history(df: pd.DataFrame) -> None:
    """Raise ValueError when `df` does not follow the schema (used by tests and at boundaries)."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"history lacks columns {missing}")
    if not pd.api.types.is_datetime64_any_dtype(df["time"]):
        raise ValueError("time must be datetime64")
    if getattr(df["time"].dt, "tz", None) is not None:
        raise ValueError("time must be naive (Asia/Shanghai wall clock)")
    if (df["amount"] < 0).any():
        raise ValueError("amount must be positive; direction carries the sign")
    for col, allowed in (("direction", DIRECTIONS), ("status", STATUSES), ("category", CATEGORIES)):
        bad = set(df[col].unique()) - set(allowed)
        if bad:
            raise ValueError(f"{col} has values outside {allowed}: {sorted(bad)}")
    bad_lenders = set(df["lender"].unique()) - set(LENDERS) - {""}
    if bad_lenders:
        raise ValueError(f"lender has unknown values {sorted(bad_lenders)}")
