"""`python -m limitlens factors`: catalog JSON, profile-only run, one-line errors."""

from __future__ import annotations

import json
from functools import partial

from limitlens import catalog
from tests.helpers import limitlens_cli

run_cli = partial(limitlens_cli, "factors", timeout=60)


def test_catalog_as_json():
    proc = run_cli("--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["id"] for r in rows] == list(catalog.ids())
    required = {"id", "label_zh", "label_en", "unit", "min", "max", "direction", "actionable"}
    required |= {"source", "group", "good", "fair", "explain_zh", "explain_en"}
    for r in rows:
        assert required <= set(r), r["id"]
    sesame = rows[0]
    assert (sesame["label_zh"], sesame["min"], sesame["max"]) == ("芝麻分", 350, 950)


def test_catalog_as_table():
    proc = run_cli()
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == len(catalog.ids())


def test_profile_only_run(tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"sesame_score": 720, "overdue_now": "yes"}), encoding="utf-8")
    proc = run_cli("--profile", str(profile), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out["factors"]) == set(catalog.ids())
    assert out["factors"]["sesame_score"] == 720 and out["factors"]["overdue_now"] is True
    assert out["sources"]["sesame_score"] == "declared"
    assert out["sources"]["income_monthly"] == "default"
    assert out["status"]["overdue_now"] == "weak" and out["status"]["sesame_score"] == "good"
    table = run_cli("--profile", str(profile))
    assert table.returncode == 0
    assert "Sesame score · 720 points · Good · you" in table.stdout.splitlines()


def test_bad_profile_id_exits_2_with_one_line(tmp_path):
    profile = tmp_path / "bad.json"
    profile.write_text(json.dumps({"sesame": 720}), encoding="utf-8")
    proc = run_cli("--profile", str(profile), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "sesame" in lines[0] and lines[0].startswith("error:")


def test_bad_profile_value_and_bad_json(tmp_path):
    out_of_range = tmp_path / "range.json"
    out_of_range.write_text('{"sesame_score": 2000}', encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    for path in (out_of_range, broken, listed, tmp_path / "missing.json"):
        proc = run_cli("--profile", str(path))
        assert proc.returncode == 2, path
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_missing_export_file_is_a_one_line_error(tmp_path):
    # Until limitlens.ingest lands this reports that reading files is not available; afterwards
    # the importer's own error for the unreadable file. Either way: exit 2, one line, no traceback.
    proc = run_cli(str(tmp_path / "nope.csv"), "--json")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_factors_from_a_real_layout_export_with_a_profile(tmp_path):
    from limitlens.paths import PERSONAS_DIR

    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"sesame_score": 702, "inquiries_6m": 4}), encoding="utf-8")
    proc = run_cli(str(PERSONAS_DIR / "multi_borrower.csv"), "--profile", str(profile), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["factors"]["sesame_score"] == 702 and out["sources"]["sesame_score"] == "declared"
    assert out["sources"]["lenders"] == "inferred" and out["factors"]["lenders"] >= 4
    assert out["status"]["lenders"] == "weak"


def test_an_export_that_imports_nothing_exits_2_with_the_reason(tmp_path):
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("记录时间,分类,收支类型,金额,备注,账户,来源,标签\n", encoding="utf-8")
    proc = run_cli(str(ledger), "--json")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "ledger.csv" in proc.stderr and "Traceback" not in proc.stderr
