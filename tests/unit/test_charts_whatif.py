"""What-if figures: pure plotly, themed, translated, and faithful to the numbers."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from limitlens import catalog, model, whatif
from limitlens.charts.theme import FONT_FAMILY
from limitlens.charts.whatif import fig_points, fig_range, fig_tornado, fig_waterfall
from limitlens.i18n import LANGS, t
from tests.profiles import GRADUATE, MULTI_BORROWER, STEADY

SCENARIO = {**GRADUATE, "sesame_score": 680, "assets": 20000, "profile_updated": True}


def labels(lang: str) -> dict[str, str]:
    return {f.id: f.label(lang) for f in catalog.factors()}


@pytest.mark.parametrize("lang", LANGS)
def test_range_figure(lang):
    base, scen = model.estimate(GRADUATE), model.estimate(SCENARIO)
    fig = fig_range(base, scen, lang)
    assert isinstance(fig, go.Figure) and fig.layout.font.family == FONT_FAMILY
    bars, marks = fig.data
    assert list(bars.base) == [base.low, scen.low]
    assert [b + x for b, x in zip(bars.base, bars.x, strict=True)] == [base.high, scen.high]
    assert list(marks.x) == [base.mid, scen.mid]
    assert list(bars.y) == [t(lang, "model.chart.baseline"), t(lang, "model.chart.scenario")]
    assert fig.layout.xaxis.title.text == t(lang, "model.chart.limit_axis")


def test_range_figure_marks_not_eligible():
    fig = fig_range(model.estimate(MULTI_BORROWER), model.estimate(STEADY), "en")
    assert fig.data[1].x[0] is None
    assert any(a.text == t("en", "model.not_eligible") for a in fig.layout.annotations)
    fig.to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_waterfall_figure_matches_the_table(lang):
    df = whatif.waterfall(GRADUATE, SCENARIO)
    fig = fig_waterfall(df, lang, labels(lang))
    (wf,) = fig.data
    assert isinstance(wf, go.Waterfall)
    assert list(wf.measure) == ["absolute"] + ["relative"] * len(df) + ["total"]
    assert list(wf.y)[0] == model.estimate(GRADUATE).mid
    assert list(wf.y)[-1] == model.estimate(SCENARIO).mid
    assert list(wf.y)[0] + sum(list(wf.y)[1:-1]) == list(wf.y)[-1]
    assert list(wf.x)[1:-1] == [labels(lang)[f] for f in df["factor"]]


def test_waterfall_figure_with_no_change():
    fig = fig_waterfall(whatif.waterfall(STEADY, STEADY), "en", labels("en"))
    assert len(fig.data[0].x) == 2
    fig.to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_tornado_figure(lang):
    df = whatif.tornado(STEADY)
    fig = fig_tornado(df, lang, labels(lang))
    worst, best = fig.data
    assert list(worst.y) == [labels(lang)[f] for f in df["factor"]]
    assert list(worst.customdata) == list(df["low_mid"])
    assert list(best.customdata) == list(df["high_mid"])
    assert worst.name == t(lang, "model.chart.worst") and best.name == t(lang, "model.chart.best")
    assert fig.layout.yaxis.autorange == "reversed"  # widest swing on top


@pytest.mark.parametrize("lang", LANGS)
def test_points_figure(lang):
    e = model.estimate(STEADY)
    fig = fig_points(e, lang, labels(lang))
    possible, earned = fig.data
    ids = model.point_factors()
    assert list(earned.x) == [e.points[f] for f in ids]
    assert list(possible.x) == [model.max_points(f) for f in ids]
    assert all(a <= b for a, b in zip(earned.x, possible.x, strict=True))
    assert fig.layout.xaxis.title.text == t(lang, "model.chart.points_axis")


def test_unknown_label_falls_back_to_id():
    fig = fig_points(model.estimate({}), "en", {})
    assert list(fig.data[0].y)[0] == "sesame_score"


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("background", ["#FFFFFF", "#0E1117"], ids=["light", "dark"])
def test_estimate_marker_stands_out_in_both_themes(background):
    """WCAG's 3:1 for graphics: the marker's fill or its rim against each theme's background."""
    marks = fig_range(model.estimate(GRADUATE), model.estimate(SCENARIO), "en").data[1]
    best = max(
        _contrast(marks.marker.color, background), _contrast(marks.marker.line.color, background)
    )
    assert best >= 3, (marks.marker.color, marks.marker.line.color, background)


def test_waterfall_steps_read_as_signed_yuan():
    wf = whatif.waterfall(GRADUATE, SCENARIO)
    fig = fig_waterfall(wf, "en", labels("en"))
    steps = list(fig.data[0].text)[1:-1]
    assert steps and all(s[0] in "+−¥" and "¥" in s for s in steps), steps
