"""`import_view.plain`: any text shown through Streamlit markdown stays text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from components.import_view import plain

TRIGGERS = "\\`*_{}[]()#+-.!|<>~$=&\"'"


def unescape(shown: str) -> str:
    return re.sub(r"\\(.)", r"\1", shown.replace(":\u200b", ":"))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_every_trigger_is_escaped_and_the_text_survives(text):
    shown = plain(text)
    assert "\n" not in shown
    assert unescape(shown) == " ".join(text.split())
    # no markdown trigger is left bare, no ':' can open a directive, icon or link scheme
    assert not re.search(r"(?<!\\)[" + re.escape(TRIGGERS.replace("\\", "")) + "]", shown)
    assert shown.count(":") == shown.count(":\u200b")


def test_a_markdown_image_name_cannot_load_anything():
    assert plain("![](http://host/x)") == "\\!\\[\\]\\(http:\u200b//host/x\\)"
