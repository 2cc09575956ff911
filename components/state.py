"""Canonical session state, in one place. Widgets come and go with pages; these keys stay."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

LANG = "ll_lang"  # one of limitlens.i18n.LANGS
IMPORT = "ll_import"  # limitlens.ingest.ImportResult | None
# {"kind": "persona", "id": str} | {"kind": "upload", "sig": sha256} | {"kind": "manual"} | None
SOURCE = "ll_source"
PROFILE = "ll_profile"  # {factor id: declared value}
PROFILE_EXTRA = "ll_profile_extra"  # {"jiebei_limit": float, "jiebei_balance": float}
WINDOW = "ll_window_months"  # factor window chosen on the Factors page
SCENARIO = "ll_scenario"  # {factor id: what-if value}
SAVED = "ll_saved"  # [{"name": str, "values": {...}}], at most 5
WHATIF_WIDGET = "ll_w_"  # prefix of the what-if sliders' widget keys
DATA_GEN = "ll_data_gen"  # bumps on every data change; forms keyed on it prefill anew
MEMO = "ll_memo"  # {name: {key: value}}: this session's results of pure functions (see memo)
UPLOADERS = {"home": "ll_home_uploader", "data": "ll_uploader"}  # the pages with an uploader
UPLOADER_GEN = "ll_uploader_gen"  # bumps when other data replaces the uploaded files

_DEFAULTS: dict[str, Any] = {
    IMPORT: None,
    SOURCE: None,
    PROFILE: {},
    PROFILE_EXTRA: {"jiebei_limit": 0.0, "jiebei_balance": 0.0},
    WINDOW: 12,
    SCENARIO: {},
    SAVED: [],
    DATA_GEN: 0,
}


def init() -> None:
    for key, value in _DEFAULTS.items():
        st.session_state.setdefault(key, value.copy() if hasattr(value, "copy") else value)


def memo(
    name: str, key: Hashable, build: Callable[[], T], *, size: int = 8, source: object = None
) -> T:
    """`build()` once per `key`, kept in this session only (a visitor's numbers never reach
    another's, unlike st.cache_data), the `size` most recent keys per `name`. The one way a
    page remembers a result: charts and estimates of given factor values, the factor set, the
    plan, the factor timeline of one loaded history.

    `source` is an object the result is derived from that cannot be a key (the loaded data):
    it is matched by identity (its id() alone could be reused by a new object), so new data
    never meets an old result. The whole memo is also emptied on every data change."""
    store: dict[Hashable, Any] = st.session_state.setdefault(MEMO, {}).setdefault(name, {})
    full = (id(source), key)
    held = store.pop(full, None)
    if held is not None and held[0] is source:
        store[full] = held  # most recently used last
        return held[1]
    value = build()
    store[full] = (source, value)
    while len(store) > size:
        del store[next(iter(store))]
    return value


def memo_last(session: Mapping, name: str) -> Any:
    """The result `memo(name, ...)` gave last in `session` (a page's session state, or an
    AppTest's after a run), or None: how a test reads what a page computed."""
    store = (session[MEMO] if MEMO in session else {}).get(name) or {}
    return next(reversed(store.values()))[1] if store else None


def values_key(values: dict) -> tuple:
    """A hashable key for {factor id: value}."""
    return tuple(sorted(values.items()))


def history():
    """The merged history DataFrame, or None without data."""
    result = st.session_state.get(IMPORT)
    return None if result is None else result.history


def set_data(result, source: dict | None, profile: dict | None) -> None:
    """Replace the data. Everything derived from the old data goes with it: the what-if scenario
    and its widgets, saved scenarios, form prefills. `profile=None` keeps the user's own profile;
    a new profile (a sample's, or empty) also resets the Jiebei limit/balance entered with it."""
    if (source or {}).get("kind") != "upload" and any(
        st.session_state.get(uploader_key(p)) for p in UPLOADERS
    ):  # a sample, typed rows or Clear replace the files: the uploaders no longer show them
        st.session_state[UPLOADER_GEN] = st.session_state.get(UPLOADER_GEN, 0) + 1
    st.session_state[IMPORT] = result
    st.session_state[SOURCE] = source
    if profile is not None:
        st.session_state[PROFILE] = profile
        st.session_state[PROFILE_EXTRA] = dict(_DEFAULTS[PROFILE_EXTRA])
    st.session_state[SCENARIO] = {}
    st.session_state[SAVED] = []
    st.session_state[MEMO] = {}  # nothing derived from the old data outlives it
    forget_whatif_widgets()
    st.session_state[DATA_GEN] = st.session_state.get(DATA_GEN, 0) + 1


def forget_whatif_widgets() -> None:
    """Drop the what-if sliders' own state, so they seed again from SCENARIO or the baseline."""
    for key in [k for k in st.session_state if str(k).startswith(WHATIF_WIDGET)]:
        del st.session_state[key]


def uploader_key(page_id: str) -> str:
    """The key of the page's uploader: a new one whenever it is to be emptied (a widget's files
    cannot be set, only left behind with its key)."""
    gen = st.session_state.get(UPLOADER_GEN, 0)
    return f"{UPLOADERS[page_id]}_{gen}" if gen else UPLOADERS[page_id]


def clear_data() -> None:
    set_data(None, None, {})
