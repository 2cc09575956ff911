"""The first ten minutes: how to get the export, the next step on every page, which profile
answers are still assumed (and what each one changes), the factor window, and a note before
leaving. Text in data/i18n/*/guide.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from components import pages, state
from limitlens import catalog
from limitlens.factors import FactorSet
from limitlens.format import money, plural
from limitlens.i18n import t

if TYPE_CHECKING:
    import pandas as pd

PROFILE_TAB = pages.spot("profile").tab  # ?tab=profile opens the Data page on its profile tab


def export_guide(lang: str, *, expanded: bool) -> None:
    """Where the export comes from, in the Alipay and WeChat apps, and what arrives."""
    with (
        st.expander(t(lang, "guide.export.title"), expanded=expanded, icon=":material/help:"),
        st.container(key="ll_export_guide"),
    ):
        st.write(t(lang, "guide.export.intro"))
        alipay, wechat = st.columns(2)
        with alipay:
            st.markdown(f"**{t(lang, 'guide.export.alipay_title')}**")
            st.markdown(t(lang, "guide.export.alipay_steps"))
        with wechat:
            st.markdown(f"**{t(lang, 'guide.export.wechat_title')}**")
            st.markdown(t(lang, "guide.export.wechat_steps"))
        st.info(t(lang, "guide.export.arrives"), icon=":material/folder_zip:")
        st.caption(t(lang, "guide.export.none"))


def assumed(fs: FactorSet) -> list[str]:
    """Factor ids the user could tell us but that still run on catalog defaults."""
    ids = getattr(fs, "assumed", None)
    if ids is None:  # until FactorSet.assumed lands
        ids = [fid for fid, s in fs.sources.items() if s == "default"]
    table = catalog.by_id()
    return [fid for fid in ids if table[fid].source in ("declared", "both")]


def has_data() -> bool:
    hist = state.history()
    return hist is not None and len(hist) > 0


def next_step(page_id: str, fs: FactorSet) -> str:
    """The step after `page_id` on the path; the profile while answers are still assumed."""
    profile_open = has_data() and assumed(fs) and not st.session_state.get(state.PROFILE)
    if page_id in ("home", "data") and not has_data():
        return "data" if page_id == "home" else "profile"
    if profile_open and page_id in ("home", "data", "factors"):
        return "profile"
    path = pages.path()
    after = path[(path.index(page_id) + 1) % len(path)]
    return "factors" if after in ("data", "profile") else after  # data is in: on to factors


def step_link(step: str, fs: FactorSet, lang: str, *, key: str) -> None:
    """One link to `step`, worded as what the user does there."""
    if step == "profile":
        count = len(assumed(fs))
        label = (
            plural(lang, "guide.path.to_profile", count)
            if count
            else t(lang, "guide.path.to_profile_done")
        )
        params = {"lang": lang, "tab": PROFILE_TAB}
    else:
        label, params = t(lang, f"guide.path.to_{step}"), {"lang": lang}
    with st.container(key=key):
        st.page_link(
            pages.script_of(step), label=label, icon=pages.icon_of(step), query_params=params
        )


def next_step_banner(page_id: str, fs: FactorSet, lang: str) -> None:
    """Once data is loaded, the next step sits at the top of every page, one line high."""
    if not has_data():
        return
    step = next_step(page_id, fs)
    if step == page_id:
        return
    st.caption(f"**{t(lang, 'guide.path.title')}**")
    step_link(step, fs, lang, key="ll_next_top")


def next_step_footer(page_id: str, fs: FactorSet, lang: str) -> None:
    """Every page ends with its next step."""
    st.markdown(f"**{t(lang, 'guide.path.title')}**")
    step_link(next_step(page_id, fs), fs, lang, key="ll_next_bottom")


def before_you_leave(lang: str) -> None:
    """A reload clears the session; the report download is where results are kept."""
    with st.expander(t(lang, "guide.leave.title"), icon=":material/logout:"):
        st.caption(t(lang, "guide.leave.body"))


def profile_prompt(fs: FactorSet, lang: str, *, link: bool) -> None:
    """Which answers are still assumed, what each is assumed to be, and how far it could move
    the estimate (its tornado swing); the largest swing first."""
    from limitlens.whatif import tornado

    ids = assumed(fs)
    if not ids:
        st.success(t(lang, "guide.profile.all_declared"), icon=":material/task_alt:")
        return
    swing = tornado(dict(fs.values)).set_index("factor")
    ids.sort(key=lambda f: -float(swing["swing"].get(f, 0)))
    table = catalog.by_id()
    lines = []
    for fid in ids:
        f = table[fid]
        params = {"label": f.label(lang), "value": f.display_value(fs.values[fid], lang)}
        if fid in swing.index and swing.at[fid, "swing"] > 0:
            low, high = sorted((swing.at[fid, "low_mid"], swing.at[fid, "high_mid"]))
            lines.append(
                t(lang, "guide.profile.prompt_item", low=money(low), high=money(high), **params)
            )
        else:
            lines.append(t(lang, "guide.profile.prompt_item_flat", **params))
    with st.container(border=True, key="ll_profile_prompt"):
        st.markdown(f"**{plural(lang, 'guide.profile.prompt_title', len(ids))}**")
        st.caption(t(lang, "guide.profile.prompt_body"))
        st.markdown("\n".join(f"- {line}" for line in lines))
        if link:
            st.page_link(
                pages.script_of("profile"),
                label=t(lang, "guide.profile.prompt_go"),
                icon=pages.icon_of("profile"),
                query_params={"lang": lang, "tab": PROFILE_TAB},
            )


def profile_nudge(fs: FactorSet, lang: str, open_profile) -> None:
    """One line and a button above the Data page's tabs while answers are still assumed."""
    count = len(assumed(fs))
    if not count:
        return
    with st.container(border=True, key="ll_profile_nudge"):
        st.markdown(f"**{plural(lang, 'guide.profile.prompt_title', count)}**")
        st.caption(t(lang, "guide.profile.nudge"))
        st.button(
            t(lang, "guide.profile.prompt_go"),
            icon=pages.icon_of("profile"),
            type="primary",
            on_click=open_profile,
        )


def window_note(history: pd.DataFrame, fs: FactorSet, choices: tuple[int, ...], lang: str) -> None:
    """The period the factors use, how much of the upload falls before it, one click to widen."""
    from limitlens import monthly  # pandas: not on Home's path

    if not fs.window:
        return
    start, end = (d.isoformat() for d in fs.window)
    outside = monthly.rows_before(history, fs.window)
    if not outside:
        st.caption(t(lang, "guide.window.explain_all", start=start, end=end))
        return
    months = int(st.session_state[state.WINDOW])
    st.info(
        t(
            lang,
            "guide.window.explain",
            period=plural(lang, "guide.window.period", months),
            start=start,
            end=end,
            outside=plural(
                lang,
                "guide.window.outside",
                outside,
                whole=t(lang, "ui.list_sep").join(
                    catalog.by_id()[f].label(lang) for f in monthly.WHOLE_HISTORY
                ),
            ),
        ),
        icon=":material/date_range:",
    )
    first = history["time"].min()
    span = (fs.window[1].year - first.year) * 12 + fs.window[1].month - first.month + 1
    wider = next((c for c in choices if c >= span), choices[-1])
    if wider > months:

        def widen() -> None:
            st.session_state[state.WINDOW] = wider

        st.button(
            plural(lang, "guide.window.widen", wider),
            on_click=widen,
            help=t(lang, "guide.window.widen_help"),
            icon=":material/unfold_more:",
            key="ll_widen",
        )
