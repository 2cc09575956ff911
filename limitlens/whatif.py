"""What-if computations on the estimate: exact waterfall and tornado.

Each function builds all the scenarios it needs at once and calls `estimate_variants` once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from limitlens import catalog, model
from limitlens.catalog import Value


def _full(values: dict[str, Value]) -> dict[str, Value]:
    return {**catalog.defaults(), **values}


def waterfall(baseline_values: dict[str, Value], scenario_values: dict[str, Value]) -> pd.DataFrame:
    """Baseline mid -> scenario mid, changing one factor at a time in catalog order.

    One row per factor whose value differs: factor, delta_mid, running_mid, delta_points.
    Deltas are whole CNY and sum exactly to scenario mid - baseline mid (also in
    df.attrs["baseline_mid"] / ["scenario_mid"], kept for the chart).
    """
    base, scen = _full(baseline_values), _full(scenario_values)
    changed = [fid for fid in catalog.ids() if base[fid] != scen[fid]]
    variants: list[dict[str, Value]] = [{}]
    for fid in changed:
        variants.append({**variants[-1], fid: scen[fid]})
    res = model.estimate_variants(base, variants)
    mids, pts = res["mid"], res["points_total"]
    df = pd.DataFrame(
        {
            "factor": pd.Series(changed, dtype=object),
            "delta_mid": np.diff(mids).astype(np.int64),
            "running_mid": mids[1:].astype(np.int64),
            "delta_points": np.diff(pts),
        }
    )
    df.attrs["baseline_mid"] = int(mids[0])
    df.attrs["scenario_mid"] = int(mids[-1])
    return df


extremes = model.extremes  # (worst, best) plausible value: one owner, in the model


def tornado_factors() -> tuple[str, ...]:
    """Factors shown in the tornado: every direction factor and every policy factor."""
    return model.extremes_ids()


def tornado(values: dict[str, Value]) -> pd.DataFrame:
    """Mid with each factor at its worst and best, the rest as given (one estimate_many call).

    Columns factor, worst, best, low_mid (at worst), high_mid (at best), base_mid, swing;
    sorted by swing, largest first (ties in catalog order).
    """
    ids = tornado_factors()
    variants: list[dict[str, Value]] = [{}]
    for fid in ids:
        worst, best = extremes(fid)
        variants += [{fid: worst}, {fid: best}]
    mids = model.estimate_variants(_full(values), variants)["mid"]
    low, high = mids[1::2], mids[2::2]
    df = pd.DataFrame(
        {
            "factor": pd.Series(ids, dtype=object),
            "worst": pd.Series([extremes(fid)[0] for fid in ids], dtype=object),
            "best": pd.Series([extremes(fid)[1] for fid in ids], dtype=object),
            "low_mid": low.astype(np.int64),
            "high_mid": high.astype(np.int64),
            "base_mid": np.full(len(ids), mids[0], dtype=np.int64),
            "swing": (high - low).astype(np.int64),
            "order": np.arange(len(ids)),
        }
    )
    df = df.sort_values(["swing", "order"], ascending=[False, True], kind="stable")
    return df.drop(columns="order").reset_index(drop=True)
