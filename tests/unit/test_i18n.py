"""The plural rule lives in `limitlens.i18n.t`: a text stored as `key_one` / `key_other` is asked
for as `key` with a numeric `count`, in the core (Message) and in the UI (format.plural) alike."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limitlens.format import plural
from limitlens.i18n import LANGS, Message, t
from tests.conftest import ROOT


@given(st.integers(min_value=0, max_value=10**9))
def test_count_picks_the_form_and_carries_separators(n):
    text = t("en", "ingest.report.file_rows", count=n)
    assert text == f"{n:,} {'row' if n == 1 else 'rows'} imported"


# count -> its text and the form it takes, written out here rather than asked of t()
SKIPPED = [(0, "0", "other"), (1, "1", "one"), (1.0, "1", "one"), (1.5, "1.5", "other")]
SKIPPED += [(2, "2", "other"), (12345, "12,345", "other")]


@pytest.mark.parametrize(("count", "shown", "form"), SKIPPED)
def test_core_messages_and_page_helper_agree(count, shown, form):
    for lang in LANGS:
        raw = tomllib.loads((ROOT / "data" / "i18n" / lang / "ingest.toml").read_text("utf-8"))
        expected = raw["report"][f"skipped_{form}"].replace("{count}", shown)
        assert Message("ingest.report.skipped", {"count": count}).render(lang) == expected
        assert plural(lang, "ingest.report.skipped", count) == expected


def test_fractional_counts_show_one_decimal():
    assert t("en", "ui.factors.thin", count=1.5).startswith("The export covers only 1.5 months")


def test_a_plural_text_needs_a_numeric_count():
    with pytest.raises(TypeError, match="ingest.report.skipped"):
        t("en", "ingest.report.skipped", count="2")
    with pytest.raises(TypeError):
        t("en", "ingest.report.skipped")


def test_plain_keys_are_untouched_and_unknown_keys_fail_loudly():
    assert t("en", "ui.data.duplicates", count=3).endswith(": 3.")
    with pytest.raises(KeyError):
        t("en", "ingest.report.no_such_text", count=1)
