"""Full-text search over events: user text to a safe FTS5 query, ranked hits with highlighted snippets.

The index (`events_fts`, filled by explorer.store.fts) folds case and Latin diacritics and holds each
actor's aliases in its `actors` column. User text never reaches FTS5 as syntax: every word becomes
a quoted term (explorer.store.search_query). Ranking is bm25 with per-column weights, computed
within a window of matches so that a page of a very common word costs little more than a rare one
(explorer.store.search_pages). See docs/search.md.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from explorer.store import search_pages as pages
from explorer.store.search_pages import MARK_END, MARK_START, RANK_FUNCTION, SNIPPET_ORDER, SNIPPET_TOKENS
from explorer.store.search_query import (
    FIELDS,
    ParsedQuery,
    Term,
    WordMatcher,
    compile_query,
    fts_query,
    parse_query,
    word_matcher,
)

if TYPE_CHECKING:
    from explorer.store.filters import Filter

__all__ = [
    "FIELDS",
    "MARK_END",
    "MARK_START",
    "Hit",
    "ParsedQuery",
    "Term",
    "compile_query",
    "count_matches",
    "explain_search",
    "fts_query",
    "mark_html",
    "mark_text",
    "parse_query",
    "search",
    "search_ids",
]

_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching event: id, rowid, its place in the ranking (1 = best), a marked snippet and its field."""

    event_id: str
    num: int
    rank: int
    snippet: str
    field: str
    title: str = ""

    def snippet_html(self) -> str:
        """The snippet as escaped HTML with matches in <b>."""
        return mark_html(self.snippet)

    def title_html(self) -> str:
        """The title as escaped HTML with matches in <b>."""
        return mark_html(self.title)


def mark_html(text: str) -> str:
    """Escape marked text for HTML and turn the match markers into <b> … </b>."""
    return html.escape(text, quote=False).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


def mark_text(text: str, start: str = "[", end: str = "]") -> str:
    """Marked text with the markers replaced by plain strings (empty strings remove them)."""
    return text.replace(MARK_START, start).replace(MARK_END, end)


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    limit: int = 200,
    offset: int = 0,
    within_ids: Sequence[str] | None = None,
    date_range: tuple[int, int] | None = None,
    track: str | Sequence[str] | None = None,
    where: Filter | None = None,
    allowed: pages.Allowed | None = None,
) -> list[Hit]:
    """Ranked hits for user text, best first; optional id set, date-range overlap, track and Filter.

    `where` keeps only events passing a facet Filter (its own query too, ANDed). An empty query, or
    one with nothing searchable in it, finds nothing. `allowed` gives the events `where` lets through,
    worked out elsewhere (`allowed_events` on the connection that holds the facet columns), so that
    another connection, on a worker thread, can search without reading those columns itself.
    """
    if limit <= 0 or (within_ids is not None and not within_ids):
        return []
    expr = compile_query(db, query)
    if expr is None:
        return []
    offset = max(0, offset)
    if where is not None:
        if allowed is None:
            allowed = pages.allowed_events(db, where, within_ids, date_range, track)
        start = pages.date_start(db, date_range or where.date_range)
        rows = pages.allowed_page(db, expr, allowed, limit, offset, start)
        return _hits(db, query, rows, offset)
    conditions, params = pages.sql_filters(within_ids, date_range, track)
    if within_ids is not None and len(within_ids) <= pages.SMALL_SET:
        rows = pages.small_set_page(db, expr, conditions, params, limit, offset, len(within_ids))
    else:
        start = pages.date_start(db, date_range)
        rows = pages.ranked_page(db, expr, conditions, params, limit, offset, start)
    return _hits(db, query, rows, offset)


def _hits(db: sqlite_utils.Database, query: str, rows: list[tuple[Any, ...]], offset: int) -> list[Hit]:
    """Hits from page rows (rowid, id, title, then the body snippets), numbered from offset + 1."""
    hits = []
    unmarked: list[int] = []
    for i, (num, event_id, title, *snippets) in enumerate(rows):
        field, snippet = _best_snippet([*snippets, title])
        if not snippet:
            unmarked.append(i)
        hits.append(Hit(event_id, num, offset + i + 1, snippet, field, title))
    if unmarked:
        _list_snippets(db, word_matcher(db, query), hits, unmarked)
    return hits


def _best_snippet(snippets: Sequence[str]) -> tuple[str, str]:
    """The first field in display order whose snippet holds a match, or ('', '') when none does."""
    for field, text in zip(SNIPPET_ORDER, snippets, strict=True):
        if text and MARK_START in text:
            return field, text
    return "", ""


def _list_snippets(
    db: sqlite_utils.Database, matches: WordMatcher, hits: list[Hit], positions: list[int]
) -> None:
    """Snippets for hits matched only in their actors, themes or sources, marked in Python."""
    nums = json.dumps([hits[i].num for i in positions])
    sources = dict(
        db.execute(
            "SELECT rowid, sources FROM events_fts WHERE rowid IN (SELECT value FROM json_each(?))", [nums]
        )
    )
    ids = json.dumps([hits[i].event_id for i in positions], ensure_ascii=False)
    themes: dict[str, list[tuple[str, list[str]]]] = {}
    for event_id, label, theme in db.execute(
        "SELECT et.event_id, t.label, t.id FROM event_themes et JOIN themes t ON t.id = et.theme"
        " WHERE et.event_id IN (SELECT value FROM json_each(?)) ORDER BY et.event_id, et.position",
        [ids],
    ):
        themes.setdefault(event_id, []).append((label, [theme]))
    actors = _actors_of(db, ids)
    for i in positions:
        h = hits[i]
        candidates = [
            ("actors", _mark_names(actors.get(h.event_id, []), matches)),
            ("themes", _mark_names(themes.get(h.event_id, []), matches, show_alias=False)),
            ("sources", _mark_words(sources.get(h.num) or "", matches)),
        ]
        field, snippet = next(((f, t) for f, t in candidates if MARK_START in t), ("title", h.title))
        hits[i] = Hit(h.event_id, h.num, h.rank, snippet, field, h.title)


def _actors_of(db: sqlite_utils.Database, ids: str) -> dict[str, list[tuple[str, list[str]]]]:
    """Event id -> its actors with their aliases, for event ids given as a JSON list."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for event_id, name, aliases in db.execute(
        "SELECT ea.event_id, a.name, a.aliases FROM event_actors ea JOIN actors a ON a.name = ea.actor"
        " WHERE ea.event_id IN (SELECT value FROM json_each(?)) ORDER BY ea.event_id, ea.position",
        [ids],
    ):
        try:
            spellings = [a for a in json.loads(aliases or "[]") if isinstance(a, str)]
        except (ValueError, TypeError):
            spellings = []
        out.setdefault(event_id, []).append((name, spellings))
    return out


def _mark_names(names: list[tuple[str, list[str]]], matches: WordMatcher, *, show_alias: bool = True) -> str:
    """Names (actors, themes) joined, a matched one marked and followed by the other spelling that matched."""
    parts = []
    for name, aliases in names:
        spellings = [name, *aliases]
        hit = next((s for s in spellings if any(matches.typed(w) for w in _WORD_RE.findall(s))), None)
        hit = hit or next((s for s in spellings if any(matches(w) for w in _WORD_RE.findall(s))), None)
        if hit is None:
            parts.append(name)
        else:
            parts.append(
                f"{MARK_START}{name}{MARK_END}" + ("" if hit == name or not show_alias else f" ({hit})")
            )
    return ", ".join(parts)


def _mark_words(text: str, matches: WordMatcher, width: int = SNIPPET_TOKENS) -> str:
    """A window of about `width` words around the first matching word, matches marked."""
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    marked = [i for i, (a, b) in enumerate(spans) if matches(text[a:b])]
    if not marked:
        return ""
    first = max(0, marked[0] - width // 4)
    last = min(len(spans), first + width) - 1
    out, pos = [], spans[first][0]
    for a, b in spans[first : last + 1]:
        out.append(text[pos:a])
        word = text[a:b]
        out.append(f"{MARK_START}{word}{MARK_END}" if matches(word) else word)
        pos = b
    return ("…" if first else "") + "".join(out) + ("…" if last < len(spans) - 1 else "")


def search_ids(db: sqlite_utils.Database, query: str, limit: int | None = None) -> list[str]:
    """Event ids matching user text, best first (every match, fully ranked, when limit is None)."""
    if limit is not None and limit <= 0:
        return []
    expr = compile_query(db, query)
    if expr is None:
        return []
    if limit is not None:
        return [h.event_id for h in search(db, query, limit=int(limit))]
    sql = (
        "SELECT e.id FROM events_fts JOIN events e ON e.num = events_fts.rowid"
        " WHERE events_fts MATCH ? AND events_fts.rank MATCH ? ORDER BY events_fts.rank"
    )
    return [r[0] for r in db.execute(sql, [expr, RANK_FUNCTION])]


def count_matches(
    db: sqlite_utils.Database,
    query: str,
    *,
    within_ids: Sequence[str] | None = None,
    date_range: tuple[int, int] | None = None,
    track: str | Sequence[str] | None = None,
    where: Filter | None = None,
) -> int:
    """How many events match (with the same filters as `search`), without ranking them."""
    if within_ids is not None and not within_ids:
        return 0
    expr = compile_query(db, query)
    if expr is None:
        return 0
    if where is not None:
        from explorer.store.filters import match_nums

        allowed = pages.allowed_events(db, where, within_ids, date_range, track)
        return int(allowed(match_nums(db, expr)).sum())
    conditions, params = pages.sql_filters(within_ids, date_range, track)
    if not conditions:
        sql = "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?"
        return int(db.execute(sql, [expr]).fetchone()[0])
    sql = "SELECT count(*) FROM events_fts JOIN events e ON e.num = events_fts.rowid WHERE events_fts MATCH ? AND "
    return int(db.execute(sql + conditions, [expr, *params]).fetchone()[0])


def explain_search(
    db: sqlite_utils.Database,
    query: str,
    *,
    date_range: tuple[int, int] | None = None,
    track: str | Sequence[str] | None = None,
) -> list[str]:
    """The FTS5 expression and SQLite's plan for the first ranked pass (for benchmarks and docs)."""
    expr = compile_query(db, query)
    if expr is None:
        return ["(nothing to search for)"]
    conditions, params = pages.sql_filters(None, date_range, track)
    cut = pages.window_cut(db, expr, pages.RANK_WINDOW)
    args = [*pages.MARKS, expr, RANK_FUNCTION, *([cut] if cut is not None else []), *params, 200, 0]
    plan = db.execute(
        "EXPLAIN QUERY PLAN " + pages.page_sql(conditions, ranked=True, cut=cut is not None), args
    )
    window = "all matches" if cut is None else f"matches with rowid < {cut}"
    return [f"MATCH {expr}", f"ranked within {window}", *(str(r[3]) for r in plan)]
