"""Home: what LimitLens does, and a one-click start with a sample persona."""

import streamlit as st

from components import guide, shell, state
from components.loading import use_persona
from limitlens.format import plural
from limitlens.i18n import t
from limitlens.personas import personas

lang = shell.page("home")

st.title(t(lang, "ui.home.title"))
st.write(t(lang, "ui.home.intro"))

for col, step in zip(st.columns(3), ("step1", "step2", "step3"), strict=True):
    with col.container(border=True):
        st.markdown(f"**{t(lang, f'ui.home.{step}_title')}**")
        st.caption(t(lang, f"ui.home.{step}_body"))

guide.export_guide(lang, expanded=False)
st.page_link(
    "pages/1_data.py",
    label=t(lang, "ui.home.upload_cta"),
    icon=":material/upload_file:",
    query_params={"lang": lang},
)

st.subheader(t(lang, "ui.home.personas_title"))
st.caption(t(lang, "ui.home.personas_help"))
if flash := st.session_state.pop("ll_flash", None):
    st.success(flash)
source = st.session_state.get(state.SOURCE) or {}
for i, persona in enumerate(personas()):
    if i % 3 == 0:  # a row of three; on a phone they stack in reading order
        cards = st.columns(3)
    with cards[i % 3].container(border=True, height="stretch"):
        st.markdown(f"**{persona.name[lang]}**")
        st.caption(persona.blurb[lang])
        in_use = source.get("kind") == "persona" and source.get("id") == persona.id
        if st.button(
            t(lang, "ui.home.in_use") if in_use else t(lang, "ui.home.use_persona"),
            key=f"ll_persona_{persona.id}",
            disabled=in_use,
            type="primary" if not in_use else "secondary",
        ):
            result = use_persona(persona.id)
            st.session_state["ll_flash"] = plural(
                lang, "ui.home.loaded", len(result.history), name=persona.name[lang]
            )
            st.rerun()

shell.footer(lang)
