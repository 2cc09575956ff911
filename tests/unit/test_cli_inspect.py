"""`python -m limitlens inspect`: JSON shape, exit codes, no tracebacks on bad input."""

from __future__ import annotations

import json
from functools import partial

from tests import ingest_fixtures as F
from tests.helpers import limitlens_cli

run = partial(limitlens_cli, "inspect")


def test_json_for_two_files(tmp_path):
    a = tmp_path / "支付宝交易明细(20260301-20260331).csv"
    a.write_bytes(F.a3())
    w = tmp_path / "微信支付账单.xlsx"
    w.write_bytes(F.w3())
    proc = run(str(a), str(w), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [f["name"] for f in out["files"]] == [a.name, w.name]
    assert [f["layout"] for f in out["files"]] == ["alipay_app_a3", "wechat_xlsx_w3"]
    assert [f["encoding"] for f in out["files"]] == ["gb18030", "xlsx"]
    assert [f["rows"] for f in out["files"]] == [len(F.ALIPAY_MONTH), len(F.WECHAT_ROWS)]
    assert out["rows"] == len(F.ALIPAY_MONTH) + len(F.WECHAT_ROWS)
    assert out["period"] == {"start": "2026-03-01", "end": "2026-03-25"}
    expected = {k: F.ALIPAY_MONTH_TOTALS[k] + F.WECHAT_TOTALS[k] for k in ("in", "out", "neutral")}
    assert out["totals"] == {k: f"{v:.2f}" for k, v in expected.items()}
    assert sum(out["categories"].values()) == out["rows"]
    assert out["categories"]["income"] == 2


def test_duplicates_count_once_in_top_level_rows(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(F.a3())
    b.write_bytes(F.a3(padded=True))
    out = json.loads(run(str(a), str(b), "--json").stdout)
    assert [f["rows"] for f in out["files"]] == [len(F.ALIPAY_MONTH)] * 2
    assert out["rows"] == len(F.ALIPAY_MONTH)
    assert out["totals"]["in"] == "12200.00"


def test_skipped_rows_with_reasons_in_both_languages(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(F.bad_rows_a3())
    en = json.loads(run(str(p), "--json").stdout)
    assert [s["row"] for s in en["files"][0]["skipped"]] == [27, 28]
    assert "amount" in en["files"][0]["skipped"][0]["reason"]
    zh = json.loads(run(str(p), "--json", "--lang", "zh").stdout)
    assert "金额" in zh["files"][0]["skipped"][0]["reason"]


def test_nothing_imported_exits_2_with_one_line(tmp_path):
    p = tmp_path / "ledger.csv"
    p.write_bytes(F.ledger())
    proc = run(str(p), "--json")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "记账本" in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["rows"] == 0


def test_missing_file_exits_2(tmp_path):
    proc = run(str(tmp_path / "nope.csv"))
    assert proc.returncode == 2 and "nope.csv" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_binary_and_encrypted_exit_2_without_traceback(tmp_path):
    for name, data in (("x.csv", F.binary()), ("x.zip", F.encrypted_zip())):
        p = tmp_path / name
        p.write_bytes(data)
        proc = run(str(p))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_readable_summary(tmp_path):
    p = tmp_path / "w.csv"
    p.write_bytes(F.w1())
    proc = run(str(p))
    assert proc.returncode == 0
    assert "wechat_csv_w1" in proc.stdout and "¥45,000.35" in proc.stdout


def test_the_command_line_reads_an_export_larger_than_an_upload_may_be(tmp_path):
    from devtools.generated_export import make_export
    from limitlens.ingest import MAX_FILE_BYTES

    big = tmp_path / "支付宝交易明细(20250101-20251231).csv"
    big.write_bytes(make_export(140_000))  # over the web page's 20 MB per file
    assert big.stat().st_size > MAX_FILE_BYTES
    proc = run(str(big), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"] == 140_000


def test_what_was_mended_is_in_the_json_and_the_text(tmp_path):
    name = "alipay_app_2023style_gbk_from_double-entry-generator.csv"
    data = F.real(name)
    path = tmp_path / name
    path.write_bytes(data[:300] + b"\x00" + data[300:])
    out = json.loads(run(str(path), "--json").stdout)
    assert out["files"][0]["notes"] == [
        "1 NUL byte (a stray zero byte, left by a copy or an editor) was removed; the text "
        "around it was read as usual."
    ]
    text = run(str(path)).stdout
    assert "  1 NUL byte (a stray zero byte" in text
