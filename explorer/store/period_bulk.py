"""Bulk "put in a period": make a named period cover every selected event, in one undoable write.

A period is a named date range drawn behind the lanes; events belong to it by their dates, and the
app never moves an event's dates (they are evidence from the source). So putting a selection in a
period means: a period of that name that does not exist yet is created over the selection's dates;
one that exists is widened, on the side or sides that fall short, until it covers every selected
event. The sides it already covers keep their own wording (a period written "2014/2015" widened to
March 2016 becomes "2014/2016-03-31"). Undated events have no days to cover and are counted apart.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from explorer.model import Period, parse_date
from explorer.store.annotations import AnnotationStore
from explorer.store.authorship import local_author, new_uid
from explorer.store.changes import PERIOD, PERIOD_COLS, Change, clean_name, now, write_state
from explorer.store.errors import InvalidAnnotation
from explorer.store.periods_links import DEFAULT_PERIOD_COLOR


@dataclass(frozen=True)
class Span:
    """The first and last day (ordinals) of some events, and how many of them have dates."""

    lo: int
    hi: int
    dated: int
    undated: int


def _events(n: int) -> str:
    return f"{n:,} event{'' if n == 1 else 's'}"


def selection_span(store: AnnotationStore, event_ids: Sequence[str]) -> Span | None:
    """The days the dated events among `event_ids` take up (None when none has a date)."""
    rows = store.db.execute(
        "SELECT lo, hi, open_end, start_max, undated FROM events WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(event_ids))],
    ).fetchall()
    dated = [r for r in rows if not r[4]]
    if not dated:
        return None
    lows = [int(r[0]) for r in dated]
    # an open end ("since 2014") counts to its known start, as New Period from Selection does
    highs = [_open_end_day(r[3], int(r[0])) if r[2] else int(r[1]) for r in dated]
    return Span(min(lows), max(highs), len(dated), len(rows) - len(dated))


def _open_end_day(start_max: str, fallback: int) -> int:
    try:
        return date.fromisoformat(start_max).toordinal()
    except ValueError:  # a year beyond what datetime reads: the event's first day will do
        return fallback


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def widened_date(current: str, span: Span) -> str | None:
    """The period date `current` widened to cover `span`, or None when it covers it already."""
    f = parse_date(current)
    if f.lo <= span.lo and f.hi >= span.hi:
        return None
    start, sep, end = current.partition("/")
    if not sep:  # one date ("2014"): both of its sides are the same text
        end = start
    first = start if f.lo <= span.lo else _day(span.lo)
    last = end if f.hi >= span.hi else _day(span.hi)
    if first == last:
        return first
    return f"{first}/{last}"


def _find_period(store: AnnotationStore, name: str) -> Period | None:
    r = store.db.execute(
        f"SELECT {PERIOD_COLS} FROM periods WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", [name]
    ).fetchone()
    return Period(*r) if r else None


def put_in_period(store: AnnotationStore, event_ids: Sequence[str], name: str) -> Change:
    """Create or widen the period `name` so it covers every dated event given; one Change to undo it."""
    name = clean_name(name, "period name")
    ids = list(dict.fromkeys(event_ids))
    span = selection_span(store, ids) if ids else None
    if span is None:
        raise InvalidAnnotation(
            f"None of the {_events(len(ids))} selected has a date, so no period can cover them."
        )
    apart = f", {_events(span.undated)} without a date left out" if span.undated else ""
    with store._writing():
        missing = store.db.execute(
            "SELECT count(*) FROM json_each(?) WHERE value NOT IN (SELECT id FROM events)", [json.dumps(ids)]
        ).fetchone()[0]
        if missing:
            raise InvalidAnnotation(f"{missing:,} of the selected ids are not events; nothing was changed.")
        old = _find_period(store, name)
        if old is None:
            first, last = _day(span.lo), _day(span.hi)
            edtf = parse_date(first if first == last else f"{first}/{last}").edtf
            stamp, uid, me = now(), new_uid(), local_author(store.db)
            f = parse_date(edtf)
            cur = store.db.execute(
                "INSERT INTO periods (name, date, lo, hi, note, color, created, modified, uid, author)"
                " VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?)",
                [name, edtf, f.lo, f.hi, DEFAULT_PERIOD_COLOR, stamp, stamp, uid, me],
            )
            new = Period(cur.lastrowid, name, edtf, "", DEFAULT_PERIOD_COLOR, stamp, stamp, uid, me)
            label = f"Add period “{name}” ({edtf}) over {_events(span.dated)}{apart}"
            return Change.of(PERIOD, label, (), (new,))
        wider = widened_date(old.date, span)
        if wider is None:
            label = f"Period “{old.name}” already covers the {_events(span.dated)}{apart}"
            return Change.of(PERIOD, label)
        new = replace(old, date=parse_date(wider).edtf, modified=now())
        write_state(store.db, (old,), (new,))
    label = f"Widen period “{old.name}” to {new.date} to cover {_events(span.dated)}{apart}"
    return Change.of(PERIOD, label, (old,), (new,))
