"""A fixed, diverse set of goal-seek cases for the benchmark and the tests."""

from __future__ import annotations

import numpy as np

from limitlens import catalog, coherence, model
from limitlens.catalog import Value

GoalSeekCase = tuple[dict[str, Value], tuple[str, ...], int, bool]

# Hand-picked kinds the random draw rarely hits: the search is largest where income and assets
# leave the most room (every lever with a move to make) and the Sesame score can still follow.
_KINDS: tuple[dict[str, Value], ...] = (
    {},  # catalog defaults
    {  # high income, high assets, every lever with room
        "income_monthly": 80_000,
        "assets": 1_000_000,
        "sesame_score": 600,
        "inquiries_6m": 8,
        "lenders": 5,
        "bills_on_time": 0.5,
        "repayments_on_time": 0.5,
        "income_stability": 0.3,
        "large_payments": 0.5,
        "activity": 3,
        "borrow_frequency": 3.0,
        "utilization": 0.9,
        "product_breadth": 0,
        "profile_updated": False,
        "bank_card": False,
    },
    {  # a middle income with little saved: income and assets both have far to go
        "income_monthly": 12_000,
        "assets": 1_000,
        "sesame_score": 620,
        "inquiries_6m": 6,
        "bills_on_time": 0.6,
        "repayments_on_time": 0.7,
        "income_stability": 0.4,
        "activity": 5,
        "product_breadth": 1,
        "profile_updated": False,
    },
    {"overdue_now": True, "overdue_24m": 2, "sesame_score": 640},  # a gate to clear first
    {  # likely closed: a high score outvoted by records, inquiries and platforms
        "sesame_score": 890,
        "overdue_24m": 11,
        "inquiries_6m": 25,
        "lenders": 15,
        "repayments_on_time": 0.6,
        "borrow_frequency": 6.1,
        "utilization": 0.8,
        "income_monthly": 26_000,
        "assets": 2_000,
    },
    {"sesame_score": 560, "inquiries_6m": 10, "lenders": 6, "utilization": 1.0},
    {"income_monthly": 0, "assets": 0, "activity": 0, "history_months": 2},
    {"real_name": False, "bank_card": False, "sesame_score": 700},
)


def _random_profiles(n: int, seed: int) -> list[dict[str, Value]]:
    """`n` coherent profiles drawn over each factor's plausible range (valid range otherwise)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        values: dict[str, Value] = {}
        for f in catalog.factors():
            if f.kind == "number":
                lo, hi = f.plausible or (f.min, f.max)
                if f.id == "sesame_score":
                    lo = 540
                step = float(f.step)
                k = int(rng.integers(0, int(round((float(hi) - float(lo)) / step)) + 1))
                values[f.id] = round(float(lo) + k * step, 9)
            elif f.kind == "bool":
                values[f.id] = bool(rng.integers(0, 2))
            else:
                values[f.id] = f.options[int(rng.integers(0, len(f.options)))]
        out.append(coherence.repair(values, ())[0])
    return out


def diverse_goal_seek_profiles() -> list[GoalSeekCase]:
    """(values, assumed, target, allow_borrowing) cases, always the same: the hand-picked kinds
    and 24 seeded random profiles, each towards a middle and the top target, with borrowing
    refused and (for half) allowed. The benchmark's `goal_seek_ms_worst` is the slowest."""
    out: list[GoalSeekCase] = []
    profiles = [{**catalog.defaults(), **k} for k in _KINDS] + _random_profiles(24, seed=21)
    for i, values in enumerate(profiles):
        values = coherence.repair(values, ())[0]
        assumed = () if i % 3 else ("income_stability", "assets")
        for target in (60_000, model.product_range()[1]):  # a middle ask, and the top
            out.append((values, assumed, target, False))
            if i % 2 == 0 or i < len(_KINDS):
                out.append((values, assumed, target, True))
    return out
