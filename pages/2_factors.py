"""Factors: placeholder until its issue lands."""

import streamlit as st

from components import shell
from limitlens.i18n import t

lang = shell.page("factors")
st.title(t(lang, "ui.factors.title"))
st.info(t(lang, "ui.factors.placeholder"))
shell.footer(lang)
