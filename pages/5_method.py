"""Method: placeholder until its issue lands."""

import streamlit as st

from components import shell
from limitlens.i18n import t

lang = shell.page("method")
st.title(t(lang, "ui.method.title"))
st.write(t(lang, "ui.method.intro"))
shell.footer(lang)
