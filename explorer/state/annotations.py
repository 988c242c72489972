"""`session.annotations`: every annotation read and write the window makes, with undo and redo.

Widgets call its methods (they never touch SQL): each write makes one store call and pushes a
`ChangeCommand` onto `undo_stack` (the write is already committed, so pushing only records it);
the command tells the session which signal to emit (`annotationsChanged`, `periodsChanged`,
`linksChanged`) on do, undo and redo. `marks()` gives the numpy arrays the timeline and the
table draw tags from, recomputed only after an annotation changed.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import sqlite_utils

from explorer.model import Assessment, Link, Note, Period, Tag
from explorer.state.undo import UndoCommand, UndoStack
from explorer.store.annotations import AnnotationStore, Change, Orphan, TagCount
from explorer.store.authorship import local_author
from explorer.store.changes import PERIOD, PLACEMENT
from explorer.store.columns import EventColumns
from explorer.store.marks import AnnotationMarks, load_links, load_marks, update_marks

# The bulk edits, periods by the handful, placements and re-attaching (with the share formats it
# needs) are commands: their store modules load on first use, not with the window (about 5 ms).

if TYPE_CHECKING:
    from explorer.state.session import Session
    from explorer.store.bulk import BulkEdit

#: How many steps Edit > Undo can go back.
UNDO_LIMIT = 1000


class ChangeCommand(UndoCommand):
    """One annotation write already made in the store; undo reverts it, redo applies it again."""

    def __init__(self, edits: AnnotationEdits, change: Change, key: Hashable | None = None) -> None:
        super().__init__(change.label)
        self.edits = edits
        self.change = change
        self.key = key
        self._written = True  # the store wrote it before the command was pushed

    def merge_key(self) -> Hashable | None:
        """The note being edited, for successive edits of one note (None: never merges)."""
        return self.key

    def merge_with(self, other: UndoCommand) -> bool:
        """Fold a later edit of the same note into this step."""
        if not isinstance(other, ChangeCommand) or other.key != self.key:
            return False
        self.change = self.change.merged(other.change)
        return True

    def redo(self) -> None:
        """Apply the change (the first time it is already in the store), then tell the window."""
        if self._written:
            self._written = False
        else:
            self.edits._store.apply(self.change)
        self.edits.notify(self.change)

    def undo(self) -> None:
        """Bring back the state before the change, then tell the window."""
        self.edits._store.revert(self.change)
        self.edits.notify(self.change)


class AnnotationEdits:
    """The session's annotations: reads, writes with undo and redo, and the per-event marks for drawing."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self.session = session
        self._db = db
        self._store = AnnotationStore(db)
        self.undo_stack = UndoStack(UNDO_LIMIT)
        self._marks: AnnotationMarks | None = None
        self._marks_for: EventColumns | None = None

    @property
    def readonly(self) -> bool:
        """True when nothing can be written (the file or the connection is read-only)."""
        return bool(self.session.readonly)

    # --- reading ---------------------------------------------------------------------------------
    def author(self) -> str:
        """The name the user writes under (shown on their notes; colleagues' notes carry theirs)."""
        return local_author(self._db)

    def marks(self) -> AnnotationMarks:
        """Tag colours and annotation bits per event row (cached until annotations or events change)."""
        cols = self.session.columns
        if self._marks is None or self._marks_for is not cols:
            self._marks = load_marks(self._db, cols)
            self._marks_for = cols
        return self._marks

    def notes_for(self, event_id: str) -> list[Note]:
        """An event's notes, oldest first."""
        return self._store.notes_for(event_id)

    def tags_for(self, event_id: str) -> list[Tag]:
        """An event's tags."""
        return self._store.tags_for(event_id)

    def tags(self, prefix: str = "") -> list[TagCount]:
        """Every tag (starting with prefix) with how many events carry it."""
        return self._store.tags(prefix)

    def assessment_for(self, event_id: str) -> Assessment | None:
        """An event's flag, stars and relevance (None when never assessed)."""
        return self._store.assessment_for(event_id)

    def periods(self) -> list[Period]:
        """The user's named periods."""
        return self._store.periods()

    def links_for(self, event_id: str) -> list[Link]:
        """The links from and to an event."""
        return self._store.links_for(event_id)

    def link_types(self) -> list[str]:
        """The link types offered (the built-in ones and those used)."""
        return self._store.link_types()

    def links(self) -> list[Link]:
        """Every link (for drawing the curves)."""
        return load_links(self._db)

    def orphans(self) -> list[Orphan]:
        """Annotations kept for event ids this database does not hold."""
        return self._store.orphans()

    # --- plumbing --------------------------------------------------------------------------------
    def notify(self, change: Change) -> None:
        """Emit the session signal for a change (called by commands on do, undo and redo)."""
        s = self.session
        if change.kind == PERIOD:
            s.periodsChanged.emit()
            return
        if change.kind == PLACEMENT:
            s.events.reload()  # the lanes draw from the columns, which hold the placements
            s.annotationsChanged.emit(list(change.event_ids))
            return
        if self._marks is not None and self._marks_for is s.columns and change.event_ids:
            self._marks = update_marks(self._db, s.columns, self._marks, change.event_ids)
        else:
            self._marks = None  # e.g. a tag recoloured everywhere: read them all again
        if change.kind == "link":
            s.linksChanged.emit()
        s.annotationsChanged.emit(list(change.event_ids))

    def reattach(self, old_id: str, new_id: str) -> int:
        """Move the annotations kept for a vanished event onto another; how many moved (not undoable)."""
        from explorer.store.detached import reattach

        moved = reattach(self._db, old_id, new_id)
        self.reload_all([new_id])
        return moved

    def reload_all(self, event_ids: list[str]) -> None:
        """Read every mark again and tell every view (after colleagues' annotations were merged)."""
        s = self.session
        self._marks = None
        s.periodsChanged.emit()
        s.linksChanged.emit()
        s.annotationsChanged.emit(list(event_ids))  # none named: every view refreshes what it shows

    def _record(self, change: Change, merge_key: Hashable | None = None) -> Change:
        if not change.empty:
            self.undo_stack.push(ChangeCommand(self, change, merge_key))
        return change

    # --- notes -------------------------------------------------------------------------------------
    def add_note(self, event_id: str, body: str, merge_key: Hashable | None = None) -> Note:
        """Add a note; later edits pushed with the same `merge_key` join its undo step."""
        change = self._record(self._store.add_note(event_id, body), merge_key)
        note = change.first_after()
        assert isinstance(note, Note)
        return note

    def update_note(self, note_id: int, body: str, merge_key: Hashable | None = None) -> None:
        """Replace a note's text (one undo step per `merge_key` run)."""
        self._record(self._store.update_note(note_id, body), merge_key)

    def delete_note(self, note_id: int) -> None:
        """Delete a note (undo brings it back with its id and times)."""
        self._record(self._store.delete_note(note_id))

    # --- tags and assessment ---------------------------------------------------------------------
    def add_tag(self, event_id: str, name: str, color: str | None = None) -> None:
        """Tag an event (a new tag gets the next palette colour)."""
        self._record(self._store.add_tag(event_id, name, color))

    def remove_tag(self, event_id: str, name: str) -> None:
        """Take a tag off an event."""
        self._record(self._store.remove_tag(event_id, name))

    def recolor_tag(self, name: str, color: str) -> None:
        """Give a tag another colour everywhere."""
        self._record(self._store.recolor_tag(name, color))

    def set_assessment(self, event_id: str, **fields: Any) -> None:
        """Set some of flagged, stars (0-5), belarus, russia, west."""
        self._record(self._store.set_assessment(event_id, **fields))

    def toggle_flag(self, event_id: str) -> None:
        """Flag an event, or unflag it."""
        current = self._store.assessment_for(event_id)
        self.set_assessment(event_id, flagged=not (current and current.flagged))

    # --- periods -----------------------------------------------------------------------------------
    def add_period(self, name: str, date: str, note: str = "", color: str | None = None) -> Period:
        """Save a named time range (an EDTF interval)."""
        change = self._record(self._store.add_period(name, date, note, color))
        period = change.first_after()
        assert isinstance(period, Period)
        return period

    def update_period(self, period_id: int, **fields: Any) -> None:
        """Change some of a period's name, date, note and colour."""
        self._record(self._store.update_period(period_id, **fields))

    def delete_period(self, period_id: int) -> None:
        """Remove a period."""
        self._record(self._store.delete_period(period_id))

    # --- links ---------------------------------------------------------------------------------------
    def add_link(self, source: str, target: str, type: str, note: str = "") -> Link:
        """Link one event to another with a type."""
        change = self._record(self._store.add_link(source, target, type, note))
        link = change.first_after()
        assert isinstance(link, Link)
        return link

    def delete_link(self, link_id: int) -> None:
        """Remove a link."""
        self._record(self._store.delete_link(link_id))

    # --- many events at once ---------------------------------------------------------------------------
    def bulk(self, event_ids: list[str], edit: BulkEdit) -> Change:
        """Apply one edit to every event given, in one transaction and one undo step."""
        from explorer.store.bulk import bulk_annotate

        return self._record(bulk_annotate(self._store, event_ids, edit))

    def put_in_period(self, event_ids: list[str], name: str) -> Change:
        """Create or widen the period `name` to cover every event given, in one undo step."""
        from explorer.store.period_bulk import put_in_period

        return self._record(put_in_period(self._store, event_ids, name))

    def placements(self, event_ids: list[str]) -> dict[str, dict[str, str]]:
        """Event id -> {track id: reason} of the events' placements besides their home lanes."""
        from explorer.store.placements import placements

        return placements(self._db, event_ids)

    def set_placements(self, event_ids: list[str], add: list[str], remove: list[str]) -> Change:
        """Put the events also on the lanes `add` and take them off `remove` (the user's own), one undo step."""
        from explorer.store.placements import set_placements

        return self._record(set_placements(self._store, event_ids, add, remove))
