"""Am I improving? A robust trend per factor over the complete months of a history.

Each inferable number factor is measured month by month, every calendar month on its own
(`factor_timeline(window_months=1)`); a month the history covers less than COMPLETE of (the
first and the last, usually) is left out, since a rate over a few days is no month's rate.
On those monthly values:

* **slope**: Theil-Sen (`scipy.stats.theilslopes`), the median of the pairwise slopes, in the
  factor's units per month: one odd month cannot swing it;
* **how sure**: the Mann-Kendall test, Kendall's tau of the values against the month index
  (`scipy.stats.kendalltau`, two-sided p): p < VERY_SURE "very sure", p < FAIRLY_SURE "fairly
  sure", otherwise "not sure yet" (random months reach "fairly sure" about one time in 20).

Verdict: "too_few" under MIN_MONTHS complete months; "steady" when the fitted change over the
months is under STEADY_SHARE of the factor's scale (its good threshold, or the width of its good
band); otherwise "improving" or "worsening" in the factor's direction (data/factors.toml: up,
down, or for "peak" the distance from the good band, which should shrink); how sure is said of
a direction only. NOT_A_TREND factors are left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats

from limitlens import catalog
from limitlens.factors import factor_timeline, inferable

MIN_MONTHS = 4  # fewer complete months cannot show a direction (Mann-Kendall's p >= 0.08)
COMPLETE = 0.9  # a month counts when the history covers at least this share of its days
VERY_SURE, FAIRLY_SURE = 0.01, 0.05
STEADY_SHARE = 0.05
# history_months grows by one a month whatever a person does; income_stability is a property
# of several months together, not something one month has.
NOT_A_TREND: tuple[str, ...] = ("history_months", "income_stability")
VERDICTS: tuple[str, ...] = ("improving", "steady", "worsening", "too_few")
SURENESS: tuple[str, ...] = ("very_sure", "fairly_sure", "not_sure")


@dataclass(frozen=True)
class Trend:
    verdict: str  # one of VERDICTS
    sureness: str  # one of SURENESS for improving / worsening, else ""
    slope: float  # Theil-Sen slope of the values, units per month (nan for "too_few")
    p_value: float  # Mann-Kendall two-sided p (1.0 for a constant series, nan for "too_few")
    months: int  # monthly values read


def _goodness(values: np.ndarray, factor: catalog.Factor) -> np.ndarray:
    """Values turned so that higher is better: up as is, down negated, peak the negated
    distance from the good band."""
    if factor.direction == "down":
        return -values
    if factor.direction == "peak":
        lo, hi = (float(v) for v in factor.good)
        return -np.maximum(np.maximum(lo - values, values - hi), 0.0)
    return values


def _scale(factor: catalog.Factor) -> float:
    """What a meaningful change is measured against: the good threshold (or band width)."""
    if factor.direction == "peak":
        lo, hi = (float(v) for v in factor.good)
        width = hi - lo
    else:
        width = abs(float(factor.good))
    return width if width > 0 else 1.0


def trend(values: Sequence[float], factor: catalog.Factor) -> Trend:
    """The trend of one factor's monthly values (oldest first)."""
    y = np.asarray(values, dtype="float64")
    n = len(y)
    if n < MIN_MONTHS:
        return Trend("too_few", "", math.nan, math.nan, n)
    x = np.arange(n, dtype="float64")
    slope = float(stats.theilslopes(y, x).slope)
    good = _goodness(y, factor)
    if np.ptp(good) == 0:  # no month differs in what matters: no test to run
        return Trend("steady", "", slope, 1.0, n)
    tau = stats.kendalltau(x, good)
    p = float(tau.pvalue) if not math.isnan(tau.pvalue) else 1.0
    gain = float(stats.theilslopes(good, x).slope) * (n - 1)
    sureness = "very_sure" if p < VERY_SURE else "fairly_sure" if p < FAIRLY_SURE else "not_sure"
    if abs(gain) < STEADY_SHARE * _scale(factor):
        return Trend("steady", "", slope, p, n)
    return Trend("improving" if gain > 0 else "worsening", sureness, slope, p, n)


def complete_months(history: pd.DataFrame, end: date | None = None) -> pd.DatetimeIndex:
    """First days of the calendar months the history covers at least COMPLETE of."""
    days = history["time"].dropna().dt.normalize()
    if end is not None:
        days = days[days <= pd.Timestamp(end)]
    if days.empty:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    first, last = days.min(), days.max()
    months = pd.date_range(first.replace(day=1), last, freq="MS")
    keep = []
    for start in months:
        stop = start + pd.offsets.MonthEnd(0)
        covered = (min(stop, last) - max(start, first)).days + 1
        if covered >= COMPLETE * stop.day:
            keep.append(start)
    return pd.DatetimeIndex(keep, dtype="datetime64[ns]")


def factor_trends(history: pd.DataFrame | None, *, end: date | None = None) -> pd.DataFrame:
    """One row per trendable factor, in catalog order.

    Columns: factor (id), verdict, sureness, slope (units per month), p_value, months (complete
    months with a value), first_month, last_month (the first and last of them, NaT without).
    """
    columns = ["factor", "verdict", "sureness", "slope", "p_value", "months"]
    columns += ["first_month", "last_month"]
    if history is None or history.empty:
        return pd.DataFrame({c: [] for c in columns}).astype(_DTYPES)
    monthly = factor_timeline(history, window_months=1, end=end)
    monthly = monthly[monthly["month"].isin(complete_months(history, end))]
    table = catalog.by_id()
    ids = [f for f in inferable() if table[f].kind == "number" and f not in NOT_A_TREND]
    rows = []
    for fid in ids:
        part = monthly[monthly["factor"] == fid].sort_values("month")
        got = trend(part["value"].to_numpy(), table[fid])
        rows.append(
            {
                "factor": fid,
                "verdict": got.verdict,
                "sureness": got.sureness,
                "slope": got.slope,
                "p_value": got.p_value,
                "months": got.months,
                "first_month": part["month"].min() if len(part) else pd.NaT,
                "last_month": part["month"].max() if len(part) else pd.NaT,
            }
        )
    return pd.DataFrame(rows, columns=columns).astype(_DTYPES)


_DTYPES = {
    "factor": "str",
    "verdict": "str",
    "sureness": "str",
    "slope": "float64",
    "p_value": "float64",
    "months": "int64",
    "first_month": "datetime64[ns]",
    "last_month": "datetime64[ns]",
}
