"""What an annotation write changed, as exact before/after snapshots that undo and redo can replay.

A `Change` holds the rows a write touched as they were (`before`) and as they are (`after`).
Applying a change's `after` state (or, to undo, its `before` state) drops the rows that should
not exist and writes the others back with their ids and timestamps, so undo is exact.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from explorer.model import Assessment, Link, Note, Period, Tag, parse_date
from explorer.model.limits import MAX_TAG
from explorer.store.errors import (
    InvalidAnnotation,
    ReadOnlyDatabase,
    UnknownEvent,
    failure_kind,
    write_failed,
)
from explorer.store.filter_data import change_key, corpus_untouched
from explorer.store.fts import reindex_events

NOTE = "note"
TAG = "tag"
ASSESSMENT = "assessment"
PERIOD = "period"
LINK = "link"
#: a placement of an event on a further lane (table event_extra_tracks)
PLACEMENT = "placement"
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class TagUse:
    """One tag on one event (a row of event_tags)."""

    event_id: str
    tag: str
    created: str = ""
    uid: str = ""
    author: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    """One event drawn on a lane besides its home one (a row of event_extra_tracks)."""

    event_id: str
    track_id: str
    reason: str = ""


#: The columns read into each snapshot type, in its fields' order.
NOTE_COLS = "id, event_id, body, created, modified, uid, author"
TAG_USE_COLS = "event_id, tag, created, uid, author"
ASSESSMENT_COLS = "event_id, flagged, stars, belarus, russia, west, modified, uid, author, created"
PERIOD_COLS = "id, name, date, note, color, created, modified, uid, author"
LINK_COLS = "id, source_event, target_event, type, note, created, uid, author, modified"


def assessment_of(r: tuple) -> Assessment:
    """An Assessment from a row of ASSESSMENT_COLS."""
    return Assessment(r[0], bool(r[1]), int(r[2]), r[3], r[4], r[5], r[6], r[7] or "", r[8], r[9])


Row = Note | Tag | TagUse | Assessment | Period | Link | Placement
Key = tuple[str, ...]


def row_key(row: Row) -> Key:
    """The identity of a snapshot row: its table and primary key."""
    if isinstance(row, Note):
        return (NOTE, str(row.id))
    if isinstance(row, TagUse):
        return ("tag_use", row.event_id, row.tag)
    if isinstance(row, Tag):
        return (TAG, row.name)
    if isinstance(row, Assessment):
        return (ASSESSMENT, row.event_id)
    if isinstance(row, Period):
        return (PERIOD, str(row.id))
    if isinstance(row, Placement):
        return (PLACEMENT, row.event_id, row.track_id)
    return (LINK, str(row.id))


def row_event_ids(row: Row) -> tuple[str, ...]:
    """The events a snapshot row belongs to (none for tags and periods)."""
    if isinstance(row, Note | TagUse | Assessment | Placement):
        return (row.event_id,)
    if isinstance(row, Link):
        return (row.source, row.target)
    return ()


@dataclass(frozen=True, slots=True)
class Change:
    """One write: its kind, a label for an undo menu, the events it touched and exact snapshots."""

    kind: str
    label: str
    before: tuple[Row, ...] = ()
    after: tuple[Row, ...] = ()
    event_ids: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, kind: str, label: str, before: Iterable[Row] = (), after: Iterable[Row] = ()) -> Change:
        """A change whose event ids are gathered from its rows."""
        b, a = tuple(before), tuple(after)
        ids = tuple(dict.fromkeys(i for r in (*b, *a) for i in row_event_ids(r)))
        return cls(kind, label, b, a, ids)

    @property
    def empty(self) -> bool:
        """True when nothing changed (no undo step is needed)."""
        return self.before == self.after

    def inverse(self) -> Change:
        """The change that undoes this one."""
        return Change(self.kind, self.label, self.after, self.before, self.event_ids)

    def merged(self, later: Change) -> Change:
        """This change followed by `later` as one step (e.g. successive edits of one note)."""
        mine = {row_key(r) for r in (*self.before, *self.after)}
        theirs = {row_key(r) for r in (*later.before, *later.after)}
        before = (*self.before, *(r for r in later.before if row_key(r) not in mine))
        after = (*(r for r in self.after if row_key(r) not in theirs), *later.after)
        ids = tuple(dict.fromkeys((*self.event_ids, *later.event_ids)))
        return Change(self.kind, self.label, before, after, ids)

    def first_after(self) -> Row | None:
        """The first row written (e.g. the new note of an add_note), or None."""
        return self.after[0] if self.after else None

    def first_before(self) -> Row | None:
        """The first row as it was (e.g. the deleted note of a delete_note), or None."""
        return self.before[0] if self.before else None


# Tags before their uses when writing, uses before tags when dropping (event_tags refers to tags).
_PUT_ORDER = {TAG: 0, "tag_use": 1}
_DROP_ORDER = {"tag_use": 0, TAG: 1}


def write_state(db: sqlite_utils.Database, current: Iterable[Row], target: Iterable[Row]) -> None:
    """Make the database hold `target` instead of `current` (caller holds the transaction)."""
    target_rows = list(target)
    target_keys = {row_key(r) for r in target_rows}
    drops = [r for r in current if row_key(r) not in target_keys]
    for row in sorted(drops, key=lambda r: _DROP_ORDER.get(row_key(r)[0], 2)):
        _drop(db, row)
    for row in sorted(target_rows, key=lambda r: _PUT_ORDER.get(row_key(r)[0], 2)):
        _put(db, row)


def _drop(db: sqlite_utils.Database, row: Row) -> None:
    if isinstance(row, Note):
        db.execute("DELETE FROM notes WHERE id = ?", [row.id])
    elif isinstance(row, TagUse):
        db.execute("DELETE FROM event_tags WHERE event_id = ? AND tag = ?", [row.event_id, row.tag])
    elif isinstance(row, Tag):
        db.execute("DELETE FROM tags WHERE name = ?", [row.name])
    elif isinstance(row, Assessment):
        db.execute("DELETE FROM assessments WHERE event_id = ?", [row.event_id])
    elif isinstance(row, Period):
        db.execute("DELETE FROM periods WHERE id = ?", [row.id])
    elif isinstance(row, Placement):
        db.execute(
            "DELETE FROM event_extra_tracks WHERE event_id = ? AND track_id = ?", [row.event_id, row.track_id]
        )
    else:
        db.execute("DELETE FROM links WHERE id = ?", [row.id])


def _put(db: sqlite_utils.Database, row: Row) -> None:
    """Write one row of any kind, updating it in place when it exists."""
    # ON CONFLICT ... DO UPDATE rather than INSERT OR REPLACE: a REPLACE of a tag would delete it
    # first and cascade into event_tags.
    if isinstance(row, Note):
        _put_note(db, row)
    elif isinstance(row, TagUse):
        _put_tag_use(db, row)
    elif isinstance(row, Tag):
        _put_tag(db, row)
    elif isinstance(row, Assessment):
        _put_assessment(db, row)
    elif isinstance(row, Period):
        _put_period(db, row)
    elif isinstance(row, Placement):
        _put_placement(db, row)
    else:
        _put_link(db, row)


def _put_note(db: sqlite_utils.Database, row: Note) -> None:
    """Upsert a note."""
    db.execute(
        "INSERT INTO notes (id, event_id, body, created, modified, uid, author) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET event_id = excluded.event_id, body = excluded.body,"
        " created = excluded.created, modified = excluded.modified, uid = excluded.uid,"
        " author = excluded.author",
        [row.id, row.event_id, row.body, row.created, row.modified, row.uid or None, row.author],
    )


def _put_tag_use(db: sqlite_utils.Database, row: TagUse) -> None:
    """Upsert a tag's use on an event."""
    db.execute(
        "INSERT INTO event_tags (event_id, tag, created, modified, uid, author) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(event_id, tag) DO UPDATE SET created = excluded.created,"
        " modified = excluded.modified, uid = excluded.uid, author = excluded.author",
        [row.event_id, row.tag, row.created, row.created, row.uid or None, row.author],
    )


def _put_tag(db: sqlite_utils.Database, row: Tag) -> None:
    """Upsert a tag's colour."""
    db.execute(
        "INSERT INTO tags (name, color) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET color = excluded.color",
        [row.name, row.color],
    )


def _put_assessment(db: sqlite_utils.Database, row: Assessment) -> None:
    """Upsert an event's assessment."""
    db.execute(
        "INSERT INTO assessments (event_id, flagged, stars, belarus, russia, west, modified, uid, author,"
        " created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO UPDATE SET"
        " flagged = excluded.flagged, stars = excluded.stars, belarus = excluded.belarus,"
        " russia = excluded.russia, west = excluded.west, modified = excluded.modified,"
        " uid = excluded.uid, author = excluded.author, created = excluded.created",
        [
            row.event_id,
            int(row.flagged),
            row.stars,
            row.belarus,
            row.russia,
            row.west,
            row.modified,
            row.uid or None,
            row.author,
            row.created or row.modified,
        ],
    )


def _put_period(db: sqlite_utils.Database, row: Period) -> None:
    """Upsert a period, with its date's bounds."""
    f = parse_date(row.date)
    db.execute(
        "INSERT INTO periods (id, name, date, lo, hi, note, color, created, modified, uid, author)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
        " date = excluded.date, lo = excluded.lo, hi = excluded.hi, note = excluded.note,"
        " color = excluded.color, created = excluded.created, modified = excluded.modified,"
        " uid = excluded.uid, author = excluded.author",
        [
            row.id,
            row.name,
            row.date,
            f.lo,
            f.hi,
            row.note,
            row.color,
            row.created,
            row.modified,
            row.uid or None,
            row.author,
        ],
    )


def _put_placement(db: sqlite_utils.Database, row: Placement) -> None:
    """Upsert an event's placement on an extra track."""
    db.execute(
        "INSERT INTO event_extra_tracks (event_id, track_id, reason) VALUES (?, ?, ?)"
        " ON CONFLICT(event_id, track_id) DO UPDATE SET reason = excluded.reason",
        [row.event_id, row.track_id, row.reason],
    )


def _put_link(db: sqlite_utils.Database, row: Link) -> None:
    """Upsert a link between two events."""
    db.execute(
        "INSERT INTO links (id, source_event, target_event, type, note, created, uid, author, modified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
        " source_event = excluded.source_event, target_event = excluded.target_event,"
        " type = excluded.type, note = excluded.note, created = excluded.created, uid = excluded.uid,"
        " author = excluded.author, modified = excluded.modified",
        [
            row.id,
            row.source,
            row.target,
            row.type,
            row.note,
            row.created,
            row.uid or None,
            row.author,
            row.modified or row.created,
        ],
    )


def now() -> str:
    """The current time as an ISO 8601 UTC timestamp with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clean_color(value: str, what: str) -> str:
    """A #rrggbb colour in lower case, or InvalidAnnotation naming `what`."""
    if not _COLOR_RE.match(value or ""):
        raise InvalidAnnotation(f"The colour “{value}” for {what} is not of the form #rrggbb.")
    return value.lower()


def clean_name(value: str, what: str) -> str:
    """A name with its spaces tidied, or InvalidAnnotation when empty or too long."""
    text = " ".join((value or "").split())
    if not text:
        raise InvalidAnnotation(f"The {what} is empty.")
    if len(text) > MAX_TAG:
        raise InvalidAnnotation(f"The {what} “{text[:30]}…” is longer than {MAX_TAG} characters.")
    return text


def is_readonly(db: sqlite_utils.Database) -> bool:
    """True when the connection cannot write (opened with mode=ro or PRAGMA query_only)."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def _location(db: sqlite_utils.Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else "the database"


@contextmanager
def writing(db: sqlite_utils.Database, what: str) -> Iterator[None]:
    """One transaction for a write of `what` (annotations, views); a read-only or failed write is one sentence.

    Every write in the store that a person makes from the app goes through here, so a read-only file,
    a full disk or a damaged file reads the same whichever kind of thing was being saved.
    """
    if is_readonly(db):
        raise ReadOnlyDatabase(f"{_location(db)} is open read-only, so {what} cannot be saved.")
    try:
        with db.atomic():
            yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as exc:
        # disk full, read-only, busy or damaged: one sentence; the transaction was rolled back
        if failure_kind(exc) == "readonly":
            raise ReadOnlyDatabase(
                f"{_location(db)} cannot be written (it is read-only), so {what} cannot be saved."
            ) from None
        raise write_failed(exc, _location(db)) from None


@contextmanager
def _annotation_write(db: sqlite_utils.Database) -> Iterator[None]:
    """`writing` for annotations, which never touch the corpus tables: the facet columns are told so.

    (Without it, the next facet count would count a million events to find the corpus unchanged.)
    """
    before = change_key(db)
    with writing(db, "annotations"):
        yield
    corpus_untouched(db, before)


class ChangeWriter:
    """The plumbing every annotation write goes through: read-only check, transaction, reindex."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @property
    def readonly(self) -> bool:
        """True when the connection cannot write (opened with mode=ro or PRAGMA query_only)."""
        return is_readonly(self.db)

    def _writing(self) -> AbstractContextManager[None]:
        return _annotation_write(self.db)

    def require_event(self, event_id: str) -> None:
        """Raise UnknownEvent with a sentence when no event has this id."""
        if not self.db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone():
            raise UnknownEvent(f"There is no event with the id “{event_id}”.")

    def _commit(self, change: Change) -> Change:
        """Write a change's after-state over its before-state, reindexing what search sees."""
        with self._writing():
            write_state(self.db, change.before, change.after)
            self._reindex(change)
        return change

    def _reindex(self, change: Change) -> None:
        if change.kind in (NOTE, TAG) and change.event_ids:
            reindex_events(self.db, change.event_ids)

    def apply(self, change: Change) -> Change:
        """Redo: bring back the state after `change`, with the same ids and timestamps."""
        return self._commit(change)

    def revert(self, change: Change) -> Change:
        """Undo: bring back the state before `change`; returns the inverse change."""
        return self._commit(change.inverse())
