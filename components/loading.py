"""Loading data into the session: built-in samples (cached, they are ours) and the user's own
files (never cached across sessions: they live in this session's state only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from components import state

if TYPE_CHECKING:  # the ingest package (pandas) loads when a file or a sample is read
    from limitlens.ingest import ImportResult


@st.cache_data(max_entries=8, show_spinner=False)
def _persona_result(persona_id: str) -> ImportResult:
    from limitlens.ingest import import_files
    from limitlens.personas import persona_bytes, personas

    persona = next(p for p in personas() if p.id == persona_id)
    return import_files([(persona.file, persona_bytes(persona_id))])


def use_persona(persona_id: str) -> ImportResult:
    """Load a built-in sample persona: its export and its declared profile."""
    from limitlens.personas import persona_profile

    result = _persona_result(persona_id)
    state.set_data(result, {"kind": "persona", "id": persona_id}, dict(persona_profile(persona_id)))
    return result


def use_own_data(result: ImportResult, source: dict) -> None:
    """The user's own rows replace what was loaded; a sample's made-up profile goes with it."""
    previous = st.session_state.get(state.SOURCE) or {}
    state.set_data(result, source, {} if previous.get("kind") == "persona" else None)
