"""Factors page pieces: a card per factor (value, rating, where it came from, what it means) and
a chart block (chart, table alternative, CSV download) for every chart the factors draw on."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import state
from components.downloads import csv_download
from limitlens import catalog
from limitlens.charts.factors import date_text
from limitlens.factors import FactorSet
from limitlens.i18n import t

STATUS_BADGE = {
    "good": ("green", ":material/check_circle:"),
    "fair": ("orange", ":material/remove:"),
    "weak": ("red", ":material/error:"),
}


WINDOW_CHOICES = (3, 6, 12, 18, 24, 36, 60)


def window_picker(lang: str) -> None:
    """The factor window. The widget's own key is dropped on page switches, so the choice is
    copied into the canonical state key that every page's factor_set() reads."""

    def keep() -> None:
        st.session_state[state.WINDOW] = st.session_state["ll_window_widget"]

    st.session_state["ll_window_widget"] = st.session_state[state.WINDOW]
    st.select_slider(
        t(lang, "ui.factors.window"),
        options=WINDOW_CHOICES,
        key="ll_window_widget",
        on_change=keep,
        help=t(lang, "ui.factors.window_help"),
    )


def summary(fs: FactorSet, lang: str) -> None:
    counts = {s: sum(1 for v in fs.status.values() if v == s) for s in ("good", "fair", "weak")}
    inferred = sum(1 for v in fs.sources.values() if v == "inferred")
    with st.container(horizontal=True, key="ll_factor_summary"):  # one row, phones included
        for s in ("good", "fair", "weak"):
            st.metric(t(lang, f"ui.factors.status_{s}"), counts[s], width="stretch")
        st.metric(t(lang, "ui.factors.from_data"), f"{inferred}/{len(fs.sources)}", width="stretch")


def cards(fs: FactorSet, group: str, lang: str) -> None:
    factors = [f for f in catalog.factors() if f.group == group]
    cols = st.columns(3)
    for i, f in enumerate(factors):
        status, source = fs.status[f.id], fs.sources[f.id]
        colour, icon = STATUS_BADGE[status]
        with cols[i % 3].container(border=True):
            st.metric(f.label(lang), f.display_value(fs.values[f.id], lang))
            st.markdown(
                f":{colour}-badge[{icon} {t(lang, f'ui.factors.status_{status}')}] "
                f":gray-badge[{t(lang, f'ui.source.{source}')}]"
                + (
                    f" :violet-badge[{t(lang, 'method.origin.badge')}]"
                    if f.origin == "ours"
                    else ""
                )
            )
            st.caption(f.text[lang]["explain"])
            if f.id in fs.at_least:  # the export only bounds it: say so, never "your data says"
                _lower_bound_note(f, fs, lang)
                continue
            inferred = f.display_value(fs.inferred[f.id], lang) if f.id in fs.inferred else None
            if source == "declared" and inferred not in (
                None,
                f.display_value(fs.values[f.id], lang),
            ):
                st.caption(t(lang, "ui.factors.data_says", value=inferred))


def _lower_bound_note(f: catalog.Factor, fs: FactorSet, lang: str) -> None:
    """ "At least N months" under a factor the export can only bound from below."""
    bound, used = fs.at_least[f.id], fs.values[f.id]
    shown = f.display_value(bound, lang)
    if fs.sources[f.id] != "declared":
        st.caption(t(lang, "history.at_least.card", bound=shown, used=f.display_value(used, lang)))
    elif float(used) < float(bound):
        st.caption(t(lang, "history.at_least.declared_below", bound=shown))


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Id columns shown by their names, and where the names live.
ID_COLUMNS = {"category": "charts.category", "lender": "charts.lender", "bill_type": "charts.bill"}


def readable(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart's data as a person reads it: ids as names, columns in the user's language."""
    out = data.copy()
    for col, prefix in ID_COLUMNS.items():
        if col in out:
            out[col] = out[col].map(lambda v, p=prefix: t(lang, f"{p}.{v}"))
    if "factor" in out:
        out["factor"] = out["factor"].map(lambda f: catalog.by_id()[f].label(lang))
    if "weekday" in out:
        out["weekday"] = out["weekday"].map(lambda d: t(lang, f"charts.weekday.{WEEKDAYS[d]}"))
    for col in ("month", "week", "date", "time"):
        if col in out and pd.api.types.is_datetime64_any_dtype(out[col]):
            form = "month" if col == "month" else "day"
            out[col] = out[col].map(lambda v, f=form: date_text(v, lang, f))
    return out.rename(columns=lambda c: t(lang, f"ui.table_col.{c}"))


def chart_block(
    name: str,
    factor_ids: list[str],
    data: pd.DataFrame,
    figure: Callable[[pd.DataFrame, str], go.Figure],
    lang: str,
    memo: tuple[object, tuple] | None = None,
) -> None:
    """A chart with its table alternative and a CSV of its data. With `memo` = (the object
    `data` comes from, anything else the figure depends on) the figure is built once per
    session and language."""
    with st.container(border=True):  # the figure carries its own title
        if factor_ids:
            names = t(lang, "ui.list_sep").join(catalog.by_id()[i].label(lang) for i in factor_ids)
            st.caption(t(lang, "ui.factors.shows", factors=names))
        chart_tab, table_tab = st.tabs(
            [t(lang, "ui.factors.tab_chart"), t(lang, "ui.factors.tab_table")]
        )
        with chart_tab:
            st.plotly_chart(
                figure(data, lang)
                if memo is None
                else _memo(f"fig_{name}", (*memo[1], lang), lambda: figure(data, lang), memo[0]),
                width="stretch",
                config={"displayModeBar": False},
                key=f"ll_fig_{name}",
            )
            # The chart's text alternative is its table, one tab away: say so under the chart.
            st.caption(t(lang, "a11y.chart.table_hint", table=t(lang, "ui.factors.tab_table")))
        table = readable(data, lang)
        with table_tab:
            st.dataframe(table, hide_index=True, width="stretch", height=260, placeholder="")
        csv_download(table, name, lang)


# (chart name, monthly function, figure, factor ids it shows), per article group.
def _charts():
    from limitlens import monthly
    from limitlens.charts import factors as figs

    return {
        "qualification": [
            ("bill_grid", monthly.bill_grid, figs.fig_bill_grid, ["bills_on_time"]),
        ],
        "behaviour": [
            (
                "income_vs_spending",
                monthly.income_vs_spending,
                figs.fig_income_vs_spending,
                ["income_monthly"],
            ),
            (
                "income_by_month",
                monthly.income_by_month,
                figs.fig_income_by_month,
                ["income_stability"],
            ),
            ("large_payments", monthly.large_payments, figs.fig_large_payments, ["large_payments"]),
            (
                "borrowing_by_lender",
                monthly.borrowing_by_lender,
                figs.fig_borrowing_by_lender,
                ["lenders", "borrow_frequency", "repayments_on_time"],
            ),
            (
                "spending_by_category",
                monthly.spending_by_category,
                figs.fig_spending_by_category,
                [],
            ),
        ],
        "engagement": [
            (
                "activity_calendar",
                monthly.activity_calendar,
                figs.fig_activity_calendar,
                ["activity"],
            ),
            (
                "wealth_flows",
                monthly.wealth_flows,
                figs.fig_wealth_flows,
                ["assets", "product_breadth"],
            ),
        ],
    }


def group_charts(history: pd.DataFrame, fs: FactorSet, group: str, lang: str) -> None:
    specs = _charts().get(group, [])
    if not specs:
        return
    st.markdown(f"##### {t(lang, 'ui.factors.charts_title')}")
    cols = st.columns(2)
    for i, (name, data_fn, fig_fn, ids) in enumerate(specs):
        data = _memo(name, (fs.window,), lambda f=data_fn: f(history, fs.window), history)
        with cols[i % 2]:
            chart_block(name, ids, data, fig_fn, lang, (data, ()))


def _memo(name: str, key: tuple, build: Callable, source: object):
    """state.memo for what is derived from `source` (the loaded history, or a table derived
    from it), which it matches by identity."""
    return state.memo(f"factors_{name}", key, build, source=source)


TIMELINE_OPEN = "ll_timeline_open"  # the month-by-month section, closed until opened


def timeline(history: pd.DataFrame, lang: str) -> None:
    """The factors month by month, in a section computed only once it is opened."""
    box = st.expander(
        t(lang, "ui.factors.timeline_title"),
        icon=":material/timeline:",
        key=TIMELINE_OPEN,
        on_change="rerun",
    )
    with box:
        st.caption(t(lang, "ui.factors.timeline_help"))
        if box.open:  # twelve re-measures of the history: only for who asks to see them
            _timeline_chart(history, lang)


def _timeline_chart(history: pd.DataFrame, lang: str) -> None:
    from limitlens.charts.factors import fig_factor_timeline
    from limitlens.factors import factor_timeline

    data = _memo("timeline", (), lambda: factor_timeline(history), history)
    available = list(dict.fromkeys(data["factor"])) if not data.empty else []
    table = catalog.by_id()
    chosen = st.multiselect(
        t(lang, "ui.factors.timeline_factor"),
        available,
        default=available[:4],
        format_func=lambda i: table[i].label(lang),
        key="ll_timeline_factors",
    )
    shown = data[data["factor"].isin(chosen)] if chosen else data.iloc[0:0]
    chart_block(
        "factor_timeline",
        [],
        shown,
        lambda df, lg: fig_factor_timeline(df, lg, chosen),
        lang,
        (data, tuple(chosen)),
    )


TREND_OPEN = "ll_trend_open"  # the "am I improving?" section, computed once opened
TREND_BADGE = {
    "improving": ("green", ":material/trending_up:"),
    "steady": ("gray", ":material/trending_flat:"),
    "worsening": ("red", ":material/trending_down:"),
    "too_few": ("gray", ":material/hourglass_empty:"),
}


def improving(history: pd.DataFrame, lang: str) -> None:
    """Per factor: improving / steady / worsening and how sure, with the numbers as a table."""
    box = st.expander(
        t(lang, "trend.section.title"),
        icon=":material/trending_up:",
        key=TREND_OPEN,
        on_change="rerun",
    )
    with box:
        st.caption(t(lang, "trend.section.help"))
        if box.open:  # a re-measure of every month: only for who asks
            _trends(history, lang)


def _change_text(fid: str, change: float, lang: str) -> str:
    """A signed change in the factor's own unit: +¥650/月, −2 次/月, ±0 家."""
    shown = catalog.by_id()[fid].display_value(abs(change), lang)
    return ("+" if change > 0 else "−" if change < 0 else "±") + shown


def trend_table(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The trends as a person reads them (the table alternative and the CSV)."""
    table = catalog.by_id()
    out = pd.DataFrame(
        {
            "factor": [table[f].label(lang) for f in data["factor"]],
            "verdict": [t(lang, f"trend.verdict.{v}") for v in data["verdict"]],
            "sureness": [t(lang, f"trend.sureness.{s}") if s else "" for s in data["sureness"]],
            "change": [
                _change_text(f, s * (n - 1), lang) if s == s else ""
                for f, s, n in zip(data["factor"], data["slope"], data["months"], strict=True)
            ],
            "slope": data["slope"].round(4).to_numpy(),
            "p_value": [f"{p:.3f}" if p == p else "" for p in data["p_value"]],
            "months": data["months"].to_numpy(),
            "first_month": [
                date_text(m, lang, "month") if m == m else "" for m in data["first_month"]
            ],
            "last_month": [
                date_text(m, lang, "month") if m == m else "" for m in data["last_month"]
            ],
        }
    )
    return out.rename(columns=lambda c: t(lang, f"trend.col.{c}"))


def _trends(history: pd.DataFrame, lang: str) -> None:
    from limitlens.trend import MIN_MONTHS, factor_trends

    data = _memo("trends", (), lambda: factor_trends(history), history)
    longest = int(data["months"].max()) if len(data) else 0
    if longest < MIN_MONTHS:
        st.info(
            t(lang, "trend.section.too_few", count=longest, min=MIN_MONTHS),
            icon=":material/hourglass_empty:",
        )
    overview, table_tab = st.tabs(
        [t(lang, "trend.section.tab_overview"), t(lang, "trend.section.tab_table")]
    )
    factors = catalog.by_id()
    with overview:  # what moved first, then what held, then what cannot tell yet
        order = {"worsening": 0, "improving": 1, "steady": 2, "too_few": 3}
        ranked = data.sort_values("verdict", key=lambda v: v.map(order), kind="stable")
        for rec in ranked.itertuples(index=False):
            colour, icon = TREND_BADGE[rec.verdict]
            verdict = t(lang, f"trend.verdict.{rec.verdict}")
            if rec.verdict in ("too_few", "steady"):
                line = t(lang, "trend.section.line_plain", verdict=verdict, months=rec.months)
            else:
                sure = rec.sureness and t(
                    lang, "trend.section.sureness", word=t(lang, f"trend.sureness.{rec.sureness}")
                )
                line = t(
                    lang,
                    "trend.section.line",
                    verdict=verdict,
                    sureness=sure,
                    change=_change_text(rec.factor, rec.slope * (rec.months - 1), lang),
                    months=rec.months,
                )
            st.markdown(f"**{factors[rec.factor].label(lang)}** :{colour}-badge[{icon} {line}]")
    table = trend_table(data, lang)
    with table_tab:
        st.dataframe(table, hide_index=True, width="stretch", placeholder="")
    csv_download(table, "factor_trends", lang)
