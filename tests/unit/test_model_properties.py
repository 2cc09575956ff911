"""Properties of the estimate over thousands of random profiles: bounded, monotone (peak factors
best at their peak), exactly additive, deterministic, gains exact and ordered, more history never
lowers any bound, an eligible profile never frozen at the floor, and the one-profile and
vectorised paths agree exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from limitlens import catalog, coherence, model, plan
from tests.budget import examples
from tests.strategies import factor_value

LO, HI = model.product_range()
FACTORS = catalog.factors()
DIRECTED = [f for f in FACTORS if f.direction != "none"]
ASSUMABLE = [f.id for f in FACTORS if f.source != "scenario"]


def _better(f: catalog.Factor, value, share: float):
    """`value` moved the share `share` of the way to the factor's best (its peak, for a peak)."""
    if f.kind == "bool":
        return f.good
    target = {"up": f.max, "down": f.min, "peak": f.peak}[f.direction]
    return value + share * (target - value)


SEVERE = [g for g in model.params()["gate"] if g.get("outcome") == "likely_closed"]


def _clear_severe(p):
    """The profile (a dict or a frame) with every severe-risk signal just short of its gate."""
    for g in SEVERE:
        f = catalog.by_id()[g["factor"]]
        if g["op"] == "ge":
            p[f.id] = np.minimum(p[f.id], g["value"] - f.step)
        else:
            p[f.id] = np.maximum(p[f.id], g["value"])
    return p


PROFILES = st.fixed_dictionaries({f.id: factor_value(f) for f in FACTORS})
# Mostly eligible profiles, so the limit arithmetic is exercised and not only the gates.
ELIGIBLE = (
    PROFILES.map(lambda p: _clear_severe({**p, "overdue_now": False, "real_name": True}))
    .filter(lambda p: p["occupation"] != "student")
    .filter(lambda p: p["sesame_score"] >= 600)
)


def _check_bounds(e: model.Estimate) -> None:
    if e.eligible:
        assert e.reasons == []
        assert LO <= e.low <= e.mid <= e.high <= HI
        assert e.mid % 100 == 0 and e.low % 100 == 0 and e.high % 100 == 0
    else:
        assert e.reasons and e.low == e.mid == e.high == 0


@settings(max_examples=examples(1500), deadline=None)
@given(PROFILES, st.lists(st.sampled_from(ASSUMABLE), max_size=6))
def test_bounded_additive_deterministic(profile, assumed):
    e = model.estimate(profile, assumed)
    _check_bounds(e)
    assert sum(e.points.values()) == e.points_total
    assert set(e.points) == {"base", *model.point_factors()}
    assert model.estimate(dict(profile), list(assumed)) == e
    assert e.mid == model.estimate(profile).mid  # assumptions widen, never move the centre


@settings(max_examples=examples(150), deadline=None)
@given(PROFILES.map(lambda p: coherence.repair(p, ())[0]))
def test_why_not_higher_gains_exact_ordered_and_positive(profile):
    e = model.estimate(profile)
    reasons = plan.why_not_higher(profile)
    assert len(reasons) <= model.MAX_REASONS
    gains = [r.gain for r in reasons]
    assert gains == sorted(gains, reverse=True) and all(g > 0 for g in gains)
    for r in reasons:
        assert r.gain == model.estimate({**profile, r.id: r.to, **r.follows}).mid - e.mid


@settings(max_examples=examples(400), deadline=None)
@given(ELIGIBLE)
def test_eligible_profiles_in_range(profile):
    e = model.estimate(profile)
    assert e.eligible
    _check_bounds(e)


@settings(max_examples=examples(600), deadline=None)
@given(ELIGIBLE, st.lists(st.sampled_from(ASSUMABLE), max_size=4))
def test_an_eligible_profile_is_never_frozen_at_the_floor(profile, assumed):
    at_600 = model.estimate({**profile, "sesame_score": 600}, assumed)
    at_800 = model.estimate({**profile, "sesame_score": 800}, assumed)
    if at_600.eligible:  # other gates (student) may still refuse
        # a better score always helps, unless risk signals hold the profile at the range's
        # minimum: a good score does not outvote risk
        assert at_800.mid > at_600.mid or at_800.mid == LO


@settings(max_examples=examples(1500), deadline=None)
@given(
    PROFILES,
    st.sampled_from(DIRECTED),
    st.floats(0, 1),
    st.lists(st.sampled_from(ASSUMABLE), max_size=4),
)
def test_moving_a_factor_the_good_way_never_lowers(profile, f, share, assumed):
    better = {**profile, f.id: _better(f, profile[f.id], share)}
    before, after = model.estimate(profile, assumed), model.estimate(better, assumed)
    assert after.low >= before.low and after.mid >= before.mid and after.high >= before.high
    assert after.points_total >= before.points_total
    assert after.points[f.id] >= before.points[f.id]


@settings(max_examples=examples(800), deadline=None)
@given(
    PROFILES, st.floats(0, 120), st.floats(0, 120), st.lists(st.sampled_from(ASSUMABLE), max_size=4)
)
def test_more_history_never_lowers_any_bound(profile, a, b, assumed):
    assumed = [fid for fid in assumed if fid != "history_months"]
    short, long = (
        model.estimate({**profile, "history_months": min(a, b)}, assumed),
        model.estimate({**profile, "history_months": max(a, b)}, assumed),
    )
    assert long.low >= short.low and long.mid >= short.mid and long.high >= short.high


@settings(max_examples=examples(600), deadline=None)
@given(PROFILES, st.floats(0, 10), st.floats(0, 10))
def test_peak_factor_is_best_at_its_peak(profile, a, b):
    for f in (f for f in DIRECTED if f.direction == "peak"):
        points = [model.estimate({**profile, f.id: v}).points[f.id] for v in (a, b, f.peak)]
        assert points[2] >= max(points[:2])
        # the further from the peak on one side, the fewer points
        lo, hi = sorted((a, b))
        if hi <= f.peak:
            assert points[(a, b).index(hi)] >= points[(a, b).index(lo)]
        if lo >= f.peak:
            assert points[(a, b).index(lo)] >= points[(a, b).index(hi)]


@settings(max_examples=examples(300), deadline=None)
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
    return _clear_severe(pd.DataFrame(cols))


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
    # random (mostly weak) profiles still spread from near the floor to tens of thousands
    assert mid[ok].min() < 2000 and mid[ok].max() > 30000

    for f in DIRECTED:
        better = frame.copy()
        if f.kind == "bool":
            better[f.id] = f.good
        else:
            target = {"up": f.max, "down": f.min, "peak": f.peak}[f.direction]
            better[f.id] = frame[f.id] + rng.random(len(frame)) * (target - frame[f.id])
        res2 = model.estimate_many(better)
        assert np.all(res2["mid"].to_numpy() >= mid), f.id
        assert np.all(res2["points_total"].to_numpy() >= res["points_total"].to_numpy()), f.id


def _interp_points(fid: str, x: float) -> float:
    """A factor's points the plain way: numpy's interp over its knots (or the yes/no line)."""
    spec = model.params()["points"][fid]
    if "knots" in spec:
        xs, ys = np.array(spec["knots"], dtype=float).T
        return float(model._round_half_up(np.interp(x, xs, ys)))
    yes, no = float(spec["true"]), float(spec["false"])
    return float(model._round_half_up(no + x * (yes - no)))


def _point_input(f: catalog.Factor) -> st.SearchStrategy:
    """Any number for a factor with knots, far outside them too; a share of "yes" (0 to 1) for
    a yes/no factor, the only values its column holds."""
    if "knots" in model.params()["points"][f.id]:
        return st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)
    return st.floats(min_value=0, max_value=1)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.fixed_dictionaries({f.id: _point_input(f) for f in DIRECTED}), min_size=1))
def test_points_of_all_factors_at_once_equal_each_factor_alone(rows):
    """Every factor's points at once (one row per factor) are the points of each factor alone,
    knots, ends and far outside included."""
    fids = tuple(f.id for f in DIRECTED)
    got = model._point_matrix(fids, np.array([[r[fid] for r in rows] for fid in fids]))
    for i, r in enumerate(rows):
        assert [got[j, i] for j in range(len(fids))] == [_interp_points(f, r[f]) for f in fids]


def test_points_on_and_between_every_knot_equal_numpy_interp():
    """Where rounding could tip: on each knot, halfway between two, and just past the ends."""
    for f in DIRECTED:
        spec = model.params()["points"][f.id]
        if "knots" not in spec:
            continue
        xs = np.array(spec["knots"], dtype=float)[:, 0]
        probes = np.concatenate([xs, (xs[:-1] + xs[1:]) / 2, [xs[0] - 1, xs[-1] + 1]])
        got = model._point_matrix((f.id,), probes[None, :])[0]
        assert got.tolist() == [_interp_points(f.id, x) for x in probes], f.id
