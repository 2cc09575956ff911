"""Properties of the estimate over thousands of random profiles: bounded, monotone, exactly
additive, deterministic, and the one-profile and vectorised paths agree exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from limitlens import catalog, model

LO, HI = 1000, 300000
FACTORS = catalog.factors()
DIRECTED = [f for f in FACTORS if f.direction != "none"]


def _value(f: catalog.Factor) -> st.SearchStrategy:
    if f.kind == "bool":
        return st.booleans()
    if f.kind == "category":
        return st.sampled_from(f.options)
    return st.floats(min_value=f.min, max_value=f.max, allow_nan=False)


PROFILES = st.fixed_dictionaries({f.id: _value(f) for f in FACTORS})
# Mostly eligible profiles, so the limit arithmetic is exercised and not only the gates.
ELIGIBLE = PROFILES.map(lambda p: {**p, "overdue_now": False, "real_name": True}).filter(
    lambda p: p["sesame_score"] >= 600
)


def _check_bounds(e: model.Estimate) -> None:
    if e.eligible:
        assert e.reasons == []
        assert LO <= e.low <= e.mid <= e.high <= HI
        assert e.mid % 100 == 0 and e.low % 100 == 0 and e.high % 100 == 0
    else:
        assert e.reasons and e.low == e.mid == e.high == 0


@settings(max_examples=1500, deadline=None)
@given(PROFILES)
def test_bounded_additive_deterministic(profile):
    e = model.estimate(profile)
    _check_bounds(e)
    assert sum(e.points.values()) == e.points_total
    assert set(e.points) == {"base", *model.point_factors()}
    assert model.estimate(dict(profile)) == e
    assert len(e.why_not_higher) <= 4
    gaps = model.points_gap(profile)
    assert all(gaps[f] > 0 for f in e.why_not_higher)


@settings(max_examples=400, deadline=None)
@given(ELIGIBLE)
def test_eligible_profiles_in_range(profile):
    e = model.estimate(profile)
    assert e.eligible
    _check_bounds(e)


@settings(max_examples=1500, deadline=None)
@given(PROFILES, st.sampled_from(DIRECTED), st.floats(0, 1))
def test_moving_a_factor_the_good_way_never_lowers(profile, f, share):
    if f.kind == "bool":
        better = {**profile, f.id: f.good}
    else:
        target = f.max if f.direction == "up" else f.min
        better = {**profile, f.id: profile[f.id] + share * (target - profile[f.id])}
    before, after = model.estimate(profile), model.estimate(better)
    assert after.mid >= before.mid
    assert after.points_total >= before.points_total
    assert after.points[f.id] >= before.points[f.id]


@settings(max_examples=300, deadline=None)
@given(st.lists(PROFILES, min_size=1, max_size=8))
def test_estimate_equals_estimate_many_row(profiles):
    frame = pd.DataFrame(profiles)
    res = model.estimate_many(frame)
    for i, p in enumerate(profiles):
        e, row = model.estimate(p), res.iloc[i]
        assert (e.eligible, e.low, e.mid, e.high) == (
            bool(row["eligible"]),
            int(row["low"]),
            int(row["mid"]),
            int(row["high"]),
        )
        assert e.points_total == row["points_total"]
        assert all(e.points[k] == row[f"points_{k}"] for k in e.points)


def _random_frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    cols = {}
    for f in FACTORS:
        if f.kind == "bool":
            cols[f.id] = rng.random(n) < 0.8 if f.good else rng.random(n) < 0.2
        elif f.kind == "category":
            cols[f.id] = rng.choice(np.array(f.options, dtype=object), n)
        else:
            cols[f.id] = rng.uniform(f.min, f.max, n)
    cols["sesame_score"] = rng.uniform(550, 950, n)  # keep most rows past the score gate
    cols["income_monthly"] = rng.lognormal(np.log(8000), 0.8, n).clip(0, 100000)
    cols["assets"] = rng.lognormal(np.log(20000), 1.5, n).clip(0, 1000000)
    return pd.DataFrame(cols)


def test_vectorised_properties_on_20000_rows():
    rng = np.random.default_rng(20240501)
    frame = _random_frame(rng, 20000)
    res = model.estimate_many(frame)
    ok = res["eligible"].to_numpy()
    assert 0.3 < ok.mean() < 1  # both branches are exercised
    low, mid, high = (res[c].to_numpy() for c in ("low", "mid", "high"))
    assert np.all((LO <= low[ok]) & (low[ok] <= mid[ok]) & (mid[ok] <= high[ok]) & (high[ok] <= HI))
    assert np.all(mid % 100 == 0)
    assert np.all((low[~ok] == 0) & (mid[~ok] == 0) & (high[~ok] == 0))
    pts = res[[c for c in res.columns if c.startswith("points_") and c != "points_total"]]
    assert np.array_equal(pts.sum(axis=1).to_numpy(), res["points_total"].to_numpy())
    assert model.estimate_many(frame).equals(res)  # deterministic
    # the floor is reached and limits spread well into six figures
    assert mid[ok].min() == LO and mid[ok].max() > 100000

    for f in DIRECTED:
        better = frame.copy()
        if f.kind == "bool":
            better[f.id] = f.good
        else:
            target = f.max if f.direction == "up" else f.min
            better[f.id] = frame[f.id] + rng.random(len(frame)) * (target - frame[f.id])
        res2 = model.estimate_many(better)
        assert np.all(res2["mid"].to_numpy() >= mid), f.id
        assert np.all(res2["points_total"].to_numpy() >= res["points_total"].to_numpy()), f.id
