"""Each list has one owner: the pages (components/pages.py), the languages (i18n.LANGS and each
language's catalogs), a language's separators (its catalog), the product's limit range
(data/model.toml through model.product_range). These tests fail when one is written again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from limitlens import model
from limitlens.i18n import LANGS, Message, catalog, t
from tests.conftest import ROOT

APP_CODE = sorted(
    p
    for p in [ROOT / "app.py", *ROOT.glob(f"{'pages'}/*.py"), *ROOT.glob("components/**/*.py")]
    + [*ROOT.glob("limitlens/**/*.py"), *ROOT.glob("scripts/*.py")]
)
TESTS = sorted(ROOT.glob("tests/**/*.py"))
THIS = Path(__file__).resolve()


def _hits(files: list[Path], pattern: str, skip: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in files:
        name = str(path.relative_to(ROOT))
        if path == THIS or name in skip:
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{name}:{no}: {line.strip()}")
    return found


def test_the_languages_are_listed_once():
    pairs = r"""[(\[{]\s*["']zh["'],\s*["']en["']|["']en["'],\s*["']zh["']\s*[)\]}]"""
    found = _hits(APP_CODE + TESTS, pairs, skip=("tests/unit/test_new_language.py",))
    assert found == ['limitlens/i18n.py:27: LANGS: tuple[str, ...] = ("zh", "en")']


def test_no_code_decides_by_language():
    """What differs between languages (separators, punctuation, word order, names) is text in
    its catalog, so a new language needs no code."""
    assert _hits(APP_CODE, r"""lang\s*[!=]=\s*["']|["'](zh|en)["']\s+if\s+lang""") == []


def test_no_separator_is_written_in_code():
    assert _hits(APP_CODE, r"""["'](、|；|，或|：)["']""") == []
    ui = [p for p in APP_CODE if p.parts[len(ROOT.parts)] in ("app.py", "pages", "components")]
    assert _hits(ui, r"""["'](, |; )["']\.join""") == []  # UI lists use ui.list_sep


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_param_reads_in_the_languages_separator(lang):
    sep = catalog(lang)["ui.list_sep"]
    key = "model.cli.assumed"
    assert t(lang, key, factors=("A", "B", "C")) == t(lang, key, factors=sep.join("ABC"))
    message = Message("ingest.missing_columns", {"columns": ("交易时间", "金额")})
    assert f"交易时间{sep}金额" in message.render(lang)


def test_the_product_range_is_written_once():
    low, high = model.product_range()
    anchor = next(a for a in model.params()["anchor"] if a["id"] == "jiebei_range")
    assert (low, high) == (anchor["min"], anchor["max"]) and 0 < low < high
    # limitlens/ingest/limits.py's 300,000 is a row count, not money
    money_top = rf"\b{high:_}\b|\b{high}(\.0)?\b|\b{low:_}, {high:_}\b"
    assert _hits(APP_CODE, money_top, skip=("limitlens/ingest/limits.py",)) == []
    assert (
        _hits(TESTS, rf"\b{high:_}\b|\b{high}\b", skip=("tests/unit/test_snapshot_schema.py",))
        == []
    )


def test_page_scripts_are_named_in_the_registry_only():
    script = r"""["']pages/\d+_\w+\.py["']"""
    skip = ("components/pages.py",)
    assert _hits(APP_CODE + TESTS, script, skip=skip) == []
