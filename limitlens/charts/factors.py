"""Figures for the Factors page: pure functions `fig_*(df, lang) -> go.Figure`, no UI imports.

Each takes the tidy frame of the same name from `limitlens.monthly` (or
`limitlens.factors.factor_timeline`), translates every visible text via `charts.*` keys, applies
the app theme, and returns a figure with a "no data" note when the frame is empty.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from limitlens import catalog
from limitlens.charts.theme import PALETTE, SEQUENTIAL, themed
from limitlens.i18n import t

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, GREY = PALETTE
LENDER_COLOURS = {
    "jiebei": BLUE,
    "huabei": SKY,
    "credit_card": PURPLE,
    "wangshang": ORANGE,
    "beiyongjin": GREEN,
    "other": VERMILLION,
}


def _tr(lang: str, key: str) -> str:
    return t(lang, f"charts.{key}")


def _name(lang: str, group: str, key: str) -> str:
    """Display name of a category / lender / bill type; the id itself when unknown."""
    try:
        return t(lang, f"charts.{group}.{key}")
    except KeyError:
        return html.escape(key)  # plotly reads <a>, <b>, <span> in labels: user text stays text


def date_text(when, lang: str, form: str = "day") -> str:
    """A date as the page's language writes it: 2026年3月21日 / Mar 21, 2026 (charts.date.*)."""
    ts = pd.Timestamp(when)
    mon = _tr(lang, f"month_name.m{ts.month}")
    return _tr(lang, f"date.{form}").format(year=ts.year, mon=mon, day=ts.day)


def _months(values: pd.Series, lang: str) -> list[str]:
    return [date_text(v, lang, "month") for v in values]


def _month_axis(fig: go.Figure, months: pd.Series, lang: str, **kwargs) -> None:
    """Months as ordered categories: one month is one bar, never a hairline on a time axis."""
    order = _months(pd.Series(sorted(pd.unique(months))), lang)
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=order,
        title_text=_tr(lang, "month"),
        **kwargs,
    )


def _money_axis(fig: go.Figure, lang: str, **kwargs) -> None:
    """Whole yuan with separators (12,000, never 12k)."""
    fig.update_yaxes(title_text=_tr(lang, "amount_cny"), tickformat=",.0f", **kwargs)


MONEY_HOVER = "%{x}<br>%{fullData.name}: ¥%{y:,.0f}<extra></extra>"


def _money_trace(
    fig: go.Figure, x, y, name: str, colour: str, *, line: dict | None = None, mode: str = ""
) -> None:
    """One series of yuan per month: a bar, or with a `line` style (plotly's) a line."""
    if line is None:
        fig.add_bar(x=x, y=y, name=name, marker_color=colour, hovertemplate=MONEY_HOVER)
    else:
        fig.add_scatter(
            x=x,
            y=y,
            mode=mode or "lines+markers",
            line={**line, "color": colour},
            name=name,
            hovertemplate=MONEY_HOVER,
        )


def _monthly_money(fig: go.Figure, months: pd.Series, lang: str, barmode: str = "") -> go.Figure:
    """Month categories across, yuan up; `barmode` stacks or groups the bars."""
    if barmode:
        fig.update_layout(barmode=barmode)
    _month_axis(fig, months, lang)
    _money_axis(fig, lang)
    return fig


def _base(chart: str, lang: str, *, height: int = 340, legend: bool = True) -> go.Figure:
    """Title on top, legend below the plot: on a phone they never collide."""
    fig = go.Figure()
    themed(fig, height=height, legend=legend)
    fig.update_layout(
        title={
            "text": _tr(lang, f"{chart}.title"),
            "x": 0,
            "xanchor": "left",
            "font": {"size": 15},
        },
        margin={"t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
    )
    return fig


def _empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(
        text=_tr(lang, "no_data"),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": GREY},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def fig_income_vs_spending(df: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped bars: income and spending per month (columns month, income, spending)."""
    fig = _base("income_vs_spending", lang)
    if df.empty:
        return _empty(fig, lang)
    for col, colour in (("income", GREEN), ("spending", ORANGE)):
        name = _tr(lang, f"income_vs_spending.{col}")
        _money_trace(fig, _months(df["month"], lang), df[col], name, colour)
    return _monthly_money(fig, df["month"], lang, "group")


def fig_income_by_month(df: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of monthly income with a dashed median line (columns month, income)."""
    fig = _base("income_by_month", lang)
    if df.empty or not (df["income"] > 0).any():
        return _empty(fig, lang)
    months = _months(df["month"], lang)
    _money_trace(fig, months, df["income"], _tr(lang, "income_by_month.income"), BLUE)
    median = float(df["income"].median())
    _money_trace(
        fig,
        [months[0], months[-1]],
        [median, median],
        _tr(lang, "income_by_month.median"),
        ORANGE,
        line={"dash": "dash"},
        mode="lines+markers" if len(months) == 1 else "lines",
    )
    return _monthly_money(fig, df["month"], lang)


def fig_activity_calendar(df: pd.DataFrame, lang: str) -> go.Figure:
    """Calendar heatmap, week x weekday, sequential scale (columns date, count, weekday, week)."""
    fig = _base("activity_calendar", lang, height=260, legend=False)
    if df.empty:
        return _empty(fig, lang)
    grid = df.pivot_table(index="weekday", columns="week", values="count", aggfunc="sum")
    grid = grid.reindex(range(7))
    days = [_tr(lang, f"weekday.{d}") for d in WEEKDAYS]
    fig.add_heatmap(
        z=grid.to_numpy(),
        x=[date_text(w, lang, "week") for w in grid.columns],
        y=days,
        customdata=[[date_text(w, lang, "week_hover") for w in grid.columns]] * 7,
        colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
        zmin=0,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": _tr(lang, "activity_calendar.count")}, "thickness": 12},
        name=_tr(lang, "activity_calendar.count"),
        hovertemplate="%{customdata} · %{y}: %{z}<extra></extra>",
    )
    fig.update_xaxes(title_text=_tr(lang, "activity_calendar.week"), type="category")
    fig.update_yaxes(title_text=_tr(lang, "activity_calendar.weekday"), autorange="reversed")
    return fig


def fig_spending_by_category(df: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars, largest on top (columns category, amount)."""
    fig = _base("spending_by_category", lang, legend=False)
    if df.empty:
        return _empty(fig, lang)
    ordered = df.sort_values("amount")
    fig.add_bar(
        x=ordered["amount"],
        y=[_name(lang, "category", c) for c in ordered["category"]],
        orientation="h",
        marker_color=BLUE,
        name=_tr(lang, "amount_cny"),
        hovertemplate="%{y}: ¥%{x:,.0f}<extra></extra>",
    )
    fig.update_xaxes(title_text=_tr(lang, "amount_cny"), tickformat=",.0f")
    fig.update_yaxes(title_text=_tr(lang, "spending_by_category.category"))
    return fig


def fig_large_payments(df: pd.DataFrame, lang: str) -> go.Figure:
    """Dots in time, one per large payment (columns time, amount, counterparty, category)."""
    fig = _base("large_payments", lang, legend=False)
    if df.empty:
        return _empty(fig, lang)
    labels = [_name(lang, "category", c) for c in df["category"]]
    days = df["time"].dt.normalize()
    fig.add_scatter(
        x=days,
        y=df["amount"],
        mode="markers",
        marker={"color": VERMILLION, "size": 11, "line": {"width": 1, "color": "white"}},
        name=_tr(lang, "large_payments.payment"),
        customdata=list(
            # a counterparty is the user's (or a hostile file's) text: inert in the hover
            zip(
                [date_text(d, lang) for d in days],
                df["counterparty"].map(html.escape),
                labels,
                strict=True,
            )
        ),
        hovertemplate="%{customdata[0]}<br>¥%{y:,.2f}<br>%{customdata[1]} · %{customdata[2]}"
        "<extra></extra>",
    )
    # Whole days, padded on both sides: one payment sits mid-axis, labelled by its date.
    first, last = days.min(), days.max()
    pad = max(pd.Timedelta(days=3), (last - first) * 0.05)
    ticks = pd.date_range(first, last, periods=min(5, days.nunique())).normalize().unique()
    fig.update_xaxes(
        title_text=_tr(lang, "large_payments.time"),
        type="date",
        range=[first - pad, last + pad],
        tickvals=list(ticks),
        ticktext=[date_text(d, lang) for d in ticks],
    )
    _money_axis(fig, lang, rangemode="tozero")
    return fig


def fig_bill_grid(df: pd.DataFrame, lang: str) -> go.Figure:
    """Heatmap bill type x month, two colours: paid / not paid (columns bill_type, month, paid)."""
    fig = _base("bill_grid", lang, height=320, legend=False)
    if df.empty:
        return _empty(fig, lang)
    order = list(dict.fromkeys(df["bill_type"]))
    grid = df.pivot_table(index="bill_type", columns="month", values="paid", aggfunc="max")
    grid = grid.reindex(order)
    paid, not_paid = _tr(lang, "bill_grid.paid"), _tr(lang, "bill_grid.not_paid")
    text = [[paid if v else not_paid for v in line] for line in grid.to_numpy()]
    fig.add_heatmap(
        z=grid.to_numpy(),
        x=_months(pd.Series(grid.columns), lang),
        y=[_name(lang, "bill", b) for b in order],
        zmin=0,
        zmax=1,
        colorscale=[[0, "#EEEEEE"], [0.5, "#EEEEEE"], [0.5, GREEN], [1, GREEN]],
        showscale=False,
        xgap=2,
        ygap=2,
        text=text,
        name=_tr(lang, "bill_grid.paid"),
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
    )
    _month_axis(fig, pd.Series(grid.columns), lang)
    fig.update_yaxes(title_text=_tr(lang, "bill_grid.bill_type"), autorange="reversed")
    return fig


def fig_borrowing_by_lender(df: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars of money drawn per lender, a line of repayments (month, lender, draws, repaid)."""
    fig = _base("borrowing_by_lender", lang)
    if df.empty:
        return _empty(fig, lang)
    for lender, part in df.groupby("lender", sort=True):
        if not (part["draws"] > 0).any():
            continue
        name = _tr(lang, "borrowing_by_lender.draws").format(
            lender=_name(lang, "lender", str(lender))
        )
        colour = LENDER_COLOURS.get(str(lender), GREY)
        _money_trace(fig, _months(part["month"], lang), part["draws"], name, colour)
    repaid = df.groupby("month", as_index=False)["repaid"].sum()
    name = _tr(lang, "borrowing_by_lender.repaid")
    _money_trace(
        fig, _months(repaid["month"], lang), repaid["repaid"], name, GREY, line={"dash": "dot"}
    )
    return _monthly_money(fig, df["month"], lang, "stack")


def fig_wealth_flows(df: pd.DataFrame, lang: str) -> go.Figure:
    """Bars in (up) and out (down) per month, a line of the cumulative net (wealth_flows columns)."""
    fig = _base("wealth_flows", lang)
    if df.empty or not ((df["into"] > 0) | (df["out_of"] > 0) | (df["cumulative"] != 0)).any():
        return _empty(fig, lang)
    months = _months(df["month"], lang)
    _money_trace(fig, months, df["into"], _tr(lang, "wealth_flows.into"), GREEN)
    _money_trace(fig, months, -df["out_of"], _tr(lang, "wealth_flows.out_of"), ORANGE)
    _money_trace(fig, months, df["cumulative"], _tr(lang, "wealth_flows.cumulative"), BLUE, line={})
    return _monthly_money(fig, df["month"], lang, "relative")


def fig_factor_timeline(
    df: pd.DataFrame, lang: str, factors: list[str] | tuple[str, ...] | None = None
) -> go.Figure:
    """Small multiples, one line per factor (columns month, factor, value), each on its own scale,
    with the factor's good threshold dotted; `factors` picks and orders them (default: all)."""
    wanted = list(factors) if factors is not None else list(dict.fromkeys(df["factor"]))
    wanted = [f for f in wanted if f in set(df["factor"])] if not df.empty else []
    if not wanted:
        return _empty(_base("factor_timeline", lang, legend=False), lang)
    table = catalog.by_id()
    # One column: every small multiple gets the full width, its title clear of the others.
    rows = len(wanted)
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        subplot_titles=[table[f].label(lang) for f in wanted],
        vertical_spacing=min(0.12, 0.6 / rows),
    )
    order = _months(pd.Series(sorted(pd.unique(df["month"]))), lang)
    for i, fid in enumerate(wanted):
        f = table[fid]
        part = df[df["factor"] == fid]
        pct, money = f.display == "percent", f.text["en"]["unit"].startswith("CNY")
        fig.add_scatter(
            x=_months(part["month"], lang),
            y=part["value"],
            mode="lines+markers",
            name=f.label(lang),
            line={"color": PALETTE[i % len(PALETTE)]},
            marker={"size": 8},
            hovertemplate="%{x}: "
            + ("%{y:.0%}" if pct else "¥%{y:,.0f}" if money else "%{y:,.1f}")
            + "<extra></extra>",
            row=i + 1,
            col=1,
        )
        threshold = isinstance(f.good, int | float) and not isinstance(f.good, bool)
        # Headroom above the highest point and the threshold line, clear of the title above.
        top = max([float(v) for v in part["value"]] + ([float(f.good)] if threshold else []))
        fig.update_yaxes(
            tickformat=".0%" if pct else ",.0f" if money else None,
            range=[min(0.0, float(part["value"].min())), (top or 1.0) * 1.2],
            row=i + 1,
            col=1,
        )
        if threshold:
            fig.add_hline(
                y=float(f.good),
                line={"dash": "dot", "color": GREEN, "width": 1},
                row=i + 1,
                col=1,
            )
    fig.update_annotations(yshift=4, font={"size": 13})  # the subplot titles
    fig.update_layout(title={"text": _tr(lang, "factor_timeline.title"), "x": 0, "xanchor": "left"})
    themed(fig, height=max(300, 170 * rows + 60), legend=False)
    fig.update_layout(margin={"t": 70})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    return fig
