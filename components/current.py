"""The user's current factor values (history + profile), computed once per change, not per rerun."""

from __future__ import annotations

import streamlit as st

from components import state
from limitlens.factors import FactorSet, compute_factors

WINDOW = "ll_window_months"


def factor_set() -> FactorSet:
    """compute_factors over the session's data and profile; memoised in the session by input."""
    result = st.session_state.get(state.IMPORT)
    profile = st.session_state.get(state.PROFILE) or {}
    window = int(st.session_state.get(WINDOW, 12))
    signature = (id(result), tuple(sorted(profile.items())), window)
    cached = st.session_state.get("ll_factor_cache")
    if cached and cached[0] == signature:
        return cached[1]
    history = None if result is None else result.history
    fs = compute_factors(history, profile, window_months=window)
    st.session_state["ll_factor_cache"] = (signature, fs)
    return fs
