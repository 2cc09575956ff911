"""`python -m limitlens bench` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

HELP = "bench (not yet available)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*")


def run(args: argparse.Namespace) -> int:
    from limitlens.cli import CliError

    raise CliError("bench is not available yet")
