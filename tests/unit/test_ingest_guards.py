"""Issue 18, item 5: the command line keeps the web's bomb guards. Its LOCAL limits let a file
be 2 GiB and an upload unpack 4 GiB, so only the ratio guard stops a bomb there: what one
uploaded file unpacks, at any depth, stays within MAX_RATIO times its size (plus a little),
while a real export, which packs about 8x, imports whole."""

from __future__ import annotations

import io
import zipfile

import pytest

from devtools.generated_export import make_export
from limitlens.cli import main
from limitlens.i18n import t
from limitlens.ingest import LOCAL, WEB, Limits, import_files
from limitlens.ingest.containers import expand
from limitlens.ingest.limits import CHUNK, MAX_RATIO, Budget, ratio_allowance
from tests import hostile
from tests import ingest_fixtures as F

GIB = 2**30


def unpacked_by(data: bytes, limits: Limits) -> tuple[int, list[str | None]]:
    """(bytes unpacked while opening the zip `data` under `limits`, each entry's error key)."""
    budget = Budget(limits)
    budget.start_file(len(data))
    keys = [err.key if err else None for _, _, err in expand("b.zip", data, budget)]
    return limits.upload_bytes - budget.bytes_left, keys


def test_a_small_zip_of_a_gibibyte_of_zeros_is_refused_after_its_ratio_share():
    bomb = hostile.zero_bomb(GIB)
    assert len(bomb) < 2 * 2**20  # ~1 MB on disk
    spent, keys = unpacked_by(bomb, LOCAL)
    assert keys == ["ingest.guard.ratio"]
    assert spent <= ratio_allowance(len(bomb)) + CHUNK < GIB // 8  # read in chunks


def test_a_nested_bomb_stops_at_its_first_bomb_member():
    """10 zips of 400 MiB of zeros inside one zip: the first inner member past its share
    refuses the whole uploaded file; the other nine are never unpacked."""
    bomb = hostile.nested_bomb(10, 400 * 2**20)
    spent, keys = unpacked_by(bomb, LOCAL)
    assert keys[0] == "ingest.guard.ratio" and set(keys) == {"ingest.guard.ratio"}
    inner = len(hostile.zero_bomb(400 * 2**20, "bill0.csv"))
    assert spent <= inner + ratio_allowance(inner) + CHUNK <= ratio_allowance(len(bomb))


@pytest.mark.parametrize("case_id", ["zip_bomb_many_members", "zip_bomb_one_member", "xlsx_bomb"])
def test_the_web_bombs_are_refused_the_same_way_on_the_command_line(case_id):
    case = hostile.by_id(case_id)
    web = import_files(case.files, WEB)
    local = import_files(case.files, LOCAL)
    key = [f.error.key if f.error else None for f in local.files]
    assert key == [f.error.key if f.error else None for f in web.files] == case.errors
    assert local.history.empty


def test_the_cli_refuses_a_bomb_with_one_line(tmp_path, capsys):
    path = tmp_path / "账单.zip"
    path.write_bytes(hostile.zero_bomb(GIB))
    assert main(["inspect", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    reason = t("en", "ingest.guard.ratio", ratio=MAX_RATIO)
    assert err == [f"error: 账单.zip/bill.csv: {reason}"]


def test_a_real_export_in_a_zip_imports_whole_under_both_limits():
    """A real-format Alipay export of 100,000 rows packs about 8x: far inside the guard."""
    data = make_export(100_000)
    packed = hostile.zip_of({"支付宝交易明细.csv": data}, level=9)
    assert len(data) / len(packed) < MAX_RATIO / 4
    for limits in (WEB, LOCAL):
        result = import_files([("export.zip", packed)], limits)
        assert [f.error for f in result.files] == [None]
        assert result.files[0].rows == 100_000 == len(result.history)


def test_a_real_xlsx_in_a_zip_imports_whole():
    name = F.REAL_XLSX[-1]
    want = import_files([(name, F.real(name))], LOCAL).history
    with io.BytesIO() as buf:
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            zf.writestr(name, F.real(name))
        got = import_files([("w.zip", buf.getvalue())], LOCAL)
    assert [f.error for f in got.files] == [None] and len(got.history) == len(want) > 0
