"""Streamlit walks every tracked object after each script run (two runs per What-if move); the
app's long-lived modules are frozen out of that walk (components/gc_freeze.py)."""

import gc
import sys
import types

import pytest

from components import gc_freeze
from tests.app.test_pages_render import run_page


def walked(obj: object) -> bool:
    """Whether a full collection walks `obj` (frozen objects sit in no generation)."""
    return any(o is obj for o in gc.get_objects())


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    gc_freeze._modules_frozen = 0
    yield
    gc.unfreeze()  # leave the test process's collector as it was
    gc_freeze._modules_frozen = 0


def test_what_exists_is_frozen_once_per_newly_imported_module(unfrozen):
    before = [[]]  # lists are always tracked
    assert walked(before)
    assert gc_freeze.freeze_loaded_modules()
    assert not walked(before) and gc.get_freeze_count() > 0
    after = [[]]
    assert not gc_freeze.freeze_loaded_modules()  # nothing imported since: no new walk
    assert walked(after)
    sys.modules["_ll_gc_freeze_probe"] = types.ModuleType("_ll_gc_freeze_probe")
    try:
        assert gc_freeze.freeze_loaded_modules()
        assert not walked(after)
    finally:
        del sys.modules["_ll_gc_freeze_probe"]


def test_a_page_run_freezes_the_modules_it_loaded(unfrozen):
    from limitlens.factors import compute_factors

    assert walked(compute_factors)
    run_page("factors", "en")
    assert not walked(compute_factors)
