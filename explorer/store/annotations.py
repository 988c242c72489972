"""The user's annotations: notes, tags, assessments, periods and links between events.

Every write is one transaction, committed at once, and returns a `Change` with exact snapshots
of what it touched, so the user interface can undo it (`revert`) and redo it (`apply`).
Annotations are keyed by stable event ids without foreign keys to events: a new corpus never
deletes them, and `orphans()` reports those whose event is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from explorer.model import PARTIES, Assessment, Note, Tag
from explorer.model.limits import too_long, too_many_tags
from explorer.store.authorship import local_author, new_uid
from explorer.store.changes import (
    ASSESSMENT,
    ASSESSMENT_COLS,
    NOTE,
    NOTE_COLS,
    TAG,
    TAG_USE_COLS,
    Change,
    Row,
    TagUse,
    assessment_of,
    clean_color,
    clean_name,
    now,
    write_state,
)
from explorer.store.errors import InvalidAnnotation
from explorer.store.periods_links import DEFAULT_PERIOD_COLOR, PeriodLinkStore

__all__ = [
    "DEFAULT_PERIOD_COLOR",
    "IMPORTANCE_LEVELS",
    "TAG_PALETTE",
    "UNSET",
    "AnnotationStore",
    "Change",
    "InvalidAnnotation",
    "Orphan",
    "TagCount",
    "TagUse",
]

#: The user's own importance levels for each party (None: not rated).
IMPORTANCE_LEVELS: Final = ("low", "middle", "high")
#: Colours given to new tags in turn.
TAG_PALETTE: Final = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7")


def _check_note(body: str) -> None:
    """Refuse a note longer than the limit, with a sentence."""
    reason = too_long("note", body)
    if reason:
        raise InvalidAnnotation(f"{reason[0].upper()}{reason[1:]}.")


class _Unset:
    """Marker for 'leave this field as it is'."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag with its colour and how many events carry it (for completion lists)."""

    name: str
    color: str
    count: int


@dataclass(frozen=True, slots=True)
class Orphan:
    """Annotations kept for an event id that is no longer among the events."""

    event_id: str
    notes: int = 0
    tags: int = 0
    assessments: int = 0
    links: int = 0

    def describe(self) -> str:
        """One line such as 'old-id: 2 notes, 1 tag'."""
        parts = [
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in (
                (self.notes, "note"),
                (self.tags, "tag"),
                (self.assessments, "assessment"),
                (self.links, "link"),
            )
            if n
        ]
        return f"{self.event_id}: {', '.join(parts)}"


def own_assessment(event_id: str, old: Assessment | None, me: str) -> Assessment:
    """The assessment the user's change starts from: theirs, a new one, or a colleague's made theirs."""
    if old is None:
        return Assessment(event_id, uid=new_uid(), author=me)
    if old.author not in ("", me):
        # a colleague's rating, received: the user's change makes it theirs (a new id, their name)
        return replace(old, uid=new_uid(), author=me, created="")
    return old


class AnnotationStore(PeriodLinkStore):
    """Reads and writes the user's annotations; writes raise ReadOnlyDatabase on a read-only file."""

    # --- notes ---------------------------------------------------------------------------------
    def _note(self, note_id: int) -> Note:
        r = self.db.execute(f"SELECT {NOTE_COLS} FROM notes WHERE id = ?", [note_id]).fetchone()
        if r is None:
            raise InvalidAnnotation(f"There is no note number {note_id}; it may have been deleted.")
        return Note(*r)

    def add_note(self, event_id: str, body: str) -> Change:
        """Add a note to an event; `change.after[0]` is the new Note with its id."""
        if not body.strip():
            raise InvalidAnnotation("The note is empty.")
        _check_note(body)
        stamp = now()
        with self._writing():
            self.require_event(event_id)
            uid, author = new_uid(), local_author(self.db)
            cur = self.db.execute(
                "INSERT INTO notes (event_id, body, created, modified, uid, author) VALUES (?, ?, ?, ?, ?, ?)",
                [event_id, body, stamp, stamp, uid, author],
            )
            note = Note(cur.lastrowid, event_id, body, stamp, stamp, uid, author)
            change = Change.of(NOTE, "Add note", (), (note,))
            self._reindex(change)
        return change

    def update_note(self, note_id: int, body: str) -> Change:
        """Replace a note's text."""
        if not body.strip():
            raise InvalidAnnotation("The note is empty; delete it instead.")
        _check_note(body)
        with self._writing():
            old = self._note(note_id)
            if old.body == body:
                return Change.of(NOTE, "Edit note", (old,), (old,))
            new = replace(old, body=body, modified=now())
            change = Change.of(NOTE, "Edit note", (old,), (new,))
            write_state(self.db, change.before, change.after)
            self._reindex(change)
        return change

    def delete_note(self, note_id: int) -> Change:
        """Delete a note; `change.before[0]` is the deleted Note (give it to restore_note to undo)."""
        with self._writing():
            old = self._note(note_id)
            change = Change.of(NOTE, "Delete note", (old,), ())
            write_state(self.db, change.before, change.after)
            self._reindex(change)
        return change

    def restore_note(self, note: Note) -> Change:
        """Put a deleted note back with its id and timestamps."""
        return self._commit(Change.of(NOTE, "Restore note", (), (note,)))

    def notes_for(self, event_id: str) -> list[Note]:
        """An event's notes, oldest first."""
        return [
            Note(*r)
            for r in self.db.execute(
                f"SELECT {NOTE_COLS} FROM notes WHERE event_id = ? ORDER BY created, id",
                [event_id],
            )
        ]

    # --- tags ----------------------------------------------------------------------------------
    def _tag(self, name: str) -> Tag | None:
        r = self.db.execute("SELECT name, color FROM tags WHERE name = ? COLLATE NOCASE", [name]).fetchone()
        return Tag(r[0], r[1]) if r else None

    def _uses(self, tag: str) -> list[TagUse]:
        return [
            TagUse(*r)
            for r in self.db.execute(
                f"SELECT {TAG_USE_COLS} FROM event_tags WHERE tag = ? ORDER BY event_id", [tag]
            )
        ]

    def add_tag(self, event_id: str, name: str, color: str | None = None) -> Change:
        """Tag an event (an existing tag is matched ignoring case); a new tag gets `color` or the next palette colour."""
        name = clean_name(name, "tag name")
        color = clean_color(color, f"the tag “{name}”") if color else None
        with self._writing():
            self.require_event(event_id)
            old_tag = self._tag(name)
            if old_tag is None:
                n = int(self.db.execute("SELECT count(*) FROM tags").fetchone()[0])
                new_tag = Tag(name, color or TAG_PALETTE[n % len(TAG_PALETTE)])
            else:
                new_tag = Tag(old_tag.name, color or old_tag.color)
            had = self.db.execute(
                f"SELECT {TAG_USE_COLS} FROM event_tags WHERE event_id = ? AND tag = ?",
                [event_id, new_tag.name],
            ).fetchone()
            if not had:
                count = self.db.execute("SELECT count(*) FROM event_tags WHERE event_id = ?", [event_id])
                reason = too_many_tags(int(count.fetchone()[0]) + 1)
                if reason:
                    raise InvalidAnnotation(f"“{new_tag.name}” was not added: {reason}.")
            use = (
                TagUse(*had)
                if had
                else TagUse(event_id, new_tag.name, now(), new_uid(), local_author(self.db))
            )
            before: list[Row] = [r for r in (old_tag, TagUse(*had) if had else None) if r is not None]
            change = Change.of(TAG, f"Tag “{new_tag.name}”", before, (new_tag, use))
            write_state(self.db, change.before, change.after)
            self._reindex(change)
        return change

    def remove_tag(self, event_id: str, name: str) -> Change:
        """Take a tag off an event (the tag stays in the vocabulary with its colour)."""
        with self._writing():
            r = self.db.execute(
                f"SELECT {TAG_USE_COLS} FROM event_tags WHERE event_id = ? AND tag = ? COLLATE NOCASE",
                [event_id, name],
            ).fetchone()
            if r is None:
                return Change.of(TAG, f"Remove tag “{name}”")
            use = TagUse(*r)
            change = Change.of(TAG, f"Remove tag “{use.tag}”", (use,), ())
            write_state(self.db, change.before, change.after)
            self._reindex(change)
        return change

    def rename_tag(self, old: str, new: str) -> Change:
        """Rename a tag everywhere; renaming onto another existing tag is refused."""
        new = clean_name(new, "tag name")
        with self._writing():
            tag = self._tag(old)
            if tag is None:
                raise InvalidAnnotation(f"There is no tag “{old}”.")
            clash = self._tag(new)
            if clash is not None and clash.name != tag.name:
                raise InvalidAnnotation(f"There is already a tag “{clash.name}”; remove one of them first.")
            uses = self._uses(tag.name)
            before: tuple[Row, ...] = (tag, *uses)
            after: tuple[Row, ...] = (Tag(new, tag.color), *(replace(u, tag=new) for u in uses))
            change = Change.of(TAG, f"Rename tag “{tag.name}” to “{new}”", before, after)
            # Rename in place (event_tags follows by ON UPDATE CASCADE) rather than drop and put.
            self.db.execute("UPDATE tags SET name = ? WHERE name = ?", [new, tag.name])
            self._reindex(change)
        return change

    def recolor_tag(self, name: str, color: str) -> Change:
        """Give a tag another colour."""
        color = clean_color(color, f"the tag “{name}”")
        with self._writing():
            tag = self._tag(name)
            if tag is None:
                raise InvalidAnnotation(f"There is no tag “{name}”.")
            change = Change.of(TAG, f"Recolour tag “{tag.name}”", (tag,), (Tag(tag.name, color),))
            write_state(self.db, change.before, change.after)
        return change

    def delete_tag(self, name: str) -> Change:
        """Delete a tag from the vocabulary and from every event."""
        with self._writing():
            tag = self._tag(name)
            if tag is None:
                raise InvalidAnnotation(f"There is no tag “{name}”.")
            change = Change.of(TAG, f"Delete tag “{tag.name}”", (tag, *self._uses(tag.name)), ())
            write_state(self.db, change.before, change.after)
            self._reindex(change)
        return change

    def tags_for(self, event_id: str) -> list[Tag]:
        """An event's tags with their colours, by name."""
        return [
            Tag(*r)
            for r in self.db.execute(
                "SELECT t.name, t.color FROM event_tags g JOIN tags t ON t.name = g.tag"
                " WHERE g.event_id = ? ORDER BY t.name COLLATE NOCASE",
                [event_id],
            )
        ]

    def tags(self, prefix: str = "") -> list[TagCount]:
        """Every tag (or those starting with `prefix`, ignoring case), most used first: the completion list."""
        return [
            TagCount(*r)
            for r in self.db.execute(
                "SELECT t.name, t.color, count(g.event_id) AS n FROM tags t"
                " LEFT JOIN event_tags g ON g.tag = t.name WHERE t.name LIKE ? ESCAPE '\\'"
                " GROUP BY t.name ORDER BY n DESC, t.name COLLATE NOCASE",
                [prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"],
            )
        ]

    # --- assessments ---------------------------------------------------------------------------
    def assessment_for(self, event_id: str) -> Assessment | None:
        """The user's assessment of an event, or None when there is none."""
        r = self.db.execute(
            f"SELECT {ASSESSMENT_COLS} FROM assessments WHERE event_id = ?", [event_id]
        ).fetchone()
        return assessment_of(r) if r else None

    def set_assessment(
        self,
        event_id: str,
        *,
        flagged: bool | _Unset = UNSET,
        stars: int | _Unset = UNSET,
        belarus: str | None | _Unset = UNSET,
        russia: str | None | _Unset = UNSET,
        west: str | None | _Unset = UNSET,
    ) -> Change:
        """Set some of an event's flag, stars (0–5) and own importance per party (low/middle/high or None)."""
        if not isinstance(stars, _Unset) and (isinstance(stars, bool) or stars not in range(6)):
            raise InvalidAnnotation(f"Stars must be a whole number from 0 to 5, not {stars!r}.")
        levels = {"belarus": belarus, "russia": russia, "west": west}
        for party, level in levels.items():
            if not isinstance(level, _Unset) and level is not None and level not in IMPORTANCE_LEVELS:
                raise InvalidAnnotation(
                    f"The importance for {party} must be low, middle or high (or none), not “{level}”."
                )
        with self._writing():
            self.require_event(event_id)
            old = self.assessment_for(event_id)
            base = own_assessment(event_id, old, local_author(self.db))
            new: Assessment | None = Assessment(
                event_id,
                flagged=base.flagged if isinstance(flagged, _Unset) else bool(flagged),
                stars=base.stars if isinstance(stars, _Unset) else stars,
                belarus=base.belarus if isinstance(belarus, _Unset) else belarus,
                russia=base.russia if isinstance(russia, _Unset) else russia,
                west=base.west if isinstance(west, _Unset) else west,
                modified=base.modified,
                uid=base.uid,
                author=base.author,
                created=base.created,
            )
            kept = (old,) if old else ()
            if new == base:
                return Change.of(ASSESSMENT, "Assess event", kept, kept)
            assert new is not None
            stamp = now()
            new = replace(new, modified=stamp, created=new.created or stamp)
            if not (new.flagged or new.stars or any(getattr(new, p) for p in PARTIES)):
                new = None  # nothing left to keep: no row
            only_flag = all(isinstance(v, _Unset) for v in (stars, belarus, russia, west))
            label = ("Flag event" if new and new.flagged else "Unflag event") if only_flag else "Assess event"
            change = Change.of(ASSESSMENT, label, kept, (new,) if new else ())
            write_state(self.db, change.before, change.after)
        return change

    # --- overview ------------------------------------------------------------------------------
    def marked_events(self) -> dict[str, set[str]]:
        """Event ids with notes, tags, flags, stars and links (for glyph marks and filters)."""
        queries = {
            "note": "SELECT DISTINCT event_id FROM notes",
            "tag": "SELECT DISTINCT event_id FROM event_tags",
            "flag": "SELECT event_id FROM assessments WHERE flagged",
            "stars": "SELECT event_id FROM assessments WHERE stars > 0",
            "link": "SELECT source_event FROM links UNION SELECT target_event FROM links",
        }
        return {k: {r[0] for r in self.db.execute(q)} for k, q in queries.items()}

    def counts(self) -> dict[str, int]:
        """How many notes, tags, tagged events, assessments, periods and links there are."""
        tables = {
            "notes": "notes",
            "tags": "tags",
            "event_tags": "event_tags",
            "assessments": "assessments",
            "periods": "periods",
            "links": "links",
        }
        return {k: int(self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for k, t in tables.items()}

    def orphans(self) -> list[Orphan]:
        """Annotations whose event id is not among the events (kept, never deleted), by event id."""
        rows = self.db.execute(
            """
            WITH a(event_id, kind) AS (
                SELECT event_id, 'notes' FROM notes
                UNION ALL SELECT event_id, 'tags' FROM event_tags
                UNION ALL SELECT event_id, 'assessments' FROM assessments
                UNION ALL SELECT source_event, 'links' FROM links
                UNION ALL SELECT target_event, 'links' FROM links
            )
            SELECT event_id, kind, count(*) FROM a
            WHERE event_id NOT IN (SELECT id FROM events)
            GROUP BY event_id, kind ORDER BY event_id
            """
        )
        found: dict[str, dict[str, int]] = {}
        for eid, kind, n in rows:
            found.setdefault(eid, {})[kind] = int(n)
        return [Orphan(eid, **kinds) for eid, kinds in found.items()]
