"""The pieces Home's cold start rests on: a lazy module imports nothing until used, and factors
for a profile without a history (skipping the empty frame) are those of an empty history."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from limitlens import catalog
from limitlens.factors import compute_factors
from limitlens.schema import empty_history
from tests.budget import examples
from tests.conftest import ROOT
from tests.strategies import factor_value

CHILD = """
import sys
from limitlens.lazy import lazy

wave = lazy("wave")
assert "wave" not in sys.modules, "imported before use"
opener = wave.open
import wave as real
assert opener is real.open and "wave" in sys.modules
assert wave.open is real.open and "open" in vars(wave)  # kept: later reads skip the import
try:
    wave.open = None
except AttributeError:
    pass
else:
    raise AssertionError("a lazy module took an attribute")
assert "wave" in repr(wave) and "open" in dir(wave)
print("ok")
"""


def test_lazy_module_imports_at_first_use_only() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_lazy_module_raises_for_a_missing_name() -> None:
    from limitlens.lazy import lazy

    json = lazy("json")
    try:
        json.no_such_name  # noqa: B018
    except AttributeError:
        return
    raise AssertionError("a missing name read as something")


@st.composite
def declared(draw) -> dict:
    chosen = draw(st.lists(st.sampled_from(catalog.factors()), unique_by=lambda f: f.id))
    return {f.id: draw(factor_value(f)) for f in chosen}


@settings(max_examples=examples(60), deadline=None)
@given(profile=declared(), window=st.sampled_from((3, 6, 12, 24)))
def test_no_history_is_an_empty_history(profile: dict, window: int) -> None:
    def outcome(history):
        try:
            return compute_factors(history, profile, window_months=window)
        except ValueError as exc:  # a value the form would refuse: refused the same way
            return str(exc)

    assert outcome(None) == outcome(empty_history())
