"""Data: upload exports (or type rows in), read the import report, fill in the profile."""

import streamlit as st

from components import import_view, shell, state
from components.current import factor_set
from components.profile_form import profile_form
from limitlens.i18n import t

lang = shell.page("data")
st.title(t(lang, "ui.data.title"))
st.write(t(lang, "ui.data.intro"))

upload_tab, manual_tab, profile_tab = st.tabs(
    [t(lang, "ui.data.tab_upload"), t(lang, "ui.data.tab_manual"), t(lang, "ui.data.tab_profile")]
)
with upload_tab:
    import_view.uploader(lang)
    result = st.session_state.get(state.IMPORT)
    if result is not None:
        import_view.reports(result, lang)
        import_view.preview(result.history, lang)
with manual_tab:
    import_view.manual_entry(lang)
with profile_tab:
    profile_form(lang, factor_set().inferred)
shell.footer(lang)
