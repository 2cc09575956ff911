"""Figures for the Factors page: pure functions `fig_*(df, lang) -> go.Figure`, no UI imports.

Each takes the tidy frame of the same name from `limitlens.monthly` (or
`limitlens.factors.factor_timeline`), translates every visible text via `charts.*` keys, applies
the app theme, and returns a figure with a "no data" note when the frame is empty.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from limitlens import catalog
from limitlens.charts.theme import PALETTE, SEQUENTIAL, plain_figure, theme_layout
from limitlens.format import money_hover
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


# WCAG 1.4.11: a bar's edge or a line must stand 3:1 against the white page. Okabe-Ito's orange,
# sky blue and grey do not (2.2-2.9:1), so bars keep their fill inside a darker edge and lines
# are drawn in the darker shade: the colours stay recognisable and colour-blind safe.
GRAPHIC_CONTRAST = 3.0


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def edge(colour: str) -> str:
    """`colour` darkened (towards black, in steps of 5 %) until it stands GRAPHIC_CONTRAST:1
    against white; a colour that already does is returned as is."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    shade = colour.upper()
    for step in range(21):
        shade = "#" + "".join(f"{round(c * (1 - step / 20)):02X}" for c in rgb)
        if contrast(shade) >= GRAPHIC_CONTRAST:
            break
    return shade


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


def _month_axis_props(months: pd.Series, lang: str) -> dict:
    """Months as ordered categories: one month is one bar, never a hairline on a time axis."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": _months(pd.Series(sorted(pd.unique(months))), lang),
        "title": {"text": _tr(lang, "month")},
    }


def _month_axis(fig: go.Figure, months: pd.Series, lang: str, **kwargs) -> None:
    """`_month_axis_props` on a validated figure's x axes."""
    props = _month_axis_props(months, lang)
    fig.update_xaxes(title_text=props.pop("title")["text"], **props, **kwargs)


def _money_axis(fig: go.Figure, lang: str, **kwargs) -> None:
    """Whole yuan with separators (12,000, never 12k)."""
    fig.update_yaxes(title_text=_tr(lang, "amount_cny"), tickformat=",.0f", **kwargs)


MONEY_HOVER = f"%{{x}}<br>%{{fullData.name}}: {money_hover('y')}<extra></extra>"


def _money_trace(
    fig: go.Figure, x, y, name: str, colour: str, *, line: dict | None = None, mode: str = ""
) -> None:
    """One series of yuan per month: a bar, or with a `line` style (plotly's) a line."""
    if line is None:
        fig.add_bar(
            x=x,
            y=y,
            name=name,
            marker={"color": colour, "line": {"color": edge(colour), "width": 1}},
            hovertemplate=MONEY_HOVER,
        )
    else:
        fig.add_scatter(
            x=x,
            y=y,
            mode=mode or "lines+markers",
            line={"width": 2, **line, "color": edge(colour)},
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


def _base_layout(chart: str, lang: str, *, height: int = 340, legend: bool = True) -> dict:
    """The themed layout of a Factors chart as plain properties: title on top, legend below the
    plot (on a phone they never collide)."""
    layout = theme_layout(height=height, legend=legend)
    layout["title"] = {
        "text": _tr(lang, f"{chart}.title"),
        "x": 0,
        "xanchor": "left",
        "font": {"size": 15},
    }
    layout["margin"] = {**layout["margin"], "t": 50, "b": 10}
    layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0}
    return layout


def _base(chart: str, lang: str, *, height: int = 340, legend: bool = True) -> go.Figure:
    """A validated figure with the chart's layout, for the charts still drawn by `fig.add_*`."""
    return go.Figure(layout=_base_layout(chart, lang, height=height, legend=legend))


def _empty(chart: str, lang: str, *, height: int = 340, legend: bool = True) -> go.Figure:
    """The chart's frame with a "no data" note and no axes."""
    layout = _base_layout(chart, lang, height=height, legend=legend)
    layout["annotations"] = [
        {
            "text": _tr(lang, "no_data"),
            "x": 0.5,
            "y": 0.5,
            "xref": "paper",
            "yref": "paper",
            "showarrow": False,
            "font": {"size": 15, "color": GREY},
        }
    ]
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    return plain_figure([], layout)


def fig_income_vs_spending(df: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped bars: income and spending per month (columns month, income, spending)."""
    if df.empty:
        return _empty("income_vs_spending", lang)
    fig = _base("income_vs_spending", lang)
    for col, colour in (("income", GREEN), ("spending", ORANGE)):
        name = _tr(lang, f"income_vs_spending.{col}")
        _money_trace(fig, _months(df["month"], lang), df[col], name, colour)
    return _monthly_money(fig, df["month"], lang, "group")


def fig_income_by_month(df: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of monthly income with a dashed median line (columns month, income)."""
    if df.empty or not (df["income"] > 0).any():
        return _empty("income_by_month", lang)
    fig = _base("income_by_month", lang)
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
    if df.empty:
        return _empty("activity_calendar", lang, height=260, legend=False)
    fig = _base("activity_calendar", lang, height=260, legend=False)
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
    if df.empty:
        return _empty("spending_by_category", lang, legend=False)
    fig = _base("spending_by_category", lang, legend=False)
    ordered = df.sort_values("amount")
    fig.add_bar(
        x=ordered["amount"],
        y=[_name(lang, "category", c) for c in ordered["category"]],
        orientation="h",
        marker={"color": BLUE, "line": {"color": edge(BLUE), "width": 1}},
        name=_tr(lang, "amount_cny"),
        hovertemplate=f"%{{y}}: {money_hover('x')}<extra></extra>",
    )
    fig.update_xaxes(title_text=_tr(lang, "amount_cny"), tickformat=",.0f")
    fig.update_yaxes(title_text=_tr(lang, "spending_by_category.category"))
    return fig


def fig_large_payments(df: pd.DataFrame, lang: str) -> go.Figure:
    """Dots in time, one per large payment (columns time, amount, counterparty, category)."""
    if df.empty:
        return _empty("large_payments", lang, legend=False)
    fig = _base("large_payments", lang, legend=False)
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
        hovertemplate=f"%{{customdata[0]}}<br>{money_hover('y', 2)}<br>%{{customdata[1]}}"
        " · %{customdata[2]}<extra></extra>",
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
    if df.empty:
        return _empty("bill_grid", lang, height=320, legend=False)
    order = list(dict.fromkeys(df["bill_type"]))
    grid = df.pivot_table(index="bill_type", columns="month", values="paid", aggfunc="max")
    grid = grid.reindex(order)
    z = grid.to_numpy()
    paid, not_paid = _tr(lang, "bill_grid.paid"), _tr(lang, "bill_grid.not_paid")
    heatmap = {
        "type": "heatmap",
        "z": z,
        "x": _months(pd.Series(grid.columns), lang),
        "y": [_name(lang, "bill", b) for b in order],
        "zmin": 0,
        "zmax": 1,
        "colorscale": [[0, "#EEEEEE"], [0.5, "#EEEEEE"], [0.5, GREEN], [1, GREEN]],
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "text": [[paid if v else not_paid for v in line] for line in z],
        "name": paid,
        "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
    }
    layout = _base_layout("bill_grid", lang, height=320, legend=False)
    layout["xaxis"] = _month_axis_props(pd.Series(grid.columns), lang)
    layout["yaxis"] = {"title": {"text": _tr(lang, "bill_grid.bill_type")}, "autorange": "reversed"}
    return plain_figure([heatmap], layout)


def fig_borrowing_by_lender(df: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars of money drawn per lender, a line of repayments (month, lender, draws, repaid)."""
    if df.empty:
        return _empty("borrowing_by_lender", lang)
    fig = _base("borrowing_by_lender", lang)
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
    if df.empty or not ((df["into"] > 0) | (df["out_of"] > 0) | (df["cumulative"] != 0)).any():
        return _empty("wealth_flows", lang)
    fig = _base("wealth_flows", lang)
    months = _months(df["month"], lang)
    _money_trace(fig, months, df["into"], _tr(lang, "wealth_flows.into"), GREEN)
    _money_trace(fig, months, -df["out_of"], _tr(lang, "wealth_flows.out_of"), ORANGE)
    _money_trace(fig, months, df["cumulative"], _tr(lang, "wealth_flows.cumulative"), BLUE, line={})
    return _monthly_money(fig, df["month"], lang, "relative")


def _stacked_domains(rows: int, spacing: float) -> list[tuple[float, float]]:
    """The y domain of each row of a one-column grid, top row first: make_subplots' arithmetic
    (same operations, same order), so the floats are the ones it would send."""
    heights = [(1.0 - spacing * (rows - 1)) / rows] * rows
    out = []
    for r in range(rows):
        below = rows - 1 - r  # rows under this one
        start = sum(heights[:below]) + below * spacing
        end = start + heights[-1 - r]
        out.append((min(max(start, 0.0), 1.0), min(max(end, 0.0), 1.0)))
    return out


def fig_factor_timeline(
    df: pd.DataFrame, lang: str, factors: list[str] | tuple[str, ...] | None = None
) -> go.Figure:
    """Small multiples, one line per factor (columns month, factor, value), each on its own scale,
    with the factor's good threshold dotted; `factors` picks and orders them (default: all).
    One column of subplots sharing the month axis, laid out as make_subplots would."""
    wanted = list(factors) if factors is not None else list(dict.fromkeys(df["factor"]))
    wanted = [f for f in wanted if f in set(df["factor"])] if not df.empty else []
    if not wanted:
        return _empty("factor_timeline", lang, legend=False)
    table = catalog.by_id()
    # One column: every small multiple gets the full width, its title clear of the others.
    rows = len(wanted)
    domains = _stacked_domains(rows, min(0.12, 0.6 / rows))
    order = _months(pd.Series(sorted(pd.unique(df["month"]))), lang)
    bottom = f"x{rows if rows > 1 else ''}"  # every x axis matches the bottom one
    data, titles, shapes = [], [], []
    layout = theme_layout(height=max(300, 170 * rows + 60), legend=False)
    for i, fid in enumerate(wanted):
        f = table[fid]
        n = str(i + 1) if i else ""
        part = df[df["factor"] == fid]
        values = part["value"].to_numpy()
        hover, tickformat = f.chart_formats("y")
        data.append(
            {
                "type": "scatter",
                "x": _months(part["month"], lang),
                "y": values,
                "mode": "lines+markers",
                "name": f.label(lang),
                "line": {"color": edge(PALETTE[i % len(PALETTE)])},
                "marker": {"size": 8},
                "hovertemplate": "%{x}: " + hover + "<extra></extra>",
                "xaxis": f"x{n}",
                "yaxis": f"y{n}",
            }
        )
        xaxis = {"anchor": f"y{n}", "domain": [0.0, 1.0]}
        if f"x{n}" != bottom:
            xaxis.update(matches=bottom, showticklabels=False)
        xaxis.update(type="category", categoryorder="array", categoryarray=order)
        threshold = isinstance(f.good, int | float) and not isinstance(f.good, bool)
        # Headroom above the highest point and the threshold line, clear of the title above.
        top = max([float(v) for v in values] + ([float(f.good)] if threshold else []))
        yaxis = {"anchor": f"x{n}", "domain": list(domains[i])}
        if tickformat is not None:
            yaxis["tickformat"] = tickformat
        yaxis["range"] = [min(0.0, float(part["value"].min())), (top or 1.0) * 1.2]
        layout[f"xaxis{n}"], layout[f"yaxis{n}"] = xaxis, yaxis
        if f.label(lang):  # make_subplots skips an empty subplot title
            titles.append(
                {
                    "y": domains[i][1],
                    "xref": "paper",
                    "x": 0.5,
                    "yref": "paper",
                    "text": f.label(lang),
                    "showarrow": False,
                    "font": {"size": 13},
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "yshift": 4,
                }
            )
        if threshold:
            shapes.append(
                {
                    "type": "line",
                    "line": {"dash": "dot", "color": GREEN, "width": 1},
                    "x0": 0,
                    "x1": 1,
                    "xref": f"x{n} domain",
                    "y0": float(f.good),
                    "y1": float(f.good),
                    "yref": f"y{n}",
                }
            )
    if titles:
        layout["annotations"] = titles
    if shapes:
        layout["shapes"] = shapes
    layout["title"] = {"text": _tr(lang, "factor_timeline.title"), "x": 0, "xanchor": "left"}
    layout["margin"] = {**layout["margin"], "t": 70}
    return plain_figure(data, layout)
