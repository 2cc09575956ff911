"""Canonical session state, in one place. Widgets come and go with pages; these keys stay."""

from __future__ import annotations

from typing import Any

import streamlit as st

LANG = "ll_lang"  # "zh" | "en"
IMPORT = "ll_import"  # limitlens.ingest.ImportResult | None
SOURCE = "ll_source"  # {"kind": "persona"|"upload"|"manual", "name": str} | None
PROFILE = "ll_profile"  # {factor id: declared value}
SCENARIO = "ll_scenario"  # {factor id: what-if value}
SAVED = "ll_saved"  # [{"name": str, "values": {...}}], at most 5

_DEFAULTS: dict[str, Any] = {
    IMPORT: None,
    SOURCE: None,
    PROFILE: {},
    SCENARIO: {},
    SAVED: [],
}


def init() -> None:
    for key, value in _DEFAULTS.items():
        st.session_state.setdefault(key, value.copy() if hasattr(value, "copy") else value)


def history():
    """The merged history DataFrame, or None without data."""
    result = st.session_state.get(IMPORT)
    return None if result is None else result.history


def clear_data() -> None:
    st.session_state[IMPORT] = None
    st.session_state[SOURCE] = None
    st.session_state[PROFILE] = {}
    st.session_state[SCENARIO] = {}
