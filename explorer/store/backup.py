"""Rotating automatic backups, restoring one, and saving a copy under another name.

Every copy is made with SQLite's online backup API (consistent even while the workspace is open),
written to a temporary name in the destination folder and renamed into place, so a crash never
leaves a half-written backup under a real name. Backups are named `<stem>-<UTC time>[-reason].db`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from explorer import paths
from explorer.model.words import counted
from explorer.store.errors import StoreError
from explorer.store.file_mode import give_new_file_mode
from explorer.store.migrations import SCHEMA_VERSION

#: How many automatic backups of one database are kept.
KEEP = 10
#: The shared backup policy of the app and the console: at most one backup per this many seconds
#: (a newer one replaces a "session" backup younger than this, so the newest backup is always current).
BACKUP_INTERVAL_S = 5 * 60
SESSION_REASON = "session"
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME_RE = re.compile(r"^(?P<stem>.+?)-(?P<ts>\d{8}-\d{6}-\d{6})(?:-(?P<reason>[a-z0-9-]+))?\.db$")
_PART_MAX_AGE_S = 600


class BackupInfo(NamedTuple):
    """A backup file: where, when (UTC), its size in bytes and its event and note counts (None if unreadable)."""

    path: Path
    when: datetime
    size: int
    events: int | None
    notes: int | None

    def describe(self) -> str:
        """'the backup of 3 May 2025, 14:02 UTC (176 events, 12 notes)'."""
        counts = (
            f" ({counted(self.events, 'event')}, {counted(self.notes or 0, 'note')})"
            if self.events is not None
            else ""
        )
        return f"the backup of {self.when:%d %B %Y, %H:%M} UTC{counts}"


def _source_path(db: sqlite_utils.Database | sqlite3.Connection) -> Path | None:
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _readonly_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy an open database to `target` with the backup API, via a temporary name and a rename."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise StoreError(f"Cannot write {target}: the folder {folder} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise StoreError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dst = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(dst)
            # A standalone file: no -wal or -shm needed to read it.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        give_new_file_mode(tmp)  # mkstemp's 0600 would hide a shared workspace or backup
        os.replace(tmp, target)
        _fsync_dir(folder)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot copy the database to {target} ({exc}).") from None
    except OSError as exc:
        raise StoreError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        for extra in (Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                extra.unlink()
    return target


def backup_now(
    source: sqlite_utils.Database | sqlite3.Connection | Path | str,
    *,
    folder: Path | None = None,
    keep: int = KEEP,
    reason: str = "",
    stem: str | None = None,
) -> Path:
    """Back up an open database (or a file) into the backups folder now; older ones beyond `keep` go."""
    folder = Path(folder) if folder is not None else paths.backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(source, str | Path):
        src_path: Path | None = Path(source)
        conn = _readonly_connection(Path(source))
        own = True
    else:
        src_path = _source_path(source)
        conn = source.conn if isinstance(source, sqlite_utils.Database) else source
        own = False
    name = stem or (src_path.stem if src_path else "memory")
    tag = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    try:
        stamp = datetime.now(UTC)
        target = folder / f"{name}-{stamp.strftime(_STAMP)}{'-' + tag if tag else ''}.db"
        while target.exists():  # two backups in one microsecond: keep both
            stamp = datetime.now(UTC)
            target = folder / f"{name}-{stamp.strftime(_STAMP)}{'-' + tag if tag else ''}.db"
        copy_database(conn, target)
    finally:
        if own:
            conn.close()
    _rotate(folder, name, keep)
    return target


def backup_after_write(
    source: sqlite_utils.Database | sqlite3.Connection, *, folder: Path | None = None, stem: str | None = None
) -> Path:
    """Back up after a session that wrote (app or console), at most one per BACKUP_INTERVAL_S.

    A "session" backup younger than the interval is replaced by the new one, so a console user who
    annotates ten times in a minute has one current backup, and older backups stay spaced apart.
    """
    folder = Path(folder) if folder is not None else paths.backups_dir()
    src = _source_path(source)
    name = stem or (src.stem if src else "memory")
    previous = _entries(folder, name)[:1] if folder.is_dir() else []
    made = backup_now(source, folder=folder, reason=SESSION_REASON, stem=name)
    for when, old in previous:
        m = _NAME_RE.match(old.name)
        young = (datetime.now(UTC) - when).total_seconds() < BACKUP_INTERVAL_S
        if m and m.group("reason") == SESSION_REASON and young and old != made:
            if not _sound(made):  # never trade an intact backup for a copy of a damaged file
                made.unlink(missing_ok=True)
                return old
            with contextlib.suppress(OSError):
                old.unlink()
    return made


def _sound(path: Path) -> bool:
    """True when quick_check finds nothing wrong in a database file."""
    try:
        conn = _readonly_connection(path)
        try:
            return [r[0] for r in conn.execute("PRAGMA quick_check(1)")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _entries(folder: Path, stem: str | None) -> list[tuple[datetime, Path]]:
    found = []
    for p in folder.glob("*.db"):
        m = _NAME_RE.match(p.name)
        if m and (stem is None or m.group("stem") == stem):
            when = datetime.strptime(m.group("ts"), _STAMP).replace(tzinfo=UTC)
            found.append((when, p))
    found.sort(reverse=True)
    return found


def _rotate(folder: Path, stem: str, keep: int) -> None:
    for _, old in _entries(folder, stem)[max(keep, 1) :]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    # Temporary files left by a process that was killed mid-copy (old enough not to be in progress).
    for part in folder.glob(".*.part"):
        with contextlib.suppress(OSError):
            if time.time() - part.stat().st_mtime > _PART_MAX_AGE_S:
                part.unlink()


def _counts(path: Path) -> tuple[int | None, int | None]:
    try:
        conn = _readonly_connection(path)
        try:
            events = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
            notes = int(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
            return events, notes
        finally:
            conn.close()
    except sqlite3.Error:
        return None, None


def list_backups(folder: Path | None = None, stem: str | None = "workspace") -> list[BackupInfo]:
    """Backups newest first with their time, size and counts (stem None: of every database)."""
    folder = Path(folder) if folder is not None else paths.backups_dir()
    if not folder.is_dir():
        return []
    out = []
    for when, p in _entries(folder, stem):
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            continue
        out.append(BackupInfo(p, when, size, *_counts(p)))
    return out


def check_file(path: Path) -> str | None:
    """Why a database file cannot be used (damaged, too new), or None when it is sound."""
    try:
        conn = _readonly_connection(path)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                return f"it was written by a newer version of the app (schema {version})"
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                return f"it is damaged ({problems[0]})"
            return None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"it cannot be read as a database ({exc})"


def newest_valid_backup(folder: Path | None = None, stem: str = "workspace") -> BackupInfo | None:
    """The newest backup that passes integrity_check and this version can read, or None."""
    for info in list_backups(folder, stem):
        if info.events is not None and check_file(info.path) is None:
            return info
    return None


#: The files SQLite keeps beside a database: they belong to it and move with it.
COMPANION_SUFFIXES = ("-journal", "-wal", "-shm")


def _companions(path: Path) -> list[Path]:
    return [path, *(Path(f"{path}{suffix}") for suffix in COMPANION_SUFFIXES)]


def set_aside_orphans(path: Path) -> list[Path]:
    """Move a -journal/-wal/-shm left without its database aside, so a new file there never inherits it."""
    if path.exists():
        return []
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    moved = []
    for extra in _companions(path)[1:]:
        if extra.exists():
            target = extra.with_name(f"{extra.name}.orphan-{stamp}")
            os.replace(extra, target)
            moved.append(target)
    return moved


def move_aside(path: Path, label: str) -> Path:
    """Rename a database with its -journal/-wal/-shm to `<name>.<label>-<time>` in its folder; the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while any(p.exists() for p in _companions(aside)):
        n += 1
        aside = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    for src, dst in zip(_companions(path), _companions(aside), strict=True):
        if src.exists():
            os.replace(src, dst)
    return aside


def restore_backup(backup: Path | str, workspace: Path | str) -> Path | None:
    """Make a backup the workspace again; the current file (if any) is first kept aside, its new path returned.

    The workspace must be closed. A damaged or too-new backup is refused with a sentence.
    """
    backup, workspace = Path(backup), Path(workspace)
    if not backup.is_file():
        raise StoreError(f"The backup {backup} does not exist.")
    problem = check_file(backup)
    if problem:
        raise StoreError(f"The backup {backup.name} cannot be restored: {problem}.")
    src = _readonly_connection(backup)
    staged = workspace.with_name(f".{workspace.name}.restoring")
    set_aside_orphans(workspace)
    try:
        copy_database(src, staged)
    finally:
        src.close()
    aside = move_aside(workspace, "before-restore") if workspace.exists() else None
    try:
        os.replace(staged, workspace)
    except OSError as exc:
        if aside is not None:
            for a, w in zip(_companions(aside), _companions(workspace), strict=True):
                if a.exists():
                    os.replace(a, w)
        staged.unlink(missing_ok=True)
        raise StoreError(f"Cannot restore {backup.name} to {workspace}: {exc.strerror or exc}.") from None
    _fsync_dir(workspace.parent)
    with contextlib.suppress(OSError):
        damage_record(workspace).unlink()  # the damage is dealt with
    return aside


def damage_record(path: Path) -> Path:
    """The file beside a workspace that says it was found damaged and the user has not chosen yet."""
    return path.with_name(path.name + ".damaged")


def save_as(db: sqlite_utils.Database | sqlite3.Connection, target: Path | str) -> Path:
    """Save a complete copy of an open database under another name (backup API, temp + rename)."""
    target = Path(target)
    here = _source_path(db)
    if here is not None and target.exists() and here.resolve() == target.resolve():
        raise StoreError(f"{target} is the open database itself; choose another name.")
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    return copy_database(conn, target)
