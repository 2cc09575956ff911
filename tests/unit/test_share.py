"""Share links: what goes in comes back exactly, any address decodes without an exception, the
links of the first format still open, and a persona's link fits in a chat message."""

from __future__ import annotations

import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens import catalog, share
from limitlens.factors import compute_factors
from limitlens.i18n import LANGS
from limitlens.ingest import import_files
from limitlens.personas import persona_bytes, persona_profile, personas
from tests.budget import examples
from tests.strategies import factor_value

FACTORS = catalog.factors()


def _values(min_size: int = 0) -> st.SearchStrategy[dict]:
    """Some factors (a scenario) with any valid value each."""
    return st.lists(st.sampled_from(FACTORS), min_size=min_size, unique_by=lambda f: f.id).flatmap(
        lambda fs: st.fixed_dictionaries({f.id: factor_value(f) for f in fs})
    )


baselines = _values().map(lambda v: {**catalog.defaults(), **v})
assumed_ids = st.lists(
    st.sampled_from([f.id for f in FACTORS if f.source != "scenario"]), unique=True
).map(tuple)


def _through_a_url(query: dict[str, str]) -> dict[str, str]:
    """The parameters as an opener's address gives them back."""
    text = urllib.parse.urlencode(query)
    return {k: v[-1] for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items()}


@settings(max_examples=examples(300))
@given(baselines, assumed_ids, _values())
def test_a_link_gives_back_exactly_what_was_shared(baseline, assumed, scenario):
    link = share.decode(_through_a_url(share.encode(baseline, assumed, scenario)))
    assert link is not None and link.bad == ()
    assert link.baseline == baseline  # exact: the opener's estimate is the sharer's
    assert link.assumed == assumed
    assert link.scenario == scenario


@given(baselines, assumed_ids, _values())
def test_a_link_needs_no_escaping(baseline, assumed, scenario):
    query = share.encode(baseline, assumed, scenario)
    assert urllib.parse.urlencode(query) == "&".join(f"{k}={v}" for k, v in query.items())


@settings(max_examples=examples(500))
@given(st.dictionaries(st.text(max_size=12), st.text(max_size=60), max_size=6))
def test_any_address_decodes_without_an_exception(query):
    link = share.decode(query)
    if link is not None:
        assert set(link.scenario) <= set(catalog.ids())
        assert not link.baseline or set(link.baseline) == set(catalog.ids())
        quoted = "".join(link.bad)  # what a message may quote back: never markup
        assert all(c.isascii() and (c.isalnum() or c in "_?") for c in quoted)


@settings(max_examples=examples(300))
@given(
    st.dictionaries(
        st.sampled_from(["b", "a", "s", "lang", "b_sesame_score", "sesame_score", "assumed"]),
        st.text(alphabet="seiqrgod0123456789.~_-aebcnlt", max_size=40),
    )
)
def test_link_shaped_garbage_decodes_to_valid_values_or_names_what_is_bad(query):
    link = share.decode(query)
    if link is None:
        return
    table = catalog.by_id()
    for values in (link.baseline, link.scenario):
        for fid, v in values.items():
            assert table[fid].parse(v) == v  # every value read is a valid one


def test_a_bad_value_is_named_and_the_rest_is_kept():
    link = share.decode({"b": "se700~iqabc~zz1", "s": "se9999"})
    assert link.baseline["sesame_score"] == 700
    assert link.baseline["inquiries_6m"] == catalog.by_id()["inquiries_6m"].default
    assert set(link.bad) == {"inquiries_6m", "zz", "sesame_score"}
    assert link.scenario == {}


def test_every_factor_has_its_own_two_letter_code():
    codes = share.codes()
    assert set(codes) == set(catalog.ids())
    assert len(set(codes.values())) == len(codes)
    assert all(len(c) == 2 and c.isascii() and c.isalpha() and c.islower() for c in codes.values())


def test_a_link_of_the_first_format_still_opens():
    old = {
        "lang": "en",
        "b_sesame_score": "735.0",
        "b_income_monthly": "14975.99",
        "b_real_name": "true",
        "assumed": "inquiries_6m,assets",
        "inquiries_6m": "10",
    }
    link = share.decode(old)
    assert link.baseline["sesame_score"] == 735 and link.baseline["income_monthly"] == 14975.99
    assert link.scenario == {"inquiries_6m": 10}
    # Listed as assumed, or not carried at all: both were assumed by the sharer.
    assert {"inquiries_6m", "assets", "lenders"} <= set(link.assumed)
    assert "sesame_score" not in link.assumed and "risk_policy" not in link.assumed
    only_a_move = share.decode({"sesame_score": "800", "real_name": "false"})
    assert only_a_move.scenario == {"sesame_score": 800, "real_name": False}
    assert not only_a_move.has_baseline


def test_an_address_without_a_link_is_none():
    assert share.decode({"lang": "zh", "tab": "profile", "ll_w_sesame_score": "700"}) is None


def _old_link(baseline: dict, assumed: tuple, scenario: dict) -> str:
    """The first format, as components/whatif_view.py built it before."""

    def text(v) -> str:
        return str(v).lower() if isinstance(v, bool) else str(v)

    query = {
        "lang": "zh",
        **{f"b_{k}": text(v) for k, v in baseline.items()},
        "assumed": ",".join(assumed),
        **{k: text(v) for k, v in scenario.items()},
    }
    return "http://localhost:8501/whatif?" + urllib.parse.urlencode(query)


def test_every_personas_link_is_a_fraction_of_the_old_one():
    """At most 40 % of the old link's length, and short enough for a chat message."""
    for p in personas():
        result = import_files([(p.file, persona_bytes(p.id))])
        fs = compute_factors(result.history, persona_profile(p.id))
        scenario = {"inquiries_6m": 10.0}
        new = "http://localhost:8501/whatif?" + urllib.parse.urlencode(
            {"lang": "zh", **share.encode(fs.values, fs.assumed, scenario)}
        )
        old = _old_link(fs.values, fs.assumed, scenario)
        assert len(new) <= 0.4 * len(old), (p.id, len(new), len(old))
        assert len(new) < 200, (p.id, new)
    nothing = compute_factors(None, {})
    new = share.encode(nothing.values, nothing.assumed, {})
    assert len(urllib.parse.urlencode(new)) < 60  # every input assumed: 2 letters each


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(baselines, assumed_ids, _values(), st.sampled_from(LANGS), st.text(max_size=30))
def test_a_page_link_opens_on_the_same_scenario(baseline, assumed, scenario, lang, query):
    """The link a page builds from its own address (whatever query it holds already)."""
    url = share.link(f"http://localhost:8501/whatif?{query}", lang, baseline, assumed, scenario)
    head, _, tail = url.partition("?")
    assert head == "http://localhost:8501/whatif"
    params = _through_a_url(dict(urllib.parse.parse_qsl(tail, keep_blank_values=True)))
    assert params["lang"] == lang
    link = share.decode(params)
    assert (link.baseline, link.assumed, link.scenario) == (baseline, assumed, scenario)
    assert share.marker(params) == share.marker({**params, "tab": "x", "lang": "en"}) != ""


def test_an_address_without_a_link_has_no_marker():
    assert share.marker({"lang": "zh", "tab": "profile"}) == ""
