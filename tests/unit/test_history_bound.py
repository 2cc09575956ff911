"""History length read from an export is a lower bound: an export shows how far back it reaches,
not how old the account is. A short export never sets history_months below the catalog default,
and the factor stays assumed (widening the range, "at least N months" on the Factors page) until
the user states the account's real age."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import state
from limitlens import catalog, cli, model
from limitlens.factors import DAYS_PER_MONTH, compute_factors, infer_factors
from limitlens.i18n import LANGS, t
from limitlens.ingest import import_files
from tests.app.test_pages_render import run_page
from tests.budget import examples
from tests.history_builder import make_history, row

DEFAULT = float(catalog.by_id()["history_months"].default)
# A real Alipay web export (tests/fixtures/SOURCES.md) whose rows span one month.
ONE_MONTH = (
    Path(__file__).parents[1]
    / "fixtures/alipay_web_oldstyle_2019_gbk_from_double-entry-generator.csv"
)


def _one_month():
    return import_files([(ONE_MONTH.name, ONE_MONTH.read_bytes())]).history


def test_a_one_month_export_does_not_make_an_old_account_new():
    history = _one_month()
    assert infer_factors(history)["history_months"] == 1.0  # what the rows span
    fs = compute_factors(history)
    assert fs.at_least == {"history_months": 1.0}
    assert fs.values["history_months"] == DEFAULT  # not 1: the default stands
    assert fs.sources["history_months"] == "default"
    assert "history_months" in fs.assumed
    # the old reading (history 1, taken as measured) estimated less, with a narrower range
    now = model.estimate(fs.values, fs.assumed)
    old = model.estimate(
        {**fs.values, "history_months": 1.0}, [a for a in fs.assumed if a != "history_months"]
    )
    assert now.mid > old.mid
    stated = model.estimate(fs.values, [a for a in fs.assumed if a != "history_months"])
    assert now.high - now.low > stated.high - stated.low  # still assumed: it widens the range


def test_stating_the_real_age_ends_the_assumption():
    fs = compute_factors(_one_month(), {"history_months": 60})
    assert fs.values["history_months"] == 60 and fs.sources["history_months"] == "declared"
    assert "history_months" not in fs.assumed
    assert fs.at_least == {"history_months": 1.0}  # what the export showed is still known


def test_a_long_export_raises_it_but_it_stays_a_bound():
    rows = [row("2019-01-01"), row("2023-12-31")]
    fs = compute_factors(make_history(rows))
    assert fs.values["history_months"] == pytest.approx(60.0)
    assert fs.sources["history_months"] == "default" and "history_months" in fs.assumed


@settings(max_examples=examples(40), deadline=None)
@given(
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 1)),
    days=st.integers(min_value=0, max_value=3650),
    declared=st.none() | st.integers(min_value=0, max_value=120),
)
def test_the_export_only_ever_bounds_history_from_below(start, days, declared):
    history = make_history(
        [row(start.isoformat()), row((start + timedelta(days=days)).isoformat())]
    )
    profile = {} if declared is None else {"history_months": declared}
    fs = compute_factors(history, profile)
    bound = fs.at_least["history_months"]
    assert bound == infer_factors(history)["history_months"]
    assert bound == pytest.approx(max(1.0, min(120.0, round((days + 1) / DAYS_PER_MONTH, 1))))
    if declared is None:
        assert fs.values["history_months"] == max(bound, DEFAULT) >= DEFAULT
        assert "history_months" in fs.assumed
    else:  # the user's word wins, whatever the export showed
        assert fs.values["history_months"] == declared and "history_months" not in fs.assumed


@pytest.mark.parametrize("lang", LANGS)
def test_the_factors_page_says_at_least(lang):
    at = run_page("factors", lang)
    at.session_state[state.IMPORT] = import_files([(ONE_MONTH.name, ONE_MONTH.read_bytes())])
    at.session_state[state.SOURCE] = {"kind": "upload"}
    at.run()
    assert not at.exception
    f = catalog.by_id()["history_months"]
    note = t(
        lang,
        "history.at_least.card",
        bound=f.display_value(1.0, lang),
        used=f.display_value(DEFAULT, lang),
    )
    captions = [c.value for c in at.caption]
    assert note in captions
    assert t(lang, "ui.factors.data_says", value=f.display_value(1.0, lang)) not in captions


def test_the_command_line_reports_the_bound(capsys):
    assert cli.main(["factors", str(ONE_MONTH), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["at_least"] == {"history_months": 1.0}
    assert out["factors"]["history_months"] == DEFAULT
    assert out["sources"]["history_months"] == "default"
    assert cli.main(["factors", "--json"]) == 0
    origins = {r["id"]: r["origin"] for r in json.loads(capsys.readouterr().out)}
    assert origins == {f.id: f.origin for f in catalog.factors()}


def test_saving_an_untouched_profile_keeps_history_assumed():
    from tests.app.test_pages_render import open_tab
    from tests.app.test_upload import upload

    at = upload(run_page("data", "en"), (ONE_MONTH.name, ONE_MONTH.read_bytes()))
    open_tab(at, "ll_data_tabs", t("en", "ui.data.tab_profile"))
    box = next(w for w in at.number_input if (w.key or "").endswith("_history_months"))
    assert box.value == DEFAULT  # the form offers what is used, not the export's one month
    next(b for b in at.form_submit_button if b.label == t("en", "ui.profile.save")).click()
    at.run()
    assert not at.exception
    assert "history_months" not in at.session_state[state.PROFILE]
