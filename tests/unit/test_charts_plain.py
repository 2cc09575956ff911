"""Figures built as plain dicts without plotly's validation must equal their validated twins:
what Streamlit sends to the browser is the same, so the charts look the same."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from limitlens import catalog, model, monthly, whatif
from limitlens.charts import factors as factor_charts
from limitlens.charts.whatif import fig_points, fig_range, fig_tornado, fig_waterfall, set_title
from limitlens.factors import factor_timeline
from limitlens.i18n import LANGS
from limitlens.ingest import import_paths
from limitlens.paths import PERSONAS_DIR
from limitlens.schema import empty_history
from tests.profiles import GRADUATE, MULTI_BORROWER, STEADY

SCENARIO = {**GRADUATE, "sesame_score": 680, "assets": 20000, "profile_updated": True}
PAIRS = [(GRADUATE, SCENARIO), (MULTI_BORROWER, STEADY), (STEADY, STEADY)]


def _sent(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def _validated(fig: go.Figure) -> dict:
    return _sent(go.Figure(fig.to_dict()))


def _figures(base: dict, scen: dict, lang: str, title: bool) -> list[go.Figure]:
    labels = {f.id: f.label(lang) for f in catalog.factors()}
    b, s = model.estimate(base), model.estimate(scen)
    return [
        fig_range(b, s, lang, title=title),
        fig_waterfall(whatif.waterfall(base, scen), lang, labels, title=title),
        fig_tornado(whatif.tornado(scen).head(12), lang, labels, title=title),
        fig_tornado(whatif.tornado(scen).head(0), lang, labels, title=title),
        fig_points(s, lang, labels, title=title),
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title", [True, False])
@pytest.mark.parametrize(("base", "scen"), PAIRS)
def test_whatif_figures_equal_their_validated_twins(base, scen, lang, title):
    for fig in _figures(base, scen, lang, title):
        assert _sent(fig) == _validated(fig)


def test_a_title_set_later_still_validates():
    fig = fig_range(model.estimate(GRADUATE), model.estimate(SCENARIO), "en", title=False)
    fig = set_title(fig, "T").update_layout(height=290)
    assert _sent(fig) == _validated(fig)
    assert fig.layout.title.text == "T" and fig.layout.height == 290


@pytest.fixture(scope="module", params=["steady_employee", "multi_borrower", "empty"])
def history(request):
    if request.param == "empty":
        return empty_history()
    return import_paths([PERSONAS_DIR / f"{request.param}.csv"]).history


@pytest.mark.parametrize("lang", LANGS)
def test_factor_figures_equal_their_validated_twins(history, lang):
    figs = [factor_charts.fig_bill_grid(monthly.bill_grid(history, None), lang)]
    timeline = factor_timeline(history)
    ids = list(dict.fromkeys(timeline["factor"]))
    for chosen in (None, ids[:4], ids[:1], ids[::-1][:3]):
        figs.append(factor_charts.fig_factor_timeline(timeline, lang, chosen))
    for fig in figs:
        assert _sent(fig) == _validated(fig)
