"""`python -m limitlens plan` and `report` as a user runs them."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limitlens import cli, plan
from limitlens.report import read_snapshot
from tests.budget import examples
from tests.helpers import limitlens_cli as run
from tests.helpers import persona_args, report_args
from tests.unit.test_plan import profiles


def main_json(capsys, *argv: str) -> dict:
    assert cli.main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_prints_the_promised_json_for_an_export():
    proc = run(
        "plan",
        *persona_args("new_graduate"),
        "--target",
        "50000",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {"reachable", "max_mid", "plans"} <= set(out)
    assert 1 <= len(out["plans"]) <= 3
    for p in out["plans"]:
        assert set(p) == {"changes", "follows", "limit", "effort", "months", "interest_cny_12m"}
        assert "sesame_score" not in p["changes"] and p["interest_cny_12m"] is None
        assert set(p["limit"]) == {"low", "mid", "high"}
        assert p["limit"]["mid"] >= (50000 if out["reachable"] else out["max_mid"])
    assert len({frozenset(p["changes"]) for p in out["plans"]}) == len(out["plans"])


def _sets(values: dict) -> list[str]:
    out = []
    for k, v in values.items():
        text = v if isinstance(v, str) else json.dumps(round(v, 2) if isinstance(v, float) else v)
        out += ["--set", f"{k}={text}"]
    return out


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(values=profiles(), target=st.integers(2_000, 150_000), k=st.integers(1, 4))
def test_plan_and_estimate_set_agree_on_random_profiles(capsys, values, target, k):
    base = _sets(values)
    out = main_json(
        capsys, "plan", *base, "--target", str(target), "--max-changes", str(k), "--json"
    )
    for p in out["plans"]:
        assert len(p["changes"]) <= k
        moved = {**p["changes"], **p["follows"]}  # the actions and what follows from them
        est = main_json(capsys, "estimate", *base, *_sets(moved), "--json")
        assert est["limit"] == p["limit"]
        if out["reachable"]:
            assert p["limit"]["mid"] >= target
        else:
            assert p["limit"]["mid"] == out["max_mid"] < target


def test_plan_bad_inputs_exit_2_with_one_line():
    for args in (
        ["--target", "lots"],
        ["--target", "-5"],
        ["--target", "50000", "--max-changes", "0"],
        ["--target", "50000", "--max-changes", str(len(plan.levers()) + 1)],
        ["--target", "50000", "--set", "sesame_score=abc"],
        ["--target", "50000", "missing-file.csv"],
    ):
        proc = run("plan", *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "Traceback" not in proc.stderr


def test_report_round_trip_on_the_command_line(tmp_path):
    first = tmp_path / "first.html"
    proc = run(*report_args(), "-o", str(first))
    assert proc.returncode == 0, proc.stderr
    snap = read_snapshot(first.read_bytes())
    assert snap.target == 120000 and snap.date.isoformat() == "2026-11-01"
    assert '<section id="comparison">' not in first.read_text(encoding="utf-8")

    second = tmp_path / "second.html"
    proc = run(
        "report",
        *persona_args(),
        "--set",
        "inquiries_6m=0",
        "--previous",
        str(first),
        "--date",
        "2026-12-05",
        "--lang",
        "en",
        "-o",
        str(second),
    )
    assert proc.returncode == 0, proc.stderr
    text = second.read_text(encoding="utf-8")
    assert '<section id="comparison">' in text
    assert "Since 2026-11-01, 1 month ago" in text
    later = read_snapshot(second.read_bytes())
    assert later.target == 120000  # the earlier report's target carried over
    assert later.factors["inquiries_6m"] == 0


def test_report_bad_previous_is_one_line(tmp_path):
    fake = tmp_path / "fake.html"
    fake.write_text("<html><body>hello</body></html>", encoding="utf-8")
    for args in (
        ["--previous", str(fake)],
        ["--previous", str(tmp_path / "absent.html")],
        ["--date", "yesterday"],
    ):
        proc = run("report", *args, "-o", str(tmp_path / "out.html"))
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "out.html").exists()
