"""A new page is its script, one entry in components/pages.py and its texts — nothing else
(README "Adding a page"). Proven with a throw-away page in a temporary copy of the app: the
menu, the guide's path and the page itself pick it up; and the check that guards the list names
what a half-added page lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from components import pages
from limitlens.i18n import LANGS, t
from tests.app_copy import copy_app, insert_after, run_in
from tests.conftest import ROOT

PID = "throwaway"
SCRIPT = f"pages/6_{PID}.py"
TITLE = {"zh": "临时测试页", "en": "Throw-away test page"}
PAGE = f'''"""A throw-away page for a test."""

import streamlit as st

from components import shell
from limitlens.i18n import t

lang = shell.page("{PID}")
st.title(t(lang, "ui.{PID}.title"))
shell.footer(lang)
'''
ENTRY = f'    Page("{PID}", "{SCRIPT}", ":material/science:"),\n'


def _add_page(app: Path) -> None:
    """The recipe's three steps, done to the copy."""
    (app / SCRIPT).write_text(PAGE, encoding="utf-8")
    insert_after(app / "components" / "pages.py", "PAGES: tuple[Page, ...] = (\n", "")
    body = (app / "components" / "pages.py").read_text(encoding="utf-8")
    last = body.index("\n)\nSPOTS")  # the end of PAGES: the new page goes last in the menu
    (app / "components" / "pages.py").write_text(
        body[: last + 1] + ENTRY + body[last + 1 :], encoding="utf-8"
    )
    for lang in LANGS:
        ui, guide = (app / "data" / "i18n" / lang / f"{d}.toml" for d in ("ui", "guide"))
        insert_after(ui, "[nav]\n", f'{PID} = "{TITLE[lang]}"\n')
        ui.write_text(
            ui.read_text(encoding="utf-8") + f'\n[{PID}]\ntitle = "{TITLE[lang]}"\n',
            encoding="utf-8",
        )
        insert_after(guide, "[path]\n", f'to_{PID} = "{TITLE[lang]} →"\n')


def test_the_list_is_whole_and_each_script_is_the_page_it_says():
    assert pages.problems(ROOT) == []
    assert pages.PAGES[0].script == "app.py" and pages.PAGES[0].url == ""
    assert [p.url for p in pages.PAGES[1:]] == [p.id for p in pages.PAGES[1:]]


def test_the_guides_path_is_every_page_in_menu_order_with_its_spots():
    path = pages.path()
    assert [s for s in path if s in pages.ids()] == list(pages.ids())
    assert path.index("profile") == path.index("data") + 1  # a tab of the Data page
    assert pages.script_of("profile") == pages.by_id()["data"].script


def test_a_throwaway_page_reaches_the_menu_the_path_and_renders(tmp_path):
    app = copy_app(tmp_path)
    _add_page(app)
    out = run_in(
        app,
        f"""
        from pathlib import Path
        from streamlit.testing.v1 import AppTest
        from components import guide, pages

        assert pages.problems(Path(".")) == [], pages.problems(Path("."))
        assert pages.path()[-1] == "{PID}"
        for lang in {LANGS!r}:
            at = AppTest.from_file("app.py", default_timeout=60)
            at.query_params["lang"] = lang
            at.run()
            links = {{(p.proto.page, p.proto.label) for p in at.get("page_link")}}
            print("menu", lang, "{PID}" in {{page for page, _ in links}})
            at.switch_page(pages.by_id()["method"].script).run()
            steps = [p.proto.label for p in at.get("page_link") if p.proto.label.endswith("→")]
            print("after-method", lang, steps)
            at.switch_page("{SCRIPT}").run()
            assert not at.exception, [e.value for e in at.exception]
            print("title", lang, at.title[0].value)
        """,
    )
    for lang in LANGS:
        assert f"menu {lang} True" in out
        assert f"after-method {lang} {[TITLE[lang] + ' →']}" in out  # the guide's next step
        assert f"title {lang} {TITLE[lang]}" in out


def test_a_half_added_page_is_named(tmp_path, monkeypatch: pytest.MonkeyPatch):
    app = copy_app(tmp_path)
    (app / SCRIPT).write_text(PAGE, encoding="utf-8")
    assert pages.problems(app) == [f"{SCRIPT} is not in components/pages.py PAGES"]
    monkeypatch.setattr(
        pages, "PAGES", (*pages.PAGES, pages.Page(PID, SCRIPT, ":material/science:"))
    )
    missing = pages.problems(app)  # listed, but its texts are not written
    assert missing == [
        f"{PID}: no text {key} in {lang}" for lang in LANGS for key in pages.PAGES[-1].text_keys
    ]
    (app / SCRIPT).write_text(PAGE.replace(f'page("{PID}")', 'page("plan")'), encoding="utf-8")
    assert f'{SCRIPT} does not call shell.page("{PID}")' in pages.problems(app)
    assert t("en", "ui.nav.plan")  # the checkout's own texts are untouched
