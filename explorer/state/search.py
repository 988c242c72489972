"""`session.search`: what the search field found: the query, ranked hits, their count and the hit in focus.

`set_query(text)` records the text and emits `queryPending`; the search field runs it once typing
pauses (the ui keeps the timer: `flush()` after `DEBOUNCE_MS`), or at once with `immediately=True`.
A run asks `explorer.store.search` for a page of ranked hits (with the facet filter of
`session.filters` as `where=`) and marks *every* match on the session (`Session.set_hits`), so
the timeline dims the rest. Hits in hidden lanes or filtered out are not listed or counted.
`step(+1 / -1)` moves through the listed hits in the list's order (best match first, or by date).

At BACKGROUND_MIN events and more, with a worker from the ui (`use_worker`), the SQL runs on a thread
(explorer.state.search_worker): `running()` is True until the newest search's answer is shown.
Below that the search runs in the GUI thread, and with the ui's `post` it lists its first FIRST_PAGE
hits at once and the rest of the page on a later turn: `listing()` is True until then.

Signals: `queryPending()` when typed text waits to be searched, `resultsChanged()` after each
search (and when one starts on the worker), `stepped(str)` with the id of the hit stepped to.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import sqlite_utils

from explorer.state.signal import Signal

if TYPE_CHECKING:
    from explorer.state.search_worker import Post, SearchAnswer, SearchWorker
    from explorer.state.session import Session
    from explorer.store.filters import Filter
    from explorer.store.search import Hit

#: How long the search field waits for typing to pause before it searches.
DEBOUNCE_MS = 150
#: How many ranked hits the list holds (the count and the timeline's marks cover every match).
PAGE = 500
#: A search run in the GUI thread lists this many first and the rest of PAGE on the next turn: each
#: hit's snippets are worked out with the page (20-29 ms for 500 hits at 1,000 events, 1-3 ms for 50),
#: and the list shows a screenful of them.
FIRST_PAGE = 100
#: From this many events a search runs on a worker thread (`use_worker`), when the ui gives it one.
BACKGROUND_MIN = 50_000
BEST, BY_DATE = "best", "date"


class SearchState:
    """The query, its hits and the hit in focus; `resultsChanged` after each search, `stepped(id)`."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self.queryPending = Signal("queryPending")
        self.resultsChanged = Signal("resultsChanged")
        self.stepped = Signal("stepped")
        self.session = session
        self._db = db
        self._query = ""
        self._ran = ""
        self._pending = False
        self._hits: list[Hit] = []
        self._count = 0
        self._order = BEST
        self._position = -1
        self._searchable = False
        self._worker: SearchWorker | None = None
        #: What hands a worker's answers to the GUI thread (`use_worker`); None: search here.
        self._post: Post | None = None
        #: Counts the searches started; an answer for an older one is dropped.
        self._generation = 0
        self._running = False
        #: The generation whose rest of a page is still to be listed (see FIRST_PAGE), else None.
        self._more_for: int | None = None
        session.filterChanged.connect(self._on_session_shown_changed)
        session.lanesChanged.connect(self._on_session_shown_changed)
        session.eventsChanged.connect(self._on_session_shown_changed)
        session.aboutToClose.connect(self._on_session_about_to_close)

    # --- reading --------------------------------------------------------------------------------------
    def query(self) -> str:
        """The text last typed (searched once the debounce has passed)."""
        return self._query

    def is_active(self) -> bool:
        """True when a query is in effect (its hits are marked on the timeline)."""
        return bool(self._ran.strip())

    def searchable(self) -> bool:
        """False when the query holds nothing to search for (only punctuation, say)."""
        return self._searchable

    def hits(self) -> list[Hit]:
        """The listed hits, in the chosen order."""
        return list(self._hits)

    def count(self) -> int:
        """How many shown events match (may exceed the listed hits)."""
        return self._count

    def position(self) -> int:
        """The index of the hit in focus (-1 for none)."""
        return self._position

    def order(self) -> str:
        """BEST (rank) or BY_DATE."""
        return self._order

    def pending(self) -> bool:
        """True while typing has not yet been searched."""
        return self._pending

    # --- changing -------------------------------------------------------------------------------------
    def set_query(self, text: str, immediately: bool = False) -> None:
        """Search for text once typing pauses (`queryPending`), or now; an empty text clears the search."""
        self._query = text
        if immediately or not text.strip():
            self._pending = False
            self.run()
        else:
            self._pending = True
            self.queryPending.emit()

    def clear(self) -> None:
        """No query, no hits, nothing dimmed."""
        self.set_query("", immediately=True)

    def flush(self) -> None:
        """Run a pending search now."""
        if self._pending:
            self._pending = False
            self.run()

    def set_order(self, order: str) -> None:
        """List and step through hits best first (BEST) or in date order (BY_DATE)."""
        if order == self._order:
            return
        self._order = order
        focus = self._hits[self._position].event_id if 0 <= self._position < len(self._hits) else None
        self._hits = self._sorted(self._hits)
        ids = [h.event_id for h in self._hits]
        self._position = ids.index(focus) if focus in ids else -1
        self.resultsChanged.emit()

    def use_worker(self, post: Post) -> None:
        """Search a large database file on a worker thread, and list a small one's hits over two turns;
        `post(fn)` must call fn on the GUI thread, on a later turn of its event loop."""
        # (the worker, and its module, are made with the first search that needs it, not at start)
        if self.session.path is not None and self._worker is None and self._post is None:
            self._post = post

    def _large_worker(self) -> SearchWorker | None:
        """The worker for a database of BACKGROUND_MIN events or more (made on first use), else None."""
        if self._post is None or self.session.path is None or len(self.session.columns) < BACKGROUND_MIN:
            return None
        if self._worker is None:
            from explorer.state.search_worker import SearchWorker

            self._worker = SearchWorker(Path(self.session.path), self._post)
        return self._worker

    def running(self) -> bool:
        """True while a search runs on the worker (its answer not yet shown)."""
        return self._running

    def listing(self) -> bool:
        """True while the newest search's first hits are listed and the rest of its page is to come."""
        return self._more_for == self._generation

    def run(self) -> None:
        """Search for the present query now (on the worker, for a large database, when there is one)."""
        # (the search's own modules load with the first search, not with the window)
        from explorer.state.search_worker import SearchAnswer, SearchJob, answer
        from explorer.store.search_pages import allowed_events

        text = self._query
        self._ran = text
        self._generation += 1
        session = self.session
        if not text.strip():
            self._running = False
            self._show(SearchAnswer(self._generation, False))
            return
        facets = session.filters.applied()  # (not one still waiting for the facet columns)
        where = replace(facets, query="") if not facets.is_empty() else None
        worker = self._large_worker()
        # the events the filter allows come from this connection's facet columns, read once
        allowed = allowed_events(self._db, where, None, None, None) if where and worker else None
        if worker is None:
            # the first hundred now; with a way to the next turn (`use_worker`), the rest of the page then
            post = self._post
            first = PAGE if post is None else FIRST_PAGE
            found = answer(self._db, SearchJob(self._generation, text, where, None, first))
            more = post is not None and len(found.hits) == first  # (a full first page: there may be more)
            self._more_for = self._generation if more else None
            self._show(found)
            if post is not None and more:
                post(partial(self._list_more, self._generation, text, where, first))
            return
        job = SearchJob(self._generation, text, where, allowed, PAGE, session.columns)
        self._running = True
        worker.submit(job, self._on_worker_answer)
        self.resultsChanged.emit()  # "Searching…" (the hits shown are the last answer's until then)

    def _list_more(self, generation: int, text: str, where: Filter | None, offset: int) -> None:
        """The rest of the page after the first hits (a later turn): added to the list, which keeps
        its order and the hit in focus."""
        if generation != self._generation or self.session.closed:
            return  # a newer search (or none) since
        self._more_for = None
        from explorer.store.search import search

        more = search(self._db, text, limit=PAGE - offset, offset=offset, where=where)
        known = {h.event_id for h in self._hits}
        added = self._listed([h for h in more if h.event_id not in known])
        if not added:
            self.resultsChanged.emit()  # (the list is complete: nothing more is coming)
            return
        focus = self._hits[self._position].event_id if 0 <= self._position < len(self._hits) else None
        self._hits = self._sorted([*self._hits, *added])
        ids = [h.event_id for h in self._hits]
        self._position = ids.index(focus) if focus in ids else -1
        self.resultsChanged.emit()

    def _on_worker_answer(self, found: SearchAnswer) -> None:
        if found.generation != self._generation or self.session.closed:
            return  # an older query's answer: a newer one is on its way
        self._running = False
        if found.error:  # the worker could not search (its connection, say): search here from now on
            self._close_worker()
            self.run()
            return
        self._show(found)

    def _close_worker(self) -> None:
        self._post = None  # (from now on the search runs here)
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        self._running = False

    def _show(self, found: SearchAnswer) -> None:
        """Take a search's answer: count and list what is shown, mark every match on the session."""
        session = self.session
        self._searchable = found.searchable
        if not found.searchable:
            # nothing to search for (empty, or only punctuation): nothing found, nothing dimmed
            self._hits, self._count, self._position = [], 0, -1
            session.set_hits(None)
            self.resultsChanged.emit()
            return
        # every match, as a row mask (straight from the index: no facet columns needed)
        cols = session.columns
        mask = (
            found.mask
            if found.mask is not None and found.columns is cols
            else cols.mask_of_nums(found.matches)
        )
        shown = session.shown_mask()
        self._count = int((mask & shown).sum())
        self._hits = self._sorted(self._listed(found.hits if self._count else []))
        self._position = -1
        current = session.hit_mask()
        # a filter change searches again for the list and the count, and finds the same matches:
        # telling the views would redraw every lane's hits for nothing (a tenth of a second at 1M)
        if current is None or current.shape != mask.shape or not np.array_equal(current, mask):
            session.set_hits(mask)
        self.resultsChanged.emit()

    def _listed(self, hits: list[Hit]) -> list[Hit]:
        """The hits of events shown (not filtered out, not in a hidden lane)."""
        cols, shown = self.session.columns, self.session.shown_mask()
        # (hits carry their num: their rows are one look-up, not a query per hit)
        rows = cols.rows_of_nums(np.array([h.num for h in hits], dtype=np.int64))
        return [h for h, row in zip(hits, rows.tolist(), strict=True) if row >= 0 and shown[row]]

    def _sorted(self, hits: list[Hit]) -> list[Hit]:
        if self._order == BY_DATE:
            rows = self.session.columns.rows_of_nums(np.array([h.num for h in hits], dtype=np.int64))
            at = dict(zip((h.event_id for h in hits), np.maximum(rows, 0).tolist(), strict=True))
            return sorted(hits, key=lambda h: (at[h.event_id], h.rank))
        return sorted(hits, key=lambda h: h.rank)

    def step(self, delta: int) -> str | None:
        """Focus the next (+1) or previous (-1) hit, wrapping around; its id, or None without hits."""
        self.flush()
        if not self._hits:
            return None
        if self._position < 0:
            self._position = 0 if delta >= 0 else len(self._hits) - 1
        else:
            self._position = (self._position + delta) % len(self._hits)
        event_id = self._hits[self._position].event_id
        self.stepped.emit(event_id)
        return event_id

    def go_to(self, index: int) -> str | None:
        """Focus the hit at a list index."""
        if not 0 <= index < len(self._hits):
            return None
        self._position = index
        event_id = self._hits[index].event_id
        self.stepped.emit(event_id)
        return event_id

    # --- the session ---------------------------------------------------------------------------------------
    def _on_session_about_to_close(self) -> None:
        self._pending = False  # the field's timer may still fire: there is nothing left to search
        self._close_worker()

    def _on_session_shown_changed(self) -> None:
        if self.is_active() and not self._pending:
            self.run()
