"""`make test-fast` shrinks the Hypothesis properties and nothing else; `make test` (CI) keeps
every property's count as its test writes it (tests/budget.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from hypothesis import settings

from tests import budget
from tests.conftest import ROOT


@pytest.fixture
def profile():
    """Load a profile for one test; the one pytest started with comes back afterwards."""
    was = settings.get_current_profile_name()
    yield settings.load_profile
    settings.load_profile(was)


def test_the_default_profile_runs_every_count_as_written(profile):
    profile("default")
    assert [budget.examples(n) for n in (1, 25, 1500)] == [1, 25, 1500]


def test_the_fast_profile_runs_a_tenth_with_a_floor(profile):
    profile(budget.FAST)
    assert settings.default.max_examples == budget.FAST_FLOOR  # tests without a count
    assert [budget.examples(n) for n in (5, 25, 150, 1500)] == [5, 10, 15, 150]
    settings.register_profile("fast-with-verbose-verbosity", parent=settings.get_profile("fast"))
    profile("fast-with-verbose-verbosity")  # what --hypothesis-verbosity makes of it
    assert budget.examples(1500) == 150


def _make_n(target: str, tmp_path) -> list[str]:
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "requirements.txt").touch()
    (tmp_path / "requirements-dev.txt").touch()
    (tmp_path / ".venv").mkdir()
    for stamp in (".dev", ".runtime"):  # installed after the requirements: no pip lines
        (tmp_path / ".venv" / stamp).touch()
    # Run by `make test` itself, the child would inherit MAKELEVEL/MAKEFLAGS and print
    # "Entering directory /tmp/pytest-of-…" lines: a make of its own, as a person runs it.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    out = subprocess.run(
        ["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, check=True, env=env
    )
    return [line for line in out.stdout.splitlines() if "python -m pytest" in line]


def test_make_test_fast_is_unit_and_app_with_the_fast_profile(tmp_path):
    (line,) = _make_n("test-fast", tmp_path)
    assert re.search(r"pytest -q tests/unit tests/app --hypothesis-profile=fast -n auto", line)


def test_make_test_runs_everything_with_the_default_profile(tmp_path):
    (line,) = _make_n("test", tmp_path)
    assert line.endswith("pytest -q")  # every test path, the full counts, one process
    assert "--hypothesis-profile" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_no_test_writes_its_own_count():
    """A literal `max_examples=<n>` would override the fast profile (and the fast loop would run
    it in full): every count goes through examples(n)."""
    literal = re.compile(r"max_examples=\d")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("tests/**/*.py"))
        if path.name != "budget.py" and literal.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
