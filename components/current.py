"""The user's current factor values (history + profile), computed once per change, not per rerun."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components import state
from limitlens.factors import FactorSet, compute_factors

MEMO = "factor_set"


def factor_set() -> FactorSet:
    """compute_factors over the session's data, profile and window; memoised in the session."""
    result = st.session_state.get(state.IMPORT)
    profile = st.session_state.get(state.PROFILE) or {}
    window = int(st.session_state.get(state.WINDOW, 12))
    history = None if result is None else result.history
    return state.memo(
        MEMO,
        (state.values_key(profile), window),
        lambda: compute_factors(history, profile, window_months=window),
        size=4,
        source=result,  # the import itself identifies the data
    )


def last_factor_set(session: Mapping) -> FactorSet | None:
    """The factor set the last run of a page used (`session`: its session state)."""
    return state.memo_last(session, MEMO)
