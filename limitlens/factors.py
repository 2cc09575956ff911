"""Transactions + declared profile -> one value per catalog factor (data/factors.toml).

How the history is read (the `method_*` texts in the catalog say the same in prose):

* Only rows with status "success" are measured; the one exception is `repayments_on_time`,
  which needs the failed repayment attempts. Spending uses `amount - refunded`.
* **Window.** By default the last 12 months the data covers, ending on the last transaction
  date (`end`). Months are *end-aligned*: month 0 is (end - 1 month, end], month 1 the one
  before, ... (calendar months when `end` is a month's last day), so a salary paid on the 10th lands once in every month whatever day the export
  ends on. A month counts when the data covers at least half of it (the most recent month
  always counts), so a history starting on the 28th does not add an almost empty month; the
  days of such a sliver are still inside the window (a one-month export's first day is
  measured): they count in totals and rates, not as a month of their own.
* `months` is the number of covered days in the counted months / 30.4375. Per-month *rates*
  (large payments, loan draws, active days) divide by `max(months, 1)`: a history shorter
  than a month is not extrapolated from a few days. Per-month *shares* (bills, repayments,
  months with income) are over the counted months.
* **Income** is the median of the monthly income totals over the counted months, months
  without income being 0. When income arrives in fewer than half of the months that median
  is 0 although the person clearly earns, so the mean over all months (total / months) is
  used instead. Stability = share of months with income x (1 - CV), the CV (population
  std / mean) taken over the months that had income, scaled down while fewer than three
  months had income (one salary row is no evidence of regularity).
* A factor is *inferred* only when the history can speak to it: income factors need at
  least one income row in the window, `assets` at least one wealth row in the whole
  history, `bank_card` at least one payment method; the rest need any row in the window.
  Otherwise the user's declared value or the catalog default stands.
* **Lower bounds.** An export shows how far back it reaches, not how old the account is: a
  one-month export of a ten-year-old account says "at least one month". `history_months` read
  from the rows is therefore only a bound (`FactorSet.at_least`): the value used is the larger of
  it and the catalog default, and it stays *assumed* (it widens the range) until the user states
  the account's real age.
* Large payments are successful outgoing rows of at least CNY 1,000 net of refunds, except
  loan repayments and money moved into wealth products (NOT_PAYMENTS), which buy nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from limitlens import catalog, coherence
from limitlens.catalog import Value
from limitlens.lazy import lazy
from limitlens.paths import DATA_DIR
from limitlens.schema import empty_history

pd = lazy("pandas")  # a profile without a history (Home) needs no DataFrame

DAYS_PER_MONTH = 365.25 / 12
# Factors the rows can only bound from below (module docstring, "Lower bounds").
LOWER_BOUNDS: tuple[str, ...] = ("history_months",)
# The words and thresholds of the exports the measures read (their comments are in the file).
with (DATA_DIR / "measures.toml").open("rb") as _fh:
    MEASURES = tomllib.load(_fh)
LARGE_PAYMENT = float(MEASURES["large_payment_cny"])
MIN_INCOME_MONTHS = int(MEASURES["min_income_months"])
NOT_PAYMENTS: tuple[str, ...] = tuple(MEASURES["not_payments"])
BANK_CARD_PATTERN: str = MEASURES["bank_card_method"]
HUABEI_METHOD: str = MEASURES["huabei_method"]
BILL_CATEGORIES: tuple[str, ...] = tuple(MEASURES["bill_categories"])


def is_large_payment(df: pd.DataFrame, threshold: float = LARGE_PAYMENT) -> pd.Series:
    """Outgoing payments of at least `threshold` net of refunds that buy something (not loan
    repayments or money parked in wealth products). Needs the prepared `net` column."""
    return (
        (df["direction"] == "out") & (df["net"] >= threshold) & ~df["category"].isin(NOT_PAYMENTS)
    )


def user_initiated(df: pd.DataFrame) -> pd.Series:
    """Rows a person made happen: not the platform's own neutral bookkeeping (daily Yu'e Bao yield
    payouts and the like, category "other" with direction "neutral"), which would otherwise make
    every saver look active every day."""
    return ~((df["category"] == "other") & (df["direction"] == "neutral"))


@dataclass(frozen=True)
class FactorSet:
    values: dict[str, Value]  # every catalog id -> value used
    sources: dict[str, str]  # id -> "inferred" | "declared" | "default"
    status: dict[str, str]  # id -> "good" | "fair" | "weak"
    # What the history said, even where a declared value overrides it; for a lower bound, the
    # value it leads to (never below the default), which a form may prefill.
    inferred: dict[str, Value]
    window: tuple[date, date] | None  # window used (None without history)
    months: float  # months of data inside the window
    thin_history: bool  # < 3 months of data
    # LOWER_BOUNDS the history speaks to -> the bound it shows ("at least N months"); such a
    # factor stays "default" (assumed) until declared.
    at_least: dict[str, Value] = field(default_factory=dict)

    @property
    def assumed(self) -> tuple[str, ...]:
        """Ids taken from catalog defaults: neither the history nor the user said anything.
        Scenario factors (the platform's risk stance) are a what-if, not an assumption."""
        table = catalog.by_id()
        return tuple(
            fid
            for fid, src in self.sources.items()
            if src == "default" and table[fid].source != "scenario"
        )


@dataclass(frozen=True)
class _Window:
    start: pd.Timestamp  # first day measured (inclusive)
    end: pd.Timestamp  # last day measured (inclusive)
    n_months: int  # end-aligned months counted
    months: float  # covered days / DAYS_PER_MONTH


def _prepare(history: pd.DataFrame | None) -> pd.DataFrame:
    """The columns the factors need, plus `day` (midnight) and `net` (amount - refunded)."""
    if history is None:
        history = empty_history()
    df = history[
        ["time", "amount", "refunded", "direction", "status", "category", "lender"]
        + ["counterparty", "method"]
    ]
    df = df[df["time"].notna()]
    amount = df["amount"].astype("float64").fillna(0.0)
    refunded = df["refunded"].astype("float64").fillna(0.0)
    return pd.DataFrame(
        {
            "day": df["time"].dt.normalize(),
            "net": (amount - refunded).clip(lower=0.0),
            "amount": amount,
            **{
                c: df[c].fillna("").astype("str")
                for c in ("direction", "status", "category", "lender", "counterparty", "method")
            },
        }
    )


def _boundary(end: pd.Timestamp, k: int) -> pd.Timestamp:
    """Last day of end-aligned month k: end - k months (a month's last day maps to last days)."""
    shifted = end - pd.DateOffset(months=k)
    return shifted + pd.offsets.MonthEnd(0) if end.is_month_end else shifted


def _month_index(day: pd.Series, end: pd.Timestamp) -> pd.Series:
    """End-aligned month number of each day: 0 for (end - 1 month, end], 1 before that, ..."""
    k0 = (end.year - day.dt.year) * 12 + (end.month - day.dt.month)
    if end.is_month_end:
        boundary_day = day.dt.days_in_month
    else:
        boundary_day = np.minimum(end.day, day.dt.days_in_month)
    return (k0 - (day.dt.day > boundary_day).astype("int64")).astype("int64")


def _window(first: pd.Timestamp, end: pd.Timestamp, window_months: int) -> _Window:
    """Which end-aligned months count (see the module docstring)."""
    counted, covered_days, start = 0, 0, end
    for k in range(max(1, window_months)):
        hi = _boundary(end, k)
        lo = _boundary(end, k + 1) + pd.Timedelta(days=1)
        if hi < first:
            break
        covered = (hi - max(lo, first)).days + 1
        if k > 0 and covered * 2 < (hi - lo).days + 1:
            # Under half a month at the history's start, with room left in the window: its
            # days are measured (the window starts on the first day) but are no month.
            covered_days, start = covered_days + covered, first
            break
        counted, covered_days, start = k + 1, covered_days + covered, max(lo, first)
    return _Window(start, end, counted, covered_days / DAYS_PER_MONTH)


def _resolve_window(
    prepared: pd.DataFrame, window_months: int, end: date | None
) -> tuple[pd.DataFrame, _Window | None]:
    """Rows up to `end` (whole history) and the window over them; None when there are none."""
    if end is not None:
        prepared = prepared[prepared["day"] <= pd.Timestamp(end)]
    if prepared.empty:
        return prepared, None
    last = pd.Timestamp(end) if end is not None else prepared["day"].max()
    return prepared, _window(prepared["day"].min(), last.normalize(), window_months)


class Rows:
    """What a factor's computation reads: the history up to the window's end (`upto`, columns
    of `_prepare`), the window, and the window's pieces most computations share (each worked
    out once, on first use)."""

    def __init__(self, upto: pd.DataFrame, win: _Window, *, by_day: bool = False) -> None:
        self.upto, self.win, self.by_day = upto, win, by_day
        self.n, self.per = win.n_months, max(win.months, 1.0)

    @cached_property
    def in_win(self) -> pd.DataFrame:
        if self.by_day:  # rows sorted by day: the window is their tail, a slice (no copy)
            days = self.upto["day"].to_numpy()
            return self.upto.iloc[int(np.searchsorted(days, self.win.start.to_datetime64())) :]
        return self.upto[self.upto["day"] >= self.win.start]

    @cached_property
    def month(self) -> pd.Series:
        """End-aligned month number of each row in the window (n for a sliver before the first
        counted month: per-month shares leave it out)."""
        return _month_index(self.in_win["day"], self.win.end)

    @cached_property
    def ok(self) -> pd.Series:
        return self.in_win["status"] == "success"

    @cached_property
    def income_by_month(self) -> pd.Series | None:
        """Income per counted month (0 where none), or None without any income row."""
        is_income = self.ok & (self.in_win["category"] == "income")
        if not is_income.any():
            return None
        monthly = self.in_win.loc[is_income, "amount"].groupby(self.month[is_income]).sum()
        return monthly.reindex(pd.RangeIndex(self.n), fill_value=0.0)


Computation = Callable[[Rows], Value | None]
# factor id -> (computation, whether it reads the window: skipped when the window is empty).
# A factor the history can speak to is its catalog entry (source "inferred" or "both") plus one
# function registered here with @computes; None means "the rows cannot say" (module docstring).
COMPUTATIONS: dict[str, tuple[Computation, bool]] = {}


def computes(fid: str, *, window: bool = True) -> Callable[[Computation], Computation]:
    def register(fn: Computation) -> Computation:
        COMPUTATIONS[fid] = (fn, window)
        return fn

    return register


def inferable() -> tuple[str, ...]:
    """The catalog's factors a history can speak to, in catalog order."""
    return tuple(f.id for f in catalog.factors() if f.source in ("inferred", "both"))


def _infer(
    upto: pd.DataFrame, win: _Window, *, by_day: bool = False, only: Iterable[str] | None = None
) -> dict[str, Value]:
    """Every factor the rows up to `win.end` can speak to (module docstring); `only` these
    when given; `by_day`: the rows are sorted by day."""
    rows = Rows(upto, win, by_day=by_day)
    out: dict[str, Value] = {}
    wanted = COMPUTATIONS if only is None else {f: COMPUTATIONS[f] for f in only}
    for fid, (compute, reads_window) in wanted.items():
        if reads_window and rows.in_win.empty:
            continue
        value = compute(rows)
        if value is not None:
            out[fid] = value
    return out


# --- over the whole history up to the end (an explicit `end` after the last row extends it)
@computes("history_months", window=False)
def _history_months(r: Rows) -> Value:
    span_days = (r.win.end - r.upto["day"].min()).days + 1
    return max(1.0, round(span_days / DAYS_PER_MONTH, 1))


@computes("bank_card", window=False)
def _bank_card(r: Rows) -> Value | None:
    """A card payment proves a bound card; its absence proves nothing (WeChat change,
    Huabei...)."""
    methods = r.upto.loc[r.upto["status"] == "success", "method"]
    # a case-blind regex runs in Python per value: ask it of the few distinct methods only
    if methods.drop_duplicates().str.contains(BANK_CARD_PATTERN, case=False).any():
        return True
    return None


@computes("assets", window=False)
def _assets(r: Rows) -> Value | None:
    upto = r.upto
    wealth = upto[
        (upto["status"] == "success") & upto["category"].isin(("wealth_in", "wealth_out"))
    ]
    if not len(wealth):
        return None
    signed = wealth["amount"].where(wealth["category"] == "wealth_in", -wealth["amount"])
    return max(0.0, round(float(signed.sum()), 2))


# --- income
@computes("income_monthly")
def _income_monthly(r: Rows) -> Value | None:
    monthly = r.income_by_month
    if monthly is None:
        return None
    median = float(monthly.median())
    return round(median if median > 0 else float(monthly.mean()), 2)


@computes("income_stability")
def _income_stability(r: Rows) -> Value | None:
    monthly = r.income_by_month
    if monthly is None:
        return None
    paid = monthly[monthly > 0]
    cv = float(paid.std(ddof=0) / paid.mean())
    # Fewer than MIN_INCOME_MONTHS months with income cannot show regularity yet.
    evidence = min(1.0, len(paid) / MIN_INCOME_MONTHS)
    return float(np.clip(len(paid) / r.n * (1 - cv) * evidence, 0.0, 1.0))


# --- spending and engagement
@computes("large_payments")
def _large_payments(r: Rows) -> Value:
    return round(int((r.ok & is_large_payment(r.in_win)).sum()) / r.per, 3)


@computes("activity")
def _activity(r: Rows) -> Value:
    return round(r.in_win.loc[r.ok & user_initiated(r.in_win), "day"].nunique() / r.per, 3)


@computes("bills_on_time")
def _bills_on_time(r: Rows) -> Value:
    bills = r.ok & r.in_win["category"].isin(BILL_CATEGORIES) & (r.month < r.n)
    return r.month[bills].nunique() / r.n


# --- credit
@computes("repayments_on_time")
def _repayments_on_time(r: Rows) -> Value:
    status = r.in_win["status"]
    attempts = (r.in_win["category"] == "loan_repay") & status.isin(("success", "failed"))
    attempts &= r.month < r.n
    tried = set(r.month[attempts])
    failed = set(r.month[attempts & (status == "failed")])
    return (len(tried - failed) / len(tried)) if tried else 1.0


def _draws(r: Rows) -> pd.DataFrame:
    return r.in_win.loc[r.ok & (r.in_win["category"] == "loan_draw"), ["lender", "counterparty"]]


@computes("borrow_frequency")
def _borrow_frequency(r: Rows) -> Value:
    return round(len(_draws(r)) / r.per, 3)


@computes("lenders")
def _lenders(r: Rows) -> Value:
    draws = _draws(r)
    other = draws["lender"].isin(("other", ""))
    named = draws.loc[~other, "lender"].nunique()
    return float(named + draws.loc[other, "counterparty"].str.strip().nunique())


@computes("product_breadth")
def _product_breadth(r: Rows) -> Value:
    w, ok = r.in_win, r.ok
    huabei = (w["method"].str.contains(HUABEI_METHOD, regex=False)) | (w["lender"] == "huabei")
    return float(
        int((ok & huabei).any())
        + int((ok & (w["category"] == "insurance")).any())
        + int((ok & (w["category"] == "wealth_in")).any())
    )


def _clip(fid: str, value: Value) -> Value:
    """A number within its factor's range (NaN: the default); other kinds as they are."""
    factor = catalog.by_id()[fid]
    return factor.coerce(value) if factor.kind == "number" else value


def infer_factors(
    history: pd.DataFrame | None, *, window_months: int = 12, end: date | None = None
) -> dict[str, Value]:
    """The inferable factors the history speaks to (ids it says nothing about are absent)."""
    upto, win = _resolve_window(_prepare(history), window_months, end)
    return _inferred(upto, win)


def _inferred(upto: pd.DataFrame, win: _Window | None) -> dict[str, Value]:
    return {} if win is None else {fid: _clip(fid, v) for fid, v in _infer(upto, win).items()}


def _coherent(values: dict[str, Value], sources: dict[str, str]) -> dict[str, Value]:
    """The values made coherent (data/coherence.toml): what the user declared wins over what the
    history or a default says; declared values that contradict each other are refused where they
    are entered (the profile form, `--set`), so here the history's partner moves as a last resort."""
    declared = [fid for fid, src in sources.items() if src == "declared"]
    try:
        fixed, _ = coherence.repair(values, declared)
    except coherence.Incoherent:
        fixed, _ = coherence.repair(values, ())
    return fixed


def compute_factors(
    history: pd.DataFrame | None,
    profile: dict[str, Value] | None = None,
    *,
    window_months: int = 12,
    end: date | None = None,
) -> FactorSet:
    """Every catalog factor: declared (profile) > inferred (history) > catalog default.

    `profile` is validated with `catalog.parse_profile` (ValueError on an unknown id or value).
    """
    declared = catalog.parse_profile(profile or {})
    # No history measures nothing: skip building an empty frame (Home's cold start).
    upto, win = (
        (None, None) if history is None else _resolve_window(_prepare(history), window_months, end)
    )
    inferred = _inferred(upto, win)
    at_least = {fid: inferred[fid] for fid in LOWER_BOUNDS if fid in inferred}
    defaults = catalog.defaults()
    inferred |= {fid: max(bound, defaults[fid]) for fid, bound in at_least.items()}
    values: dict[str, Value] = {}
    sources: dict[str, str] = {}
    for fid, default in defaults.items():
        if fid in declared:
            values[fid], sources[fid] = _clip(fid, declared[fid]), "declared"
        elif fid in at_least:  # a bound, not a measurement: used, but still assumed
            values[fid], sources[fid] = inferred[fid], "default"
        elif fid in inferred:
            values[fid], sources[fid] = inferred[fid], "inferred"
        else:
            values[fid], sources[fid] = default, "default"
    values = _coherent(values, sources)
    table = catalog.by_id()
    status = {fid: table[fid].status(v) for fid, v in values.items()}
    months = round(win.months, 2) if win is not None else 0.0
    return FactorSet(
        values=values,
        sources=sources,
        status=status,
        inferred=inferred,
        window=(win.start.date(), win.end.date()) if win is not None else None,
        months=months,
        thin_history=months < 3,
        at_least=at_least,
    )


def factor_timeline(
    history: pd.DataFrame | None, *, window_months: int = 3, end: date | None = None
) -> pd.DataFrame:
    """Inferred numeric factors month by month, each over a rolling `window_months` window.

    Columns: month (timestamp of the calendar month's first day), factor (id), value (float).
    For each calendar month of the history the window ends on that month's last day (or on the
    last transaction, for the final month), so a user sees whether they are improving.
    """
    columns = {
        "month": pd.Series([], dtype="datetime64[ns]"),
        "factor": pd.Series([], dtype="str"),
        "value": pd.Series([], dtype="float64"),
    }
    prepared = _prepare(history)
    if end is not None:
        prepared = prepared[prepared["day"] <= pd.Timestamp(end)]
    if prepared.empty:
        return pd.DataFrame(columns)
    last = pd.Timestamp(end) if end is not None else prepared["day"].max()
    first = prepared["day"].min()
    numeric = [fid for fid in inferable() if catalog.by_id()[fid].kind == "number"]
    rows: list[tuple[pd.Timestamp, str, float]] = []
    # Sorted by day once, each month's rows so far are a slice (no copy of the text columns);
    # every measure in _infer is a sum, count or set, which row order does not change.
    prepared = prepared.sort_values("day", kind="stable")
    days = prepared["day"].to_numpy()
    for month_start in pd.date_range(first.replace(day=1), last, freq="MS"):
        month_end = min(month_start + pd.offsets.MonthEnd(0), last.normalize())
        upto = prepared.iloc[: int(np.searchsorted(days, month_end.to_datetime64(), "right"))]
        if upto.empty:
            continue
        win = _window(upto["day"].min(), month_end, window_months)
        values = _infer(upto, win, by_day=True, only=numeric)
        rows.extend(
            (month_start, fid, float(_clip(fid, values[fid]))) for fid in numeric if fid in values
        )
    if not rows:
        return pd.DataFrame(columns)
    out = pd.DataFrame(rows, columns=["month", "factor", "value"])
    return out.astype({"month": "datetime64[ns]", "factor": "str", "value": "float64"})
