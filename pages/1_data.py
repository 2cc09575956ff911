"""Data: how to get an export, upload it (or type rows in), read the import report, fill in the
profile (prompted while answers are still assumed)."""

import streamlit as st

from components import guide, import_view, shell, state
from components.current import factor_set
from components.profile_form import on_page, profile_form
from limitlens.i18n import t

lang = shell.page("data")
st.title(t(lang, "ui.data.title"))
st.write(t(lang, "ui.data.intro"))
guide.export_guide(lang, expanded=not guide.has_data())

TABS = ("upload", "manual", "profile")
labels = {name: t(lang, f"ui.data.tab_{name}") for name in TABS}
if shell.arrived() and st.query_params.get("tab") == guide.PROFILE_TAB:
    st.session_state["ll_data_tabs"] = labels["profile"]  # a "fill in your profile" link
if guide.has_data() and not st.session_state[state.PROFILE]:
    guide.profile_nudge(
        factor_set(), lang, lambda: st.session_state.update(ll_data_tabs=labels["profile"])
    )
upload_tab, manual_tab, profile_tab = shell.tabs("ll_data_tabs", list(labels.values()))
with upload_tab:
    import_view.uploader("data", lang)
    result = st.session_state.get(state.IMPORT)
    if result is not None:
        import_view.reports(result, lang)
        import_view.preview(result.history, lang)
# A closed tab is drawn once opened (the switch reruns), then while what the user typed in it
# is on the page: the editor and the form cost the browser more than the rest of the page.
with manual_tab:
    if manual_tab.open or import_view.manual_draft():
        import_view.manual_entry(lang)
with profile_tab:
    if profile_tab.open or on_page():
        fs = factor_set()
        if guide.has_data():
            guide.profile_prompt(fs, lang, link=False)
        profile_form(lang, fs.inferred)
shell.footer(lang)
