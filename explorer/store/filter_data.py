"""The columns faceted filtering works on, read from SQL once and cached per connection. No Qt.

`snapshot(db)` returns a FacetData: every event's num, date bounds and position, a code per event for
each single-valued facet (track, precision, importance per party, flag, notes) and (event, value)
pairs for each many-valued one (actor, theme, tag), all in the narrowest integer dtypes that hold them
(int32 nums, days and rows; int8 or int16 codes into a small list of values). It is reused while the database is unchanged
(this connection's change counter and SQLite's data_version); after a write, only the annotation
columns are read again unless the corpus tables changed too. Call `forget(db)` to drop it.

Whether the corpus changed is counted over the corpus tables (a tenth of a second at a million
events), except after a write this connection declared with `corpus_untouched` (every annotation
write does): then the corpus is known to be what it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils

from explorer.model import PARTIES, importance_score
from explorer.model.dates import PRECISIONS
from explorer.store.columns import sorted_unique

__all__ = [
    "FacetData",
    "adopt",
    "change_key",
    "corpus_untouched",
    "forget",
    "is_cached",
    "load_elsewhere",
    "snapshot",
    "value_order",
]

_BOOL_LABELS = {"flagged": ("flagged", "not flagged"), "notes": ("with notes", "without notes")}
_MAX_QUERIES = 8


def code_dtype(n: int) -> type[np.signedinteger[Any]]:
    """The narrowest signed dtype for codes 0..n-1 and -1 (no value)."""
    if n <= np.iinfo(np.int8).max:
        return np.int8
    if n <= np.iinfo(np.int16).max:
        return np.int16
    return np.int32


def _narrow(a: np.ndarray) -> np.ndarray:
    """An integer column as int32 when its values fit (they always do for nums, days and positions)."""
    info = np.iinfo(np.int32)
    if a.dtype != np.int32 and (a.size == 0 or (info.min <= a.min() and a.max() <= info.max)):
        return a.astype(np.int32)
    return a


def value_order(facet: str, values: Iterable[str]) -> list[str]:
    """Values of a single-valued facet in their natural order (precision, importance words)."""
    if facet == "precision":
        return sorted(values, key=lambda v: (PRECISIONS.index(v) if v in PRECISIONS else 99, v))
    if facet.startswith("importance_"):
        return sorted(values, key=lambda v: (importance_score(v) or 99.0, v))
    return list(values)


@dataclass(eq=False)
class FacetData:
    """Facet columns of every event, rows in `nums` order (ascending events.num).

    `nums`, `lo`, `hi` and `position` are int32 (int64 only if a value does not fit), `codes` int8/int16
    (-1: no value), `pairs` (int32 rows, int8/int16 codes).
    """

    conn: sqlite3.Connection
    nums: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    position: np.ndarray
    values: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)
    index: dict[str, dict[str, int]] = field(default_factory=dict)
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    pairs: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: further (row, code) values of a single-valued facet: the lanes an event is also placed on
    also: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _ids: np.ndarray | None = None
    _queries: dict[str, np.ndarray] = field(default_factory=dict)
    #: the last filter worked out on these columns and its mask (see filters.passing)
    last_filter: tuple[Any, np.ndarray] | None = None

    def annotations_reloaded(self) -> None:
        """Forget the masks made from the annotation columns (they were read again)."""
        self._queries.clear()
        self.last_filter = None

    @property
    def size(self) -> int:
        """Number of events."""
        return len(self.nums)

    def ids(self) -> np.ndarray:
        """Event ids in row order (read on first use)."""
        if self._ids is None:
            ids = np.empty(self.size, dtype=object)
            text, nums = _concat(
                self.conn, "SELECT group_concat(id, char(31)), group_concat(num) FROM events", "ti"
            )
            ids[self.rows_of(nums)] = text
            self._ids = ids
        return self._ids

    def rows_of(self, nums: np.ndarray) -> np.ndarray:
        """Row positions of the given event nums (which must exist), as int32 (int64 past 2**31 rows)."""
        rows = np.searchsorted(self.nums, self._as_nums(nums))
        return rows.astype(np.int32) if self.size < np.iinfo(np.int32).max else rows

    def _as_nums(self, nums: np.ndarray) -> np.ndarray:
        """Nums in the dtype of `self.nums` when they fit, so that searchsorted does not widen the column."""
        nums = np.asarray(nums)
        if nums.dtype == self.nums.dtype or nums.size == 0:
            return nums.astype(self.nums.dtype, copy=False)
        info = np.iinfo(self.nums.dtype)
        if info.min <= nums.min() and nums.max() <= info.max:
            return nums.astype(self.nums.dtype)
        return nums

    def query_mask(self, expr: str, fetch: Callable[[], np.ndarray]) -> np.ndarray:
        """The events an FTS5 expression matches, as a mask (cached for this snapshot)."""
        if expr not in self._queries:
            matched = self._as_nums(fetch())
            rows = np.searchsorted(self.nums, matched)
            ok = rows < self.size
            ok[ok] = self.nums[rows[ok]] == matched[ok]
            mask = np.zeros(self.size, dtype=bool)
            mask[rows[ok]] = True
            if len(self._queries) >= _MAX_QUERIES:
                self._queries.pop(next(iter(self._queries)))
            self._queries[expr] = mask
        return self._queries[expr]

    def set_values(self, facet: str, values: Sequence[str], labels: Sequence[str] | None = None) -> None:
        """Declare a facet's values (and labels) in the order a panel lists them."""
        self.values[facet] = list(values)
        self.labels[facet] = list(labels if labels is not None else values)
        self.index[facet] = {v: i for i, v in enumerate(values)}

    def set_codes(self, facet: str, column: Sequence[Any]) -> None:
        """A single-valued facet from one value (or None) per row."""
        idx = self.index[facet]
        dtype = code_dtype(len(idx))
        self.codes[facet] = np.fromiter((idx.get(v, -1) for v in column), dtype=dtype, count=len(column))

    def set_pairs(self, facet: str, rows: Sequence[tuple[int, str]]) -> None:
        """A many-valued facet from (event num, value) rows."""
        idx = self.index[facet]
        known = [(n, idx[v]) for n, v in rows if v in idx]
        nums = np.fromiter((n for n, _ in known), dtype=np.int64, count=len(known))
        codes = np.fromiter((c for _, c in known), dtype=code_dtype(len(idx)), count=len(known))
        self.set_pair_codes(facet, nums, codes)

    def set_pair_codes(self, facet: str, nums: np.ndarray, codes: np.ndarray) -> None:
        """A many-valued facet from parallel arrays of event nums and codes (-1: drop the pair)."""
        keep = codes >= 0
        self.pairs[facet] = (
            self.rows_of(nums[keep]),
            codes[keep].astype(code_dtype(len(self.values[facet]))),
        )

    def set_flags(self, facet: str, nums: Iterable[int]) -> None:
        """A yes/no facet from the nums that are 'yes'."""
        self.set_values(facet, ["yes", "no"], list(_BOOL_LABELS[facet]))
        codes = np.ones(self.size, dtype=np.int8)
        yes = nums if isinstance(nums, np.ndarray) else np.fromiter(nums, dtype=np.int64)
        codes[self.rows_of(yes)] = 0
        self.codes[facet] = codes


@dataclass(eq=False)
class _Entry:
    conn: sqlite3.Connection  # held, so that its id cannot be reused while cached
    key: tuple[int, int]
    corpus: tuple[Any, ...]
    data: FacetData
    #: the change key at which `corpus` is known to hold (moved on by `corpus_untouched`)
    corpus_at: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.corpus_at is None:
            self.corpus_at = self.key


_CACHE: dict[int, _Entry] = {}

# Counts that any import or rebuild changes (an edit in place that keeps them is not seen: call forget).
_CORPUS_SIGNATURE = """SELECT (SELECT count(*) FROM events), (SELECT max(num) FROM events),
  (SELECT min(num) FROM events), (SELECT count(*) FROM event_actors),
  (SELECT count(*) FROM event_themes), (SELECT count(*) FROM importance),
  (SELECT count(*) FROM tracks), (SELECT count(*) FROM actors), (SELECT count(*) FROM themes)"""


def snapshot(db: sqlite_utils.Database) -> FacetData:
    """The facet columns of a database, from the cache when nothing was written since."""
    conn = db.conn
    key = (conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0]))
    entry = _CACHE.get(id(conn))
    if entry is not None and entry.conn is conn and entry.key == key:
        return entry.data
    # only annotations were written since the corpus was last counted: no need to count it again
    if entry is not None and entry.conn is conn and entry.corpus_at == key:
        corpus = entry.corpus
    else:
        corpus = tuple(conn.execute(_CORPUS_SIGNATURE).fetchone())
    if entry is not None and entry.conn is conn and entry.corpus == corpus:
        data = entry.data
        data.annotations_reloaded()
    else:
        data = _load_corpus(conn)
    _load_annotations(conn, data)
    if len(_CACHE) >= 4 and id(conn) not in _CACHE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(conn)] = _Entry(conn, key, corpus, data)
    return data


def is_cached(db: sqlite_utils.Database) -> bool:
    """True when this connection's facet columns are loaded (maybe in need of an annotation refresh)."""
    entry = _CACHE.get(id(db.conn))
    return entry is not None and entry.conn is db.conn


def load_elsewhere(path: Path) -> tuple[tuple[Any, ...], FacetData]:
    """The corpus side of a database file's facet columns, read through a connection of its own.

    For a thread: most of the work is SQLite's (the GIL is released while it scans) and numpy's.
    `adopt` hands the result to a connection on the same file.
    """
    from explorer.store.db import connect

    conn = connect(path, readonly=True)
    try:
        conn.execute("BEGIN")  # one snapshot for the signature and the columns
        corpus = tuple(conn.execute(_CORPUS_SIGNATURE).fetchone())
        data = _load_corpus(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return corpus, data


def corpus_untouched(db: sqlite_utils.Database, before: tuple[int, int]) -> None:
    """After this connection committed a write that left the corpus tables alone (an annotation).

    `before` is the `change_key` taken just before the write. When the cached columns' corpus was
    known to hold then and no other connection committed since (same data_version), it still holds,
    and the next `snapshot` reads only the annotation columns.
    """
    entry = _CACHE.get(id(db.conn))
    if entry is None or entry.conn is not db.conn or entry.corpus_at != before:
        return
    after = change_key(db)
    if after[1] == before[1]:
        entry.corpus_at = after


def change_key(db: sqlite_utils.Database) -> tuple[int, int]:
    """What changes when anything is committed: this connection's writes and SQLite's data_version."""
    conn = db.conn
    return conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0])


def adopt(
    db: sqlite_utils.Database,
    corpus: tuple[Any, ...],
    data: FacetData,
    unchanged_since: tuple[int, int] | None = None,
) -> bool:
    """Use columns from `load_elsewhere` for this connection if its database still holds that corpus.

    `unchanged_since` is the `change_key` taken before the worker began: when it still holds, nothing
    was committed since, so the worker read this very database and its corpus need not be counted.

    False (nothing changed) when the connection has columns already or the corpus differs. The
    annotation columns are read here too, so the next `snapshot` need not check the corpus again
    (its signature counts a million rows: a tenth of a second or more on the GUI thread).
    """
    conn = db.conn
    if is_cached(db):
        return False
    # (the key first, as in snapshot: a commit elsewhere after it makes the next snapshot look again)
    key = change_key(db)
    if key != unchanged_since and tuple(conn.execute(_CORPUS_SIGNATURE).fetchone()) != corpus:
        return False
    data.conn = conn
    data._ids = None
    data.annotations_reloaded()
    _load_annotations(conn, data)
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(conn)] = _Entry(conn, key, corpus, data)
    return True


def forget(db: sqlite_utils.Database) -> None:
    """Drop the cached columns of a connection (after an import, say)."""
    _CACHE.pop(id(db.conn), None)


_SEP = "\x1f"


def _concat(conn: sqlite3.Connection, sql: str, kinds: str) -> list[Any]:
    """One row of group_concat columns split into int64 arrays ('i') or lists of text ('t').

    Reading a million rows as two or three long strings avoids a Python tuple per row; each string is
    dropped once parsed.
    """
    return _concat_params(conn, sql, (), kinds)


def _concat_params(conn: sqlite3.Connection, sql: str, params: Sequence[Any], kinds: str) -> list[Any]:
    """`_concat` with query parameters."""
    row = list(conn.execute(sql, params).fetchone())
    out: list[Any] = []
    for i, kind in enumerate(kinds):
        text, row[i] = row[i], None
        if kind == "i":
            out.append(_parse_ints(text or ""))
        else:
            out.append(text.split(_SEP) if text else [])
        del text
    if len({len(x) for x in out}) > 1:
        raise ValueError("a value holds the unit separator")  # pragma: no cover - ids never do
    return out


#: Characters of a comma-separated column parsed in one call (a few milliseconds of work).
PARSE_CHUNK = 1 << 18


def _parse_ints(text: str) -> np.ndarray:
    """Comma-separated integers as int64, parsed a slice at a time.

    numpy holds the GIL while it parses; on the worker thread that reads the facet columns one call
    over a million numbers held it for 50-70 ms at a time, and the window stalled with it. Between
    slices the GUI thread gets its turn.
    """
    if len(text) <= PARSE_CHUNK:
        return np.fromstring(text, dtype=np.int64, sep=",")
    parts = []
    start = 0
    while start < len(text):
        cut = text.find(",", start + PARSE_CHUNK)
        end = len(text) if cut < 0 else cut
        parts.append(np.fromstring(text[start:end], dtype=np.int64, sep=","))
        start = end + 1
    return np.concatenate(parts)


def _lookup(facet_index: dict[str, int], rows: Iterable[tuple[int, str]]) -> np.ndarray:
    """An array mapping a table's rowid to the facet code of the value in that row (-1: none)."""
    pairs = [(rowid, facet_index.get(value, -1)) for rowid, value in rows]
    lut = np.full(max((r for r, _ in pairs), default=0) + 2, -1, dtype=code_dtype(len(facet_index)))
    for rowid, code in pairs:
        lut[rowid] = code
    return lut


_PRECISION_CASE = "CASE e.precision {} ELSE -1 END".format(
    " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(PRECISIONS))
)


def _load_pairs(
    conn: sqlite3.Connection, data: FacetData, facet: str, link: str, column: str, table: str, key: str
) -> None:
    """A many-valued facet from a link table, read in its primary-key order with integer codes from SQL."""
    lut = _lookup(data.index[facet], conn.execute(f"SELECT rowid, {key} FROM {table}"))
    nums, rowids = _concat(
        conn,
        f"SELECT group_concat(e.num), group_concat(v.rowid) FROM {link} l CROSS JOIN events e CROSS JOIN {table} v"
        f" WHERE e.id = l.event_id AND v.{key} = l.{column}",
        "ii",
    )
    codes = lut[rowids]
    del rowids
    data.set_pair_codes(facet, nums, codes)


def _vocabulary(name: str) -> str:
    """A CTE `name(value, code)` from a JSON list of values passed as a parameter (code: list position)."""
    return f"{name}(value, code) AS MATERIALIZED (SELECT value, CAST(key AS INTEGER) FROM json_each(?))"


def _load_corpus(conn: sqlite3.Connection) -> FacetData:
    """Read the corpus side: events, tracks, precision, importance, actors and themes."""
    nums, lo, hi, position, track_rowid, precision = _concat(
        conn,
        "SELECT group_concat(e.num), group_concat(e.lo), group_concat(e.hi), group_concat(e.position),"
        f" group_concat(coalesce(t.rowid, -1)), group_concat({_PRECISION_CASE})"
        " FROM events e LEFT JOIN tracks t ON t.id = e.track",
        "iiiiii",
    )
    order: np.ndarray | slice = slice(None)
    if len(nums) > 1 and not bool(np.all(nums[1:] > nums[:-1])):
        order = np.argsort(nums, kind="stable")
    data = FacetData(
        conn,
        nums=_narrow(nums[order]),
        lo=_narrow(lo[order]),
        hi=_narrow(hi[order]),
        position=_narrow(position[order]),
    )
    del nums, lo, hi, position
    tracks = conn.execute("SELECT id, name FROM tracks ORDER BY position, id").fetchall()
    data.set_values("track", [t[0] for t in tracks], [t[1] for t in tracks])
    lut = _lookup(data.index["track"], conn.execute("SELECT rowid, id FROM tracks"))
    track_rowid = track_rowid[order]
    track_rowid[track_rowid < 0] = len(lut) - 1  # the last entry of the lookup is always -1
    data.codes["track"] = lut[track_rowid]
    del track_rowid
    present = sorted(set(sorted_unique(precision).tolist()) - {-1})
    data.set_values("precision", [PRECISIONS[i] for i in present])
    remap = np.full(len(PRECISIONS) + 1, -1, dtype=code_dtype(len(present)))
    remap[present] = np.arange(len(present))
    data.codes["precision"] = remap[precision[order]]
    del precision
    _load_importance(conn, data)
    data.set_values("actor", [r[0] for r in conn.execute("SELECT name FROM actors ORDER BY name")])
    _load_pairs(conn, data, "actor", "event_actors", "actor", "actors", "name")
    themes = conn.execute("SELECT id, label FROM themes ORDER BY label, id").fetchall()
    data.set_values("theme", [t[0] for t in themes], [t[1] for t in themes])
    _load_pairs(conn, data, "theme", "event_themes", "theme", "themes", "id")
    return data


def _load_importance(conn: sqlite3.Connection, data: FacetData) -> None:
    """One code per event and party from the importance table, coded in SQL (no Python row per event)."""
    vocab: dict[str, list[str]] = {}
    for party in PARTIES:
        facet = f"importance_{party}"
        vocab[party] = value_order(
            facet, [r[0] for r in conn.execute(f"SELECT DISTINCT {party} FROM importance")]
        )
        data.set_values(facet, vocab[party])
    ctes = ", ".join(_vocabulary(f"v_{p}") for p in PARTIES)
    columns = "".join(f", group_concat(coalesce(v_{p}.code, -1))" for p in PARTIES)
    joins = "".join(f" LEFT JOIN v_{p} ON v_{p}.value = i.{p}" for p in PARTIES)
    nums, *codes = _concat_params(
        conn,
        f"WITH {ctes} SELECT group_concat(e.num){columns}"
        f" FROM importance i JOIN events e ON e.id = i.event_id{joins}",
        [json.dumps(vocab[p], ensure_ascii=False) for p in PARTIES],
        "i" * (len(PARTIES) + 1),
    )
    rows = data.rows_of(nums)
    for party, column in zip(PARTIES, codes, strict=True):
        facet = f"importance_{party}"
        out = np.full(data.size, -1, dtype=code_dtype(len(vocab[party])))
        out[rows] = column
        data.codes[facet] = out


def _load_annotations(conn: sqlite3.Connection, data: FacetData) -> None:
    """Read the user's side: tags, flags and notes (events that no longer exist are left out)."""
    names = [r[0] for r in conn.execute("SELECT name FROM tags UNION SELECT tag FROM event_tags")]
    data.set_values("tag", sorted(set(names), key=str.casefold))
    nums, codes = _concat_params(
        conn,
        f"WITH {_vocabulary('v')} SELECT group_concat(e.num), group_concat(coalesce(v.code, -1))"
        " FROM event_tags g JOIN events e ON e.id = g.event_id LEFT JOIN v ON v.value = g.tag",
        [json.dumps(data.values["tag"], ensure_ascii=False)],
        "ii",
    )
    data.set_pair_codes("tag", nums, codes)
    # who annotated each event (any note, tag, rating or link): the team's "author" facet
    authored = (
        "SELECT event_id, author FROM notes UNION SELECT event_id, author FROM event_tags"
        " UNION SELECT event_id, author FROM assessments UNION SELECT source_event, author FROM links"
        " UNION SELECT target_event, author FROM links"
    )
    authors = {r[0] for r in conn.execute(f"SELECT DISTINCT author FROM ({authored}) WHERE author <> ''")}
    data.set_values("author", sorted(authors, key=str.casefold))
    nums, codes = _concat_params(
        conn,
        f"WITH {_vocabulary('v')}, a(event_id, author) AS ({authored})"
        " SELECT group_concat(e.num), group_concat(coalesce(v.code, -1))"
        " FROM a JOIN events e ON e.id = a.event_id LEFT JOIN v ON v.value = a.author",
        [json.dumps(data.values["author"], ensure_ascii=False)],
        "ii",
    )
    data.set_pair_codes("author", nums, codes)
    (flagged,) = _concat(
        conn,
        "SELECT group_concat(e.num) FROM assessments a JOIN events e ON e.id = a.event_id WHERE a.flagged",
        "i",
    )
    data.set_flags("flagged", flagged)
    (noted,) = _concat(
        conn,
        "SELECT group_concat(e.num) FROM (SELECT DISTINCT event_id FROM notes) n JOIN events e ON e.id = n.event_id",
        "i",
    )
    data.set_flags("notes", noted)
    _load_placements(conn, data)


def _load_placements(conn: sqlite3.Connection, data: FacetData) -> None:
    """The tracks events are also placed on (read with the annotations: the user places events too)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_extra_tracks'").fetchone():
        return
    nums, codes = _concat_params(
        conn,
        f"WITH {_vocabulary('v')} SELECT group_concat(e.num), group_concat(coalesce(v.code, -1))"
        " FROM event_extra_tracks x JOIN events e ON e.id = x.event_id LEFT JOIN v ON v.value = x.track_id"
        " WHERE x.track_id <> e.track",
        [json.dumps(data.values["track"], ensure_ascii=False)],
        "ii",
    )
    keep = codes >= 0
    data.also["track"] = (data.rows_of(nums[keep]), codes[keep].astype(data.codes["track"].dtype))
