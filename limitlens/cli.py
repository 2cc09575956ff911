"""`limitlens <command>` (in a checkout, `python -m limitlens`): the core from a terminal.

Each command lives in `limitlens/commands/<name>.py` with `HELP`, `add_arguments(parser)` and
`run(args) -> int`, so commands stay independent and this file only wires them up.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from limitlens import __version__
from limitlens.commands import CliError

COMMANDS: tuple[str, ...] = ("inspect", "factors", "estimate", "plan", "report")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on stderr (no usage block), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog.split()[-1]}: {message.splitlines()[0]}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="limitlens",
        description="LimitLens: an illustrative, transparent Jiebei limit estimate from your own "
        "Alipay / WeChat Pay export. Not affiliated with Ant Group or Alipay.",
    )
    parser.add_argument("--version", action="version", version=f"limitlens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"limitlens.commands.{name}")
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return int(args.run(args))
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
