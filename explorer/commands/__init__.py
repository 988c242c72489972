"""Subcommands of the `neutrality` console command, one module each. No Qt."""

from __future__ import annotations

import argparse
from pathlib import Path


class CommandError(Exception):
    """A failure to report as one sentence on stderr (exit 1)."""


def add_db_option(parser: argparse.ArgumentParser, *, help_extra: str = "") -> None:
    """The shared --db option."""
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="database file (default: your workspace once it exists, else the bundled corpus)" + help_extra,
    )


def example(text: str) -> str:
    """An epilog with one example, for --help."""
    return f"example:\n  {text}"
