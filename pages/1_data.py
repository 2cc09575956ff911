"""Data: placeholder until its issue lands."""

import streamlit as st

from components import shell
from limitlens.i18n import t

lang = shell.page("data")
st.title(t(lang, "ui.data.title"))
st.info(t(lang, "ui.data.placeholder"))
shell.footer(lang)
