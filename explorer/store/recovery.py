"""Opening the workspace with recovery: unclean shutdowns checked, damage moved aside, read-only honoured.

`open_workspace` writes a marker beside the file while it is open and removes it on a clean
close. If the marker (or a non-empty -wal file) is found on the next start, the last session
ended uncleanly and `PRAGMA integrity_check` runs before anything else. A damaged file is moved
aside with its WAL and the caller gets WorkspaceDamaged: one sentence, plus the newest intact
backup to offer. Schema upgrades are preceded by a backup; a file from a newer version is refused
without a byte written; a read-only file opens read-only with a notice.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from explorer import paths
from explorer.store.backup import BackupInfo, backup_now, move_aside, newest_valid_backup
from explorer.store.db import migrate, open_database
from explorer.store.errors import DatabaseMissing, NotADatabase, StoreError
from explorer.store.lock import pid_alive


class WorkspaceDamaged(StoreError):
    """The workspace was damaged; it was moved aside (`moved_to`) and `backup` is the newest intact backup."""

    def __init__(self, message: str, *, moved_to: Path | None, backup: BackupInfo | None) -> None:
        super().__init__(message)
        self.moved_to = moved_to
        self.backup = backup


@dataclass
class OpenedWorkspace:
    """An open database with what the user should be told about opening it."""

    db: sqlite_utils.Database
    path: Path
    readonly: bool = False
    notices: list[str] = field(default_factory=list)
    #: True when the last session ended uncleanly and integrity_check ran (and passed).
    checked: bool = False

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL) and remove the open-marker."""
        with contextlib.suppress(sqlite3.Error):
            self.db.conn.close()
        marker = marker_path(self.path)
        with contextlib.suppress(OSError):
            if marker.read_text().strip() == str(os.getpid()):
                marker.unlink()


def marker_path(path: Path) -> Path:
    """The file that says 'open right now' beside a database."""
    return path.with_name(path.name + ".open")


def is_writable(path: Path) -> bool:
    """False for a file without write permission bits (honoured even for root) or in a read-only folder."""
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def unclean_shutdown(path: Path) -> str | None:
    """Why the last session seems to have ended uncleanly, or None when it closed cleanly."""
    marker = marker_path(path)
    if marker.exists():
        with contextlib.suppress(OSError, ValueError):
            pid = int(marker.read_text().strip() or 0)
            if pid != os.getpid() and pid_alive(pid):
                return None  # open in another live process right now, not a crash
        return "it was not closed properly last time"
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return "its write-ahead log was left behind"
    return None


def integrity_problems(db: sqlite_utils.Database | sqlite3.Connection, limit: int = 10) -> list[str]:
    """What PRAGMA integrity_check reports (empty when the file is sound)."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _damaged(path: Path, detail: str, *, move: bool, backups: Path | None) -> WorkspaceDamaged:
    moved = move_aside(path, "corrupt") if move else None
    backup = newest_valid_backup(backups, stem=path.stem)
    where = f"; it was moved aside to {moved.name}" if moved else ""
    offer = (
        f" The newest intact backup is {backup.describe()}."
        if backup
        else " There is no intact backup to restore."
    )
    return WorkspaceDamaged(f"{path} is damaged ({detail}){where}.{offer}", moved_to=moved, backup=backup)


def open_workspace(
    path: Path | str, *, backups: Path | None = None, move_damaged: bool = True
) -> OpenedWorkspace:
    """Open a workspace file with recovery; raises WorkspaceDamaged, DatabaseTooNew or another StoreError.

    `backups` is the backups folder (default: the user's); `move_damaged=False` reports damage
    without renaming the file (for a database the user named, rather than the workspace).
    """
    p = Path(path)
    if not p.exists():
        raise DatabaseMissing(f"{p} does not exist.")
    backups = backups if backups is not None else paths.backups_dir()
    readonly = not is_writable(p)
    unclean = unclean_shutdown(p)
    try:
        db = open_database(p, readonly=readonly, upgrade=False)
    except NotADatabase as exc:
        raise _damaged(p, _detail(exc), move=move_damaged and not readonly, backups=backups) from None
    notices: list[str] = []
    if unclean:
        problems = integrity_problems(db)
        if problems:
            db.conn.close()
            raise _damaged(p, problems[0], move=move_damaged and not readonly, backups=backups)
        notices.append(f"{p.name} was checked because {unclean}; nothing was lost or damaged.")
    if readonly:
        db.execute("PRAGMA query_only = ON")
        notices.append(f"{p} is read-only: you can browse and export, but changes cannot be saved.")
        return OpenedWorkspace(db, p, True, notices, bool(unclean))

    def before_upgrade(current: int, target: int) -> None:
        try:
            saved = backup_now(db, folder=backups, reason=f"before-schema-{target}", stem=p.stem)
        except StoreError as exc:
            raise StoreError(f"{p} was not upgraded, because no backup could be made first: {exc}") from None
        notices.append(
            f"{p.name} was upgraded from schema {current} to {target}; the old file is in {saved}."
        )

    try:
        migrate(db.conn, before_upgrade=before_upgrade, label=str(p))
    except BaseException:
        db.conn.close()
        raise
    with contextlib.suppress(OSError):
        marker_path(p).write_text(f"{os.getpid()}\n")
    return OpenedWorkspace(db, p, False, notices, bool(unclean))


def _detail(exc: StoreError) -> str:
    text = str(exc)
    if "(" in text and text.endswith(").") and "not an SQLite file" not in text:
        return text[text.index("(") + 1 : -2]
    return "it is not an SQLite file any more" if "not an SQLite file" in text else text
