"""What-if figures: estimated range now vs. what-if, exact waterfall, tornado, points per factor.

Pure functions (data in, go.Figure out, no UI calls). `labels` maps factor id -> display label;
a missing id falls back to the id itself. The figures are built as finished plain dicts and
wrapped without plotly's validation (`theme.plain_figure`): the range, waterfall and tornado
are redrawn on every what-if slider move, where validation was most of the rerun.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from limitlens import model
from limitlens.charts.theme import DOWN, MARKER, NEUTRAL, PALETTE, UP, plain_figure, theme_layout
from limitlens.format import MONEY_AXIS, money, money_hover, signed_money
from limitlens.i18n import t
from limitlens.model import Estimate


def _label(labels: dict[str, str], fid: str) -> str:
    return labels.get(fid, fid)


def _title_props(title: str) -> dict[str, Any]:
    return {
        "text": title,
        "x": 0,
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 8, "l": 10},
    }


def set_title(fig: go.Figure, title: str, *, legend: bool = True) -> go.Figure:
    """A left-aligned title above the legend row."""
    return fig.update_layout(title=_title_props(title), margin={"t": 80 if legend else 50})


def _layout(title: str | None, *, height: int, legend: bool = True, **props: Any) -> dict[str, Any]:
    """The chart's own layout, themed; a title sits above the legend row (title=None when the
    page has one)."""
    out = {**props, **theme_layout(height=height, legend=legend)}
    if title:
        out["title"] = _title_props(title)
        out["margin"] = {**out["margin"], "t": 80 if legend else 50}
    return out


def _axis_title(text: str) -> dict[str, str]:
    return {"text": text}


def fig_range(
    baseline: Estimate, scenario: Estimate, lang: str, *, title: bool = True
) -> go.Figure:
    """Two horizontal low-high bars (now, what-if) with the central estimate as a marker."""
    names = [t(lang, "model.chart.baseline"), t(lang, "model.chart.scenario")]
    ests = [baseline, scenario]
    bars = {
        "type": "bar",
        "y": names,
        "x": [e.high - e.low for e in ests],
        "base": [e.low for e in ests],
        "orientation": "h",
        "marker": {"color": [NEUTRAL, PALETTE[0]]},
        "opacity": 0.55,
        "name": t(lang, "model.chart.range"),
        "customdata": [[money(e.low), money(e.high)] for e in ests],
        "hovertemplate": "%{y}: %{customdata[0]} – %{customdata[1]}<extra></extra>",
    }
    marks = {
        "type": "scatter",
        "y": names,
        "x": [e.mid if e.eligible else None for e in ests],
        "mode": "markers+text",
        # Orange on both backgrounds, a dark rim for light mode: visible in either theme.
        "marker": {
            "symbol": "diamond",
            "size": 16,
            "color": MARKER,
            "line": {"width": 1.5, "color": "#1F2933"},
        },
        "text": [money(e.mid) if e.eligible else "" for e in ests],
        "textposition": "top center",
        "name": t(lang, "model.chart.mid"),
        "hovertemplate": f"%{{y}}: {money_hover('x')}<extra></extra>",
    }
    notes = [
        {
            "y": name,
            "x": 0,
            "xanchor": "left",
            "xshift": 6,
            "showarrow": False,
            "text": t(lang, "model.not_eligible"),
        }
        for name, e in zip(names, ests, strict=True)
        if not e.eligible
    ]
    top = max(e.high for e in ests) or 1000
    layout = _layout(
        t(lang, "model.chart.title_range") if title else None,
        height=270 if title else 220,
        xaxis={
            "title": _axis_title(t(lang, "model.chart.limit_axis")),
            "range": [0, top * 1.15],
            **MONEY_AXIS,
        },
        yaxis={"autorange": "reversed"},
        bargap=0.45,
    )
    if notes:
        layout["annotations"] = notes
    return plain_figure([bars, marks], layout)


def fig_waterfall(
    df: pd.DataFrame, lang: str, labels: dict[str, str], *, title: bool = True
) -> go.Figure:
    """A waterfall from `whatif.waterfall`: now -> one bar per changed factor -> what-if."""
    start = int(
        df.attrs.get(
            "baseline_mid",
            int(df["running_mid"].iloc[0] - df["delta_mid"].iloc[0]) if len(df) else 0,
        )
    )
    end = int(df.attrs.get("scenario_mid", start + int(df["delta_mid"].sum())))
    x = [t(lang, "model.chart.start")] + [_label(labels, f) for f in df["factor"]]
    x.append(t(lang, "model.chart.end"))
    deltas = [int(d) for d in df["delta_mid"]]
    trace = {
        "type": "waterfall",
        "x": x,
        "y": [start, *deltas, end],
        "measure": ["absolute"] + ["relative"] * len(df) + ["total"],
        "text": [money(start)] + [signed_money(d) for d in df["delta_mid"]] + [money(end)],
        "textposition": "outside",
        "increasing": {"marker": {"color": UP}},
        "decreasing": {"marker": {"color": DOWN}},
        "totals": {"marker": {"color": NEUTRAL}},
        "connector": {"line": {"color": NEUTRAL, "width": 1}},
        "name": t(lang, "model.chart.delta"),
        "hovertemplate": f"%{{x}}: {money_hover('y')}<extra></extra>",
    }
    layout = _layout(
        t(lang, "model.chart.title_waterfall") if title else None,
        height=380,
        legend=False,
        yaxis={"title": _axis_title(t(lang, "model.chart.limit_axis")), **MONEY_AXIS},
    )
    return plain_figure([trace], layout)


def fig_tornado(
    df: pd.DataFrame, lang: str, labels: dict[str, str], *, title: bool = True
) -> go.Figure:
    """Bars from the current mid to the mid at each factor's worst and best; widest on top."""
    names = [_label(labels, f) for f in df["factor"]]
    base = df["base_mid"].astype(float)
    traces = [
        {
            "type": "bar",
            "y": names,
            "x": (df[col] - base).to_numpy(),
            "base": base.to_numpy(dtype=object),
            "orientation": "h",
            "marker": {"color": colour},
            "name": t(lang, f"model.chart.{side}"),
            "customdata": df[col].to_numpy(),
            "hovertemplate": f"%{{y}}: {money_hover('customdata')}<extra></extra>",
        }
        for col, colour, side in (("low_mid", DOWN, "worst"), ("high_mid", UP, "best"))
    ]
    layout = _layout(
        t(lang, "model.chart.title_tornado") if title else None,
        height=max(300, 26 * len(df) + 120),
        barmode="overlay",
        xaxis={"title": _axis_title(t(lang, "model.chart.limit_axis")), **MONEY_AXIS},
        yaxis={"autorange": "reversed"},
    )
    if len(df):
        at = float(base.iloc[0])
        layout["shapes"] = [
            {
                "type": "line",
                "x0": at,
                "x1": at,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"color": NEUTRAL, "dash": "dot"},
            }
        ]
    return plain_figure(traces, layout)


def fig_points(
    estimate: Estimate, lang: str, labels: dict[str, str], *, title: bool = True
) -> go.Figure:
    """Points earned per factor against the most it could earn, in catalog order."""
    ids = list(model.point_factors())
    names = [_label(labels, f) for f in ids]
    possible = {
        "type": "bar",
        "y": names,
        "x": [model.max_points(f) for f in ids],
        "orientation": "h",
        "marker": {"color": "#C8C8C8"},
        "name": t(lang, "model.chart.possible"),
        "hovertemplate": "%{y}: %{x:.0f}<extra></extra>",
    }
    earned = {
        "type": "bar",
        "y": names,
        "x": [estimate.points[f] for f in ids],
        "orientation": "h",
        "marker": {"color": PALETTE[0]},
        "width": 0.55,
        "name": t(lang, "model.chart.earned"),
        "hovertemplate": "%{y}: %{x:.0f}<extra></extra>",
    }
    layout = _layout(
        t(lang, "model.chart.title_points") if title else None,
        height=max(300, 24 * len(ids) + 120),
        barmode="overlay",
        xaxis={"title": _axis_title(t(lang, "model.chart.points_axis"))},
        yaxis={"autorange": "reversed"},
    )
    return plain_figure([possible, earned], layout)
