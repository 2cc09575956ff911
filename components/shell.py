"""The shared shell every page calls first: page config, language, navigation, data status,
disclaimer. Classic `pages/` mode (see DESIGN.md): each page is self-sufficient, so a deep link
to a freshly started server renders the right page."""

from __future__ import annotations

import streamlit as st

from components import guide, import_view, pages, state
from components.current import factor_set
from components.gc_freeze import freeze_loaded_modules
from components.prefetch import prefetch
from limitlens.format import money, plural
from limitlens.i18n import DEFAULT_LANG, LANGS, normalize_lang, own_name, t

# 🔍 drawn as Streamlit draws an emoji icon, written in ASCII: a non-ASCII icon makes Streamlit
# load its emoji table (0.1 s of a cold server's first run, 0.3 s under load), and a shortcode
# makes the browser fetch a 260 KB emoji-name script before it sets the icon.
FAVICON = (
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>"
    "<text y='.9em' font-size='90'>%F0%9F%94%8D</text></svg>"
)


def _resolve_lang() -> str:
    """URL ?lang= wins, then this session's choice, then the browser's locale, then Chinese."""
    from_url = normalize_lang(st.query_params.get("lang"))
    if from_url:
        return from_url
    if st.session_state.get(state.LANG) in LANGS:
        return st.session_state[state.LANG]
    return normalize_lang(st.context.locale) or DEFAULT_LANG


def _switch_label(code: str) -> str:
    """The switch's label for a language: its own name after one space. Streamlit looks for an
    emoji at the start of a label's first word, loading its emoji table (0.1 s of a cold
    server's first run) for a non-ASCII one like 中文; the empty first word skips that look, and
    the space is not drawn (nor part of the button's accessible name). `own_name` reads only
    that language's name, not its whole catalog."""
    return f" {own_name(code)}"


def _on_lang_change() -> None:
    chosen = st.session_state["ll_lang_widget"]
    if chosen in LANGS:  # clicking the selected option deselects it: keep the language then
        st.session_state[state.LANG] = chosen
        st.query_params["lang"] = chosen


def page(page_id: str) -> str:
    """Render the shell for `page_id`; returns the language every text on the page uses."""
    freeze_loaded_modules()  # see components/gc_freeze.py
    lang = _resolve_lang()
    st.session_state[state.LANG] = lang
    st.set_page_config(
        page_title=f"{t(lang, f'ui.nav.{page_id}')} · {t(lang, 'ui.app_name')}",
        page_icon=FAVICON,
        layout="wide",
    )
    state.init()
    import_view.take_upload(page_id, lang)  # before anything reads or draws the data
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang  # keep the language in the URL, so links share it

    previous = st.session_state.get("ll_page")
    st.session_state["ll_page"] = page_id
    st.session_state["ll_arrived"] = previous != page_id
    _styles(lang)
    prefetch()
    _sidebar(page_id, lang)
    # The switch takes the width it needs at the right; the tagline wraps beside it.
    with st.container(horizontal=True, vertical_alignment="center", key="ll_topbar"):
        st.caption(f"**{t(lang, 'ui.app_name')}** · {t(lang, 'ui.app_tagline')}", width="stretch")
        st.session_state["ll_lang_widget"] = lang
        st.segmented_control(
            t(lang, "ui.language"),
            options=list(LANGS),
            format_func=_switch_label,
            key="ll_lang_widget",
            on_change=_on_lang_change,
            label_visibility="collapsed",
            width="content",
        )
    guide.next_step_banner(page_id, factor_set(), lang)
    return lang


def arrived() -> bool:
    """True on the first run of a page after coming from another page (or a fresh load)."""
    return bool(st.session_state.get("ll_arrived"))


def tabs(key: str, labels: list[str]) -> list:
    """Tabs that remember the open one under `key` and rerun on a switch, so each tab's `.open`
    says whether to draw its costly content. The state holds the label: one from the other
    language is dropped (the first tab opens)."""
    if st.session_state.get(key) not in labels:
        st.session_state.pop(key, None)
    return st.tabs(labels, key=key, on_change="rerun")


def _styles(lang: str) -> None:
    """CSS the widgets cannot be told: the uploader's own words in the page's language (its
    button, size note and drop hint are fixed English in Streamlit 1.67), and the What-if
    summary pinned under the header on every screen size."""
    dark = st.context.theme.type == "dark"
    background = "#0E1117" if dark else "#FFFFFF"  # .streamlit/config.toml's two palettes
    text = "#E6EAF0" if dark else "#0B1220"
    # Streamlit writes an enabled primary button in white; on the dark palette's light blue
    # (#56B4E9) that is 2.3:1, so there it is written in the page's near-black (8.2:1).
    primary = "[data-testid^=stBaseButton-primary]:not(:disabled)"
    on_primary = f"{primary}, {primary} p {{ color: {background}; }}" if dark else ""
    button = t(lang, "guide.uploader.button")
    limit = t(lang, "guide.uploader.limit", mb=st.get_option("server.maxUploadSize"))
    drop = t(lang, "guide.uploader.dragging")
    skip = t(lang, "guide.uploader.skip_to_content")
    st.html(
        f"""<style>
[data-testid=stFileUploaderDropzoneInstructions] span {{ display: none; }}
/* Hidden from sight only: the button keeps Streamlit's own words as its accessible name. */
[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p {{
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;
}}
[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer]::after {{
  content: "{button}";
}}
[data-testid=stFileUploaderDropzoneInstructions] > div::after {{
  content: "{limit}"; font-size: 0.85rem; opacity: 0.75;
}}
/* The drag-over hint: Streamlit 1.67's styled-component classes (no test id there). */
[data-testid=stFileUploaderDropzone] .euud7oh1 > .euud7oh2 {{ display: none; }}
[data-testid=stFileUploaderDropzone] .euud7oh1::after {{
  content: "{drop}"; font-weight: 700; font-size: 0.875rem;
}}
/* The current page's link is disabled (you are here): Streamlit fades it to 2.3:1, too faint to
   read; it stays in full colour, bold, on a tint. */
[data-testid=stPageLink-NavLink][disabled] {{ background: rgba(0, 114, 178, 0.12); }}
[data-testid=stPageLink-NavLink][disabled] span,
[data-testid=stPageLink-NavLink][disabled] p {{ color: {text} !important; font-weight: 600; }}
{on_primary}
[data-testid=stSkipToContent] {{ font-size: 0; }}
[data-testid=stSkipToContent]::after {{ content: "{skip}"; font-size: 1rem; }}
/* Sticky on the summary's own wrapper: a sticky box cannot leave its parent, and the wrapper's
   parent is the whole simulator. */
[data-testid=stLayoutWrapper]:has(> .st-key-ll_whatif_summary) {{
  position: sticky; top: 3.75rem; z-index: 99; background: {background};
  padding-bottom: 0.25rem; box-shadow: 0 6px 6px -6px rgba(0, 0, 0, 0.25);
}}
/* A money slider's own value label cannot group thousands (¥15000): the box beside it shows
   the amount. */
[class*="st-key-ll_money_"] [data-testid=stSliderThumbValue] {{ visibility: hidden; }}
@media (max-width: 640px) {{
  .st-key-ll_whatif_summary [data-testid=stMetricValue] {{ font-size: 1.5rem; }}
  .st-key-ll_whatif_summary [data-testid=stMetricLabel] p {{ font-size: 0.8rem; }}
}}
</style>"""
    )


def _sidebar(page_id: str, lang: str) -> None:
    with st.sidebar:
        st.markdown(f"### {t(lang, 'ui.app_name')}")
        for p in pages.PAGES:
            st.page_link(
                p.script,
                label=t(lang, f"ui.nav.{p.id}"),
                icon=p.icon,
                query_params={"lang": lang},
                disabled=p.id == page_id,
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
    st.caption(plural(lang, "ui.status.rows", len(hist)))
    if len(hist):
        start, end = hist["time"].min().date(), hist["time"].max().date()
        st.caption(t(lang, "ui.status.period", start=start.isoformat(), end=end.isoformat()))
    if st.button(t(lang, "ui.status.clear"), key="ll_clear", type="tertiary"):
        state.clear_data()
        st.rerun()


def outcome(fs, lang: str) -> None:
    """The estimate's outcome in plain words, on every page: eligible with its range, not
    eligible, or likely frozen or closed (with the reasons), and the notes that apply."""
    from limitlens import model

    e = model.estimate(fs.values, fs.assumed)
    word = t(lang, f"model.outcome.{e.outcome}")
    if e.eligible:
        detail = t(lang, "ui.whatif.range", low=money(e.low), high=money(e.high))
        st.caption(t(lang, "advice.outcome_line", outcome=word, detail=detail))
    else:
        reasons = t(lang, "ui.sentence_sep").join(t(lang, f"model.gate.{r}") for r in e.reasons)
        box = st.error if e.outcome == "likely_closed" else st.warning
        box(t(lang, "advice.outcome_line", outcome=word, detail=reasons))
        if e.outcome == "likely_closed":
            st.caption(t(lang, "model.outcome.likely_closed_explain"))
    for note in e.notes:
        st.info(t(lang, f"model.note.{note}"), icon=":material/storefront:")


def footer(lang: str) -> None:
    """Every page ends the same way: its next step, a note before leaving, the disclaimer
    (in the main area: the sidebar hides on phones)."""
    st.divider()
    outcome(factor_set(), lang)
    guide.next_step_footer(st.session_state.get("ll_page", "home"), factor_set(), lang)
    if guide.has_data():
        guide.before_you_leave(lang)
    st.caption(t(lang, "ui.disclaimer"))
