"""One module per CLI command (see limitlens/cli.py), plus what several commands share:
reading export files and a profile, with every user error as a one-line CliError."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

MAX_ARG_FILE_BYTES = 20 * 1024 * 1024  # a profile or batch file (exports: limitlens.ingest)


class CliError(Exception):
    """A user error: printed as one line on stderr, exit code 2, no traceback."""


def check_file(path: str, what: str) -> Path:
    """`path` as a Path when it is a readable regular file; else a CliError naming why.

    Only stat() is used: a FIFO or a device is never opened (reading one could block)."""
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise CliError(f"{what}: no such file: {path}") from None
    except NotADirectoryError:
        raise CliError(f"{what}: no such file (a parent is not a directory): {path}") from None
    except PermissionError:
        raise CliError(f"{what}: permission denied: {path}") from None
    except OSError as exc:
        raise CliError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise CliError(f"{what}: {path} is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise CliError(f"{what}: {path} is not a regular file (a FIFO, device or socket)")
    if not os.access(p, os.R_OK):
        raise CliError(f"{what}: permission denied: {path}")
    return p


def read_text(path: str, what: str) -> str:
    """A regular file's text, strictly UTF-8 (a BOM is allowed); CliError naming the cause."""
    p = check_file(path, what)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_ARG_FILE_BYTES + 1)
    except PermissionError:
        raise CliError(f"{what}: permission denied: {path}") from None
    except OSError as exc:
        raise CliError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_ARG_FILE_BYTES:
        raise CliError(f"{what}: {path} is larger than {MAX_ARG_FILE_BYTES // 2**20} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CliError(
            f"{what}: {path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})"
        ) from None


def load_json(text: str, where: str) -> Any:
    """json.loads with every failure as a one-line CliError (line and column included)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise CliError(f"{where}: invalid JSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        reason = "a number is too long" if "digits" in str(exc) else str(exc).splitlines()[0]
        raise CliError(f"{where}: invalid JSON: {reason}") from None


def read_exports(files: list[str], lang: str = "en"):
    """Import export files -> ImportResult. A missing file, or files of which none imported,
    is a CliError; a file that failed beside others that worked is a warning on stderr."""
    from limitlens.i18n import t
    from limitlens.ingest import LOCAL, import_paths

    paths = [check_file(path, "FILE") for path in files]
    result = import_paths(paths, LOCAL)  # the user's own files, not an upload
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
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        reason = str(exc.args[0]) if exc.args else repr(exc)
        if "digits" in reason:
            reason = "a number is too long"
        raise CliError(f"{where}: {reason.splitlines()[0][:200]}") from None


def read_profile(path: str) -> dict[str, Any]:
    """A profile JSON file ({id: value}, or the `factors`/`estimate` --json output)."""
    raw = load_json(read_text(path, "--profile"), f"--profile {path}")
    if isinstance(raw, dict) and isinstance(raw.get("factors"), dict):
        raw = raw["factors"]  # accept this tool's own --json output as a profile
    if not isinstance(raw, dict):
        raise CliError(f"--profile: {path} must hold a JSON object {{id: value}}")
    return parse_values(raw, "--profile")


def add_inputs(parser) -> None:
    """FILE..., --profile, --set: the inputs `estimate`, `plan` and `report` share."""
    parser.add_argument("files", nargs="*", metavar="FILE", help="Alipay / WeChat Pay exports")
    parser.add_argument("--profile", metavar="P.json", help="declared factor values {id: value}")
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="override one factor (repeatable), e.g. --set sesame_score=720 --set real_name=true",
    )


def read_sets(sets: list[str]) -> dict[str, Any]:
    """--set ID=VALUE items -> validated {factor id: value}."""
    raw: dict[str, Any] = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--set takes ID=VALUE, not {item!r}")
        raw[key.strip()] = value
    return parse_values(raw, "--set")


def check_coherent(declared: dict[str, Any], where: str = "--set") -> None:
    """Declared values that contradict each other (data/coherence.toml) are one-line errors
    naming both factors; a partner the user did not state is moved to fit instead."""
    from limitlens import coherence

    try:
        coherence.repair(declared, declared)
    except coherence.Incoherent as exc:
        raise CliError(f"{where}: {exc}") from None


def factor_set(args):
    """(FactorSet, history or None) from FILEs, --profile and --set (later wins)."""
    from limitlens.factors import compute_factors

    declared: dict[str, Any] = {}
    if args.profile:
        declared.update(read_profile(args.profile))
    declared.update(read_sets(args.sets))
    check_coherent(declared)
    history = read_exports(args.files, args.lang).history if args.files else None
    return compute_factors(history, declared), history
