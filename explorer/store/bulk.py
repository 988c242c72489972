"""Bulk annotation: one edit (tags, flag, stars, importance, a note) applied to many events at once.

`bulk_annotate` checks everything first, then writes every row in ONE transaction and returns one
`Change` with exact snapshots, so the window's undo stack takes it back in one step and the console
never leaves half a selection edited. Kept apart from `annotations.py` so that module stays small.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import sqlite_utils

from explorer.model import PARTIES, Note, Tag
from explorer.model.limits import too_long, too_many_tags
from explorer.store.annotations import IMPORTANCE_LEVELS, TAG_PALETTE, AnnotationStore, own_assessment
from explorer.store.authorship import local_author, new_uid
from explorer.store.changes import (
    ASSESSMENT,
    NOTE,
    TAG,
    TAG_USE_COLS,
    Change,
    Row,
    TagUse,
    clean_name,
    now,
    write_state,
)
from explorer.store.errors import InvalidAnnotation, UnknownEvent

#: The ids of a selection travel to SQLite as one JSON array (no limit on bound variables).
_IN_IDS = "SELECT value FROM json_each(?)"


@dataclass(frozen=True)
class BulkEdit:
    """What to do to every selected event; None (or empty) leaves that part alone."""

    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    flagged: bool | None = None
    stars: int | None = None
    #: party -> level (low/middle/high) or None to clear it; parties absent are left alone
    importance: Mapping[str, str | None] = field(default_factory=dict)
    note: str | None = None

    @property
    def nothing(self) -> bool:
        """True when the edit would change nothing."""
        return not (
            self.add_tags
            or self.remove_tags
            or self.flagged is not None
            or self.stars is not None
            or self.importance
            or self.note is not None
        )

    def check(self) -> BulkEdit:
        """The same edit with tidied tag names, or InvalidAnnotation with one sentence."""
        if self.stars is not None and (isinstance(self.stars, bool) or self.stars not in range(6)):
            raise InvalidAnnotation(f"Stars must be a whole number from 0 to 5, not {self.stars!r}.")
        for party, level in self.importance.items():
            if party not in PARTIES:
                raise InvalidAnnotation(f"“{party}” is not a party; use belarus, russia or west.")
            if level is not None and level not in IMPORTANCE_LEVELS:
                raise InvalidAnnotation(
                    f"The importance for {party} must be low, middle or high (or none), not “{level}”."
                )
        if self.note is not None:
            if not self.note.strip():
                raise InvalidAnnotation("The note is empty.")
            reason = too_long("note", self.note)
            if reason:
                raise InvalidAnnotation(f"{reason[0].upper()}{reason[1:]}.")
        return replace(
            self,
            add_tags=tuple(dict.fromkeys(clean_name(t, "tag name") for t in self.add_tags)),
            remove_tags=tuple(dict.fromkeys(" ".join(t.split()) for t in self.remove_tags)),
        )


def _events(n: int) -> str:
    return f"{n:,} event{'' if n == 1 else 's'}"


def bulk_label(edit: BulkEdit, n: int) -> str:
    """The undo text of a bulk edit, e.g. 'Tag 40 events “airbase”'."""
    parts: list[str] = []
    quoted = ", ".join(f"“{t}”" for t in edit.add_tags)
    if edit.add_tags:
        parts.append(f"Tag {_events(n)} {quoted}")
    if edit.remove_tags:
        gone = ", ".join(f"“{t}”" for t in edit.remove_tags)
        parts.append(f"Remove tag{'s' if len(edit.remove_tags) > 1 else ''} {gone} from {_events(n)}")
    if edit.flagged is not None:
        parts.append(f"{'Flag' if edit.flagged else 'Unflag'} {_events(n)}")
    if edit.stars is not None:
        parts.append(
            f"Rate {_events(n)} {edit.stars} star{'' if edit.stars == 1 else 's'}"
            if edit.stars
            else f"Clear the stars of {_events(n)}"
        )
    if edit.importance:
        parts.append(f"Set the importance of {_events(n)}")
    if edit.note is not None:
        parts.append(f"Add a note to {_events(n)}")
    return "; ".join([parts[0], *(p[0].lower() + p[1:] for p in parts[1:])])


def _check_events(store: AnnotationStore, ids: Sequence[str]) -> None:
    missing = [
        r[0]
        for r in store.db.execute(
            "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM events)",
            [json.dumps(list(ids))],
        )
    ]
    if missing:
        more = f" (and {len(missing) - 1:,} more)" if len(missing) > 1 else ""
        raise UnknownEvent(f"There is no event with the id “{missing[0]}”{more}; nothing was changed.")


def _tag_rows(
    store: AnnotationStore, ids: Sequence[str], edit: BulkEdit, before: list[Row], after: list[Row]
) -> None:
    db, as_json = store.db, json.dumps(list(ids))
    counts = dict(
        store.db.execute(
            f"SELECT event_id, count(*) FROM event_tags WHERE event_id IN ({_IN_IDS}) GROUP BY event_id",
            [as_json],
        ).fetchall()
    )
    n_tags = int(db.execute("SELECT count(*) FROM tags").fetchone()[0])
    stamp, me = now(), local_author(db)
    for name in edit.add_tags:
        old = store._tag(name)
        if old is None:
            tag = Tag(name, TAG_PALETTE[n_tags % len(TAG_PALETTE)])
            n_tags += 1
            after.append(tag)
        else:
            tag = old
        had = {
            r[0]
            for r in db.execute(
                f"SELECT event_id FROM event_tags WHERE tag = ? AND event_id IN ({_IN_IDS})",
                [tag.name, as_json],
            )
        }
        for eid in ids:
            if eid in had:
                continue
            counts[eid] = counts.get(eid, 0) + 1
            reason = too_many_tags(counts[eid])
            if reason:
                raise InvalidAnnotation(
                    f"“{tag.name}” was not added to {eid}: {reason}; nothing was changed."
                )
            after.append(TagUse(eid, tag.name, stamp, new_uid(), me))
    for name in edit.remove_tags:
        before.extend(
            TagUse(*r)
            for r in db.execute(
                f"SELECT {TAG_USE_COLS} FROM event_tags WHERE tag = ? COLLATE NOCASE"
                f" AND event_id IN ({_IN_IDS}) ORDER BY event_id",
                [name, as_json],
            )
        )


def _assessment_rows(
    store: AnnotationStore, ids: Sequence[str], edit: BulkEdit, before: list[Row], after: list[Row]
) -> None:
    if edit.flagged is None and edit.stars is None and not edit.importance:
        return
    stamp, me = now(), local_author(store.db)
    for eid in ids:
        old = store.assessment_for(eid)
        base = own_assessment(eid, old, me)
        new = replace(
            base,
            flagged=base.flagged if edit.flagged is None else edit.flagged,
            stars=base.stars if edit.stars is None else edit.stars,
            belarus=edit.importance.get("belarus", base.belarus),
            russia=edit.importance.get("russia", base.russia),
            west=edit.importance.get("west", base.west),
        )
        if new == base:
            continue
        new = replace(new, modified=stamp)
        keep = new.flagged or new.stars or any(getattr(new, p) for p in PARTIES)
        if old is not None:
            before.append(old)
        if keep:
            after.append(new)


def bulk_annotate(store: AnnotationStore, event_ids: Sequence[str], edit: BulkEdit) -> Change:
    """Apply one edit to every event in `event_ids` in one transaction; one Change to undo it all."""
    edit = edit.check()
    ids = list(dict.fromkeys(event_ids))
    # an existing tag is matched ignoring case and keeps its own spelling (in the rows and the label)
    spelled = tuple(dict.fromkeys(t.name if (t := store._tag(n)) else n for n in edit.add_tags))
    edit = replace(edit, add_tags=spelled)
    label = bulk_label(edit, len(ids))
    # the kind decides what apply/revert reindex for search: tags and notes are searchable
    kind = TAG if (edit.add_tags or edit.remove_tags) else NOTE if edit.note is not None else ASSESSMENT
    if not ids or edit.nothing:
        return Change.of(kind, label)
    before: list[Row] = []
    after: list[Row] = []
    with store._writing():
        _check_events(store, ids)
        _tag_rows(store, ids, edit, before, after)
        _assessment_rows(store, ids, edit, before, after)
        write_state(store.db, before, after)
        if edit.note is not None:
            stamp, me = now(), local_author(store.db)
            for eid in ids:
                uid = new_uid()
                cur = store.db.execute(
                    "INSERT INTO notes (event_id, body, created, modified, uid, author) VALUES (?, ?, ?, ?, ?, ?)",
                    [eid, edit.note, stamp, stamp, uid, me],
                )
                after.append(Note(cur.lastrowid, eid, edit.note, stamp, stamp, uid, me))
        change = Change.of(kind, label, before, after)
        store._reindex(change)
    return change


def tagged_event_count(db: sqlite_utils.Database) -> int:
    """How many distinct events carry at least one tag (not how many tag uses there are)."""
    return int(db.execute("SELECT count(DISTINCT event_id) FROM event_tags").fetchone()[0])


def events_tagged(db: sqlite_utils.Database, name: str) -> list[str]:
    """The ids of the events carrying a tag (its name matched ignoring case), in date order."""
    return [
        r[0]
        for r in db.execute(
            "SELECT e.id FROM event_tags g JOIN events e ON e.id = g.event_id"
            " WHERE g.tag = ? COLLATE NOCASE ORDER BY e.lo, e.id",
            [" ".join(name.split())],
        )
    ]
