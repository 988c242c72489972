"""Opening a database: checks, pragmas and migrations.

`open_database` is the one way into a file. It refuses what it must not touch (a missing file
when not asked to create one, a file that is not SQLite, a file from a newer version of the app)
before writing a byte, then sets WAL and foreign keys and applies pending migrations, each in
its own transaction.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from explorer.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    StoreError,
)
from explorer.store.migrations import MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


def _check_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database, by its header, before SQLite opens it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise NotADatabase(f"{path} is a folder, not a database file.") from None
    except PermissionError:
        raise StoreError(f"{path} cannot be read: permission denied.") from None
    if head and head != SQLITE_HEADER:
        raise NotADatabase(f"{path} is not a Neutrality Explorer database (it is not an SQLite file).")


def in_wal_mode(path: Path) -> bool:
    """True when the file's header says it is in WAL mode (its read and write versions are 2)."""
    try:
        with path.open("rb") as fh:
            fh.seek(18)
            return fh.read(2) == b"\x02\x02"
    except OSError:
        return False


def is_writable(path: Path) -> bool:
    """False for a file without write permission bits (honoured even for root) or in a read-only folder."""
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _journal_head(path: Path) -> bytes | None:
    """The first byte of the rollback journal beside a file (None when there is none, or it is empty)."""
    try:
        with open(f"{path}-journal", "rb") as fh:
            return fh.read(1) or None
    except OSError:
        return None


def hot_journal(path: Path) -> bool:
    """True when a rollback journal SQLite would play back lies beside the file (its header is written).

    A journal whose header is still zero (the writer died before syncing it) is never played back:
    the database file was not touched yet.
    """
    head = _journal_head(path)
    return head is not None and head != b"\x00"


def roll_back_hot_journal(path: Path) -> bool:
    """Roll back an interrupted write's journal through a writable connection; True when none is left.

    A read-only connection cannot roll a hot journal back ("attempt to write a readonly database"),
    so this runs before any read-only look at the file. SQLite only rolls back a journal no live
    writer holds, so calling this while another process writes is harmless. A journal left with a
    zero header is removed while this connection holds the write lock (so no writer is starting it).
    """
    head = _journal_head(path)
    if head is None:
        return True
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return False
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        if _journal_head(path) == b"\x00":
            conn.execute("BEGIN IMMEDIATE")
            try:
                if _journal_head(path) == b"\x00":
                    Path(f"{path}-journal").unlink()
            finally:
                conn.execute("ROLLBACK")
    except (sqlite3.Error, OSError):
        return False
    finally:
        conn.close()
    return _journal_head(path) is None


def is_corruption(exc: BaseException) -> bool:
    """True for SQLite's words for a damaged file ("malformed", "not a database", "corrupt")."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in text for word in ("malformed", "not a database", "corrupt", "invalid page", "disk image")
    )


def open_readonly(path: Path | str, *, timeout: float | None = None, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection, also to a WAL file in a folder where SQLite cannot make its -shm file.

    Such a folder can hold no writer of ours either, so the file is then opened as immutable.
    """
    p = Path(path)
    uri = p.resolve().as_uri()
    timeout = BUSY_TIMEOUT_S if timeout is None else timeout
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, **kwargs)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            return conn  # the caller meets and words this error itself
        if os.access(p.parent, os.W_OK):
            return conn
        conn.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, **kwargs)


def file_version(path: Path) -> int:
    """The schema version written in a database file, read without opening it for writing."""
    _check_file(path)
    try:
        conn = open_readonly(path)
    except sqlite3.Error as exc:
        raise NotADatabase(f"{path} is damaged and cannot be read as a database ({exc}).") from None
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(
                f"{path} is busy: another program, such as a running import, is writing it."
            ) from None
        raise NotADatabase(f"{path} is damaged and cannot be read as a database ({exc}).") from None
    finally:
        conn.close()


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A raw connection in autocommit mode with the house pragmas (no migrations)."""
    p = Path(path)
    if readonly:
        conn = open_readonly(p, isolation_level=None)
    else:
        conn = sqlite3.connect(str(p), isolation_level=None, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseLocked(f"{p} is in use by another program.") from None
            raise
    return conn


def migrate(
    conn: sqlite3.Connection,
    *,
    target: int = SCHEMA_VERSION,
    before_upgrade: Callable[[int, int], None] | None = None,
    label: str = "the database",
) -> int:
    """Apply pending migrations up to `target`; each with its version bump is one transaction."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"{label} was written by a newer version of Neutrality Explorer (schema {current}, "
            f"this version reads up to {SCHEMA_VERSION}); please update the app."
        )
    if current < target and before_upgrade is not None:
        before_upgrade(current, target)
    # Foreign keys off while migrating (SQLite's procedure for rebuilding a table: with them on,
    # dropping the old events table would delete every list row through ON DELETE CASCADE). The
    # pragma cannot change inside a transaction, so it is set around them and restored after.
    enforced = int(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    if current < target:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for version in range(current, target):
            try:
                conn.execute("BEGIN IMMEDIATE")
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except Exception as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise MigrationFailed(
                    f"Upgrading {label} to schema {version + 1} failed ({exc}); the file was left unchanged."
                ) from exc
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return target


def open_database(
    path: Path | str,
    *,
    create: bool = False,
    readonly: bool = False,
    upgrade: bool = True,
    before_upgrade: Callable[[int, int], None] | None = None,
) -> sqlite_utils.Database:
    """Open (or create) a database file, upgraded to the current schema.

    Raises a StoreError subclass with a plain sentence for anything that is wrong.
    """
    p = Path(path)
    if not p.exists():
        if Path(f"{p}.damaged").exists():  # explorer.store.backup.damage_record
            raise DatabaseMissing(
                f"{p} was found damaged and moved aside; run `neutrality restore` to restore the newest "
                "intact backup, or `neutrality restore --fresh` to start again from the bundled corpus."
            )
        if not create or readonly:
            raise DatabaseMissing(f"{p} does not exist.")
        if not p.parent.exists():
            raise StoreError(f"{p} cannot be created: the folder {p.parent} does not exist.")
    else:
        _check_file(p)
        if is_writable(p):
            roll_back_hot_journal(p)
        elif hot_journal(p):
            raise NotADatabase(
                f"{p} has an interrupted write that cannot be rolled back while it is read-only "
                "(its -journal file is beside it)."
            )
        version = file_version(p) if p.stat().st_size else 0
        if version > SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"{p} was written by a newer version of Neutrality Explorer (schema {version}, "
                f"this version reads up to {SCHEMA_VERSION}); please update the app."
            )
    try:
        conn = connect(p, readonly=readonly)
        conn.execute("PRAGMA schema_version").fetchone()
        if not readonly and upgrade:
            migrate(conn, before_upgrade=before_upgrade, label=str(p))
        elif readonly:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{p} is read-only and uses an older schema ({version}); "
                    "copy it somewhere writable to upgrade it."
                )
    except sqlite3.DatabaseError as exc:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            raise DatabaseLocked(f"{p} is in use by another program.") from None
        if "readonly" in msg or "read-only" in msg:
            raise StoreError(f"{p} cannot be written: the file or its folder is read-only.") from None
        if "unable to open" in msg:
            raise StoreError(f"{p} cannot be opened ({msg}).") from None
        raise NotADatabase(f"{p} is damaged and cannot be read as a database ({msg}).") from None
    return sqlite_utils.Database(conn)


def open_memory() -> sqlite_utils.Database:
    """A fresh in-memory database with the current schema (for tests and scratch work)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, label="the in-memory database")
    return sqlite_utils.Database(conn)


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version of an open database."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def make_single_file(db: sqlite_utils.Database, *, compact: bool = False) -> None:
    """Leave the file self-contained (no -wal beside it after a rename); `compact` also rewrites it tightly."""
    db.execute("PRAGMA journal_mode = DELETE")
    if compact:
        db.execute("VACUUM")


def dump_tables(path: Path | str, tables: Sequence[str]) -> dict[str, list[tuple]]:
    """The rows of each table, sorted, and the file's views (name, SQL): two files with equal dumps hold the same."""
    conn = connect(path, readonly=True)
    try:
        dump = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        dump["views"] = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name"
        ).fetchall()
        return dump
    finally:
        conn.close()
