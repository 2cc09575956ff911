"""One module per CLI command (see limitlens/cli.py), plus what several commands share:
reading export files and a profile, with every user error as a one-line CliError."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class CliError(Exception):
    """A user error: printed as one line on stderr, exit code 2, no traceback."""


def read_exports(files: list[str], lang: str = "en"):
    """Import export files -> ImportResult. A missing file, or files of which none imported,
    is a CliError; a file that failed beside others that worked is a warning on stderr."""
    from limitlens.i18n import t
    from limitlens.ingest import import_paths

    for path in files:
        if not Path(path).is_file():
            raise CliError(t(lang, "ingest.cli.no_such_file", path=path))
    result = import_paths([Path(p) for p in files])
    failed = [f for f in result.files if f.error is not None]
    if len(result.history) == 0:
        if failed:
            raise CliError(f"{failed[0].name}: {failed[0].error.render(lang)}")
        raise CliError(t(lang, "ingest.cli.nothing_imported"))
    for report in failed:
        print(f"warning: {report.name}: {report.error.render(lang)}", file=sys.stderr)
    return result


def parse_values(raw: dict[str, Any], where: str) -> dict[str, Any]:
    """{factor id: value} validated against the catalog; names `where` on error."""
    from limitlens import catalog

    try:
        return catalog.parse_profile(raw)
    except ValueError as exc:
        raise CliError(f"{where}: {exc}") from None


def read_profile(path: str) -> dict[str, Any]:
    """A profile JSON file ({id: value}, or the `factors`/`estimate` --json output)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"--profile: cannot read {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"--profile: {path} is not valid JSON ({exc})".splitlines()[0]) from None
    if isinstance(raw, dict) and isinstance(raw.get("factors"), dict):
        raw = raw["factors"]  # accept this tool's own --json output as a profile
    if not isinstance(raw, dict):
        raise CliError(f"--profile: {path} must hold a JSON object {{id: value}}")
    return parse_values(raw, "--profile")
