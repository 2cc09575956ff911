"""Factors: the article's factors and ours, measured from the user's own history and profile."""

import streamlit as st

from components import factor_view, guide, shell, state
from components.current import factor_set
from limitlens.catalog import GROUPS
from limitlens.format import plural
from limitlens.i18n import t
from limitlens.method import ours_sentence

lang = shell.page("factors")
st.title(t(lang, "ui.factors.title"))
st.caption(t(lang, "ui.factors.intro"))
st.caption(ours_sentence(lang))

history = state.history()
has_data = history is not None and len(history) > 0
if has_data:
    factor_view.window_picker(lang)
fs = factor_set()
if not has_data:
    st.info(t(lang, "ui.factors.no_data"), icon=":material/info:")
elif fs.thin_history:
    thin = (
        plural(lang, "ui.factors.thin", round(fs.months, 1))
        if fs.months >= 1
        else t(lang, "ui.factors.thin_under_month")
    )
    st.warning(thin, icon=":material/warning:")
if has_data:
    guide.window_note(history, fs, factor_view.WINDOW_CHOICES, lang)

factor_view.summary(fs, lang)
group_tabs = shell.tabs("ll_factor_tabs", [t(lang, f"ui.group.{g}") for g in GROUPS])
for group, tab in zip(GROUPS, group_tabs, strict=True):
    with tab:
        factor_view.cards(fs, group, lang)
        if has_data and tab.open:  # a hidden tab's charts are drawn when it is opened
            factor_view.group_charts(history, fs, group, lang)
if has_data:
    factor_view.improving(history, lang)
    factor_view.timeline(history, lang)
shell.footer(lang)
