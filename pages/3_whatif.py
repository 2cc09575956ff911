"""Whatif: placeholder until its issue lands."""

import streamlit as st

from components import shell
from limitlens.i18n import t

lang = shell.page("whatif")
st.title(t(lang, "ui.whatif.title"))
st.info(t(lang, "ui.whatif.placeholder"))
shell.footer(lang)
