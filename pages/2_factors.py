"""Factors: every factor the article names, measured from the user's own history and profile."""

import streamlit as st

from components import factor_view, shell, state
from components.current import factor_set
from limitlens.catalog import GROUPS
from limitlens.i18n import t

lang = shell.page("factors")
st.title(t(lang, "ui.factors.title"))
st.caption(t(lang, "ui.factors.intro"))

history = state.history()
has_data = history is not None and len(history) > 0
if has_data:
    factor_view.window_picker(lang)
fs = factor_set()
if not has_data:
    st.info(t(lang, "ui.factors.no_data"), icon=":material/info:")
elif fs.thin_history:
    st.warning(t(lang, "ui.factors.thin", months=f"{fs.months:.1f}"), icon=":material/warning:")
if fs.window:
    st.caption(
        t(
            lang,
            "ui.factors.window_caption",
            start=fs.window[0].isoformat(),
            end=fs.window[1].isoformat(),
        )
    )

factor_view.summary(fs, lang)
for group, tab in zip(GROUPS, st.tabs([t(lang, f"ui.group.{g}") for g in GROUPS]), strict=True):
    with tab:
        factor_view.cards(fs, group, lang)
        if has_data:
            factor_view.group_charts(history, fs, group, lang)
if has_data:
    factor_view.timeline(history, lang)
shell.footer(lang)
