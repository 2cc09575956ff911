"""`Factor` is the only owner of a value's rules (issue 20): nobody else asks how a factor is
displayed, scales a share by 100, or writes a money format by hand (¥ before a placeholder). The scan reads the syntax
tree, so docstrings, regexes and comments that mention ¥ or 100 are not mistaken for code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The owners: the factor's rules, and the number style they call.
OWNERS = {"limitlens/catalog.py", "limitlens/format.py"}
# `* 100` that is not a factor value: yuan <-> cents in generated exports.
CENTS = {"limitlens/exports.py", "limitlens/personas_engine.py"}
MONEY_SIGNS = ("¥", "￥")


def sources(root: Path) -> list[Path]:
    """Every Python file of the app: the core, the UI pieces, the pages and the entry point."""
    files = [root / "app.py"]
    for folder in ("limitlens", "components", "pages"):
        files += sorted((root / folder).rglob("*.py"))
    return [p for p in files if p.is_file()]


def _is_display(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "display") or (
        isinstance(node, ast.Name) and node.id == "display"
    )


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and not isinstance(node.value, bool)
        and isinstance(node.value, int | float)
    )


def _scales_by_100(left: ast.AST, right: ast.AST) -> bool:
    """`x * 100`, `100 * x`, `x / 100`; a constant expression (100 * 1024 bytes) scales no value."""
    return any(
        _is_number(a) and a.value == 100 and not _is_number(b) and not _constant_expr(b)
        for a, b in ((left, right), (right, left))
    )


def _constant_expr(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        return _constant_expr(node.left) and _constant_expr(node.right)
    return _is_number(node)


def _money_text(text: str) -> bool:
    """¥ right before a placeholder: "¥{", "¥%{y:,.0f}" (plotly), "¥%.2f" (sprintf)."""
    return any(f"{sign}{{" in text or f"{sign}%" in text for sign in MONEY_SIGNS)


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def offences(path: Path, rel: str) -> list[str]:
    """Each re-derived rule in one file, as "file:line what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found: list[str] = []

    def hit(node: ast.AST, what: str) -> None:
        found.append(f"{rel}:{node.lineno} {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            if any(_is_display(x) for x in (node.left, *node.comparators)):
                hit(node, "compares `display` (ask the Factor instead)")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div | ast.FloorDiv):
            if rel not in CENTS and _scales_by_100(node.left, node.right):
                hit(node, "scales by 100 (Factor.to_widget / from_widget / shown)")
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Mult | ast.Div):
            if rel not in CENTS and _is_number(node.value) and node.value.value == 100:
                hit(node, "scales by 100 (Factor.to_widget / from_widget / shown)")
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for a, b in zip(parts, parts[1:], strict=False):
                if (
                    isinstance(a, ast.Constant)
                    and isinstance(a.value, str)
                    and a.value.endswith(MONEY_SIGNS)
                    and isinstance(b, ast.FormattedValue)
                ):
                    hit(node, "writes a money format by hand (format.money)")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        ):
            if _money_text(node.value):
                hit(node, "writes a money format by hand (format.money / money_hover)")
    return found


def scan(root: Path) -> list[str]:
    out = []
    for path in sources(root):
        rel = path.relative_to(root).as_posix()
        if rel not in OWNERS:
            out += offences(path, rel)
    return sorted(set(out))


def test_no_rule_of_a_value_is_written_outside_its_owner():
    assert scan(ROOT) == []


@pytest.mark.parametrize(
    "code",
    [
        'if f.display == "percent":\n    pass\n',
        'x = "%" if display != "number" else ""\n',
        "shown = value * 100\n",
        "share = shown / 100\n",
        "v = 100 * share\n",
        "v *= 100\n",
        'text = f"¥{amount:,.0f}"\n',
        'text = f"-￥{amount}"\n',
        'hover = "%{x}: ¥%{y:,.0f}"\n',
        'column = "¥%.2f"\n',
    ],
)
def test_the_scan_catches_each_kind(tmp_path: Path, code: str):
    """Each forbidden form, alone in a page, is found: the guard above can fail."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "x.py").write_text(code, encoding="utf-8")
    assert len(scan(tmp_path)) == 1, code


@pytest.mark.parametrize(
    "code",
    [
        '"""Shows ¥{amount} amounts and 100 % shares."""\n',  # a docstring
        'AMOUNT_JUNK = r"[¥￥,，\\s元]"\n',  # a regex naming the sign
        "rows = 100\nlimit = rows + 100\n",  # 100 not scaling anything
        "MAX_UPLOAD = 100 * 1024 * 1024\n",  # a constant expression
        "text = money(v) + unit\n",
        'if f.kind == "number":\n    pass\n',
    ],
)
def test_the_scan_passes_what_is_not_a_rule(tmp_path: Path, code: str):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "x.py").write_text(code, encoding="utf-8")
    assert scan(tmp_path) == []
