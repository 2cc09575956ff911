"""A temporary copy of the app (scripts, components, core, data) to extend the way a README
recipe says, and a fresh Python process to run it in: the copy's own modules and data are
imported, never the checkout's, and nothing in the checkout changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT

PARTS = ("app.py", "pages", "components", "limitlens", "data", ".streamlit")


def copy_app(into: Path) -> Path:
    app = into / "app"
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, app / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            app.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, app / part)
    return app


def run_in(app: Path, code: str) -> str:
    """`code` run by this Python with `app` as the working directory and first on the path;
    its stdout (an AssertionError in it fails the test with its stderr)."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=app,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(app), "PATH": "/usr/bin:/bin", "HOME": str(app)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def insert_after(file: Path, marker: str, text: str) -> None:
    """`text` put right after the first `marker` in `file` (a TOML table's header, a list's
    opening line)."""
    body = file.read_text(encoding="utf-8")
    head, sep, tail = body.partition(marker)
    assert sep, (file, marker)
    file.write_text(f"{head}{sep}{text}{tail}", encoding="utf-8")
