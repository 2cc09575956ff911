"""Plan figures: the estimate month by month under a plan, with the target as a line.

Pure functions (data in, go.Figure out, no UI calls).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from limitlens.charts.theme import FAIR, NEUTRAL, PALETTE, themed
from limitlens.format import MONEY_AXIS, money, money_hover
from limitlens.i18n import t


def fig_projection(
    proj: pd.DataFrame,
    target: int,
    lang: str,
    ticks: list[str],
    reached: int | None = None,
    reached_label: str = "",
    *,
    title: bool = True,
    width: int | None = None,
) -> go.Figure:
    """The low-high range as a band, the central estimate as a line, the target as a dashed
    line; `ticks` names each month (0..n) briefly; the month the target is first reached is
    marked with `reached_label` (its full name)."""
    x = [int(m) for m in proj["month"]]
    low, high = ([float(v) for v in proj[col]] for col in ("low", "high"))
    fig = go.Figure()
    # The band: an unseen upper edge, then the lower edge filled up to it.
    edge = {"x": x, "mode": "lines", "line": {"width": 0}}
    fig.add_scatter(y=high, hoverinfo="skip", showlegend=False, **edge)
    fig.add_scatter(
        y=low,
        fill="tonexty",
        fillcolor="rgba(0,114,178,0.18)",
        name=t(lang, "plan.chart.band"),
        customdata=[[money(lo), money(hi)] for lo, hi in zip(low, high, strict=True)],
        hovertemplate="%{customdata[0]} – %{customdata[1]}<extra></extra>",
        **edge,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[float(v) for v in proj["mid"]],
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 2.5},
            marker={"size": 6},
            name=t(lang, "plan.chart.mid"),
            hovertemplate=f"{money_hover('y')}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[x[0], x[-1]],
            y=[float(target), float(target)],
            mode="lines",
            line={"color": FAIR, "width": 2, "dash": "dash"},
            name=t(lang, "plan.chart.target", target=money(target)),
            hoverinfo="skip",
        )
    )
    if reached is not None:
        mid = float(proj.loc[proj["month"] == reached, "mid"].iloc[0])
        fig.add_annotation(
            x=reached,
            y=mid,
            text=f"{t(lang, 'plan.chart.reached')} · {reached_label or ticks[reached]}",
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-36,
            bgcolor="rgba(255,255,255,0.85)",
        )
    top = max(float(proj["high"].max()), float(target)) * 1.12 or 1000
    fig.update_layout(
        xaxis={
            "title": t(lang, "plan.month_axis"),
            "tickmode": "array",
            "tickvals": x,
            "ticktext": ticks[: len(x)],
            "gridcolor": "#EEEEEE",
        },
        yaxis={"range": [0, top], **MONEY_AXIS, "gridcolor": "#EEEEEE"},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    themed(fig, height=360)
    if width:
        fig.update_layout(width=width)
    if title:
        fig.update_layout(
            title={"text": t(lang, "plan.chart.title_projection"), "x": 0, "xanchor": "left"},
            margin={"t": 80},
            legend={"y": 1.0, "yanchor": "bottom"},
        )
    fig.update_xaxes(linecolor=NEUTRAL)
    return fig
