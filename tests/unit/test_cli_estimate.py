"""`python -m limitlens estimate` as a user runs it: a real subprocess each time."""

from __future__ import annotations

import json
from functools import partial

import pytest

from limitlens import catalog, model, plan
from tests.helpers import limitlens_cli

run = partial(limitlens_cli, "estimate", timeout=60)


def test_no_file_uses_catalog_defaults():
    proc = run("--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # with nothing known, every factor but the platform's risk stance is a default
    assumed = [f.id for f in catalog.factors() if f.source != "scenario"]
    assert out["defaults"] == assumed
    e = model.estimate({}, assumed)
    assert out["limit"] == {"low": e.low, "mid": e.mid, "high": e.high}
    assert out["eligible"] is True and out["reasons"] == []
    assert set(out["factors"]) == set(catalog.ids())
    assert sum(out["points"].values()) == out["points_total"] == e.points_total
    assert out["outcome"] == "eligible" and out["notes"] == []
    reasons = plan.why_not_higher({}, tuple(assumed))
    assert [(r["id"], r["gain"], r["actionable"]) for r in out["why_not_higher"]] == [
        (r.id, r.gain, r.actionable) for r in reasons
    ]
    for r in out["why_not_higher"]:  # each gain is exactly that one move, as --set shows
        sets = [
            a for k, v in {r["id"]: r["to"], **r["follows"]}.items() for a in ("--set", f"{k}={v}")
        ]
        moved = json.loads(run("--json", *sets).stdout)
        assert moved["limit"]["mid"] - out["limit"]["mid"] == r["gain"]


def test_set_overrides_and_parses_values(tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"sesame_score": 700, "income_monthly": 9000}), encoding="utf-8")
    proc = run(
        "--profile",
        str(profile),
        "--set",
        "sesame_score=735",
        "--set",
        "profile_updated=1",
        "--set",
        "region_tier=tier1",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    f = out["factors"]
    assert (f["sesame_score"], f["income_monthly"], f["profile_updated"], f["region_tier"]) == (
        735,
        9000,
        True,
        "tier1",
    )
    expected = model.estimate(
        {
            "sesame_score": 735,
            "income_monthly": 9000,
            "profile_updated": True,
            "region_tier": "tier1",
        }
    )
    assert out["limit"]["mid"] == expected.mid


def test_gate_shows_in_json_and_summary():
    proc = run("--set", "overdue_now=true", "--json")
    out = json.loads(proc.stdout)
    assert not out["eligible"] and out["reasons"] == ["overdue_now"] and out["limit"]["mid"] == 0
    text = run("--set", "overdue_now=true")
    assert text.returncode == 0 and "Not eligible" in text.stdout and "overdue" in text.stdout
    zh = run("--set", "sesame_score=720", "--lang", "zh")
    assert "¥" in zh.stdout and "示意估算" in zh.stdout


def test_batch_prints_one_line_per_scenario(tmp_path):
    batch = tmp_path / "s.jsonl"
    lines = [
        {"sesame_score": 700},
        {"sesame_score": 590},
        {"occupation": "student"},
        {"assets": 50000, "real_name": False},
    ]
    batch.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    proc = run("--batch", str(batch), "--set", "income_monthly=10000", "--json")
    assert proc.returncode == 0, proc.stderr
    outs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(outs) == len(lines)
    for line, out in zip(lines, outs, strict=True):
        e = model.estimate({"income_monthly": 10000, **line})
        assert out["limit"]["mid"] == e.mid and out["reasons"] == e.reasons


@pytest.mark.parametrize(
    "args",
    [
        ("--set", "nope=1"),
        ("--set", "sesame_score=abc"),
        ("--set", "sesame_score=2000"),
        ("--set", "region_tier=mars"),
        ("--set", "novalue"),
        ("--profile", "/nonexistent/p.json"),
        ("/nonexistent/export.csv",),
    ],
)
def test_invalid_input_exits_2_with_one_line(args):
    proc = run(*args, "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ")


def test_bad_batch_line_names_the_line(tmp_path):
    batch = tmp_path / "s.jsonl"
    batch.write_text('{"sesame_score": 700}\n{"lenders": "many"}\n', encoding="utf-8")
    proc = run("--batch", str(batch))
    assert proc.returncode == 2 and "line 2" in proc.stderr and "Traceback" not in proc.stderr


def test_with_a_real_export():
    from limitlens.paths import PERSONAS_DIR

    proc = run(str(PERSONAS_DIR / "steady_employee.csv"), "--set", "sesame_score=700", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["factors"]["sesame_score"] == 700 and out["eligible"]
