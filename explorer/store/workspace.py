"""The user's workspace: made from the bundled corpus on first start, updated when a newer corpus ships.

The workspace is a copy of the bundled database that also holds the user's annotations and
imported datasets. `merge_corpus` brings a newer bundled corpus in by stable event id: corpus
rows (origin 'corpus') are replaced, imported rows and annotations are never touched, and
annotations whose event left the corpus are kept and reported. `start_workspace` is the whole
start-up sequence the app runs: lock, create, open with recovery, merge.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from explorer import paths, resources
from explorer.store.annotations import AnnotationStore, Orphan
from explorer.store.backup import (
    backup_after_write,
    backup_now,
    copy_database,
    damage_record,
    move_aside,
    set_aside_orphans,
)
from explorer.store.db import file_version
from explorer.store.detached import follow_renames, moved_sentence
from explorer.store.errors import DatabaseMissing, DatabaseTooNew
from explorer.store.fts import reindex_events
from explorer.store.lock import InstanceLock, LockUnavailable, WorkspaceInUse
from explorer.store.migrations import SCHEMA_VERSION
from explorer.store.placements import USER_LIKE, follow_renamed, user_placements_of
from explorer.store.recovery import OpenedWorkspace, WorkspaceDamaged, open_workspace

__all__ = [
    "InstanceLock",
    "MergeReport",
    "Workspace",
    "WorkspaceInUse",
    "corpus_digest",
    "ensure_workspace",
    "merge_corpus",
    "WorkspaceDamaged",
    "start_fresh",
    "start_workspace",
]

# event_extra_tracks: events on several lanes (the corpus's placements are replaced with it; the
# user's own, marked by their reason, are kept: _KEEP_MINE)
_CHILDREN = ("event_actors", "event_themes", "event_sources", "importance", "table_one", "event_extra_tracks")
_KEEP_MINE = {"event_extra_tracks": f"reason NOT LIKE '{USER_LIKE}'"}
_REFERENCE = {"tracks": "id", "sources": "id", "actors": "name", "themes": "id"}


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def ensure_workspace(bundled: Path | None = None, path: Path | None = None) -> Path:
    """The workspace file, first copied from the bundled corpus (opened read-only) when it does not exist."""
    bundled = Path(bundled) if bundled is not None else resources.bundled_db()
    path = Path(path) if path is not None else paths.workspace_path()
    if path.exists():
        return path
    if not bundled.is_file():
        raise DatabaseMissing(
            f"The bundled corpus {bundled} is missing, so no workspace can be made; "
            "reinstall the app or run `neutrality build-corpus`."
        )
    if file_version(bundled) > SCHEMA_VERSION:
        raise DatabaseTooNew(f"The bundled corpus {bundled} is newer than this version of the app.")
    path.parent.mkdir(parents=True, exist_ok=True)
    # a journal left without its file would be "rolled back" into the new copy and ruin it
    set_aside_orphans(path)
    src = _ro(bundled)
    try:
        copy_database(src, path)
    finally:
        src.close()
    return path


def corpus_digest(conn: sqlite_utils.Database | sqlite3.Connection) -> str | None:
    """The corpus_digest recorded in a database's meta table (None when absent)."""
    c = conn.conn if isinstance(conn, sqlite_utils.Database) else conn
    try:
        row = c.execute("SELECT value FROM meta WHERE key = 'corpus_digest'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


@dataclass
class MergeReport:
    """What merging a newer corpus did: events added, removed, changed, skipped, and orphaned annotations."""

    merged: bool
    old_digest: str | None = None
    new_digest: str | None = None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    #: Corpus ids not taken because an imported event already uses the id.
    skipped: list[str] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    #: Annotations moved from old ids to the records now carrying them (`renamed_from`), by word.
    moved: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """One or two sentences for the user."""
        if not self.merged:
            return "The corpus is up to date."
        text = (
            f"The corpus was updated: {len(self.added)} events added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed."
        )
        if self.skipped:
            text += (
                f" {len(self.skipped)} new corpus events were skipped because imported events use their ids."
            )
        if moved := moved_sentence(self.moved):
            text += " " + moved
        if self.orphans:
            ids = ", ".join(o.event_id for o in self.orphans[:5]) + ("…" if len(self.orphans) > 5 else "")
            text += f" Annotations on {len(self.orphans)} events that are no longer in the corpus were kept ({ids})."
        return text


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _chunks(items: Sequence[str], n: int = 500) -> list[Sequence[str]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def _fingerprints(conn: sqlite3.Connection, ids: Sequence[str] | None = None) -> dict[str, list[Any]]:
    """Each corpus event's content (row without num/position, plus its child rows) for comparison."""
    cols = [c for c in _columns(conn, "events") if c not in ("num", "position")]
    out: dict[str, list[Any]] = {
        r[0]: [r[1:]]
        for r in conn.execute(f"SELECT id, {', '.join(cols)} FROM events WHERE origin = 'corpus' ORDER BY id")
    }
    for table in _CHILDREN:
        ccols = _columns(conn, table)
        where = f" WHERE {_KEEP_MINE[table]}" if table in _KEEP_MINE else ""
        for r in conn.execute(f"SELECT {', '.join(ccols)} FROM {table}{where} ORDER BY {', '.join(ccols)}"):
            row = dict(zip(ccols, r, strict=True))
            if row["event_id"] in out:
                out[row["event_id"]].append((table, tuple(r)))
    return out


#: A new event's num: one past the largest (an updated event keeps its own).
_NEXT_NUM = "(SELECT coalesce(max(num), 0) + 1 FROM events)"


def _upsert_sql(table: str, cols: list[str], key: str, only_corpus: bool) -> str:
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c != key)
    where = f" WHERE {table}.origin = 'corpus'" if only_corpus else ""
    action = f"DO UPDATE SET {sets}{where}" if sets else "DO NOTHING"
    names, values = list(cols), ["?" for _ in cols]
    if table == "events":  # num is not the key (schema 9) but is required: a new row takes the next one
        names, values = ["num", *names], [_NEXT_NUM, *values]
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)}) ON CONFLICT({key}) {action}"
    )


def merge_corpus(workspace_db: sqlite_utils.Database, bundled_path: Path | str) -> MergeReport:
    """Bring a newer bundled corpus into the workspace by stable id, in one transaction.

    Only rows with origin 'corpus' are replaced; imported rows and every annotation stay as they are.
    Nothing happens when the corpus digests are equal.
    """
    db = workspace_db
    src = _ro(Path(bundled_path))
    try:
        new_digest = corpus_digest(src)
        old_digest = corpus_digest(db)
        if new_digest is not None and new_digest == old_digest:
            return MergeReport(False, old_digest, new_digest)
        ws = db.conn
        old = _fingerprints(ws)
        new = _fingerprints(src)
        foreign = _foreign_ids(ws, list(new))
        taken = [i for i in new if i not in foreign]
        removed = sorted(set(old) - set(new))
        kept_mine = user_placements_of(db, removed)  # the user's placements of records that may be renamed
        with db.atomic():
            _copy_meta_and_reference(ws, src)
            _replace_corpus_events(ws, src, removed, foreign)
            _copy_children(ws, src, foreign)
            _drop_unused_corpus_reference(ws, src)
            ws.execute("DELETE FROM events_fts WHERE rowid NOT IN (SELECT num FROM events)")
            reindex_events(db, taken)
        id_map = _id_map(src)
        moved = follow_renames(db, id_map)
        follow_renamed(db, kept_mine, id_map)
    finally:
        src.close()
    return MergeReport(
        merged=True,
        old_digest=old_digest,
        new_digest=new_digest,
        added=sorted(i for i in taken if i not in old),
        removed=removed,
        changed=sorted(i for i in taken if i in old and old[i] != new[i]),
        skipped=sorted(foreign),
        orphans=AnnotationStore(db).orphans(),
        moved=moved,
    )


def _foreign_ids(ws: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Those of the corpus's ids that the workspace holds as imported (non-corpus) events."""
    foreign: set[str] = set()
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        foreign |= {
            r[0]
            for r in ws.execute(
                f"SELECT id FROM events WHERE origin <> 'corpus' AND id IN ({marks})", list(chunk)
            )
        }
    return foreign


def _copy_meta_and_reference(ws: sqlite3.Connection, src: sqlite3.Connection) -> None:
    """Upsert the corpus's meta rows and reference tables (tracks, sources, actors, themes)."""
    for key, value in src.execute("SELECT key, value FROM meta"):
        ws.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
    for table, key in _REFERENCE.items():
        cols = [c for c in _columns(src, table) if c in _columns(ws, table)]
        sql = _upsert_sql(table, cols, key, only_corpus="origin" in cols)
        ws.executemany(sql, src.execute(f"SELECT {', '.join(cols)} FROM {table}"))


def _replace_corpus_events(
    ws: sqlite3.Connection, src: sqlite3.Connection, removed: list[str], foreign: set[str]
) -> None:
    """Delete removed events and corpus children (bar the user's), then upsert the corpus's events."""
    for chunk in _chunks(removed):
        ws.execute(f"DELETE FROM events WHERE id IN ({', '.join('?' for _ in chunk)})", list(chunk))
    for table in _CHILDREN:
        mine = f" AND {_KEEP_MINE[table]}" if table in _KEEP_MINE else ""
        ws.execute(
            f"DELETE FROM {table} WHERE event_id IN (SELECT id FROM events WHERE origin = 'corpus'){mine}"
        )
    cols = [c for c in _columns(src, "events") if c != "num" and c in _columns(ws, "events")]
    ws.executemany(
        _upsert_sql("events", cols, "id", only_corpus=True),
        (
            r
            for r in src.execute(f"SELECT {', '.join(cols)} FROM events WHERE origin = 'corpus'")
            if r[cols.index("id")] not in foreign
        ),
    )


def _copy_children(ws: sqlite3.Connection, src: sqlite3.Connection, foreign: set[str]) -> None:
    """Insert the corpus's child rows (actors, themes, sources, ...) of every event it still owns."""
    for table in _CHILDREN:
        ccols = [c for c in _columns(src, table) if c in _columns(ws, table)]
        if "event_id" not in ccols:  # a table one side's schema does not have yet
            continue
        at = ccols.index("event_id")
        ignore = "OR IGNORE " if table in _KEEP_MINE else ""  # a placement the user made stays theirs
        ws.executemany(
            f"INSERT {ignore}INTO {table} ({', '.join(ccols)}) VALUES ({', '.join('?' for _ in ccols)})",
            (r for r in src.execute(f"SELECT {', '.join(ccols)} FROM {table}") if r[at] not in foreign),
        )


def _drop_unused_corpus_reference(ws: sqlite3.Connection, src: sqlite3.Connection) -> None:
    """Delete corpus tracks and sources the new corpus no longer has, unless something still uses them."""
    for table, used in (
        ("tracks", "SELECT track FROM events"),
        ("sources", "SELECT source_id FROM event_sources"),
    ):
        keep = json.dumps([r[0] for r in src.execute(f"SELECT id FROM {table}")])
        ws.execute(
            f"DELETE FROM {table} WHERE origin = 'corpus' AND id NOT IN ({used})"
            " AND id NOT IN (SELECT value FROM json_each(?))",
            [keep],
        )


def _id_map(src: sqlite3.Connection) -> dict[str, str]:
    """The bundled corpus's old id -> new id map (meta 'id_map', written when records were renamed)."""
    row = src.execute("SELECT value FROM meta WHERE key = 'id_map'").fetchone()
    try:
        value = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


@dataclass
class Workspace:
    """The open workspace: its database, its lock and what the user should be told on start."""

    opened: OpenedWorkspace
    lock: InstanceLock
    merge: MergeReport | None = None
    _changes_at_open: int = 0

    @property
    def db(self) -> sqlite_utils.Database:
        """The database connection."""
        return self.opened.db

    @property
    def path(self) -> Path:
        """The workspace file."""
        return self.opened.path

    @property
    def readonly(self) -> bool:
        """True when editing is disabled (the file is read-only)."""
        return self.opened.readonly

    @property
    def notices(self) -> list[str]:
        """Sentences to show once after opening (recovery, upgrade, corpus update, read-only)."""
        return self.opened.notices

    @property
    def changed(self) -> bool:
        """True when this session wrote to the database."""
        try:
            return bool(self.db.conn.total_changes > self._changes_at_open)
        except Exception:  # a closed connection
            return False

    def close(self, *, backups: Path | None = None, backup: bool = True) -> Path | None:
        """Back up if anything was written this session (store.backup's shared policy), close, unlock."""
        saved = None
        try:
            if backup and not self.readonly and self.changed:
                with contextlib.suppress(Exception):
                    saved = backup_after_write(self.db, folder=backups, stem=self.path.stem)
        finally:
            self.opened.close()
            self.lock.release()
        return saved


def start_workspace(
    path: Path | None = None, bundled: Path | None = None, *, backups: Path | None = None
) -> Workspace:
    """Lock, create if needed, open with recovery and merge a newer bundled corpus (backed up first).

    A folder where no lock file can be made (read-only) opens the workspace read-only for browsing
    and export. Damage found on an earlier start is raised again until the user restores a backup
    or starts fresh (`start_fresh`); a missing workspace is never silently made anew meanwhile.
    Raises WorkspaceInUse, WorkspaceDamaged (offer `exc.backup`), DatabaseTooNew or another StoreError.
    """
    path = Path(path) if path is not None else paths.workspace_path()
    bundled = Path(bundled) if bundled is not None else resources.bundled_db()
    lock = InstanceLock(path)
    readonly: bool | None = None
    try:
        lock.acquire()
    except LockUnavailable:
        if not path.is_file():
            raise
        readonly = True
    try:
        if not damage_record(path).exists():
            ensure_workspace(bundled, path)
        opened = open_workspace(path, backups=backups, readonly=readonly)
        workspace = Workspace(opened, lock)
        try:
            if not opened.readonly and bundled.is_file():
                src = _ro(bundled)
                try:
                    newer = corpus_digest(src) not in (None, corpus_digest(opened.db))
                finally:
                    src.close()
                if newer:
                    backup_now(opened.db, folder=backups, reason="before-corpus-update", stem=path.stem)
                    workspace.merge = merge_corpus(opened.db, bundled)
                    opened.notices.append(workspace.merge.summary())
        except BaseException:
            opened.close()
            raise
        workspace._changes_at_open = opened.db.conn.total_changes
        return workspace
    except BaseException:
        lock.release()
        raise


def start_fresh(path: Path | None = None, bundled: Path | None = None) -> Path:
    """Start again from the bundled corpus; the present file (damaged or not) is kept aside beside it."""
    path = Path(path) if path is not None else paths.workspace_path()
    with InstanceLock(path):
        if path.exists():  # kept aside, never deleted
            move_aside(path, "before-fresh")
        damage_record(path).unlink(missing_ok=True)
        return ensure_workspace(bundled, path)
