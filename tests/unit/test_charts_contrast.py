"""Factors charts: every bar edge, line and marker stands 3:1 against the white page (WCAG
1.4.11), whatever Okabe-Ito colour it is filled with."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limitlens.charts import factors as charts
from limitlens.charts.factors import GRAPHIC_CONTRAST, contrast, edge
from limitlens.charts.theme import PALETTE
from limitlens.factors import factor_timeline
from tests.unit.test_charts_factors import NAMES, _build, history  # noqa: F401  (fixture)


def _graphic_colours(fig) -> list[str]:
    """The colours that draw each bar's edge, line or marker (heatmaps read from their table)."""
    out = []
    for trace in fig.data:
        if trace.type == "bar":
            out.append(trace.marker.line.color)
        elif trace.type == "scatter":
            out.append(trace.line.color if "lines" in trace.mode else trace.marker.color)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_graphic_stands_out_from_the_page(name, history):  # noqa: F811
    colours = _graphic_colours(_build(name, history, "en"))
    for colour in colours:
        assert contrast(colour) >= GRAPHIC_CONTRAST, (name, colour)


def test_the_timeline_lines_stand_out(history):  # noqa: F811
    data = factor_timeline(history)
    fig = charts.fig_factor_timeline(data, "en")
    assert fig.data
    assert all(contrast(c) >= GRAPHIC_CONTRAST for c in _graphic_colours(fig))


def test_palette_colours_that_already_contrast_are_kept():
    for colour in PALETTE:
        if contrast(colour) >= GRAPHIC_CONTRAST:
            assert edge(colour) == colour.upper()
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#FFFFFF") == pytest.approx(1.0)


@given(st.from_regex(r"#[0-9A-F]{6}", fullmatch=True))
def test_any_colour_gets_an_edge_that_stands_out(colour):
    shade = edge(colour)
    assert contrast(shade) >= GRAPHIC_CONTRAST
    # the same hue, only darker: no channel grows
    assert all(int(shade[i : i + 2], 16) <= int(colour[i : i + 2], 16) for i in (1, 3, 5))
