"""The layout the design card fixes, and the rules that keep the core UI-free."""

import ast
import subprocess
import sys

from limitlens.i18n import LANGS, catalog, gaps
from tests.conftest import ROOT


def _core_imports() -> list[tuple[str, str]]:
    """(file, top-level module) for every import in limitlens/."""
    out = []
    for path in (ROOT / "limitlens").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            out += [(str(path.relative_to(ROOT)), n.split(".")[0]) for n in names]
    return out


def test_core_never_imports_streamlit():
    assert [f for f, module in _core_imports() if module == "streamlit"] == []


def test_core_never_imports_the_ui():
    # The installed wheel carries limitlens/ only: anything it imported from components/ or
    # pages/ would work in a checkout and break `limitlens report` once installed.
    ui = ("components", "pages", "app")
    assert [(f, m) for f, m in _core_imports() if m in ui] == []


def test_layout_matches_design_card():
    for name in (
        "app.py",
        "pyproject.toml",
        "README.md",
        "requirements.txt",
        "Makefile",
        ".streamlit/config.toml",
        ".ci/run",
        "pages",
        "data",
        "components",
        "tests",
        "limitlens",
    ):
        assert (ROOT / name).exists(), name


def test_ci_calls_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
    assert "make run" in (ROOT / "README.md").read_text()


def test_requirements_are_runtime_only():
    text = (ROOT / "requirements.txt").read_text()
    for dev_only in ("pytest", "playwright", "hypothesis", "ruff"):
        assert dev_only not in text


def test_catalogs_have_the_same_keys_in_every_language():
    assert gaps() == []  # the catalogs, and every per-language text in data/
    assert all(len(catalog(lang)) > 50 for lang in LANGS)


def test_catalog_texts_are_not_empty_and_placeholders_match():
    import string

    fmt = string.Formatter()
    for key, zh in catalog("zh").items():
        en = catalog("en")[key]
        assert zh.strip() and en.strip(), key
        fields = {
            lang: {f for _, f, _, _ in fmt.parse(text) if f}
            for lang, text in (("zh", zh), ("en", en))
        }
        assert fields["zh"] == fields["en"], key


def test_pages_only_show_text_from_catalogs():
    """Page files pass no literal prose to Streamlit: every sentence goes through t()."""
    cjk = [
        p
        for p in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
        if any("\u4e00" <= ch <= "\u9fff" for ch in p.read_text(encoding="utf-8"))
    ]
    assert cjk == []


def test_cli_help_runs():
    out = subprocess.run(
        [sys.executable, "-m", "limitlens", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    for command in ("inspect", "factors", "estimate"):
        assert command in out.stdout
