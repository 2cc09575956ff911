"""`limitlens report`: the same self-contained HTML report the Plan page offers.

With --previous OLD.html (a report made earlier) it adds what changed since then; its target
is reused unless --target is given. The names of who paid your income are left out unless
--include-personal asks for them (a report is a file people share). The report's charts come
from limitlens/charts (pure plotly, no streamlit), so page and command write the same file.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from limitlens.commands import CliError, check_file
from limitlens.commands.plan import (
    add_allow_borrowing,
    add_common,
    add_max_changes,
    parse_max_changes,
    parse_target,
)

if TYPE_CHECKING:
    from limitlens.report import Snapshot

HELP = "write the self-contained HTML report (estimate, factors, plan, projection, comparison)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--previous", metavar="OLD.html", help="an earlier report to compare with")
    parser.add_argument("--target", metavar="N", help="target limit in CNY for the plan")
    add_max_changes(parser)
    add_allow_borrowing(parser)
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the report's date (default today)")
    parser.add_argument(
        "--include-personal",
        action="store_true",
        help="also list who paid your income (payers' names; left out by default)",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="report.html", help="file to write"
    )


def run(args: argparse.Namespace) -> int:
    from limitlens.commands import factor_set

    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise CliError(f"--date takes YYYY-MM-DD, not {args.date!r}") from None
    previous = read_previous(args.previous, today, args.lang) if args.previous else None
    target = parse_target(args.target)
    if target is None and previous is not None:
        target = previous.target
    k = parse_max_changes(args.max_changes)
    fs, history = factor_set(args)

    from limitlens.plan.presenter import plan_state, report_html

    state = plan_state(
        fs.values, target, k, assumed=fs.assumed, allow_borrowing=args.allow_borrowing
    )
    text = report_html(
        fs, history, state, args.lang, today, previous, include_personal=args.include_personal
    )
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"-o: cannot write {args.output}: {exc.strerror or exc}") from None
    print(args.output)
    return 0


def read_previous(path: str, today: date, lang: str) -> Snapshot:
    """The snapshot of an earlier report (limitlens.report.read_snapshot); any problem with the
    file is one CliError line, in `lang` when it is about the report's contents."""
    from limitlens.report import MAX_REPORT_BYTES, ReportError, read_snapshot

    p = check_file(path, "--previous")  # a FIFO or a device is never opened
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_REPORT_BYTES + 1)  # one byte more: too large is read_snapshot's
    except OSError as exc:
        raise CliError(f"--previous: cannot read {path}: {exc.strerror or exc}") from None
    try:
        return read_snapshot(data, today)
    except ReportError as exc:
        raise CliError(f"--previous: {exc.message.render(lang)}") from None
