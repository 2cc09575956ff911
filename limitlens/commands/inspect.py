"""`limitlens inspect FILE... [--json] [--lang en|zh]`: what an import would read.

`--json` prints one object:
    {"files": [{"name", "layout", "encoding", "rows", "skipped": [{"row", "reason"}], "error"}],
     "rows", "period": {"start", "end"}, "totals": {"in", "out", "neutral"},
     "categories": {id: count}, "duplicates_dropped"}
files[].rows = data rows read from that file; rows = rows of the merged history; totals = sums of
the amounts of all imported rows (any status) by direction, as strings with two decimals.
files[].notes = what was mended to keep rows (NUL bytes removed, rows read without their missing
trailing optional fields), one sentence each.
Exit 0 when anything was imported, else 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from limitlens.commands import CliError, check_file
from limitlens.i18n import LANGS

HELP = "read Alipay / WeChat Pay exports and report layout, rows, skipped rows, totals, categories"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="exports (.csv, .xlsx, .zip, .txt)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of reasons")


def summary(result: Any, lang: str) -> dict[str, Any]:
    """The JSON object for an ImportResult."""
    history = result.history
    sums = history.groupby("direction")["amount"].sum() if len(history) else {}
    period = None
    if len(history):
        period = {
            "start": history["time"].min().date().isoformat(),
            "end": history["time"].max().date().isoformat(),
        }
    counts = history["category"].value_counts() if len(history) else {}
    return {
        "files": [
            {
                "name": f.name,
                "layout": f.layout,
                "encoding": f.encoding,
                "rows": f.rows,
                "skipped": [{"row": s.row, "reason": s.reason.render(lang)} for s in f.skipped],
                "error": f.error.render(lang) if f.error is not None else None,
                "notes": [note.render(lang) for note in f.notes()],
            }
            for f in result.files
        ],
        "rows": int(len(history)),
        "period": period,
        "totals": {
            d: f"{float(sums.get(d, 0.0)) if len(history) else 0.0:.2f}"
            for d in ("in", "out", "neutral")
        },
        "categories": {str(k): int(v) for k, v in dict(counts).items()},
        "duplicates_dropped": int(result.duplicates_dropped),
    }


def _text(out: dict[str, Any], lang: str) -> str:
    from limitlens.format import money
    from limitlens.i18n import t

    lines = []
    for f in out["files"]:
        if f["error"]:
            lines.append(t(lang, "ingest.cli.file_error", name=f["name"], reason=f["error"]))
            continue
        lines.append(
            t(
                lang,
                "ingest.cli.file_line",
                name=f["name"],
                layout=f["layout"],
                encoding=f["encoding"] or "-",
                rows=f"{f['rows']:,}",
                skipped=f"{len(f['skipped']):,}",
            )
        )
        for s in f["skipped"]:
            lines.append(t(lang, "ingest.cli.skipped_line", row=s["row"], reason=s["reason"]))
        lines.extend(f"  {note}" for note in f["notes"])
    if out["rows"]:
        lines.append(
            t(
                lang,
                "ingest.cli.summary",
                count=out["rows"],
                start=out["period"]["start"],
                end=out["period"]["end"],
            )
        )
        tot = {k: money(float(v), 2) for k, v in out["totals"].items()}
        lines.append(
            t(lang, "ingest.cli.totals", in_=tot["in"], out=tot["out"], neutral=tot["neutral"])
        )
        cats = t(lang, "ui.list_sep").join(
            f"{t(lang, f'charts.category.{k}')} {v:,}" for k, v in out["categories"].items()
        )
        lines.append(t(lang, "ingest.cli.categories", categories=cats))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from limitlens.i18n import t
    from limitlens.ingest import LOCAL, import_paths

    result = import_paths([check_file(path, "FILE") for path in args.files], LOCAL)
    out = summary(result, args.lang)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(_text(out, args.lang))
    if not out["rows"]:
        errors = [f for f in out["files"] if f["error"]]
        if errors:
            raise CliError(f"{errors[0]['name']}: {errors[0]['error']}")
        raise CliError(t(args.lang, "ingest.cli.nothing_imported"))
    return 0
