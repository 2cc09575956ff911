"""What-if computations: the waterfall is exact, the tornado is ordered and bracketed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from limitlens import catalog, model, whatif
from tests.budget import examples
from tests.profiles import GRADUATE, MULTI_BORROWER, STEADY
from tests.unit.test_model_properties import PROFILES


def test_waterfall_sums_exactly_in_catalog_order():
    scenario = {**GRADUATE, "sesame_score": 680, "assets": 20000, "profile_updated": True}
    df = whatif.waterfall(GRADUATE, scenario)
    base, scen = model.estimate(GRADUATE).mid, model.estimate(scenario).mid
    assert int(df["delta_mid"].sum()) == scen - base
    assert list(df["factor"]) == ["sesame_score", "assets", "profile_updated"]
    assert df["running_mid"].iloc[-1] == scen
    assert (df.attrs["baseline_mid"], df.attrs["scenario_mid"]) == (base, scen)
    delta_pts = model.estimate(scenario).points_total - model.estimate(GRADUATE).points_total
    assert df["delta_points"].sum() == delta_pts


def test_waterfall_through_a_gate_and_with_no_change():
    df = whatif.waterfall(MULTI_BORROWER, {**MULTI_BORROWER, "sesame_score": 650, "lenders": 1})
    assert df["delta_mid"].iloc[0] == df["running_mid"].iloc[0] > 0  # from 0 (not eligible)
    same = whatif.waterfall(STEADY, STEADY)
    assert same.empty and same.attrs["baseline_mid"] == same.attrs["scenario_mid"]


@settings(max_examples=examples(150), deadline=None)
@given(PROFILES, PROFILES)
def test_waterfall_exact_for_random_pairs(a, b):
    df = whatif.waterfall(a, b)
    assert int(df["delta_mid"].sum()) == model.estimate(b).mid - model.estimate(a).mid


def test_tornado_sorted_and_bracketed():
    df = whatif.tornado(STEADY)
    assert list(df["swing"]) == sorted(df["swing"], reverse=True)
    assert set(df["factor"]) == set(whatif.tornado_factors())
    assert {"region_tier", "occupation", "risk_policy"} <= set(df["factor"])
    base = model.estimate(STEADY).mid
    assert (df["base_mid"] == base).all()
    assert (df["high_mid"] >= df["base_mid"]).all() and (df["base_mid"] >= df["low_mid"]).all()
    row = df.set_index("factor").loc["sesame_score"]
    assert (row["worst"], row["best"]) == catalog.by_id()["sesame_score"].plausible
    assert row["low_mid"] == 0  # below the entry threshold
    assert df.set_index("factor").loc["occupation", "worst"] == "student"  # a gate
    peak = df.set_index("factor").loc["borrow_frequency"]
    assert peak["best"] == catalog.by_id()["borrow_frequency"].peak


def test_tornado_evaluates_every_scenario_in_one_call(monkeypatch):
    calls = []
    real = model.estimate_variants
    monkeypatch.setattr(
        model,
        "estimate_variants",
        lambda v, variants: calls.append(len(variants)) or real(v, variants),
    )
    whatif.tornado(GRADUATE)
    assert calls == [1 + 2 * len(whatif.tornado_factors())]


@settings(max_examples=examples(40), deadline=None)
@given(values=PROFILES, other=PROFILES)
def test_variants_are_exactly_the_frames_estimate(values, other):
    """estimate_variants (no DataFrame) gives what estimate_many gives for the same rows."""
    variants = [{}, {k: other[k] for k in list(other)[::3]}, dict(other)]
    got = model.estimate_variants(values, variants, assumed=("sesame_score",))
    frame = pd.DataFrame([{**values, **v} for v in variants])
    want = model.estimate_many(frame, assumed=("sesame_score",))
    for col in ("eligible", "low", "mid", "high", "points_total"):
        assert list(got[col]) == list(want[col]), col


def _sweep(f) -> list:
    """A factor's whole catalog range (all options / both values for the others)."""
    if f.kind == "category":
        return list(f.options)
    if f.kind == "bool":
        return [False, True]
    return [float(x) for x in np.linspace(float(f.min), float(f.max), 41)]


@pytest.mark.parametrize("fid", [f.id for f in catalog.factors()])
def test_the_estimate_follows_each_factors_direction(fid):
    """Swept over its whole range, the rest as in STEADY, each factor moves the estimate only
    the way the catalog says."""
    f = catalog.by_id()[fid]
    grid = _sweep(f)
    base = {**catalog.defaults(), **STEADY}
    mids = list(model.estimate_many(pd.DataFrame([{**base, fid: v} for v in grid]))["mid"])
    if f.direction == "up":
        assert mids == sorted(mids)
    elif f.direction == "down":
        assert mids == sorted(mids, reverse=True)
    elif f.direction == "peak":  # rises to the peak, falls after it
        values = [float(v) for v in grid]
        rising = [m for v, m in zip(values, mids, strict=True) if v <= f.peak]
        falling = [m for v, m in zip(values, mids, strict=True) if v >= f.peak]
        assert rising == sorted(rising) and falling == sorted(falling, reverse=True)
