"""Opening the workspace with recovery: interrupted writes rolled back, damage found, read-only honoured.

`open_workspace` writes a marker beside the file while it is open and removes it on a clean
close. If the marker (or a non-empty -wal file) is found on the next start, the last session
ended uncleanly and `PRAGMA integrity_check` runs before anything else. A hot rollback journal
(a large import killed while it wrote) is rolled back through a writable connection before any
read-only look at the file, and the import's own marker (explorer.store.imports.announced_import)
names the file whose import was rolled back. Every kind of damage (not SQLite, zero bytes, a
folder in its place, truncated, a malformed page, a journal that cannot be rolled back) takes one
path: the file is moved aside with its -journal, -wal and -shm, a record of the damage is left
beside it until the user restores a backup or starts fresh, and the caller gets WorkspaceDamaged
with one sentence and the newest intact backup. Schema upgrades are preceded by a backup; a file
from a newer version is refused without a byte written; a read-only file opens read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from explorer import paths
from explorer.store import imports
from explorer.store.backup import BackupInfo, backup_now, damage_record, move_aside, newest_valid_backup
from explorer.store.db import (
    hot_journal,
    is_corruption,
    is_writable,
    migrate,
    open_database,
    open_readonly,
    roll_back_hot_journal,
)
from explorer.store.errors import DatabaseMissing, NotADatabase, StoreError
from explorer.store.lock import pid_alive
from explorer.store.side_build import remove_stale

__all__ = [
    "OpenedWorkspace",
    "WorkspaceDamaged",
    "damage_after_error",
    "explain_damage",
    "forget_unclean_shutdown",
    "integrity_problems",
    "is_writable",
    "marker_path",
    "open_workspace",
    "record_suspected_damage",
    "unclean_shutdown",
]

RESTORE_HINT = "To restore it, run `neutrality restore`; to start again from the bundled corpus, run `neutrality restore --fresh`."
FRESH_HINT = "To start again from the bundled corpus, run `neutrality restore --fresh`."


class WorkspaceDamaged(StoreError):
    """The workspace was damaged; it was moved aside (`moved_to`) and `backup` is the newest intact backup."""

    def __init__(
        self, message: str, *, moved_to: Path | None, backup: BackupInfo | None, hint: str = ""
    ) -> None:
        super().__init__(f"{message} {hint}".strip())
        #: The sentence without the console's hint (the app offers buttons instead).
        self.sentence = message
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


def forget_unclean_shutdown(path: Path) -> None:
    """Remove the open-marker a dead session left, once the file has been checked and found sound."""
    marker = marker_path(path)
    with contextlib.suppress(OSError, ValueError):
        pid = int(marker.read_text().strip() or 0)
        if pid != os.getpid() and not pid_alive(pid):
            marker.unlink()


def integrity_problems(db: sqlite_utils.Database | sqlite3.Connection, limit: int = 10) -> list[str]:
    """What PRAGMA integrity_check reports (empty when the file is sound)."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(conn: sqlite3.Connection) -> list[tuple[str, int | None, str, int]]:
    """What PRAGMA foreign_key_check reports: (table, rowid, parent table, key index) per broken row.

    Raises sqlite3.DatabaseError when the file cannot be read (busy or damaged), for the caller to word.
    """
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_check").fetchall()]


def _damaged(
    path: Path, detail: str, *, move: bool, backups: Path | None, workspace: bool | None = None
) -> WorkspaceDamaged:
    """The one damage path: move the file (and its companions) aside, record it, name the backup."""
    moved = None
    if move:
        with contextlib.suppress(OSError):
            moved = move_aside(path, "corrupt")
        with contextlib.suppress(OSError):
            _write_record(path, detail, moved)
    return _damage_error(path, detail, moved, backups, workspace=move if workspace is None else workspace)


def _damage_error(
    path: Path, detail: str, moved: Path | None, backups: Path | None, *, workspace: bool
) -> WorkspaceDamaged:
    backup = newest_valid_backup(backups, stem=path.stem)
    detail = _plain(detail)
    where = f"; it was moved aside to {moved.name}" if moved else ""
    offer = (
        f" The newest intact backup is {backup.describe()}."
        if backup
        else " There is no intact backup to restore."
    )
    hint = (RESTORE_HINT if backup else FRESH_HINT) if workspace else ""
    return WorkspaceDamaged(
        f"{path} is damaged ({detail}){where}.{offer}", moved_to=moved, backup=backup, hint=hint
    )


def _plain(detail: str) -> str:
    """SQLite's report as a short phrase on one line."""
    text = " ".join(detail.replace("*** in database main ***", " ").split())
    return text if len(text) <= 160 else text[:157].rstrip() + "…"


def _write_record(path: Path, detail: str, moved: Path | None) -> None:
    record = damage_record(path)
    record.write_text(json.dumps({"detail": detail, "moved_to": moved.name if moved else None}))


def _read_record(path: Path) -> dict[str, str | None] | None:
    record = damage_record(path)
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        data = {}
    return data if isinstance(data, dict) else {}


def record_suspected_damage(path: Path, detail: str) -> None:
    """Leave a record that a query found `path` damaged, so the next start checks it and offers a backup."""
    with contextlib.suppress(OSError):
        _write_record(path, detail, None)


def check_integrity(path: Path) -> list[str]:
    """integrity_check through a fresh read-only connection (after rolling back a hot journal)."""
    if is_writable(path):
        roll_back_hot_journal(path)
    try:
        conn = open_readonly(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return integrity_problems(conn)
    finally:
        conn.close()


def damage_after_error(
    path: Path, exc: BaseException, *, backups: Path | None = None, workspace: bool = True
) -> WorkspaceDamaged | None:
    """After a query reported corruption: check the file; its WorkspaceDamaged, or None when it is sound.

    Nothing is moved here (another process may hold the file): a workspace gets a record, so its
    next start checks it again, moves it aside and offers the newest intact backup.
    """
    if not is_corruption(exc) or not path.exists():
        return None
    problems = [str(exc)] if path.is_dir() else check_integrity(path)
    if not problems:
        return None
    if workspace:
        record_suspected_damage(path, problems[0])
    backups = backups if backups is not None else paths.backups_dir()
    return _damage_error(path, problems[0], None, backups, workspace=workspace)


def explain_damage(exc: BaseException, db: Path | None = None) -> str | None:
    """The sentence for a query that reported corruption in `db` (None: the workspace), or None if sound."""
    path = db if db is not None else paths.workspace_path()
    workspace = db is None or (path.exists() and path.resolve() == paths.workspace_path().resolve())
    found = damage_after_error(path, exc, workspace=workspace)
    return str(found) if found is not None else None


def _truncated(path: Path) -> bool:
    """True when the file is shorter than its header says (read only when no WAL holds newer pages)."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(head) < 100:
        return True
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96] and pages > 0
    return valid and pages * page > size


def _interrupted_import(path: Path) -> dict[str, str] | None:
    """The record of an import that was being written when its process died (None when none, or running)."""
    marker = imports.import_marker(path)
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    pid = int(data.get("pid") or 0)
    if pid and pid != os.getpid() and pid_alive(pid):
        return None  # still importing in another process
    return {"file": str(data.get("file") or "a file"), "digest": str(data.get("digest") or "")}


def moved_aside_damage(path: Path) -> tuple[str, str] | None:
    """(what was wrong, where it went) for a workspace moved aside as damaged while the user has not chosen."""
    record = _read_record(path)
    if not record or not record.get("moved_to"):
        return None
    return str(record.get("detail") or "damage was found"), str(record["moved_to"])


def running_import(path: Path) -> str | None:
    """The name of the file a live process is importing into `path`, if any."""
    marker = imports.import_marker(path)
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        pid = int(data.get("pid") or 0)
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return str(data.get("file") or "a file") if pid and pid != os.getpid() and pid_alive(pid) else None


def settle_interrupted_import(path: Path) -> str | None:
    """Roll back a dead import's journal and clear its record; the sentence to tell, when it was rolled back.

    Nothing happens for a read-only file, or while the journal is still held (a live writer).
    """
    interrupted = _interrupted_import(path)
    if not is_writable(path) or not roll_back_hot_journal(path) or interrupted is None:
        return None
    try:
        conn = open_readonly(path)
    except sqlite3.Error:
        return None
    try:
        done = imports.find_dataset(sqlite_utils.Database(conn), interrupted["digest"])
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    with contextlib.suppress(OSError):
        imports.import_marker(path).unlink()
    remove_stale(path.parent)  # the killed import's scratch file
    return None if done else f"The interrupted import of {interrupted['file']} was rolled back."


def _pending_damage(path: Path, backups: Path | None, move: bool) -> WorkspaceDamaged | None:
    """Damage found on an earlier start that the user has not dealt with yet (asked again every start)."""
    record = _read_record(path)
    if record is None:
        return None
    detail = str(record.get("detail") or "damage was found")
    if path.exists() and not record.get("moved_to"):
        # a query reported damage last time: check it now
        problems = [detail] if path.is_dir() else check_integrity(path)
        if not problems:
            with contextlib.suppress(OSError):
                damage_record(path).unlink()
            return None
        return _damaged(path, problems[0], move=move and is_writable(path), backups=backups)
    moved = record.get("moved_to")
    return _damage_error(path, detail, path.with_name(moved) if moved else None, backups, workspace=True)


def open_workspace(
    path: Path | str,
    *,
    backups: Path | None = None,
    move_damaged: bool = True,
    readonly: bool | None = None,
) -> OpenedWorkspace:
    """Open a workspace file with recovery; raises WorkspaceDamaged, DatabaseTooNew or another StoreError.

    `backups` is the backups folder (default: the user's); `move_damaged=False` reports damage
    without renaming the file (for a database the user named, rather than the workspace);
    `readonly=True` opens for browsing only (a folder where no lock file can be made).
    """
    p = Path(path)
    backups = backups if backups is not None else paths.backups_dir()
    if move_damaged:
        pending = _pending_damage(p, backups, move=readonly is not True)
        if pending is not None:
            raise pending
    ro = _needs_readonly(p, backups, move_damaged=move_damaged, readonly=readonly)
    move = move_damaged and not ro
    interrupted = _interrupted_import(p)
    unclean = unclean_shutdown(p)
    try:
        db = open_database(p, readonly=ro, upgrade=False)
    except NotADatabase as exc:
        raise _damaged(p, _detail(exc), move=move, backups=backups, workspace=move_damaged) from None
    notices: list[str] = []
    if unclean or interrupted or _truncated(p):
        problems = integrity_problems(db)
        if problems:
            db.conn.close()
            raise _damaged(p, problems[0], move=move, backups=backups, workspace=move_damaged)
        if unclean and not interrupted:
            notices.append(f"{p.name} was checked because {unclean}; nothing was lost or damaged.")
    if interrupted is not None:
        if not imports.find_dataset(db, interrupted["digest"]):
            notices.append(f"The interrupted import of {interrupted['file']} was rolled back.")
        if not ro:
            with contextlib.suppress(OSError):
                imports.import_marker(p).unlink()
    if ro:
        db.execute("PRAGMA query_only = ON")
        notices.append(f"{p} is read-only: you can browse and export, but changes cannot be saved.")
        return OpenedWorkspace(db, p, True, notices, bool(unclean))
    _upgrade(db, p, backups, notices)
    with contextlib.suppress(OSError):
        marker_path(p).write_text(f"{os.getpid()}\n")
    if interrupted is not None:
        remove_stale(p.parent)  # the killed import's scratch file (hundreds of MB)
    return OpenedWorkspace(db, p, False, notices, bool(unclean))


def _needs_readonly(p: Path, backups: Path, *, move_damaged: bool, readonly: bool | None) -> bool:
    """Whether the file must be opened read-only; raises when it is missing, a folder, empty or has a
    journal that cannot be rolled back (moved aside when `move_damaged` and writable).
    """
    if not p.exists():
        raise DatabaseMissing(f"{p} does not exist.")
    if p.is_dir():
        raise _damaged(p, "a folder is where the file should be", move=move_damaged, backups=backups)
    ro = readonly if readonly is not None else False
    ro = ro or not is_writable(p)
    move = move_damaged and not ro
    if p.stat().st_size == 0:
        raise _damaged(p, "it is empty: zero bytes", move=move, backups=backups, workspace=move_damaged)
    if not ro and not roll_back_hot_journal(p) and hot_journal(p):
        raise _damaged(
            p,
            "an interrupted write left a journal that cannot be rolled back",
            move=move,
            backups=backups,
            workspace=move_damaged,
        )
    return ro


def _upgrade(db: sqlite_utils.Database, p: Path, backups: Path, notices: list[str]) -> None:
    """Bring the schema up to date, after a backup of the file as it was; the file is closed on failure."""

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


def _detail(exc: StoreError) -> str:
    text = str(exc)
    if "interrupted write" in text:
        return "an interrupted write left a journal that cannot be rolled back while the file is read-only"
    if "(" in text and text.endswith(").") and "not an SQLite file" not in text:
        return text[text.index("(") + 1 : -2]
    return "it is not an SQLite file any more" if "not an SQLite file" in text else text
