"""`neutrality check`: integrity, foreign keys and kept (orphaned) annotations of a database, read-only."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

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

    from explorer.commands import CommandError
    from explorer.paths import default_db_path, workspace_path
    from explorer.store.db import connect

    ws = workspace_path()
    path = args.db or default_db_path()
    is_workspace = args.db is None or (path.exists() and ws.exists() and path.resolve() == ws.resolve())
    if args.db is None:
        pending = _pending(ws)
        if pending:
            raise CommandError(pending)
    version = _readable_version(path, is_workspace)
    try:
        conn = connect(path, readonly=True)
    except sqlite3.DatabaseError as exc:
        if _is_busy(str(exc)):
            raise CommandError(_busy(path)) from None
        raise CommandError(_damaged(path, str(exc), is_workspace)) from None
    try:
        _check_sound(conn, path, is_workspace)
        _report(conn, path, version, strict=args.strict)
    finally:
        conn.close()
    return 0


def _readable_version(path: Path, is_workspace: bool) -> int:
    """The file's schema version, after settling an interrupted import; CommandError when it cannot be read."""
    from explorer.commands import CommandError
    from explorer.store import DatabaseMissing
    from explorer.store.db import file_version
    from explorer.store.errors import DatabaseLocked, NotADatabase

    if not path.exists():
        raise DatabaseMissing(f"{path} does not exist.")
    if path.is_dir():
        raise CommandError(_damaged(path, "a folder is where the file should be", is_workspace))
    if path.stat().st_size == 0:
        raise CommandError(_damaged(path, "it is empty: zero bytes", is_workspace))
    running = _running_import(path)
    if running:
        raise CommandError(
            f"{path} is busy (an import of {running} is running); check it again when it has finished."
        )
    rolled = _recover(path)
    if rolled:
        print(rolled)
    try:
        return file_version(path)
    except DatabaseLocked:
        raise CommandError(_busy(path)) from None
    except NotADatabase as exc:
        raise CommandError(_damaged(path, _reason(str(exc)), is_workspace)) from None


def _check_sound(conn: Any, path: Path, is_workspace: bool) -> None:
    """integrity_check and foreign_key_check; CommandError with the first problem of either."""
    import sqlite3

    from explorer.commands import CommandError
    from explorer.store.recovery import foreign_key_problems

    problems = _integrity(conn)
    if problems and _is_busy(problems[0]):
        raise CommandError(_busy(path))
    if problems:
        raise CommandError(
            _damaged(
                path,
                f"integrity_check found {len(problems)} problem(s), the first: {problems[0]}",
                is_workspace,
                colon=True,
            )
        )
    _forget_crash(path)
    try:
        broken = foreign_key_problems(conn)
    except sqlite3.DatabaseError as exc:
        if _is_busy(str(exc)):
            raise CommandError(_busy(path)) from None
        raise CommandError(
            _damaged(path, f"foreign_key_check failed ({exc})", is_workspace, colon=True)
        ) from None
    if broken:
        table, rowid, parent, _ = broken[0]
        raise CommandError(
            f"{path} has {len(broken)} row(s) referring to missing rows; the first is row {rowid} "
            f"of {table}, which refers to a missing row of {parent}."
        )


def _report(conn: Any, path: Path, version: int, *, strict: bool) -> None:
    """Print what the sound file holds and its kept annotations; CommandError for those when strict."""
    import sqlite_utils

    from explorer.commands import CommandError
    from explorer.model.words import counted
    from explorer.store import SCHEMA_VERSION
    from explorer.store.annotations import AnnotationStore
    from explorer.store.bulk import tagged_event_count
    from explorer.store.events import EventStore

    db = sqlite_utils.Database(conn)
    tables = set(db.table_names())
    events = EventStore(db).count() if "events" in tables else 0
    if version > SCHEMA_VERSION:
        print(
            f"note: {path} uses schema {version}, newer than this app's {SCHEMA_VERSION}; checked read-only."
        )
    if "notes" not in tables:
        print(f"ok: {events} events (no annotation tables).")
        return
    store = AnnotationStore(db)
    counts = store.counts()
    orphans = store.orphans()
    tagged = tagged_event_count(db)
    # "2 tags on 1 event": the tags, then the distinct events carrying any (not the tag uses)
    print(
        f"ok: {counted(events, 'event')}, {counted(counts['notes'], 'note')}, {counted(counts['tags'], 'tag')} on "
        f"{counted(tagged, 'event')}, {counted(counts['assessments'], 'assessment')}, {counted(counts['periods'], 'period')}, "
        f"{counted(counts['links'], 'link')}."
    )
    if orphans:
        print(f"kept: annotations on {len(orphans)} event id(s) that are not among the events:")
        for o in orphans:
            print(f"  {o.describe()}")
        if strict:
            raise CommandError(f"{len(orphans)} event id(s) with annotations are not among the events.")


def _integrity(conn: Any) -> list[str]:
    from explorer.store.recovery import integrity_problems

    return integrity_problems(conn, limit=20)


def _is_busy(text: str) -> bool:
    return "locked" in text or "busy" in text


def _busy(path: Path) -> str:
    return f"{path} is busy (another program, such as a running import, is writing it); check it again later."


def _reason(text: str) -> str:
    """The part of a store sentence in brackets, or the sentence."""
    if "(" in text and text.rstrip(".").endswith(")"):
        return text[text.index("(") + 1 : text.rstrip(".").rindex(")")]
    return text.rstrip(".")


def _damaged(path: Path, detail: str, is_workspace: bool, *, colon: bool = False) -> str:
    """The damage sentence, with the newest intact backup and the command that restores it (workspace)."""
    from explorer.store.backup import newest_valid_backup
    from explorer.store.recovery import FRESH_HINT, RESTORE_HINT, record_suspected_damage

    text = f"{path} is damaged: {detail}." if colon else f"{path} is damaged ({detail})."
    if not is_workspace:
        return text
    # the next start of the app checks the file and offers the backup too
    record_suspected_damage(path, detail)
    backup = newest_valid_backup(stem=path.stem)
    if backup is None:
        return f"{text} There is no intact backup to restore. {FRESH_HINT}"
    return f"{text} The newest intact backup is {backup.describe()}. {RESTORE_HINT}"


def _pending(ws: Path) -> str | None:
    """The sentence of damage found earlier that the user has not dealt with (the file was moved aside)."""
    from explorer.store.recovery import moved_aside_damage

    found = moved_aside_damage(ws)
    return _damaged(ws, f"{found[0]}; it was moved aside to {found[1]}", True) if found else None


def _running_import(path: Path) -> str | None:
    from explorer.store.recovery import running_import

    return running_import(path)


def _recover(path: Path) -> str | None:
    from explorer.store.recovery import settle_interrupted_import

    return settle_interrupted_import(path)


def _forget_crash(path: Path) -> None:
    """A sound file need not be checked again at the next start because a session died."""
    from explorer.store.db import is_writable
    from explorer.store.recovery import forget_unclean_shutdown

    if is_writable(path):
        forget_unclean_shutdown(path)
