"""Annotation exchange between colleagues: one author's changes out, anyone's changes in.

A change is an annotation as it now is (`put`) or a tombstone (`delete`), keyed by the
annotation's stable uid. Events are named by their corpus id, or by the digest of the imported
dataset they came from and their id in it, so that they match across workspaces.

Merging never touches the receiving user's own annotations; for everyone else's, the latest
modification wins per uid, and a tombstone deletes. Annotations on events this workspace lacks
are kept (detached) and listed, as every orphan is (docs/sharing.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from explorer.store.authorship import ensure_author
from explorer.store.fts import reindex_events

__all__ = ["KINDS", "EventRef", "MergeReport", "ShareChange", "author_changes", "merge_changes"]

#: kind -> (table, its event column, fields a change carries besides its event).
KINDS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "note": ("notes", "event_id", ("body", "created", "modified")),
    "tag": ("event_tags", "event_id", ("tag", "created", "modified")),
    "assessment": (
        "assessments",
        "event_id",
        ("flagged", "stars", "belarus", "russia", "west", "created", "modified"),
    ),
    "period": ("periods", None, ("name", "date", "note", "color", "created", "modified", "lo", "hi")),
    "link": ("links", "source_event", ("type", "note", "created", "modified")),
}
#: The colour of a tag that arrives without one.
_TAG_COLOR = "#888888"
_WORDS = {"note": "note", "tag": "tag", "assessment": "rating", "period": "period", "link": "link"}


@dataclass(frozen=True, slots=True)
class EventRef:
    """An event as colleagues name it: its id, and the digest of its imported dataset (None: the corpus)."""

    id: str
    dataset: str | None = None


@dataclass(frozen=True, slots=True)
class ShareChange:
    """One annotation as it is now (op 'put') or its deletion (op 'delete'), by one author."""

    op: str
    kind: str
    uid: str
    author: str
    modified: str
    event: EventRef | None = None
    target: EventRef | None = None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class MergeReport:
    """What a merge did, per kind, and what it kept detached."""

    authors: list[str] = field(default_factory=list)
    added: Counter[str] = field(default_factory=Counter)
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    own: int = 0
    clashes: int = 0
    detached: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        """True when anything in the database changed."""
        return bool(sum(self.added.values()) or self.updated or self.removed)

    def sentence(self) -> str:
        """One sentence such as '12 notes from Alice added, 3 updated, 1 removed; 2 on events this workspace lacks kept'."""
        who = " and ".join(self.authors) if self.authors else "nobody"
        added = [f"{n} {_WORDS[k]}{'' if n == 1 else 's'}" for k in KINDS if (n := self.added[k])]
        head = f"{_join(added) or 'No annotations'} from {who} added, {self.updated} updated, {self.removed} removed"
        tails = []
        if self.detached:
            n = len(self.detached)
            tails.append(
                f"{n} on events this workspace lacks kept ({', '.join(sorted(set(self.detached))[:5])})"
            )
        if self.clashes:
            tails.append(f"{self.clashes} left out because you already have the same on those events")
        if self.unchanged:
            tails.append(f"{self.unchanged} already up to date")
        if self.own:
            tails.append(f"{self.own} of your own left as they are")
        return head + ("; " + "; ".join(tails) if tails else "") + "."


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""


# --- out -----------------------------------------------------------------------------------------
def _datasets(db: sqlite_utils.Database) -> dict[str, str]:
    return {r[0]: r[1] for r in db.execute("SELECT id, digest FROM datasets")}


def _refs(db: sqlite_utils.Database) -> dict[str, EventRef]:
    """Each event's shareable name; annotated events only are asked for, but a join is cheap."""
    digests = _datasets(db)
    refs: dict[str, EventRef] = {}
    for eid, origin in db.execute(
        "SELECT id, origin FROM events WHERE origin <> 'corpus' AND id IN"
        " (SELECT event_id FROM notes UNION SELECT event_id FROM event_tags UNION SELECT event_id FROM assessments"
        " UNION SELECT source_event FROM links UNION SELECT target_event FROM links)"
    ):
        dataset = origin.removeprefix("import:")
        digest = digests.get(dataset)
        if digest is not None:
            refs[eid] = EventRef(eid.removeprefix(f"{dataset}:"), digest)
    return refs


def author_changes(db: sqlite_utils.Database, author: str | None = None) -> list[ShareChange]:
    """Every annotation and tombstone of one author (default: the local one), deletions first."""
    who = author or ensure_author(db)
    refs = _refs(db)

    def ref(eid: str | None) -> EventRef | None:
        return None if eid is None else refs.get(eid, EventRef(eid))

    out = [
        ShareChange("delete", kind, uid, who, deleted, ref(eid))
        for uid, kind, eid, deleted in db.execute(
            "SELECT uid, kind, event_id, deleted FROM tombstones WHERE author = ? ORDER BY deleted, uid",
            [who],
        )
    ]
    for kind, (table, event_col, names) in KINDS.items():
        extra = ", target_event" if kind == "link" else ""
        extra += ", (SELECT color FROM tags WHERE name = tag)" if kind == "tag" else ""
        cols = ", ".join(names)
        ecol = event_col or "NULL"
        for row in db.execute(
            f"SELECT uid, {ecol}, {cols}{extra} FROM {table} WHERE author = ? AND uid IS NOT NULL"
            " ORDER BY modified, uid",
            [who],
        ):
            values = dict(zip(names, row[2 : 2 + len(names)], strict=True))
            target = ref(row[2 + len(names)]) if kind == "link" else None
            if kind == "tag":
                values["color"] = row[2 + len(names)]
            if kind == "assessment":
                values["flagged"] = bool(values["flagged"])
            if kind == "period":
                del values["lo"], values["hi"]
            out.append(ShareChange("put", kind, row[0], who, values["modified"], ref(row[1]), target, values))
    return out


# --- in ------------------------------------------------------------------------------------------
class _Resolver:
    """Turns EventRefs into this workspace's event ids (or a detached id when there is no such event)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.by_digest = {digest: did for did, digest in _datasets(db).items()}

    def __call__(self, ref: EventRef) -> tuple[str, bool]:
        """The local event id and whether that event is here."""
        if ref.dataset is None:
            return ref.id, self._exists(ref.id, "corpus")
        dataset = self.by_digest.get(ref.dataset)
        if dataset is None:
            return ref.id, False
        for candidate in (ref.id, f"{dataset}:{ref.id}"):
            if self._exists(candidate, f"import:{dataset}"):
                return candidate, True
        return ref.id, False

    def _exists(self, eid: str, origin: str) -> bool:
        row = self.db.execute("SELECT origin FROM events WHERE id = ?", [eid]).fetchone()
        # a corpus id is matched whatever the event's origin: an own-format import keeps corpus ids
        return row is not None and (row[0] == origin or origin == "corpus")


def _existing(db: sqlite_utils.Database, table: str, uid: str) -> tuple[str, str, int] | None:
    row = db.execute(f"SELECT author, modified, rowid FROM {table} WHERE uid = ?", [uid]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def _clash(db: sqlite_utils.Database, c: ShareChange, eid: str | None, target: str | None) -> tuple | None:
    """The (author, rowid) of a row that holds the natural key this put needs, if any."""
    if c.kind == "tag":
        sql, args = (
            "SELECT author, rowid FROM event_tags WHERE event_id = ? AND tag = ?",
            [eid, c.fields["tag"]],
        )
    elif c.kind == "assessment":
        sql, args = "SELECT author, rowid FROM assessments WHERE event_id = ?", [eid]
    elif c.kind == "link":
        sql = "SELECT author, rowid FROM links WHERE source_event = ? AND target_event = ? AND type = ?"
        args = [eid, target, c.fields["type"]]
    else:
        return None
    return db.execute(sql, args).fetchone()


def _write(
    db: sqlite_utils.Database, c: ShareChange, eid: str | None, target: str | None, rowid: int | None
) -> None:
    """Insert (rowid None) or overwrite one row with the change's values."""
    table, event_col, names = KINDS[c.kind]
    values = {k: c.fields.get(k) for k in names if k not in ("lo", "hi")}
    if c.kind == "period":
        from explorer.model import parse_date  # model is below store; parse here, not at import

        f = parse_date(str(values["date"]))
        values.update(lo=f.lo, hi=f.hi)
    if c.kind == "assessment":
        values["flagged"] = int(bool(values["flagged"]))
        values["stars"] = int(values["stars"] or 0)
    if c.kind == "tag":
        db.execute(
            "INSERT INTO tags (name, color) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
            [values["tag"], c.fields.get("color") or _TAG_COLOR],
        )
    if event_col:
        values[event_col] = eid
    if c.kind == "link":
        values["target_event"] = target
    values.update(uid=c.uid, author=c.author)
    cols = list(values)
    if rowid is None:
        db.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [values[k] for k in cols],
        )
    else:
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in cols)} WHERE rowid = ?",
            [*(values[k] for k in cols), rowid],
        )


def merge_changes(db: sqlite_utils.Database, changes: Iterable[ShareChange]) -> MergeReport:
    """Merge colleagues' changes in one transaction (the local author's own are never touched)."""
    me = ensure_author(db)
    report = MergeReport()
    resolve = _Resolver(db)
    touched: set[str] = set()
    with db.atomic():
        for c in changes:
            if c.kind not in KINDS:
                continue
            if c.author not in report.authors and c.author != me:
                report.authors.append(c.author)
            if c.author == me:
                report.own += 1
                continue
            table = KINDS[c.kind][0]
            eid, here = resolve(c.event) if c.event else (None, True)
            target, there = resolve(c.target) if c.target else (None, True)
            have = _existing(db, table, c.uid)
            if have is not None and have[0] == me:
                report.own += 1
                continue
            if c.op == "delete":
                if have is not None and have[1] <= c.modified:
                    db.execute(f"DELETE FROM {table} WHERE rowid = ?", [have[2]])
                    report.removed += 1
                    touched.update(e for e in (eid, target) if e)
                if have is None:
                    db.execute(
                        "INSERT INTO tombstones (uid, kind, author, event_id, deleted) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT(uid) DO UPDATE SET deleted = max(deleted, excluded.deleted)",
                        [c.uid, c.kind, c.author, eid, c.modified],
                    )
                continue
            if have is not None:
                if have[1] >= c.modified:
                    report.unchanged += 1
                    continue
                _write(db, c, eid, target, have[2])
                report.updated += 1
            else:
                gone = db.execute("SELECT deleted FROM tombstones WHERE uid = ?", [c.uid]).fetchone()
                if gone is not None and gone[0] >= c.modified:
                    report.unchanged += 1
                    continue
                clash = _clash(db, c, eid, target)
                if clash is not None and clash[0] != c.author:
                    report.clashes += 1
                    continue
                _write(db, c, eid, target, clash[1] if clash else None)
                report.added[c.kind] += 1
            if not (here and there):
                report.detached.append(
                    c.event.id if c.event and not here else c.target.id if c.target else ""
                )
            touched.update(e for e in (eid, target) if e)
        if touched:
            reindex_events(db, sorted(touched))
        report.touched = touched
    return report


# --- remembered state (the team folder, read offsets, what was sent) ------------------------------
def get_state(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    """A JSON value kept in the workspace's meta table under `share.<key>`."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [f"share.{key}"]).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def set_state(db: sqlite_utils.Database, key: str, value: Any) -> None:
    """Keep a JSON value in the workspace's meta table under `share.<key>` (its own transaction)."""
    with db.atomic():
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [f"share.{key}", json.dumps(value, ensure_ascii=False)],
        )


def corpus_digest_of(db: sqlite_utils.Database) -> str | None:
    """The digest of the corpus this workspace holds (None when it has none)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'corpus_digest'").fetchone()
    return str(row[0]) if row else None
