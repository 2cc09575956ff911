"""Plan: placeholder until its issue lands."""

import streamlit as st

from components import shell
from limitlens.i18n import t

lang = shell.page("plan")
st.title(t(lang, "ui.plan.title"))
st.info(t(lang, "ui.plan.placeholder"))
shell.footer(lang)
