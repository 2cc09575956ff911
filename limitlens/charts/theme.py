"""One chart theme for the whole app: Okabe-Ito colour-blind-safe palette, CJK-capable fonts."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey
)
FAIR = "#E69F00"  # a threshold line (the plan's target)
UP, DOWN, NEUTRAL = "#0072B2", "#D55E00", "#999999"
MARKER = "#E69F00"  # the estimate's marker: orange reads on white and on near-black
# Sequential scale for heatmaps (light -> dark blue), readable for all.
SEQUENTIAL = ["#F3F6FA", "#BFD9EC", "#7FB3D5", "#3C8DC4", "#0072B2", "#004C7A"]

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'


def theme_layout(*, height: int = 340, legend: bool = True) -> dict[str, Any]:
    """The app theme as plain layout properties (a fresh dict on every call)."""
    return {
        "font": {"family": FONT_FAMILY, "size": 13},
        "colorway": list(PALETTE),
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "separators": ".,",
    }


def themed(fig: go.Figure, *, height: int = 340, legend: bool = True) -> go.Figure:
    """Apply the app theme in place and return the figure."""
    fig.update_layout(theme_layout(height=height, legend=legend))
    return fig


def plain_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from finished plain dicts (every trace with its "type"), skipping plotly's
    per-property validation: that validation is most of the cost of a go.Figure (10-20 ms a
    chart), too much for a chart redrawn on every slider move. Only for specs whose validated
    twin is identical (tests/unit/test_charts_plain.py checks each builder)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)
