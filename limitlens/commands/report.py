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

from limitlens.commands import CliError
from limitlens.commands.plan import add_common, add_max_changes, parse_max_changes, parse_target

HELP = "write the self-contained HTML report (estimate, factors, plan, projection, comparison)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--previous", metavar="OLD.html", help="an earlier report to compare with")
    parser.add_argument("--target", metavar="N", help="target limit in CNY for the plan")
    add_max_changes(parser)
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
    from limitlens.report import ReportError, read_snapshot

    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise CliError(f"--date takes YYYY-MM-DD, not {args.date!r}") from None
    previous = None
    if args.previous:
        try:
            data = Path(args.previous).read_bytes()
        except OSError as exc:
            raise CliError(
                f"--previous: cannot read {args.previous}: {exc.strerror or exc}"
            ) from None
        try:
            previous = read_snapshot(data)
        except ReportError as exc:
            raise CliError(f"--previous: {exc.message.render(args.lang)}") from None
    target = parse_target(args.target)
    if target is None and previous is not None:
        target = previous.target
    k = parse_max_changes(args.max_changes)
    fs, history = factor_set(args)

    from limitlens.report_build import plan_state, report_html

    state = plan_state(fs.values, target, k, assumed=fs.assumed)
    text = report_html(
        fs, history, state, args.lang, today, previous, include_personal=args.include_personal
    )
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"-o: cannot write {args.output}: {exc.strerror or exc}") from None
    print(args.output)
    return 0
