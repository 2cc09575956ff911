"""A new language is its code in `i18n.LANGS`, a folder of catalogs and its texts in the data
files — nothing else (README "Adding a language"). Proven with a throw-away language in a
temporary copy of the app: the switch offers it, the pages and the command line speak it; and
`i18n.gaps()`, which the catalog test runs, names what a half-added one lacks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from limitlens import i18n
from limitlens.paths import DATA_DIR
from tests.app_copy import copy_app, run_in

CODE = "xx"
NAME = "Test-speak"
HOME_TITLE = "XX: why won't my limit go up?"
EN_FIELD = re.compile(r"^(\s*\w+)_en(\s*=.*)$", re.M)


def _add_language(app: Path) -> None:
    """The recipe's steps, done to the copy, with English texts standing in for a translation."""
    i18n_py = app / "limitlens" / "i18n.py"
    code = i18n_py.read_text(encoding="utf-8")
    assert 'LANGS: tuple[str, ...] = ("zh", "en")' in code
    i18n_py.write_text(code.replace('("zh", "en")', f'("zh", "en", "{CODE}")', 1), "utf-8")
    catalogs = app / "data" / "i18n"
    shutil.copytree(catalogs / "en", catalogs / CODE)
    own = catalogs / CODE / "lang.toml"
    own.write_text(
        re.sub(r'(?m)^name = ".*"$', f'name = "{NAME}"', own.read_text("utf-8")), "utf-8"
    )
    ui = catalogs / CODE / "ui.toml"
    home = re.sub(r"(?m)^(\[home\]\ntitle = ).*$", f'\\1"{HOME_TITLE}"', ui.read_text("utf-8"))
    assert HOME_TITLE in home
    ui.write_text(home, "utf-8")
    for path in (app / "data").rglob("*.toml"):
        if catalogs not in path.parents:
            text = path.read_text(encoding="utf-8")
            path.write_text(EN_FIELD.sub(rf"\g<0>\n\1_{CODE}\2", text), encoding="utf-8")


def test_a_throwaway_language_is_offered_spoken_and_complete(tmp_path):
    app = copy_app(tmp_path)
    _add_language(app)
    out = run_in(
        app,
        f"""
        import contextlib, io
        from streamlit.testing.v1 import AppTest
        from components import pages
        from limitlens import catalog, cli, i18n

        assert i18n.gaps() == [], i18n.gaps()[:5]
        print("label", catalog.by_id()["sesame_score"].label("{CODE}"))
        at = AppTest.from_file("app.py", default_timeout=60)
        at.query_params["lang"] = "{CODE}"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        print("title", at.title[0].value)
        switch = at.get("button_group")[0]
        print("switch", switch.options if hasattr(switch, "options") else switch.proto)
        at.switch_page(pages.by_id()["method"].script).run()
        assert not at.exception, [e.value for e in at.exception]
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            code = cli.main(["estimate", "--lang", "{CODE}"])
        print("cli", code)
        """,
    )
    assert "label Sesame score" in out  # the data files' texts, in the new language's fields
    assert f"title {HOME_TITLE}" in out  # the page speaks it (?lang= picked it)
    assert NAME in out.split("switch", 1)[1]  # the switch offers it by its own name
    assert "cli 0" in out


def test_a_half_added_language_is_named(tmp_path, monkeypatch: pytest.MonkeyPatch):
    assert i18n.gaps() == []  # the checkout itself is whole
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(data / "i18n" / "en", data / "i18n" / CODE)
    ui = data / "i18n" / CODE / "ui.toml"
    ui.write_text(ui.read_text("utf-8").replace('home = "Home"\n', "", 1), "utf-8")
    monkeypatch.setattr(i18n, "LANGS", (*i18n.LANGS, CODE))
    found = i18n.gaps(data)
    assert f"{CODE}: no ui.nav.home" in found  # a catalog key left out
    assert "factors.toml factor[0]: no label_xx" in found  # a data file not yet translated
    assert "personas/personas.toml persona[0]: no name_xx" in found
    assert not any(line.startswith(("zh:", "en:")) for line in found)
