"""Streamlit walks every tracked object after each script run (two runs per What-if move); the
app's long-lived modules are frozen out of that walk (components/gc_freeze.py), and nothing a
closed session held stays frozen for good."""

import gc
import sys
import types
import weakref

import pytest

from components import gc_freeze
from tests.app.test_pages_render import run_page


def walked(obj: object) -> bool:
    """Whether a full collection walks `obj` (frozen objects sit in no generation)."""
    return any(o is obj for o in gc.get_objects())


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    gc.unfreeze()
    fake = Clock()
    monkeypatch.setattr(gc_freeze, "clock", fake)
    monkeypatch.setattr(gc_freeze, "_frozen", (0, float("-inf")))
    monkeypatch.setattr(gc_freeze, "_thawed", False)
    yield fake
    gc.unfreeze()  # leave the test process's collector as it was


def test_what_exists_is_frozen_after_an_import_and_thawed_once_in_a_while(clock):
    before = [[]]  # lists are always tracked
    assert walked(before)
    assert gc_freeze.freeze_loaded_modules() == "freeze"
    assert not walked(before) and gc.get_freeze_count() > 0
    after = [[]]
    clock.now += gc_freeze.REFRESH_S / 2
    assert gc_freeze.freeze_loaded_modules() is None  # nothing imported, not yet stale
    assert walked(after)
    sys.modules["_ll_gc_freeze_probe"] = types.ModuleType("_ll_gc_freeze_probe")
    try:
        assert gc_freeze.freeze_loaded_modules() == "freeze"
        assert not walked(after)
        clock.now += gc_freeze.REFRESH_S
        assert gc_freeze.freeze_loaded_modules() == "thaw"
        assert walked(before) and gc.get_freeze_count() == 0  # one run's collection walks all
        assert gc_freeze.freeze_loaded_modules() == "freeze"  # and the next run freezes again
        assert not walked(before)
    finally:
        del sys.modules["_ll_gc_freeze_probe"]


class Session:
    """Stands for a visitor's session: objects that refer to each other."""


def test_a_cycle_frozen_while_alive_is_collected_after_the_next_thaw(clock):
    session = Session()
    session.me = session  # a cycle: only the collector can free it
    gone = weakref.ref(session)
    gc_freeze.freeze_loaded_modules()
    del session  # the visitor left
    gc.collect()  # Streamlit's after-run collection cannot reach it while it is frozen
    assert gone() is not None
    clock.now += gc_freeze.REFRESH_S
    assert gc_freeze.freeze_loaded_modules() == "thaw"
    gc.collect()  # that run's after-run collection
    assert gone() is None


def test_a_page_run_freezes_the_modules_it_loaded(clock):
    from limitlens.factors import compute_factors

    assert walked(compute_factors)
    run_page("factors", "en")
    assert not walked(compute_factors)
