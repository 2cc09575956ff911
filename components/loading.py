"""Turning files into a history, cached per content: the cache key is the bytes themselves, so a
visitor only ever gets back the result of the very bytes they sent (DESIGN.md, caches)."""

from __future__ import annotations

import streamlit as st

from components import state
from limitlens.ingest import ImportResult, import_files


@st.cache_data(max_entries=32, show_spinner=False)
def parse_files(files: tuple[tuple[str, bytes], ...]) -> ImportResult:
    return import_files(list(files))


def use_persona(persona_id: str) -> ImportResult:
    """Load a built-in sample persona: its export and its declared profile."""
    from limitlens.personas import persona_bytes, persona_profile, personas

    persona = next(p for p in personas() if p.id == persona_id)
    result = parse_files(((persona.file, persona_bytes(persona_id)),))
    st.session_state[state.IMPORT] = result
    st.session_state[state.SOURCE] = {"kind": "persona", "id": persona_id}
    st.session_state[state.PROFILE] = dict(persona_profile(persona_id))
    st.session_state[state.SCENARIO] = {}
    return result
