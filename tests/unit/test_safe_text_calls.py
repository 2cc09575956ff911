"""Every page message that can quote a file, a report or a link goes through one helper,
`components.safe_text.plain` (issue 18, item 2). An AST walk over pages/, components/ and app.py:
each st.error / warning / info / success / toast / markdown / caption / write call whose text
can hold such a value must have it inside plain(...).

What can hold such a value (the taint sources):
- an exception caught in the function (`except ... as exc`: a refused report's message);
- `.error`, `.reason`, `.message` (an import's or a report's Message, which may quote a cell),
  `.query_params` (a link), `.getvalue()` (an upload's bytes), `.file_id`;
- `.name` (a file or zip member name), except our own bilingual names read as `.name[lang]`;
- any local variable assigned (or appended to) from one of those, within the same function.
A comparison or a len() of them is a yes/no or a count, not text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from components.safe_text import plain
from tests.conftest import ROOT

MESSAGE_CALLS = {"error", "warning", "info", "success", "toast", "markdown", "caption", "write"}
TAINTED_ATTRS = {"error", "reason", "message", "query_params", "getvalue", "file_id"}
HELPER = "plain"


def sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))] + sorted(
        (ROOT / "components").glob("*.py")
    )


def _is_helper(node: ast.AST) -> bool:
    func = getattr(node, "func", None)
    return isinstance(node, ast.Call) and (
        (isinstance(func, ast.Name) and func.id == HELPER)
        or (isinstance(func, ast.Attribute) and func.attr == HELPER)
    )


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)


def own_nodes(scope: ast.AST):
    """The nodes of one function (or of the module's top level), nested functions left out."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, SCOPES):
            todo.extend(ast.iter_child_nodes(node))


class _Taint:
    """Which expressions of one function can carry untrusted text (outside plain())."""

    def __init__(self, func: ast.AST) -> None:
        self.names: set[str] = set()
        nodes = list(own_nodes(func))
        for node in nodes:
            if isinstance(node, ast.ExceptHandler) and node.name:
                self.names.add(node.name)
        assigned: list[tuple[str, ast.AST]] = []
        for node in nodes:
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            assigned.append((name.id, node.value))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "extend", "insert")
                and isinstance(node.func.value, ast.Name)
            ):
                for arg in node.args:
                    assigned.append((node.func.value.id, arg))
            elif isinstance(node, ast.For | ast.comprehension) and isinstance(
                node.target, ast.Name
            ):
                assigned.append((node.target.id, node.iter))
        changed = True
        while changed:  # to a fixed point: a = exc.message; b = [a]; st.error(b)
            changed = False
            for name, value in assigned:
                if name not in self.names and self.tainted(value):
                    self.names.add(name)
                    changed = True

    def tainted(self, node: ast.AST) -> bool:
        if _is_helper(node):
            return False
        if isinstance(node, ast.Compare) or (  # a yes/no or a count is not text
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"
        ):
            return False
        if isinstance(node, ast.IfExp):  # the condition is not shown
            return self.tainted(node.body) or self.tainted(node.orelse)
        if isinstance(node, ast.Name):
            return node.id in self.names
        if isinstance(node, ast.Attribute) and node.attr in TAINTED_ATTRS:
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            if node.value.attr == "name":  # our own names: persona.name[lang]
                return self.tainted(node.value.value) or self.tainted(node.slice)
        if isinstance(node, ast.Attribute) and node.attr == "name":
            return True
        return any(self.tainted(child) for child in ast.iter_child_nodes(node))


def message_calls(tree: ast.AST):
    """(function, call, text arguments) for every message call, inside its enclosing function."""
    for func in ast.walk(tree):
        if not isinstance(func, SCOPES):
            continue
        taint = _Taint(func)
        for node in own_nodes(func):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MESSAGE_CALLS
            ):
                texts = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "body"]
                yield taint, node, texts


def violations(source: str, where: str = "<test>") -> list[str]:
    out = []
    for taint, call, texts in message_calls(ast.parse(source)):
        if any(taint.tainted(text) for text in texts):
            out.append(f"{where}:{call.lineno}: {ast.unparse(call)[:120]}")
    return sorted(set(out))


def test_every_message_that_can_quote_untrusted_text_goes_through_plain():
    found = []
    for path in sources():
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "show these through components.safe_text.plain:\n" + "\n".join(found)


def test_the_walk_sees_the_calls_that_use_the_helper():
    """Not vacuous: the file names, import errors, skipped reasons and the refused report are
    found as message calls, and each is through plain()."""
    through = []
    for path in sources():
        for _, call, texts in message_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if any(any(_is_helper(n) for n in ast.walk(text)) for text in texts):
                through.append(f"{path.name}:{ast.unparse(call)}")
    assert any("plan_view.py:st.error(plain(exc.message" in c for c in through), through
    assert any("import_view.py:st.markdown" in c and "report.name" in c for c in through)
    assert any("reason.render" in c for c in through)


@pytest.mark.parametrize(
    "code",
    [
        # the Plan page before this fix
        "def f(lang):\n    try:\n        g()\n    except ReportError as exc:\n"
        "        st.error(exc.message.render(lang), icon=':material/error:')\n",
        "def f(report):\n    st.markdown(f'**{report.name}**')\n",
        "def f(report, lang):\n    parts = []\n    parts.append(report.error.render(lang))\n"
        "    st.caption(' · '.join(parts))\n",
        "def f(lang):\n    ids = st.query_params.get('x')\n    st.warning(t(lang, 'k', ids=ids))\n",
        "def f(report, lang):\n    lines = [s.reason.render(lang) for s in report.skipped]\n"
        "    col.info('\\n'.join(lines))\n",
        "def f(up):\n    st.toast(body=up.name)\n",
    ],
)
def test_the_walk_catches_untrusted_text_shown_raw(code):
    assert violations(code)


@pytest.mark.parametrize(
    "code",
    [
        "def f(lang):\n    try:\n        g()\n    except ReportError as exc:\n"
        "        st.error(plain(exc.message.render(lang)))\n",
        "def f(report):\n    st.markdown(f'**{plain(report.name)}**')\n",
        "def f(report, lang):\n    st.error(plain(report.error.render(lang)) if report.error "
        "else t(lang, 'x'))\n",
        "def f(p, lang):\n    st.caption(t(lang, 'ui.status.persona', name=p.name[lang]))\n",
        "def f(lang):\n    st.caption(t(lang, 'plan.intro'))\n",
    ],
)
def test_the_walk_lets_safe_text_through(code):
    assert violations(code) == []


def test_plain_defuses_a_markdown_image_and_an_autolink():
    shown = plain("![x](http://127.0.0.1:8765/mdrisk) <img src=x> a@b.example www.x.example")
    for bare in (r"!", r"\[", r"\(", r"<", r"@", r"://"):
        assert not re.search(r"(?<!\\)" + bare, shown), bare
