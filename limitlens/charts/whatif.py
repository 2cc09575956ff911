"""What-if figures: estimated range now vs. what-if, exact waterfall, tornado, points per factor.

Pure functions (data in, go.Figure out, no UI calls). `labels` maps factor id -> display label;
a missing id falls back to the id itself.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from limitlens import model
from limitlens.charts.theme import DOWN, MARKER, NEUTRAL, PALETTE, UP, themed
from limitlens.format import money, signed_money
from limitlens.i18n import t
from limitlens.model import Estimate


def _label(labels: dict[str, str], fid: str) -> str:
    return labels.get(fid, fid)


def set_title(fig: go.Figure, title: str, *, legend: bool = True) -> go.Figure:
    """A left-aligned title above the legend row."""
    return fig.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 8, "l": 10},
        },
        margin={"t": 80 if legend else 50},
    )


def _finish(fig: go.Figure, title: str | None, *, height: int, legend: bool = True) -> go.Figure:
    """Theme the figure; a title sits above the legend row (pass title=None when the page has one)."""
    themed(fig, height=height, legend=legend)
    if title:
        set_title(fig, title, legend=legend)
    return fig


def fig_range(
    baseline: Estimate, scenario: Estimate, lang: str, *, title: bool = True
) -> go.Figure:
    """Two horizontal low-high bars (now, what-if) with the central estimate as a marker."""
    names = [t(lang, "model.chart.baseline"), t(lang, "model.chart.scenario")]
    ests = [baseline, scenario]
    colours = [NEUTRAL, PALETTE[0]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=[e.high - e.low for e in ests],
            base=[e.low for e in ests],
            orientation="h",
            marker_color=colours,
            opacity=0.55,
            name=t(lang, "model.chart.range"),
            customdata=[[money(e.low), money(e.high)] for e in ests],
            hovertemplate="%{y}: %{customdata[0]} – %{customdata[1]}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=[e.mid if e.eligible else None for e in ests],
            mode="markers+text",
            # Orange on both backgrounds, a dark rim for light mode: visible in either theme.
            marker={
                "symbol": "diamond",
                "size": 16,
                "color": MARKER,
                "line": {"width": 1.5, "color": "#1F2933"},
            },
            text=[money(e.mid) if e.eligible else "" for e in ests],
            textposition="top center",
            name=t(lang, "model.chart.mid"),
            hovertemplate="%{y}: ¥%{x:,.0f}<extra></extra>",
        )
    )
    for name, e in zip(names, ests, strict=True):
        if not e.eligible:
            fig.add_annotation(
                y=name,
                x=0,
                xanchor="left",
                xshift=6,
                showarrow=False,
                text=t(lang, "model.not_eligible"),
            )
    top = max(e.high for e in ests) or 1000
    fig.update_layout(
        xaxis={
            "title": t(lang, "model.chart.limit_axis"),
            "range": [0, top * 1.15],
            "tickformat": ",.0f",
        },
        yaxis={"autorange": "reversed"},
        bargap=0.45,
    )
    heading = t(lang, "model.chart.title_range") if title else None
    return _finish(fig, heading, height=270 if title else 220)


def fig_waterfall(
    df: pd.DataFrame, lang: str, labels: dict[str, str], *, title: bool = True
) -> go.Figure:
    """go.Waterfall from `whatif.waterfall`: now -> one bar per changed factor -> what-if."""
    start = int(
        df.attrs.get(
            "baseline_mid",
            int(df["running_mid"].iloc[0] - df["delta_mid"].iloc[0]) if len(df) else 0,
        )
    )
    end = int(df.attrs.get("scenario_mid", start + int(df["delta_mid"].sum())))
    x = [t(lang, "model.chart.start")] + [_label(labels, f) for f in df["factor"]]
    x.append(t(lang, "model.chart.end"))
    y = [start] + [int(d) for d in df["delta_mid"]] + [end]
    measure = ["absolute"] + ["relative"] * len(df) + ["total"]
    fig = go.Figure(
        go.Waterfall(
            x=x,
            y=y,
            measure=measure,
            text=[money(start)] + [signed_money(d) for d in df["delta_mid"]] + [money(end)],
            textposition="outside",
            increasing={"marker": {"color": UP}},
            decreasing={"marker": {"color": DOWN}},
            totals={"marker": {"color": NEUTRAL}},
            connector={"line": {"color": NEUTRAL, "width": 1}},
            name=t(lang, "model.chart.delta"),
            hovertemplate="%{x}: ¥%{y:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis={"title": t(lang, "model.chart.limit_axis"), "tickformat": ",.0f"},
    )
    heading = t(lang, "model.chart.title_waterfall") if title else None
    return _finish(fig, heading, height=380, legend=False)


def fig_tornado(
    df: pd.DataFrame, lang: str, labels: dict[str, str], *, title: bool = True
) -> go.Figure:
    """Bars from the current mid to the mid at each factor's worst and best; widest on top."""
    names = [_label(labels, f) for f in df["factor"]]
    base = df["base_mid"].astype(float)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=df["low_mid"] - base,
            base=base,
            orientation="h",
            marker_color=DOWN,
            name=t(lang, "model.chart.worst"),
            customdata=df["low_mid"],
            hovertemplate="%{y}: ¥%{customdata:,.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=names,
            x=df["high_mid"] - base,
            base=base,
            orientation="h",
            marker_color=UP,
            name=t(lang, "model.chart.best"),
            customdata=df["high_mid"],
            hovertemplate="%{y}: ¥%{customdata:,.0f}<extra></extra>",
        )
    )
    if len(df):
        fig.add_vline(x=float(base.iloc[0]), line_color=NEUTRAL, line_dash="dot")
    fig.update_layout(
        barmode="overlay",
        xaxis={"title": t(lang, "model.chart.limit_axis"), "tickformat": ",.0f"},
        yaxis={"autorange": "reversed"},
    )
    heading = t(lang, "model.chart.title_tornado") if title else None
    return _finish(fig, heading, height=max(300, 26 * len(df) + 120))


def fig_points(
    estimate: Estimate, lang: str, labels: dict[str, str], *, title: bool = True
) -> go.Figure:
    """Points earned per factor against the most it could earn, in catalog order."""
    ids = list(model.point_factors())
    names = [_label(labels, f) for f in ids]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=[model.max_points(f) for f in ids],
            orientation="h",
            marker_color="#C8C8C8",
            name=t(lang, "model.chart.possible"),
            hovertemplate="%{y}: %{x:.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=names,
            x=[estimate.points[f] for f in ids],
            orientation="h",
            marker_color=PALETTE[0],
            width=0.55,
            name=t(lang, "model.chart.earned"),
            hovertemplate="%{y}: %{x:.0f}<extra></extra>",
        )
    )
    fig.update_layout(
        barmode="overlay",
        xaxis={"title": t(lang, "model.chart.points_axis")},
        yaxis={"autorange": "reversed"},
    )
    heading = t(lang, "model.chart.title_points") if title else None
    return _finish(fig, heading, height=max(300, 24 * len(ids) + 120))
