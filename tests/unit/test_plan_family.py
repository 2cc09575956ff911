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
    from limitlens import catalog, coherence, model
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
    # and the kind the severe gates close, which the search must still answer
    assert any(model.estimate(v).outcome == "likely_closed" for v, _, _, _ in cases)
    assert len({(tuple(sorted(v.items())), t, b) for v, _, t, b in cases}) == len(cases)


def _embedded_snapshot(html: str) -> dict:
    import json
    import re

    from limitlens.report import SNAPSHOT_ID

    body = re.search(f'<script type="application/json" id="{SNAPSHOT_ID}">(.*?)</script>', html)
    assert body is not None
    return json.loads(body.group(1))


def test_the_command_line_and_the_report_keep_the_same_plan(tmp_path, capsys):
    import json

    from limitlens import cli
    from limitlens.report import read_snapshot
    from tests.conftest import ROOT

    persona = ROOT / "data" / "personas" / "new_graduate"
    inputs = [f"{persona}.csv", "--profile", f"{persona}.profile.json", "--target", "50000"]
    assert cli.main(["plan", *inputs, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    out = tmp_path / "report.html"
    assert cli.main(["report", *inputs, "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    kept = _embedded_snapshot(html)["plan"]
    assert kept == printed["plans"][0]  # one shape, written once: Plan.to_json
    assert set(kept) == {"changes", "follows", "limit", "effort", "months", "interest_cny_12m"}
    assert read_snapshot(html.encode()).plan == kept  # and it reads back as it was written


def test_a_report_from_before_follows_were_kept_apart_still_reads_and_compares():
    from dataclasses import replace
    from datetime import date

    from limitlens import catalog
    from limitlens.report import Snapshot, compare

    values = {**catalog.defaults(), "inquiries_6m": 6, "sesame_score": 640}
    chosen = plan.seek(values, 20_000).plans[0]
    assert chosen.follows  # the Sesame score follows the actions
    snap = Snapshot(
        date=date(2026, 1, 1),
        factors=values,
        sources={fid: "default" for fid in values},
        estimate={"eligible": True, "low": 1_000, "mid": 2_000, "high": 3_000},
        target=20_000,
        plan=chosen.to_json(),
        projection=(2_000,) * 13,
    )
    old = snap.to_json()
    old["plan"] = {k: v for k, v in old["plan"].items() if k in ("limit", "effort", "months")}
    old["plan"]["changes"] = chosen.values()  # then: actions and what follows, in one table
    before_old = Snapshot.from_json(old)
    before_new = Snapshot.from_json(snap.to_json())
    later = replace(snap, date=date(2026, 7, 1), plan=None)
    # what the plan moves is tracked the same way, whichever shape the report has
    progress = [compare(b, later).progress for b in (before_old, before_new)]
    assert set(progress[0]["factor"]) == set(progress[1]["factor"]) == set(chosen.values())
