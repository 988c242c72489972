"""The user's annotations as numpy arrays in the event columns' row order, for drawing. No Qt.

The timeline draws tag colours under marks and the table lists tags; both read these arrays
rather than asking SQL per event. Each query joins events for the row's `num`, which the
columns turn into rows in one vectorised step, so the cost grows with the number of annotations,
not of events, and no per-event Python object is made.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from explorer.model import Link, Tag
from explorer.store.changes import LINK_COLS
from explorer.store.columns import EventColumns

__all__ = [
    "FLAGGED",
    "HAS_LINK",
    "HAS_NOTE",
    "HAS_STARS",
    "HAS_TAG",
    "MAX_TAG_EDGES",
    "AnnotationMarks",
    "load_links",
    "load_marks",
    "update_marks",
]

#: Bits of `AnnotationMarks.bits`.
HAS_NOTE = 1
HAS_TAG = 2
FLAGGED = 4
HAS_STARS = 8
HAS_LINK = 16
#: How many tag colours are drawn per event (the first ones by name).
MAX_TAG_EDGES = 3

_TAGS = (
    "SELECT e.num, t.name, t.color FROM event_tags g JOIN tags t ON t.name = g.tag"
    " JOIN events e ON e.id = g.event_id ORDER BY e.num, t.name COLLATE NOCASE"
)
_BIT_QUERIES = {
    HAS_NOTE: "SELECT e.num FROM events e WHERE e.id IN (SELECT event_id FROM notes)",
    FLAGGED: "SELECT e.num FROM assessments a JOIN events e ON e.id = a.event_id WHERE a.flagged <> 0",
    HAS_STARS: "SELECT e.num FROM assessments a JOIN events e ON e.id = a.event_id WHERE a.stars > 0",
    HAS_LINK: "SELECT e.num FROM events e WHERE e.id IN"
    " (SELECT source_event FROM links UNION SELECT target_event FROM links)",
}


def argb(color: str) -> int:
    """A '#rrggbb' colour as opaque 0xAARRGGBB (never 0, which means 'no tag')."""
    try:
        return 0xFF000000 | int(color.lstrip("#")[:6], 16)
    except ValueError:
        return 0xFF888888


@dataclass(eq=False)
class AnnotationMarks:
    """Per-row tag colours (n, MAX_TAG_EDGES) as 0xAARRGGBB (0: none), per-row bits, and every tag use.

    `tag_rows` is sorted; `tag_names` and `tag_colors` run parallel to it (by name within a row).
    """

    tag_rgb: np.ndarray
    bits: np.ndarray
    tag_rows: np.ndarray
    tag_names: np.ndarray
    tag_colors: np.ndarray

    @property
    def any_tags(self) -> bool:
        """True when at least one event has a tag."""
        return bool(len(self.tag_rows))

    def tags_of(self, row: int) -> tuple[Tag, ...]:
        """The tags of one row, by name."""
        i = int(np.searchsorted(self.tag_rows, row, side="left"))
        j = int(np.searchsorted(self.tag_rows, row, side="right"))
        return tuple(
            Tag(str(n), str(c)) for n, c in zip(self.tag_names[i:j], self.tag_colors[i:j], strict=True)
        )


def _rows(columns: EventColumns, nums: list[int]) -> np.ndarray:
    if not nums:
        return np.zeros(0, dtype=np.int64)
    return columns.rows_of_nums(np.fromiter(nums, dtype=np.int64, count=len(nums)))


def _only(query: str, where: str) -> str:
    """A marks query limited to the events whose ids are in the JSON array parameter."""
    return query.replace(" ORDER BY", f" {where} ORDER BY") if " ORDER BY" in query else f"{query} {where}"


def _fill(
    db: sqlite_utils.Database, columns: EventColumns, rgb: np.ndarray, bits: np.ndarray, ids: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Set rgb and bits for the tagged, noted, flagged, starred and linked events (all, or those in `ids`).

    Returns the tag uses (rows, names, colours), sorted by row.
    """
    params = [] if ids is None else [ids]

    def query(q: str, where: str) -> str:
        return q if ids is None else _only(q, where)

    found = db.execute(
        query(_TAGS, "WHERE g.event_id IN (SELECT value FROM json_each(?))"), params
    ).fetchall()
    nums = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
    rows = _rows(columns, nums.tolist())
    keep = rows >= 0
    names = np.array([r[1] for r in found], dtype=object)[keep]
    colors = np.array([r[2] for r in found], dtype=object)[keep]
    rows, nums = rows[keep], nums[keep]
    if len(rows):
        # rank of each tag within its event (the query sorts by num, then by name)
        new_event = np.r_[True, np.diff(nums) != 0]
        starts = np.flatnonzero(new_event)
        rank = np.arange(len(rows)) - starts[np.cumsum(new_event) - 1]
        palette = {c: argb(c) for c in set(colors.tolist())}
        values = np.fromiter((palette[c] for c in colors.tolist()), dtype=np.uint32, count=len(colors))
        first = rank < MAX_TAG_EDGES
        rgb[rows[first], rank[first]] = values[first]
        bits[rows] |= HAS_TAG
        order = np.argsort(rows, kind="stable")
        rows, names, colors = rows[order], names[order], colors[order]
    for bit, q in _BIT_QUERIES.items():
        hit = _rows(columns, [r[0] for r in db.execute(query(q, _IN_IDS), params)])
        bits[hit[hit >= 0]] |= bit
    return rows, names, colors


_IN_IDS = "AND e.id IN (SELECT value FROM json_each(?))"


def load_marks(db: sqlite_utils.Database, columns: EventColumns) -> AnnotationMarks:
    """Read tags, notes, flags, stars and links into arrays aligned with `columns`."""
    n = len(columns)
    rgb = np.zeros((n, MAX_TAG_EDGES), dtype=np.uint32)
    bits = np.zeros(n, dtype=np.uint8)
    rows, names, colors = _fill(db, columns, rgb, bits, None)
    return AnnotationMarks(rgb, bits, rows, names, colors)


def update_marks(
    db: sqlite_utils.Database, columns: EventColumns, marks: AnnotationMarks, event_ids: Iterable[str]
) -> AnnotationMarks:
    """Re-read the marks of a few events only (after a change to their annotations), in place."""
    ids = list(dict.fromkeys(event_ids))
    rows = columns.rows_of(ids)
    if not len(rows):
        return marks
    marks.tag_rgb[rows] = 0
    marks.bits[rows] = 0
    new_rows, new_names, new_colors = _fill(db, columns, marks.tag_rgb, marks.bits, json.dumps(ids))
    stay = ~np.isin(marks.tag_rows, rows)
    all_rows = np.concatenate([marks.tag_rows[stay], new_rows])
    order = np.argsort(all_rows, kind="stable")
    marks.tag_rows = all_rows[order]
    marks.tag_names = np.concatenate([marks.tag_names[stay], new_names])[order]
    marks.tag_colors = np.concatenate([marks.tag_colors[stay], new_colors])[order]
    return marks


def load_links(db: sqlite_utils.Database) -> list[Link]:
    """Every link between events, oldest first (for drawing them all)."""
    return [Link(*r) for r in db.execute(f"SELECT {LINK_COLS} FROM links ORDER BY created, id")]
