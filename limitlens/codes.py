"""Per-value codes of text columns, made once and reused.

The ingest reader dictionary-encodes every non-ASCII column while decoding, and mapping a
column value by value (directions, statuses, categories) yields codes too. Recording them lets
the later passes (categorising, cleaning, the file report) work once per distinct value instead
of hashing every cell again. Nothing here depends on what the values mean.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

# Factorisations the ingest reader already made while decoding (it dictionary-encodes every
# non-ASCII column): id of the immutable pyarrow array behind a str Series -> (weak reference
# to that array, codes, distinct values). An entry is used only while the reference still
# points at the very array it describes, and is dropped when that array is freed.
_KNOWN: dict[int, tuple[weakref.ref, np.ndarray, pd.Series]] = {}


def _backing(values: pd.Series):
    return getattr(values.array, "_pa_array", None) if values.dtype == "str" else None


def remember_codes(values: pd.Series, codes: np.ndarray, uniques: pd.Series) -> None:
    """Record that `values` (an arrow-backed str Series) is `uniques.take(codes)`, so that
    `factorized` need not hash every cell again. `uniques` may repeat a value."""
    arr = _backing(values)
    if arr is None or len(codes) != len(values):
        return
    key = id(arr)
    # the dict itself is bound here: at interpreter exit the module's globals are gone first
    ref = weakref.ref(arr, lambda _, key=key, known=_KNOWN: known.pop(key, None))
    _KNOWN[key] = (ref, codes, uniques)


def known_codes(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """What `remember_codes` recorded for these very values, or None."""
    arr = _backing(values)
    known = _KNOWN.get(id(arr)) if arr is not None else None
    if known is not None and known[0]() is arr:
        return known[1], known[2]
    return None


def equals(values: pd.Series, value: str) -> np.ndarray:
    """`values == value` as a bool array: one comparison per distinct value when their codes
    are known, else per row."""
    known = known_codes(values)
    if known is None:
        return (values == value).to_numpy(dtype=bool)
    codes, uniques = known
    return (uniques == value).to_numpy(dtype=bool)[codes]


def factorized(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(codes, values per code as str) of a text column: what the reader recorded for these
    very values, else pd.factorize. Codes index the values; a value may appear twice."""
    known = known_codes(values)
    if known is not None:
        return known
    codes, uniques = pd.factorize(values.astype("str"), sort=False)
    uniques = pd.Series(uniques.array if hasattr(uniques, "array") else uniques)
    if uniques.dtype != "str":
        uniques = uniques.astype("str")
    return codes, uniques
