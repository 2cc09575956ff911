"""Method: the factor catalog and every estimate parameter, rendered from the data files."""

import streamlit as st

from components import method_view, shell
from limitlens import coherence
from limitlens.i18n import t
from limitlens.method import method_tables, ours_sentence, section_title, summary
from limitlens.plan import method_tables as plan_tables

lang = shell.page("method")
st.title(t(lang, "ui.method.title"))
st.write(t(lang, "ui.method.intro"))
st.info(t(lang, "ui.method.not_official"), icon=":material/info:")

st.header(t(lang, "ui.method.catalog_title"))
st.caption(t(lang, "ui.method.catalog_intro"))
st.caption(ours_sentence(lang))
method_view.show_table(method_view.catalog_table(lang), "factors", lang)
st.caption(t(lang, "ui.method.source_article"))

st.header(t(lang, "ui.method.model_title"))
for paragraph in summary(lang):  # generated from data/model.toml
    st.write(paragraph)
st.subheader(t(lang, "model.method.sources_title"))
st.write(t(lang, "model.method.sources"))
for name, table in method_tables(lang).items():
    st.subheader(section_title(name, lang))
    method_view.show_table(table, name, lang)
st.subheader(t(lang, "model.method.section_plan"))
st.caption(t(lang, "model.method.plan_intro"))
method_view.show_table(plan_tables.method_table(lang), "plan", lang)
st.subheader(t(lang, "advice.method_title"))
st.caption(t(lang, "advice.method_intro"))
method_view.show_table(coherence.method_table(lang), "coherence", lang)
method_view.show_table(plan_tables.follows_table(lang), "follows", lang)
shell.footer(lang)
