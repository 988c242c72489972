"""`neutrality check`: integrity, foreign keys and kept (orphaned) annotations of a database, read-only."""

from __future__ import annotations

import argparse

from explorer.commands import add_db_option, example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "check",
        help="check a database for damage and report orphaned annotations",
        description="Run SQLite's integrity_check and foreign_key_check on a database without writing to it, "
        "and list annotations whose event is no longer in the corpus (they are kept). "
        "Exits 1 with a sentence when something is wrong.",
        epilog=example("neutrality check --db ~/neutrality-backup.db"),
    )
    add_db_option(p)
    p.add_argument(
        "--strict", action="store_true", help="also fail (exit 1) when orphaned annotations are found"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check and report."""
    import sqlite3

    import sqlite_utils

    from explorer.cli import CommandError
    from explorer.paths import default_db_path
    from explorer.store import SCHEMA_VERSION, DatabaseMissing
    from explorer.store.annotations import AnnotationStore
    from explorer.store.bulk import tagged_event_count
    from explorer.store.db import connect, file_version
    from explorer.store.recovery import integrity_problems

    path = args.db or default_db_path()
    if not path.exists():
        raise DatabaseMissing(f"{path} does not exist.")
    version = file_version(path)
    try:
        conn = connect(path, readonly=True)
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} cannot be read as a database ({exc}).") from None
    try:
        problems = integrity_problems(conn, limit=20)
        if problems:
            raise CommandError(
                f"{path} is damaged: integrity_check found {len(problems)} problem(s), the first: {problems[0]}"
            )
        try:
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise CommandError(f"{path} is damaged: foreign_key_check failed ({exc}).") from None
        if broken:
            table, rowid, parent, _ = broken[0]
            raise CommandError(
                f"{path} has {len(broken)} row(s) referring to missing rows; the first is row {rowid} "
                f"of {table}, which refers to a missing row of {parent}."
            )
        db = sqlite_utils.Database(conn)
        tables = set(db.table_names())
        events = int(conn.execute("SELECT count(*) FROM events").fetchone()[0]) if "events" in tables else 0
        if version > SCHEMA_VERSION:
            print(
                f"note: {path} uses schema {version}, newer than this app's {SCHEMA_VERSION}; checked read-only."
            )
        if "notes" not in tables:
            print(f"ok: {events} events (no annotation tables).")
            return 0
        store = AnnotationStore(db)
        counts = store.counts()
        orphans = store.orphans()
        tagged = tagged_event_count(db)
        # "2 tags on 1 event": the tags, then the distinct events carrying any (not the tag uses)
        print(
            f"ok: {_n(events, 'event')}, {_n(counts['notes'], 'note')}, {_n(counts['tags'], 'tag')} on "
            f"{_n(tagged, 'event')}, {_n(counts['assessments'], 'assessment')}, {_n(counts['periods'], 'period')}, "
            f"{_n(counts['links'], 'link')}."
        )
        if orphans:
            print(f"kept: annotations on {len(orphans)} event id(s) that are not among the events:")
            for o in orphans:
                print(f"  {o.describe()}")
            if args.strict:
                raise CommandError(f"{len(orphans)} event id(s) with annotations are not among the events.")
    finally:
        conn.close()
    return 0


def _n(count: int, noun: str) -> str:
    """'1 event', '2 events'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
