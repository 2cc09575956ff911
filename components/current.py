"""The user's current factor values (history + profile), computed once per change, not per rerun."""

from __future__ import annotations

import streamlit as st

from components import state
from limitlens.factors import FactorSet, compute_factors


def factor_set() -> FactorSet:
    """compute_factors over the session's data, profile and window; memoised in the session."""
    result = st.session_state.get(state.IMPORT)
    profile = st.session_state.get(state.PROFILE) or {}
    window = int(st.session_state.get(state.WINDOW, 12))
    inputs = (tuple(sorted(profile.items())), window)
    cached = st.session_state.get("ll_factor_cache")
    # The result object itself (not its id(), which Python reuses) identifies the data.
    if cached and cached[0] is result and cached[1] == inputs:
        return cached[2]
    history = None if result is None else result.history
    fs = compute_factors(history, profile, window_months=window)
    st.session_state["ll_factor_cache"] = (result, inputs, fs)
    return fs
