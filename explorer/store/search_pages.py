"""How a page of search results is fetched at any scale: ranking windows and filters around the match.

Used by explorer.store.search; the constants are the knobs measured in docs/search.md. No Qt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlite_utils

from explorer.model import UNDATED_DAY
from explorer.store.search_query import FIELDS

if TYPE_CHECKING:
    from explorer.store.filters import Filter

#: Markers around matched words in Hit.snippet and Hit.title (mark_html turns them into <b>).
MARK_START = "\x02"
MARK_END = "\x03"

#: bm25 weights per column: title > actors > summary > quote > the rest.
WEIGHTS = {
    "title": 10.0,
    "summary": 3.0,
    "quote": 2.0,
    "actors": 5.0,
    "themes": 1.0,
    "sources": 1.0,
    "annotations": 1.0,
}
RANK_FUNCTION = "bm25({})".format(", ".join(f"{WEIGHTS[f]:.1f}" for f in FIELDS))

#: Matches ranked per pass, taken in index (rowid) order; bm25 costs 2–6 µs a match.
RANK_WINDOW = 10_000
#: A window never grows past this many matches; beyond it, a page comes in index order, unranked.
MAX_WINDOW = 80_000
#: Up to this many `within_ids`, each event is looked up in the index instead (see small_set_page).
SMALL_SET = 2_000
#: Within such a set, a term with at most this many matches per event has its matches scanned instead
#: (0.5-1 µs a match; looking an event up costs 65-75 µs: even for 2,000 events at a million, a term
#: matching 336,000 events scanned in 164 ms against 146 ms looked up).
SCAN_PER_EVENT = 50

#: Which snippet is shown: body text first, then the title (the lists are marked in Python).
SNIPPET_ORDER = ("summary", "quote", "annotations", "title")
SNIPPET_TOKENS = 16


# --- filters around the match ---------------------------------------------------------------------


def sql_filters(
    within_ids: Sequence[str] | None,
    date_range: tuple[int, int] | None,
    track: str | Sequence[str] | None,
) -> tuple[str, list[Any]]:
    """SQL conditions on the joined events `e`, and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if date_range is not None:
        lo, hi = date_range
        where.append("e.lo <= ? AND e.hi >= ? AND e.lo < ?")  # never an undated record
        params += [int(hi), int(lo), UNDATED_DAY]
    if track:
        tracks = [track] if isinstance(track, str) else list(track)
        where.append(f"e.track IN ({', '.join('?' for _ in tracks)})")
        params += tracks
    if within_ids is not None:
        where.append("e.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(within_ids), ensure_ascii=False))
    return " AND ".join(where), params


def window_cut(db: sqlite_utils.Database, expr: str, window: int, start: int | None = None) -> int | None:
    """The rowid of the first match past the window (in rowid order, from `start`), None when all fit in it."""
    row = db.execute(
        "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
        + (" AND rowid >= ?" if start is not None else "")
        + " ORDER BY rowid LIMIT 1 OFFSET ?",
        [expr, *([start] if start is not None else []), window],
    ).fetchone()
    return None if row is None else int(row[0])


def date_start(db: sqlite_utils.Database, date_range: tuple[int, int] | None) -> int | None:
    """The num of the first event that starts within a date range (one seek in the lo index), or None.

    Files are mostly written in date order (the generator, imports of date-sorted files, the corpus),
    so the matches of a date range mostly lie in one stretch of rowids beginning about there. A
    first window of matches taken from this rowid, rather than from the file's first, fills the page
    in one pass instead of ranking tens of thousands of matches from other years; when it does not
    fill the page (a file in another order), the page is fetched as if there were no such hint.
    """
    if date_range is None:
        return None
    lo, hi = date_range
    row = db.execute(
        "SELECT num FROM events WHERE lo >= ? AND lo <= ? ORDER BY lo LIMIT 1",
        [int(lo), min(int(hi), UNDATED_DAY - 1)],
    ).fetchone()
    return None if row is None else int(row[0])


# Title highlighted, then snippets of summary, quote and annotations (the other fields: Python).
SNIPPETS = "highlight(events_fts, 0, ?, ?), " + ", ".join(
    f"snippet(events_fts, {FIELDS.index(f)}, ?, ?, '…', {SNIPPET_TOKENS})" for f in SNIPPET_ORDER[:3]
)
MARKS = [MARK_START, MARK_END] * 4


def page_sql(where: str, *, ranked: bool, cut: bool, start: bool = False) -> str:
    """One page of matches joined with events: by bm25 (not selected: that would redo its IDF) or rowid."""
    return (
        "SELECT events_fts.rowid, e.id, "
        + SNIPPETS
        + " FROM events_fts JOIN events e ON e.num = events_fts.rowid WHERE events_fts MATCH ?"
        + (" AND events_fts.rank MATCH ?" if ranked else "")
        + (" AND events_fts.rowid >= ?" if start else "")
        + (" AND events_fts.rowid < ?" if cut else "")
        + (" AND " + where if where else "")
        + (" ORDER BY events_fts.rank" if ranked else " ORDER BY events_fts.rowid")
        + " LIMIT ? OFFSET ?"
    )


def ranked_page(
    db: sqlite_utils.Database,
    expr: str,
    where: str,
    params: list[Any],
    limit: int,
    offset: int,
    start: int | None = None,
) -> list[tuple[Any, ...]]:
    """Rows of one page: ranked within a window of matches that grows until the page is full.

    With `start` (see date_start) the first window is the matches from that rowid on; it is kept
    when it fills the page.
    """
    if start is not None and where:
        cut = window_cut(db, expr, RANK_WINDOW, start)
        first = [*MARKS, expr, RANK_FUNCTION, start, *([cut] if cut is not None else []), *params]
        sql = page_sql(where, ranked=True, cut=cut is not None, start=True)
        rows = list(db.execute(sql, [*first, limit, offset]))
        if len(rows) == limit:
            return rows
    window = RANK_WINDOW
    while True:
        cut = window_cut(db, expr, window)
        args: list[Any] = [*MARKS, expr, RANK_FUNCTION, *([cut] if cut is not None else []), *params]
        rows = list(db.execute(page_sql(where, ranked=True, cut=cut is not None), [*args, limit, offset]))
        if cut is None or len(rows) == limit or not where or window >= MAX_WINDOW:
            break
        # The filters thinned the window: grow it to where the page should fill, from the density so far.
        found = count_window(db, expr, where, params, cut)
        window = min(MAX_WINDOW, max(window * 4, int(window * (offset + limit) / max(found, 1) * 1.25)))
    if cut is not None and len(rows) < limit and where:
        # A filter so narrow that even the widest window is thin: the page in index order, unranked.
        rows = list(
            db.execute(page_sql(where, ranked=False, cut=False), [*MARKS, expr, *params, limit, offset])
        )
    return rows


def count_window(db: sqlite_utils.Database, expr: str, where: str, params: list[Any], cut: int) -> int:
    """How many matches before `cut` pass the SQL conditions."""
    sql = (
        "SELECT count(*) FROM events_fts JOIN events e ON e.num = events_fts.rowid"
        " WHERE events_fts MATCH ? AND events_fts.rowid < ? AND " + where
    )
    return int(db.execute(sql, [expr, cut, *params]).fetchone()[0])


def small_set_page(
    db: sqlite_utils.Database,
    expr: str,
    where: str,
    params: list[Any],
    limit: int,
    offset: int,
    size: int | None = None,
) -> list[tuple[Any, ...]]:
    """Rows of one page within a few events (`size` of them, when known), scored by weighted marks.

    (bm25 would recount every phrase's documents for each looked-up row.) The events passing `where`
    are found one of two ways: when the term has few matches for so many events (at most
    SCAN_PER_EVENT each), its matches are read in the index's order and those events kept, snippets
    made for them alone; otherwise each event is looked up in the index. (A search of 10,000 events
    within 1,234 took 81 ms looking each up, 9 ms scanning.)
    """
    scan = size is not None and window_cut(db, expr, SCAN_PER_EVENT * max(size, 1)) is None
    head = "SELECT events_fts.rowid, e.id, " + SNIPPETS
    if scan:
        # the matches drive the join (CROSS JOIN keeps that order), `where` is checked on each
        sql = head + " FROM events_fts CROSS JOIN events e ON e.num = events_fts.rowid"
        rows = list(db.execute(sql + " WHERE events_fts MATCH ? AND " + where, [*MARKS, expr, *params]))
    else:
        sql = head + " FROM events e CROSS JOIN events_fts WHERE events_fts.rowid = e.num AND " + where
        rows = list(db.execute(sql + " AND events_fts MATCH ?", [*MARKS, *params, expr]))

    def score(row: tuple[Any, ...]) -> tuple[float, int]:
        marks = [str(text or "").count(MARK_START) for text in row[2:6]]
        weights = [WEIGHTS[f] for f in ("title", *SNIPPET_ORDER[:3])]
        return (-sum(w * m for w, m in zip(weights, marks, strict=True)), int(row[0]))

    rows.sort(key=score)
    return rows[offset : offset + limit]


class Allowed:
    """The events a page may show, as ascending nums, out of how many events there are."""

    def __init__(self, nums: np.ndarray, total: int) -> None:
        self.nums, self.total = nums, total

    def __len__(self) -> int:
        return len(self.nums)

    def __call__(self, nums: np.ndarray) -> np.ndarray:
        """Which of the given nums are allowed."""
        if not len(self.nums):
            return np.zeros(len(nums), dtype=bool)
        at = np.minimum(np.searchsorted(self.nums, nums), len(self.nums) - 1)
        return np.asarray(self.nums[at] == nums)


def allowed_events(
    db: sqlite_utils.Database,
    where: Filter,
    within_ids: Sequence[str] | None,
    date_range: tuple[int, int] | None,
    track: str | Sequence[str] | None,
) -> Allowed:
    """The nums passing a Filter and the keyword filters together."""
    from explorer.store.filter_data import snapshot
    from explorer.store.filters import Filter, filtered_nums

    tracks = (track,) if isinstance(track, str) else tuple(track or ())
    nums = filtered_nums(db, where)
    if date_range is not None or tracks:
        nums = np.intersect1d(
            nums, filtered_nums(db, Filter(date_range=date_range, track=tracks)), assume_unique=True
        )
    if within_ids is not None:
        ids = json.dumps(list(within_ids), ensure_ascii=False)
        rows = db.execute("SELECT num FROM events WHERE id IN (SELECT value FROM json_each(?))", [ids])
        nums = np.intersect1d(nums, np.fromiter((r[0] for r in rows), dtype=np.int64))
    return Allowed(nums, snapshot(db).size)


def collect(cursor: Any, allowed: Allowed, need: int) -> tuple[list[int], int]:
    """Allowed nums from a cursor of rowids, in its order, until `need` of them; and how many rows were read."""
    chosen: list[int] = []
    seen = 0
    while len(chosen) < need:
        batch = cursor.fetchmany(2048)
        if not batch:
            break
        nums = np.fromiter((r[0] for r in batch), dtype=np.int64, count=len(batch))
        chosen += nums[allowed(nums)].tolist()
        seen += len(batch)
    return chosen[:need], seen


def allowed_page(
    db: sqlite_utils.Database, expr: str, allowed: Allowed, limit: int, offset: int, start: int | None = None
) -> list[tuple[Any, ...]]:
    """A page of allowed events: a few are looked up one by one; else rank a window and keep the allowed.

    With `start` (see date_start) the first window is the matches from that rowid on, kept when it
    holds the page.
    """
    if len(allowed) <= SMALL_SET:
        nums = json.dumps(allowed.nums.tolist())
        where = "e.num IN (SELECT value FROM json_each(?))"
        return small_set_page(db, expr, where, [nums], limit, offset, len(allowed))
    need = offset + limit
    if start is not None:
        cut = window_cut(db, expr, RANK_WINDOW, start)
        cursor = db.execute(
            "SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rank MATCH ? AND rowid >= ?"
            + (" AND rowid < ?" if cut is not None else "")
            + " ORDER BY rank",
            [expr, RANK_FUNCTION, start, *([cut] if cut is not None else [])],
        )
        chosen, _seen = collect(cursor, allowed, need)
        if len(chosen) >= need:
            return _page_rows(db, expr, chosen[offset:need])
    # Start where the page should fill if allowed events are spread evenly over the matches.
    window = min(MAX_WINDOW, max(RANK_WINDOW, int(need * allowed.total / len(allowed) * 1.25)))
    while True:
        cut = window_cut(db, expr, window)
        cursor = db.execute(
            "SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rank MATCH ?"
            + (" AND rowid < ?" if cut is not None else "")
            + " ORDER BY rank",
            [expr, RANK_FUNCTION, *([cut] if cut is not None else [])],
        )
        chosen, seen = collect(cursor, allowed, need)
        if len(chosen) >= need or cut is None or window >= MAX_WINDOW:
            break
        window = min(MAX_WINDOW, max(window * 4, int(seen * need / max(len(chosen), 1) * 1.25)))
    if len(chosen) < need and cut is not None:
        cursor = db.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid", [expr])
        chosen, _ = collect(cursor, allowed, need)
    return _page_rows(db, expr, chosen[offset:need])


def _page_rows(db: sqlite_utils.Database, expr: str, page: list[int]) -> list[tuple[Any, ...]]:
    """The rows (rowid, id, snippets) of the chosen nums, in their order."""
    if not page:
        return []
    rows = db.execute(
        "SELECT events_fts.rowid, e.id, "
        + SNIPPETS
        + " FROM events_fts JOIN events e ON e.num = events_fts.rowid"
        " WHERE events_fts MATCH ? AND events_fts.rowid IN (SELECT value FROM json_each(?))",
        [*MARKS, expr, json.dumps(page)],
    )
    by_num = {r[0]: r for r in rows}
    return [by_num[n] for n in page if n in by_num]
