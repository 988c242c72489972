"""Periods (named time ranges drawn behind the lanes) and typed links between events."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from explorer.model import LINK_TYPES, DateError, Link, Period, parse_date
from explorer.store.authorship import local_author, new_uid
from explorer.store.changes import (
    LINK,
    LINK_COLS,
    PERIOD,
    PERIOD_COLS,
    Change,
    ChangeWriter,
    clean_color,
    clean_name,
    now,
    write_state,
)
from explorer.store.errors import InvalidAnnotation

DEFAULT_PERIOD_COLOR: Final = "#f2c94c"


class PeriodLinkStore(ChangeWriter):
    """Reads and writes periods and links; AnnotationStore adds notes, tags and assessments."""

    # --- periods -------------------------------------------------------------------------------
    def _period(self, period_id: int) -> Period:
        r = self.db.execute(f"SELECT {PERIOD_COLS} FROM periods WHERE id = ?", [period_id]).fetchone()
        if r is None:
            raise InvalidAnnotation(f"There is no period number {period_id}; it may have been deleted.")
        return Period(*r)

    @staticmethod
    def _check_date(date: str) -> tuple[str, int, int]:
        try:
            f = parse_date(date)
        except DateError as exc:
            raise InvalidAnnotation(f"The period's date cannot be used: {exc}.") from None
        return f.edtf, f.lo, f.hi

    def add_period(self, name: str, date: str, note: str = "", color: str | None = None) -> Change:
        """Mark a named time range (an EDTF date or interval such as 2014-03/2015-02)."""
        name = clean_name(name, "period name")
        edtf, lo, hi = self._check_date(date)
        color = clean_color(color, f"the period “{name}”") if color else DEFAULT_PERIOD_COLOR
        stamp = now()
        with self._writing():
            uid, author = new_uid(), local_author(self.db)
            cur = self.db.execute(
                "INSERT INTO periods (name, date, lo, hi, note, color, created, modified, uid, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [name, edtf, lo, hi, note, color, stamp, stamp, uid, author],
            )
            period = Period(cur.lastrowid, name, edtf, note, color, stamp, stamp, uid, author)
        return Change.of(PERIOD, f"Add period “{name}”", (), (period,))

    def update_period(
        self,
        period_id: int,
        *,
        name: str | None = None,
        date: str | None = None,
        note: str | None = None,
        color: str | None = None,
    ) -> Change:
        """Change some of a period's name, date, note and colour (None leaves a field as it is)."""
        name = clean_name(name, "period name") if name is not None else None
        date = self._check_date(date)[0] if date is not None else None
        color = clean_color(color, "the period") if color is not None else None
        with self._writing():
            old = self._period(period_id)
            new = Period(
                old.id,
                name if name is not None else old.name,
                date if date is not None else old.date,
                note if note is not None else old.note,
                color if color is not None else old.color,
                old.created,
                old.modified,
                old.uid,
                old.author,
            )
            if new != old:
                new = replace(new, modified=now())
                write_state(self.db, (old,), (new,))
        return Change.of(PERIOD, f"Edit period “{new.name}”", (old,), (new,))

    def delete_period(self, period_id: int) -> Change:
        """Delete a period; `change.before[0]` is the deleted Period."""
        with self._writing():
            old = self._period(period_id)
            write_state(self.db, (old,), ())
        return Change.of(PERIOD, f"Delete period “{old.name}”", (old,), ())

    def periods(self) -> list[Period]:
        """Every period, earliest first."""
        return [Period(*r) for r in self.db.execute(f"SELECT {PERIOD_COLS} FROM periods ORDER BY lo, hi, id")]

    # --- links ---------------------------------------------------------------------------------
    def add_link(self, source: str, target: str, type: str, note: str = "") -> Change:
        """Link one event to another (types: LINK_TYPES or one the user typed); both must exist."""
        kind = clean_name(type, "link type")
        if source == target:
            raise InvalidAnnotation("An event cannot be linked to itself.")
        stamp = now()
        with self._writing():
            self.require_event(source)
            self.require_event(target)
            if self.db.execute(
                "SELECT 1 FROM links WHERE source_event = ? AND target_event = ? AND type = ?",
                [source, target, kind],
            ).fetchone():
                raise InvalidAnnotation(f"{source} is already linked to {target} as “{kind}”.")
            uid, author = new_uid(), local_author(self.db)
            cur = self.db.execute(
                "INSERT INTO links (source_event, target_event, type, note, created, uid, author, modified)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [source, target, kind, note, stamp, uid, author, stamp],
            )
            link = Link(cur.lastrowid, source, target, kind, note, stamp, uid, author, stamp)
        return Change.of(LINK, f"Link as “{kind}”", (), (link,))

    def delete_link(self, link_id: int) -> Change:
        """Delete a link; `change.before[0]` is the deleted Link."""
        with self._writing():
            r = self.db.execute(
                f"SELECT {LINK_COLS} FROM links WHERE id = ?",
                [link_id],
            ).fetchone()
            if r is None:
                raise InvalidAnnotation(f"There is no link number {link_id}; it may have been deleted.")
            old = Link(*r)
            write_state(self.db, (old,), ())
        return Change.of(LINK, "Delete link", (old,), ())

    def links_for(self, event_id: str) -> list[Link]:
        """Links from and to an event, oldest first."""
        return [
            Link(*r)
            for r in self.db.execute(
                f"SELECT {LINK_COLS} FROM links WHERE source_event = ? OR target_event = ? ORDER BY created, id",
                [event_id, event_id],
            )
        ]

    def link_types(self) -> list[str]:
        """The built-in link types followed by the ones users typed (for completion)."""
        used = [r[0] for r in self.db.execute("SELECT DISTINCT type FROM links ORDER BY type")]
        return list(dict.fromkeys((*LINK_TYPES, *used)))
