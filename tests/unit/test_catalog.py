"""data/factors.toml: every factor complete in both languages and internally consistent."""

from __future__ import annotations

import re
import tomllib

import pytest

from limitlens import catalog
from limitlens.factors import COMPUTATIONS, inferable
from limitlens.i18n import LANGS
from tests.conftest import ROOT

FACTORS = catalog.factors()
TEXT_FIELDS = ("label", "explain", "method", "advice", "unit")


def test_ids_are_unique_public_names():
    # no count here: a new factor is a catalog entry, not an edit to this test
    ids = [f.id for f in FACTORS]
    assert len(ids) == len(set(ids)) and ids
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", fid) for fid in ids), ids  # URL / CLI / JSON safe


@pytest.mark.parametrize("factor", FACTORS, ids=lambda f: f.id)
def test_texts_in_both_languages(factor):
    for lang in LANGS:
        assert set(factor.text[lang]) == set(TEXT_FIELDS)
        for name in ("label", "explain", "method", "advice"):
            assert factor.text[lang][name].strip(), (lang, name)
    assert factor.text["zh"]["label"] != factor.text["en"]["label"]
    # a number has a unit in both languages or in neither (shares are unitless)
    if factor.kind == "number":
        assert bool(factor.text["zh"]["unit"]) == bool(factor.text["en"]["unit"])


@pytest.mark.parametrize("factor", FACTORS, ids=lambda f: f.id)
def test_kind_direction_source_group_are_valid(factor):
    assert factor.kind in ("number", "bool", "category")
    assert factor.direction in ("up", "down", "peak", "none")
    assert (factor.direction == "peak") == (factor.peak is not None)
    assert factor.source in ("declared", "inferred", "both", "scenario")
    assert factor.group in catalog.GROUPS
    assert factor.display in ("number", "percent")
    assert (factor.direction == "none") == (factor.kind == "category")


@pytest.mark.parametrize("factor", FACTORS, ids=lambda f: f.id)
def test_default_in_range_and_parses(factor):
    assert factor.parse(factor.default) == factor.default
    assert factor.parse(str(factor.default).lower()) == factor.default
    if factor.kind == "number":
        assert factor.min < factor.max
        assert factor.min <= factor.default <= factor.max
        assert factor.step and factor.step > 0


@pytest.mark.parametrize("factor", FACTORS, ids=lambda f: f.id)
def test_thresholds_ordered_in_the_direction(factor):
    if factor.direction == "peak":
        (g_lo, g_hi), (f_lo, f_hi) = factor.good, factor.fair
        assert factor.min <= f_lo <= g_lo <= factor.peak <= g_hi <= f_hi <= factor.max
        assert factor.status(factor.peak) == "good"
        assert factor.status(f_lo) == "fair" or f_lo == g_lo
        assert factor.status(f_hi + factor.step) == "weak"
    elif factor.kind == "number":
        assert factor.min <= factor.good <= factor.max
        assert factor.min <= factor.fair <= factor.max
        if factor.direction == "up":
            assert factor.good > factor.fair
            assert factor.status(factor.good) == "good" and factor.status(factor.fair) == "fair"
            assert factor.status(factor.min) == "weak" or factor.fair == factor.min
        else:
            assert factor.good < factor.fair
            assert factor.status(factor.good) == "good" and factor.status(factor.fair) == "fair"
            assert factor.status(factor.max) == "weak"
    elif factor.kind == "bool":
        assert isinstance(factor.good, bool)
        assert factor.status(factor.good) == "good" and factor.status(not factor.good) == "weak"
    else:
        assert set(factor.good) <= set(factor.options)
        assert set(factor.fair) <= set(factor.options)
        assert not set(factor.good) & set(factor.fair)


@pytest.mark.parametrize("factor", [f for f in FACTORS if f.kind == "category"], ids=lambda f: f.id)
def test_category_options_labelled_in_both_languages(factor):
    assert factor.default in factor.options
    for lang in LANGS:
        assert set(factor.option_text[lang]) == set(factor.options), lang
        assert all(factor.option_label(o, lang).strip() for o in factor.options)


def test_every_factor_the_catalog_calls_inferred_has_one_computation():
    # read from the file itself, not through inferable(), so a drift between the two shows
    raw = tomllib.loads((ROOT / "data" / "factors.toml").read_text(encoding="utf-8"))["factor"]
    from_file = [f["id"] for f in raw if f["source"] in ("inferred", "both")]
    assert from_file and set(COMPUTATIONS) == set(from_file)
    assert list(inferable()) == from_file  # in catalog order


def test_parse_profile_rejects_bad_entries():
    with pytest.raises(ValueError, match="unknown factor id"):
        catalog.parse_profile({"nope": 1})
    with pytest.raises(ValueError):
        catalog.parse_profile({"real_name": "maybe"})
    with pytest.raises(ValueError):
        catalog.parse_profile({"region_tier": "tier9"})
    assert catalog.parse_profile({"lenders": "3"}) == {"lenders": 3.0}


def test_plausible_bounds_lie_inside_the_valid_range():
    from limitlens import catalog

    with_bounds = [f for f in catalog.factors() if f.plausible]
    assert {f.id for f in with_bounds} >= {"income_monthly", "assets"}
    for f in with_bounds:
        low, high = f.plausible
        assert f.min <= low < high <= f.max, f.id


def test_a_table_keyed_by_factor_must_cover_exactly_the_factors_it_is_for():
    directed = {f.id: {} for f in FACTORS if f.direction != "none"}
    catalog.check_keyed("t", directed, lambda f: f.direction != "none")
    with pytest.raises(ValueError, match="'region_tier' is not a factor that belongs here"):
        catalog.check_keyed("t", {**directed, "region_tier": {}}, lambda f: f.direction != "none")
    with pytest.raises(ValueError, match=r"t: no entry for \['sesame_score'\]"):
        rest = {k: v for k, v in directed.items() if k != "sesame_score"}
        catalog.check_keyed("t", rest, lambda f: f.direction != "none")
