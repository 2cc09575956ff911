"""Plan & report: the least-effort way to a target limit, when it shows, and a report to keep."""

from datetime import date

import streamlit as st

from components import plan_view, shell, state
from components.current import factor_set
from limitlens.i18n import t

lang = shell.page("plan")
st.title(t(lang, "ui.plan.title"))
st.caption(t(lang, "plan.intro"))

history = state.history()
if history is None or len(history) == 0:
    st.info(t(lang, "plan.no_data"), icon=":material/info:")
fs = factor_set()
today = date.today()
target, k = plan_view.controls(fs.values, lang)
ps = plan_view.current_state(fs.values, target, k, fs.assumed)
plan_view.headline(ps, lang, fs.assumed)
plan_view.plans(ps, lang)
plan_view.actions(ps, lang, fs.sources)
plan_view.projection(ps, lang, today)
st.divider()
plan_view.report(fs, history, ps, lang, today)
shell.footer(lang)
