"""Method: the factor catalog and every estimate parameter, rendered from the data files."""

import streamlit as st

from components import method_view, shell
from limitlens import method
from limitlens.i18n import t

lang = shell.page("method")
st.title(t(lang, "ui.method.title"))
st.write(t(lang, "ui.method.intro"))
st.info(t(lang, "ui.method.not_official"), icon=":material/info:")

st.header(t(lang, "ui.method.catalog_title"))
st.caption(t(lang, "ui.method.catalog_intro"))
st.caption(method.ours_sentence(lang))
method_view.show_table(method.catalog_table(lang), "factors", lang)
st.caption(t(lang, "ui.method.source_article"))

st.header(t(lang, "ui.method.model_title"))
for paragraph in method.summary(lang):  # generated from data/model.toml
    st.write(paragraph)
st.subheader(t(lang, "model.method.sources_title"))
st.write(t(lang, "model.method.sources"))
for section in method.sections(lang):
    if section.title:
        st.subheader(section.title)
    if section.intro:
        st.caption(section.intro)
    method_view.show_table(section.table, section.name, lang)
shell.footer(lang)
