"""The plan is one module family (limitlens/plan/): data/plan.toml has one loader, every part
imports on its own in a fresh interpreter whatever comes first, and one JSON shape of a plan is
what the command line prints and the report keeps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from limitlens import plan, projection
from limitlens.paths import PACKAGE_DIR


def test_plan_toml_has_one_loader_and_the_projection_reads_it_from_the_plan():
    loaders = [
        p.relative_to(PACKAGE_DIR).as_posix()
        for p in PACKAGE_DIR.rglob("*.py")
        if '"plan.toml"' in p.read_text(encoding="utf-8")
    ]
    assert loaders == ["plan/rules.py"]
    assert projection.params is plan.params is plan.rules.params


@pytest.mark.parametrize(
    "first", ["limitlens.projection", "limitlens.plan.text", "limitlens.plan.presenter"]
)
def test_each_part_imports_first_in_a_fresh_interpreter(first):
    # projection reads the plan's rules while the search reads the projection: whichever is
    # imported first, both must end up whole
    code = (
        f"import {first}\n"
        "from limitlens import plan, projection\n"
        "res = plan.seek({}, 30_000)\n"
        "assert res.plans and projection.months_needed('inquiries_6m', 3, 0) == 6\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_the_benchmark_workload_is_fixed_coherent_and_holds_the_largest_kind():
    from limitlens import catalog, coherence
    from limitlens.plan.workload import diverse_goal_seek_profiles

    cases = diverse_goal_seek_profiles()
    assert cases == diverse_goal_seek_profiles()  # the same cases every run
    ids = set(catalog.ids())
    for values, assumed, target, _ in cases:
        assert values.keys() == ids and set(assumed) <= ids and target > 0
        coherence.check(values)
    # the kind that makes the search largest, under both borrowing answers
    rich = [
        allow
        for values, _, target, allow in cases
        if values["income_monthly"] >= 80_000 and values["assets"] >= 1_000_000
    ]
    assert set(rich) == {False, True}
    assert len({(tuple(sorted(v.items())), t, b) for v, _, t, b in cases}) == len(cases)
