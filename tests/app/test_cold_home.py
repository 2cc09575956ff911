"""A cold demo link: Home's first run imports nothing heavy that a bare Streamlit page does not.

Each check runs in a fresh interpreter (this test process has long imported everything), the way
Streamlit runs a page: AppTest executes app.py, the Home page, with its shell, sidebar and footer.
The floor is a two-line Streamlit page run the same way in another fresh interpreter: whatever
it loads (Streamlit itself imports part of plotly) is Streamlit's cost, not Home's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse

from limitlens.i18n import LANGS, t
from limitlens.personas import personas
from tests.conftest import ROOT

HEAVY = ("pandas", "pyarrow", "plotly", "scipy")
# Streamlit's emoji table: loaded when a label's first word or the page icon is a non-ASCII
# string it must look up (0.1 s of a cold server's first run)
EMOJI_TABLE = "streamlit.emojis"

CHILD = """
import json, sys
from streamlit.testing.v1 import AppTest

script, langs = sys.argv[1], sys.argv[2:]
at = AppTest.from_file(script, default_timeout=300)
seen = []
for lang in langs or [None]:
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    seen.append({
        "title": [t.value for t in at.title],
        "buttons": [b.key for b in at.button],
        "switch": [o.strip() for w in at.segmented_control for o in w.options],
    })
print(json.dumps({"modules": sorted(sys.modules), "runs": seen}))
"""


def _run(script: str, *langs: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, script, *langs],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _heavy(modules: list[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY}


def test_home_imports_no_more_than_a_bare_page(tmp_path) -> None:
    floor_page = tmp_path / "floor.py"
    floor_page.write_text("import streamlit as st\n\nst.title('Streamlit')\n", encoding="utf-8")
    floor = _run(str(floor_page))
    home = _run(str(ROOT / "app.py"), *LANGS)

    # Home really ran, in both languages: its title and every sample's button are there.
    for run, lang in zip(home["runs"], LANGS, strict=True):
        assert run["title"] == [t(lang, "ui.home.title")]
        assert run["switch"] == [t(code, "lang.name") for code in LANGS]
        assert {f"ll_persona_{p.id}" for p in personas()} <= set(run["buttons"])
    extra = _heavy(home["modules"]) - _heavy(floor["modules"])
    assert not extra, f"Home imports what a bare page does not: {sorted(extra)[:20]}"
    for name in ("pandas", "pyarrow"):
        assert name not in home["modules"]
    assert EMOJI_TABLE not in floor["modules"]
    assert EMOJI_TABLE not in home["modules"], (
        "a label or icon makes Streamlit load its emoji table"
    )


def test_the_switch_and_the_icon_say_what_they_said_in_ascii_or_after_a_blank_word() -> None:
    """What keeps Streamlit from loading its emoji table, without changing what is shown: each
    language's own name (read alone) after a space the button does not draw, and 🔍 as the
    browser draws an emoji icon, written in ASCII."""
    from components import shell
    from limitlens import i18n

    for code in LANGS:
        assert i18n.own_name(code) == t(code, "lang.name")
        label = shell._switch_label(code)
        assert label.split(" ", 1) == ["", t(code, "lang.name")]
    assert shell.FAVICON.isascii()
    assert urllib.parse.unquote(shell.FAVICON).count("🔍") == 1
