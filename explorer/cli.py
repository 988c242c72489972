"""The console command `neutrality`: one subcommand per module in explorer.commands. No Qt.

Errors are one plain sentence on stderr with exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from explorer import __version__

#: Subcommand modules, each with `register(subparsers)` adding its parser with `func` set.
COMMAND_MODULES = (
    "build_corpus",
    "export",
    "import_",
    "search",
    "annotate",
    "check",
    "restore",
    "generate",
    "bench",
    "install_desktop",
)


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser: its epilog (an example) is printed as written, line breaks kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


class CommandError(Exception):
    """A failure to report as one sentence on stderr (exit 1)."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="neutrality",
        description="Neutrality Explorer on the console: build, export, import, search and annotate "
        "the events of Belarusian foreign and security policy.",
        epilog="Run `neutrality COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"explorer.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"explorer.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `neutrality` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from explorer.formats.atomic import OutputError
    from explorer.store import StoreError

    try:
        return int(args.func(args) or 0)
    except (CommandError, StoreError, OutputError) as exc:
        print(f"neutrality {args.command}: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        from explorer.store.recovery import explain_damage

        sentence = explain_damage(exc, getattr(args, "db", None))
        if sentence is None:
            raise
        print(f"neutrality {args.command}: {sentence}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(f"neutrality {args.command}: interrupted.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
