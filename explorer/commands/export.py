"""`neutrality export`: write a selection of events in one of the supported formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.commands import add_db_option, example

if TYPE_CHECKING:
    import sqlite_utils

    from explorer.formats.registry import Writer


def _split(values: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated values as one list (None when not given)."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    from explorer.formats.registry import FORMATS

    p = sub.add_parser(
        "export",
        help="export events (JSON, CSV, Excel, Markdown, TimelineJS, CSL-JSON, BibTeX, SQLite)",
        description="Export the selected events with their evidence and annotations. Filters combine: an "
        "event is exported when it passes all of them. Text formats go to standard output unless -o is given.",
        epilog=example(
            "neutrality export --format csv --track security --from 2014 --to 2016 -o security.csv"
        ),
    )
    p.add_argument(
        "--format",
        default="json",
        metavar="FORMAT",
        help=f"one of {', '.join(FORMATS)}, or png or svg for a figure (default: json)",
    )
    p.add_argument(
        "--view",
        choices=("timeline", "compare"),
        default="timeline",
        help="the figure's view: the timeline, or the comparison of foreign and security policy",
    )
    p.add_argument(
        "--size",
        default="1920x1080",
        metavar="WxH",
        help="a timeline figure's size in pixels, or the comparison's layout size (default: 1920x1080)",
    )
    _add_filters(p)
    p.add_argument("--title", default=None, help="heading of a Markdown brief or TimelineJS title slide")
    p.add_argument("--no-notes", action="store_true", help="leave your notes out of the export")
    p.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="start CSV with a UTF-8 byte-order mark (default: yes for files, no on standard output)",
    )
    p.add_argument(
        "--formula-guard",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="prefix CSV cells starting with = + - @ with an apostrophe (default: yes)",
    )
    p.add_argument(
        "-o", "--output", default=None, metavar="FILE", help="file to write (default: standard output)"
    )
    add_db_option(p)
    p.set_defaults(func=run)


def _add_filters(p: argparse.ArgumentParser) -> None:
    """The options that choose the events (they combine: an event passes all that are given)."""
    p.add_argument("--ids", action="append", metavar="ID,...", help="only these event ids (comma-separated)")
    p.add_argument(
        "--track", action="append", metavar="T", help="only events on this track (id or name; repeatable)"
    )
    p.add_argument(
        "--from", dest="date_from", metavar="EDTF", help="only events that can end on or after this date"
    )
    p.add_argument(
        "--to", dest="date_to", metavar="EDTF", help="only events that can begin on or before this date"
    )
    p.add_argument("--query", metavar="Q", help="only events matching this full-text search")
    p.add_argument(
        "--tag", action="append", metavar="TAG", help="only events with this tag (repeatable: any of them)"
    )


FIGURES = ("png", "svg")


def _figure(args: argparse.Namespace) -> int:
    """Render a PNG or SVG without a window (Qt is loaded only here, on the offscreen platform)."""
    import importlib
    import os
    import re

    from explorer.commands import CommandError
    from explorer.paths import default_db_path

    if not args.output:
        raise CommandError(f"a {args.format.upper()} figure is a file; give its name with -o FILE.")
    size = re.fullmatch(r"(\d+)[x×](\d+)", args.size.strip())
    if size is None or not all(200 <= int(n) <= 20000 for n in size.groups()):
        raise CommandError(
            f"--size {args.size}: give the width and height in pixels, 200 to 20000, as 1920x1080."
        )
    if args.ids or args.query or args.tag:
        raise CommandError("a figure shows lanes and a date range: use --track, --from and --to.")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a figure, never a window
    # Loaded by name: the console's own modules never import Qt (the import-linter contract).
    renderer = importlib.import_module("explorer.ui.figure_command")
    try:
        sentence = renderer.render_figure(
            Path(args.db or default_db_path()),
            Path(args.output),
            args.format,
            args.view,
            (int(size[1]), int(size[2])),
            _split(args.track),
            args.date_from,
            args.date_to,
            args.title or "",
        )
    except (renderer.FigureError, OSError) as exc:
        raise CommandError(str(exc)) from None
    print(sentence, file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Export."""
    from explorer.commands import CommandError
    from explorer.formats.registry import UnknownFormat, get
    from explorer.paths import default_db_path
    from explorer.store import open_database

    if args.format in FIGURES:
        return _figure(args)
    try:
        writer = get(args.format)
    except UnknownFormat as exc:
        raise CommandError(str(exc)) from None
    if writer.binary and not args.output:
        raise CommandError(f"the {writer.name} format writes a file; give its name with -o FILE.")
    from explorer.store.db import file_version, in_wal_mode, is_writable
    from explorer.store.migrations import SCHEMA_VERSION

    # Exporting reads. A file in rollback-journal mode (the bundled corpus, a colleague's export) is read
    # read-only unless it needs a migration, since a writer would switch it to WAL; a WAL file is opened
    # as usual, whose last connection then tidies its -wal and -shm away (a read-only one cannot). A file
    # the user cannot write (or in a read-only folder) is exported read-only, never called damaged.
    readonly = args.db is None or (
        args.db.is_file()
        and (
            not is_writable(args.db) or (file_version(args.db) >= SCHEMA_VERSION and not in_wal_mode(args.db))
        )
    )
    db = open_database(args.db or default_db_path(), readonly=readonly)
    try:
        return _export(db, writer, args)
    finally:
        db.close()


def _export(db: sqlite_utils.Database, writer: Writer, args: argparse.Namespace) -> int:
    """Select, gather and write or print."""
    from explorer.commands import CommandError
    from explorer.formats.bundle import gather
    from explorer.formats.common import ExportOptions
    from explorer.formats.selection import SelectionError, select_ids

    try:
        ids = select_ids(
            db,
            ids=_split(args.ids),
            tracks=_split(args.track),
            date_from=args.date_from,
            date_to=args.date_to,
            query=args.query,
            tags=_split(args.tag),
        )
    except SelectionError as exc:
        raise CommandError(str(exc)) from None
    bundle = gather(db, ids)
    options = ExportOptions(
        title=args.title,
        csv_bom=args.bom if args.bom is not None else bool(args.output),
        formula_guard=args.formula_guard,
        include_notes=not args.no_notes,
    )
    if args.output:
        path = writer.write(bundle, args.output, options)
        print(f"Wrote {path}: {writer.summary(bundle)}.", file=sys.stderr)
        if writer.companion is not None:
            from explorer.formats.datasette_meta import metadata_path, serve_command

            print(
                f"Wrote {metadata_path(Path(path))} for Datasette; serve both with: {serve_command(Path(path))}",
                file=sys.stderr,
            )
    else:
        text = writer.render(bundle, options)
        try:
            _write_stdout(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            from explorer.store.errors import failure_sentence

            sentence = failure_sentence(
                exc, "standard output", unchanged="what was written there is incomplete"
            )
            raise CommandError(sentence or str(exc)) from None
    return 0


def _write_stdout(text: str) -> None:
    """Write all of `text` to standard output, or raise the OSError that stopped it.

    A redirect to a full disk makes the first write short; Python's buffered stdout can then drop the
    rest without an error, so on POSIX the bytes go down with os.write until all are written or it fails.
    """
    import os

    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (captured in a test, an IDE's console)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if os.name != "posix":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    data = memoryview(text.encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict"))
    while data:
        data = data[os.write(fd, data) :]
