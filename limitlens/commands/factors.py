"""`python -m limitlens factors`: the factor catalog, or every factor's value for your files.

python -m limitlens factors --json                      # the catalog
python -m limitlens factors FILE... [--profile P.json] [--window-months N] [--json]
python -m limitlens factors --profile P.json --json     # declared values + defaults only
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from limitlens.commands import CliError, read_exports, read_profile
from limitlens.i18n import LANGS

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
    parser.add_argument("--lang", choices=LANGS, default="en", help="labels in the table")


def _catalog_rows() -> list[dict[str, Any]]:
    from limitlens import catalog

    rows = []
    for f in catalog.factors():
        rows.append(
            {
                "id": f.id,
                **{f"label_{lang}": f.label(lang) for lang in LANGS},
                "unit": f.text["en"]["unit"],  # the English unit, as the JSON's own language
                **{f"unit_{lang}": f.text[lang]["unit"] for lang in LANGS},
                "kind": f.kind,
                "min": f.min,
                "max": f.max,
                "default": f.default,
                "direction": f.direction,
                "actionable": f.actionable,
                "source": f.source,
                "group": f.group,
                "origin": f.origin,
                "good": list(f.good) if isinstance(f.good, list | tuple) else f.good,
                "fair": list(f.fair) if isinstance(f.fair, list | tuple) else f.fair,
                "options": list(f.options),
                **{f"explain_{lang}": f.text[lang]["explain"] for lang in LANGS},
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    from limitlens import catalog
    from limitlens.factors import compute_factors

    if not 1 <= args.window_months <= 240:
        raise CliError("--window-months must be between 1 and 240")
    if not args.files and not args.profile:
        if args.json:
            print(json.dumps(_catalog_rows(), ensure_ascii=False, indent=2))
            return 0
        for f in catalog.factors():
            print(f"{f.id:<20} {f.group:<14} {f.source:<9} {f.label(args.lang)}")
        return 0

    profile = read_profile(args.profile) if args.profile else {}
    history = read_exports(args.files, args.lang).history if args.files else None
    result = compute_factors(history, profile, window_months=args.window_months)
    if args.json:
        out = {
            "factors": result.values,
            "sources": result.sources,
            "status": result.status,
            "window": [d.isoformat() for d in result.window] if result.window else None,
            "months": result.months,
            "thin_history": result.thin_history,
            "at_least": result.at_least,  # bounds read from the export; the factor stays assumed
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    from limitlens.i18n import t

    table, lang = catalog.by_id(), args.lang
    if result.window:
        start, end = result.window
        months = round(result.months, 1)
        print(t(lang, "cli.window", start=start.isoformat(), end=end.isoformat(), count=months))
        if result.thin_history:
            print(t(lang, "cli.thin"))
    for fid, value in result.values.items():
        f = table[fid]
        status = t(lang, f"report.status.{result.status[fid]}")
        source = t(lang, f"report.source.{result.sources[fid]}")
        print(f"{f.label(lang)} · {f.display_value(value, lang)} · {status} · {source}")
    return 0
