"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from limitlens import catalog


def factor_value(f: catalog.Factor) -> st.SearchStrategy:
    """Any value the catalog allows for `f`: a number in its range, a bool, one of its options."""
    if f.kind == "bool":
        return st.booleans()
    if f.kind == "category":
        return st.sampled_from(f.options)
    return st.floats(float(f.min), float(f.max), allow_nan=False, allow_infinity=False)
