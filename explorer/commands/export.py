"""`neutrality export`: write a selection of events in one of the supported formats."""

from __future__ import annotations

import argparse
import sys

from explorer.commands import add_db_option, example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "export",
        help="export events (JSON, CSV, Markdown, TimelineJS, CSL-JSON, BibTeX, SQLite)",
        description="Export the selected events with their evidence and annotations.",
        epilog=example("neutrality export --format json --track security -o security.json"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", default="json", help="output format (default: json)")
    p.add_argument("--ids", default=None, help="comma-separated event ids")
    p.add_argument("-o", "--output", default=None, help="file to write (default: standard output)")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export."""
    from explorer.cli import CommandError
    from explorer.formats import json_format
    from explorer.formats.atomic import write_atomic
    from explorer.formats.bundle import gather
    from explorer.paths import default_db_path
    from explorer.store import open_database

    if args.format != "json":
        raise CommandError(f"the format “{args.format}” is not supported; use json.")
    db = open_database(args.db or default_db_path(), readonly=args.db is None)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None
    text = json_format.dumps(gather(db, ids))
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
