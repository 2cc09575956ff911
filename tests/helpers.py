"""Helpers more than one test file needs: the command line as a user runs it, a sample's
arguments, and forgetting the loaders' caches after a test points them at other data."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PERSONAS = ROOT / "data" / "personas"


def limitlens_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m limitlens <args>` in a fresh process, from the checkout, text captured."""
    return subprocess.run(
        [sys.executable, "-m", "limitlens", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def persona_args(persona: str = "steady_employee") -> list[str]:
    """A sample's export and its profile, as the commands take them."""
    return [
        str(PERSONAS / f"{persona}.csv"),
        "--profile",
        str(PERSONAS / f"{persona}.profile.json"),
    ]


def report_args(lang: str = "zh", target: int = 120_000, day: str = "2026-11-01") -> list[str]:
    """`report` for the steady employee with a target and a fixed date (no -o)."""
    return ["report", *persona_args(), "--target", str(target), "--date", day, "--lang", lang]


def clear_caches() -> None:
    """Forget every cached loader result (catalog, model, plan, texts) in the app's modules."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("limitlens", "components"):
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
