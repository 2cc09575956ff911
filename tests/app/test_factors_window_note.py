"""The Factors page's window note, on a one-month export and on a long one: what it says is
counted is what the factors count."""

from __future__ import annotations

import pytest

from components import state
from limitlens.i18n import LANGS, t
from limitlens.ingest import import_files
from tests.app.test_pages_render import app_test
from tests.ingest_fixtures import a3
from tests.unit.test_factor_window import _one_month_export


def _factors_page(data: bytes, lang: str):
    at = app_test("factors")
    at.query_params["lang"] = lang
    at.session_state[state.IMPORT] = import_files([("alipay.csv", data)])
    at.session_state[state.SOURCE] = {"kind": "upload", "names": ["alipay.csv"]}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_a_one_month_export_says_every_row_counts(lang):
    at = _factors_page(_one_month_export(), lang)
    captions = [c.value for c in at.caption]
    assert t(lang, "guide.window.explain_all", start="2026-06-08", end="2026-07-08") in captions
    assert not [i.value for i in at.info if "2026-06-09" in i.value]


def test_a_long_export_names_the_rows_left_out_and_who_still_reads_them():
    rows = [{"time": "2024-01-05 10:00:00", "amount": "20.00", "order": "2024010500001"}]
    rows += [
        {"time": f"2026-{m:02d}-05 10:00:00", "amount": "20.00", "order": f"202600{m:02d}0001"}
        for m in range(1, 7)
    ]
    at = _factors_page(a3(rows), "zh")
    info = " ".join(i.value for i in at.info)
    assert "有 1 笔早于这段时间" in info and "使用时长" in info and "最近 12 个月" in info
