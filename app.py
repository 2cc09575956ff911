"""Home: upload an export or pick a sample — both on the first screen of a phone — then what
LimitLens does and how to get the export."""

import streamlit as st

from components import guide, import_view, pages, shell, state
from components.loading import use_persona
from limitlens.format import plural
from limitlens.i18n import t
from limitlens.personas import personas

lang = shell.page("home")

st.title(t(lang, "ui.home.title"))
st.caption(t(lang, "phone.home.lead"))

# Upload and samples side by side on a desktop; stacked on a phone, upload first.
upload_col, samples_col = st.columns(2, gap="medium")
with upload_col, st.container(border=True, key="ll_home_upload"):
    import_view.uploader("home", lang)
    source = st.session_state.get(state.SOURCE) or {}
    if source.get("kind") == "upload" and guide.has_data():
        st.success(plural(lang, "phone.home.imported", len(state.history())))
        st.page_link(
            pages.by_id()["data"].script,
            label=t(lang, "phone.home.report"),
            icon=":material/fact_check:",
            query_params={"lang": lang},
        )

with samples_col, st.container(key="ll_home_samples"):
    st.markdown(f"**{t(lang, 'ui.home.personas_title')}**")
    if flash := st.session_state.pop("ll_flash", None):
        st.success(flash)
    with st.container(horizontal=True, gap="small"):  # they wrap: two or three a row on a phone
        for persona in personas():
            in_use = source.get("kind") == "persona" and source.get("id") == persona.id
            name = persona.name[lang]
            if st.button(
                f"{name} · {t(lang, 'ui.home.in_use')}" if in_use else name,
                key=f"ll_persona_{persona.id}",
                disabled=in_use,
                type="secondary" if in_use else "primary",
                icon=":material/check:" if in_use else None,
            ):
                result = use_persona(persona.id)
                st.session_state["ll_flash"] = plural(
                    lang, "ui.home.loaded", len(result.history), name=name
                )
                st.rerun()
    st.caption(t(lang, "ui.home.personas_help"))
    with st.expander(t(lang, "phone.home.samples_about"), icon=":material/group:"):
        st.markdown("\n".join(f"- **{p.name[lang]}**  \n  {p.blurb[lang]}" for p in personas()))

guide.export_guide(lang, expanded=False)

st.subheader(t(lang, "phone.home.how_title"))
st.write(t(lang, "ui.home.intro"))
for col, step in zip(st.columns(3), ("step1", "step2", "step3"), strict=True):
    with col.container(border=True):
        st.markdown(f"**{t(lang, f'ui.home.{step}_title')}**")
        st.caption(t(lang, f"ui.home.{step}_body"))

shell.footer(lang)
