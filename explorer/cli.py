"""The console command `neutrality`: one subcommand per module in explorer.commands. No Qt.

Errors are one plain sentence on stderr with exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from explorer import __version__
from explorer.commands import CommandError


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser: its epilog (an example) is printed as written, line breaks kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


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
    # Every subcommand, in the order `--help` lists them; each module's `register` adds its parser.
    from explorer.commands import (
        annotate,
        bench,
        build_corpus,
        check,
        export,
        generate,
        import_,
        install_desktop,
        restore,
        search,
        share,
    )

    for module in (
        build_corpus,
        export,
        import_,
        search,
        annotate,
        share,
        check,
        restore,
        generate,
        bench,
        install_desktop,
    ):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `neutrality` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from explorer.store import StoreError
    from explorer.store.atomic import OutputError

    try:
        return int(args.func(args) or 0)
    except (CommandError, StoreError, OutputError) as exc:
        print(f"neutrality {args.command}: {_damage(exc, args) or exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except (OSError, sqlite3.Error) as exc:
        # the net under every command: a full disk, a read-only or busy file is a sentence, not a traceback
        print(f"neutrality {args.command}: {_failure(exc, args)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"neutrality {args.command}: interrupted.", file=sys.stderr)
        return 1
    except Exception as exc:
        # A fault of ours, not of the input: one sentence, the details only when asked for.
        if os.environ.get("NEUTRALITY_DEBUG"):
            raise
        print(
            f"neutrality {args.command}: stopped by an unexpected error ({type(exc).__name__}: {exc}); "
            "nothing more was written. Run it again with NEUTRALITY_DEBUG=1 to see the details for a report.",
            file=sys.stderr,
        )
        return 1


def _damage(exc: BaseException, args: argparse.Namespace) -> str | None:
    """For a file SQLite found damaged: checked, with the newest intact backup and `neutrality restore`."""
    from explorer.store.recovery import explain_damage

    cause = getattr(exc, "cause", None)  # a write that found the file damaged (store.errors.DatabaseDamaged)
    return explain_damage(cause if isinstance(cause, BaseException) else exc, getattr(args, "db", None))


def _failure(exc: OSError | sqlite3.Error, args: argparse.Namespace) -> str:
    """The sentence for an OSError or SQLite error that reached the command's boundary."""
    from explorer.store.errors import failure_sentence

    damage = _damage(exc, args)
    if damage is not None:
        return damage

    where = None if isinstance(exc, OSError) and exc.filename else getattr(args, "db", None)
    if where is None and isinstance(exc, sqlite3.Error):
        where = "your workspace"
    return failure_sentence(exc, where) or str(exc)


if __name__ == "__main__":
    sys.exit(main())
