"""`python -m limitlens inspect` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

HELP = "inspect (not yet available)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*")


def run(args: argparse.Namespace) -> int:
    from limitlens.cli import CliError

    raise CliError("inspect is not available yet")
