"""The shared shell every page calls first: page config, language, navigation, data status,
disclaimer. Classic `pages/` mode (see DESIGN.md): each page is self-sufficient, so a deep link
to a freshly started server renders the right page."""

from __future__ import annotations

import streamlit as st

from components import state
from limitlens.i18n import DEFAULT_LANG, LANGS, normalize_lang, t

# (page id, script path relative to the app root, icon)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("home", "app.py", ":material/home:"),
    ("data", "pages/1_data.py", ":material/upload_file:"),
    ("factors", "pages/2_factors.py", ":material/insights:"),
    ("whatif", "pages/3_whatif.py", ":material/tune:"),
    ("plan", "pages/4_plan.py", ":material/flag:"),
    ("method", "pages/5_method.py", ":material/menu_book:"),
)
LANG_NAMES = {"zh": "中文", "en": "English"}


def _resolve_lang() -> str:
    """URL ?lang= wins, then this session's choice, then the browser's locale, then Chinese."""
    from_url = normalize_lang(st.query_params.get("lang"))
    if from_url:
        return from_url
    if st.session_state.get(state.LANG) in LANGS:
        return st.session_state[state.LANG]
    return normalize_lang(st.context.locale) or DEFAULT_LANG


def _on_lang_change() -> None:
    chosen = st.session_state["ll_lang_widget"]
    if chosen in LANGS:  # clicking the selected option deselects it: keep the language then
        st.session_state[state.LANG] = chosen
        st.query_params["lang"] = chosen


def page(page_id: str) -> str:
    """Render the shell for `page_id`; returns the language every text on the page uses."""
    lang = _resolve_lang()
    st.session_state[state.LANG] = lang
    st.set_page_config(
        page_title=f"{t(lang, f'ui.nav.{page_id}')} · {t(lang, 'ui.app_name')}",
        page_icon="🔍",
        layout="wide",
    )
    state.init()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang  # keep the language in the URL, so links share it

    _sidebar(page_id, lang)
    top_left, top_right = st.columns([5, 1], vertical_alignment="center")
    with top_left:
        st.caption(f"**{t(lang, 'ui.app_name')}** · {t(lang, 'ui.app_tagline')}")
    with top_right:
        st.session_state["ll_lang_widget"] = lang
        st.segmented_control(
            t(lang, "ui.language"),
            options=list(LANGS),
            format_func=LANG_NAMES.get,
            key="ll_lang_widget",
            on_change=_on_lang_change,
            label_visibility="collapsed",
        )
    return lang


def _sidebar(page_id: str, lang: str) -> None:
    with st.sidebar:
        st.markdown(f"### {t(lang, 'ui.app_name')}")
        for pid, path, icon in PAGES:
            st.page_link(
                path,
                label=t(lang, f"ui.nav.{pid}"),
                icon=icon,
                query_params={"lang": lang},
                disabled=pid == page_id,
            )
        st.divider()
        data_status(lang)
        st.divider()
        st.caption(t(lang, "ui.disclaimer"))


def data_status(lang: str) -> None:
    """What the pages are computed from: sample, upload, manual rows, or the profile alone."""
    st.markdown(f"**{t(lang, 'ui.status.title')}**")
    source = st.session_state.get(state.SOURCE)
    hist = state.history()
    if source is None or hist is None:
        key = "ui.status.profile_only" if st.session_state.get(state.PROFILE) else "ui.status.none"
        st.caption(t(lang, key))
        return
    if source["kind"] == "persona":
        from limitlens.personas import personas

        name = next((p.name[lang] for p in personas() if p.id == source["id"]), source["id"])
        st.caption(t(lang, "ui.status.persona", name=name))
    else:
        st.caption(t(lang, f"ui.status.{source['kind']}"))
    st.caption(t(lang, "ui.status.rows", rows=f"{len(hist):,}"))
    if len(hist):
        start, end = hist["time"].min().date(), hist["time"].max().date()
        st.caption(t(lang, "ui.status.period", start=start.isoformat(), end=end.isoformat()))
    if st.button(t(lang, "ui.status.clear"), key="ll_clear", type="tertiary"):
        state.clear_data()
        st.rerun()


def footer(lang: str) -> None:
    """The disclaimer, visible on every page in the main area (the sidebar hides on phones)."""
    st.divider()
    st.caption(t(lang, "ui.disclaimer"))
