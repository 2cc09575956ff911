"""The plural rule lives in `limitlens.i18n.t`: a text stored as `key_one` / `key_other` is asked
for as `key` with a numeric `count`, in the core (Message) and in the UI (format.plural) alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limitlens.format import plural
from limitlens.i18n import LANGS, Message, catalog, t


@given(st.integers(min_value=0, max_value=10**9))
def test_count_picks_the_form_and_carries_separators(n):
    text = t("en", "ingest.report.file_rows", count=n)
    assert text == f"{n:,} {'row' if n == 1 else 'rows'} imported"


@pytest.mark.parametrize("count", [0, 1, 1.0, 1.5, 2, 12345])
def test_core_messages_and_page_helper_agree(count):
    for lang in LANGS:
        via_message = Message("ingest.report.skipped", {"count": count}).render(lang)
        assert via_message == plural(lang, "ingest.report.skipped", count)
        form = "one" if count == 1 else "other"
        assert via_message.startswith(
            catalog(lang)[f"ingest.report.skipped_{form}"].split("{count}")[0]
        )


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
