"""`python -m limitlens factors`: the factor catalog, or every factor's value for your files.

python -m limitlens factors --json                      # the catalog
python -m limitlens factors FILE... [--profile P.json] [--window-months N] [--json]
python -m limitlens factors --profile P.json --json     # declared values + defaults only
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HELP = "list the factor catalog, or compute every factor from your export files and profile"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="Alipay / WeChat Pay export files")
    parser.add_argument(
        "--profile", metavar="P.json", help="JSON object of declared values {id: value}"
    )
    parser.add_argument(
        "--window-months", type=int, default=12, metavar="N", help="months measured (default 12)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="labels in the table")


def _catalog_rows() -> list[dict[str, Any]]:
    from limitlens import catalog

    rows = []
    for f in catalog.factors():
        rows.append(
            {
                "id": f.id,
                "label_zh": f.label("zh"),
                "label_en": f.label("en"),
                "unit": f.text["en"]["unit"],
                "unit_zh": f.text["zh"]["unit"],
                "kind": f.kind,
                "min": f.min,
                "max": f.max,
                "default": f.default,
                "direction": f.direction,
                "actionable": f.actionable,
                "source": f.source,
                "group": f.group,
                "good": list(f.good) if isinstance(f.good, list | tuple) else f.good,
                "fair": list(f.fair) if isinstance(f.fair, list | tuple) else f.fair,
                "options": list(f.options),
                "explain_zh": f.text["zh"]["explain"],
                "explain_en": f.text["en"]["explain"],
            }
        )
    return rows


def _load_profile(path: str) -> dict[str, Any]:
    from limitlens import catalog
    from limitlens.cli import CliError

    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read profile {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"profile {path} is not valid JSON: {exc}".splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise CliError(f"profile {path} must be a JSON object of factor id -> value")
    try:
        return catalog.parse_profile(raw)
    except ValueError as exc:
        raise CliError(f"profile {path}: {exc}".splitlines()[0]) from None


def _read_history(files: list[str]):
    from limitlens.cli import CliError

    try:
        from limitlens.ingest import import_paths
    except ImportError as exc:  # guard while the importer (its own issue) has not landed
        if exc.name not in ("limitlens.ingest", None):
            raise
        raise CliError("reading export files is not available yet (limitlens.ingest)") from None
    paths = [Path(f) for f in files]
    for path in paths:
        if not path.is_file():
            raise CliError(f"cannot read {path}: no such file")
    result = import_paths(paths)
    reports = list(getattr(result, "reports", None) or getattr(result, "files", None) or [])
    failed = [r for r in reports if getattr(r, "error", None) is not None]
    if reports and len(failed) == len(reports):
        raise CliError(failed[0].error.render("en"))
    return result.history


def _fmt(value: Any, factor) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if factor.kind == "category":
        return str(value)
    if factor.display == "percent":
        return f"{float(value):.0%}"
    number = float(value)
    return f"{number:,.0f}" if number == int(number) or abs(number) >= 100 else f"{number:,.2f}"


def run(args: argparse.Namespace) -> int:
    from limitlens import catalog
    from limitlens.cli import CliError
    from limitlens.factors import compute_factors

    if args.window_months < 1:
        raise CliError("--window-months must be at least 1")
    if not args.files and not args.profile:
        if args.json:
            print(json.dumps(_catalog_rows(), ensure_ascii=False, indent=2))
            return 0
        for f in catalog.factors():
            print(f"{f.id:<20} {f.group:<14} {f.source:<9} {f.label(args.lang)}")
        return 0

    profile = _load_profile(args.profile) if args.profile else {}
    history = _read_history(args.files) if args.files else None
    result = compute_factors(history, profile, window_months=args.window_months)
    if args.json:
        out = {
            "factors": result.values,
            "sources": result.sources,
            "status": result.status,
            "window": [d.isoformat() for d in result.window] if result.window else None,
            "months": result.months,
            "thin_history": result.thin_history,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    table = catalog.by_id()
    if result.window:
        start, end = result.window
        print(f"window {start} .. {end} ({result.months:.1f} months)")
        if result.thin_history:
            print("note: less than 3 months of data; inferred values are rough")
    for fid, value in result.values.items():
        f = table[fid]
        shown = f"{_fmt(value, f)} {f.text[args.lang]['unit']}".strip()
        print(
            f"{f.label(args.lang):<28} {shown:>18}  {result.status[fid]:<5} {result.sources[fid]}"
        )
    return 0
