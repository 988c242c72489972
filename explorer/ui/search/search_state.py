"""What the search field found: the query (debounced), ranked hits, their count and the hit in focus.

`SearchState.set_query(text)` waits `DEBOUNCE_MS` for typing to pause, then asks
`explorer.store.search` for a page of ranked hits (with the window's facet filter as `where=`) and
marks *every* match on the session (`Session.set_hits`), so the timeline dims the rest. Hits in
hidden lanes or filtered out are not listed or counted. `step(+1 / -1)` moves through the listed
hits in the list's order (best match first, or by date) and emits `stepped(id)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from explorer.store.filters import Filter, match_nums
from explorer.store.search import Hit, compile_query, search
from explorer.ui.session import Session

DEBOUNCE_MS = 150
#: How many ranked hits the list holds (the count and the timeline's marks cover every match).
PAGE = 500
BEST, BY_DATE = "best", "date"


class SearchState(QObject):
    """The query, its hits and the hit in focus; `resultsChanged` after each search, `stepped(id)`."""

    resultsChanged = Signal()
    stepped = Signal(str)

    def __init__(
        self,
        session: Session,
        facet_filter: Callable[[], Filter | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._facet_filter = facet_filter or (lambda: None)
        self._query = ""
        self._ran = ""
        self._hits: list[Hit] = []
        self._count = 0
        self._order = BEST
        self._position = -1
        self._searchable = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        session.filterChanged.connect(self._on_session_shown_changed)
        session.lanesChanged.connect(self._on_session_shown_changed)
        session.eventsChanged.connect(self._on_session_shown_changed)

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
        return self._timer.isActive()

    # --- changing -------------------------------------------------------------------------------------
    def set_query(self, text: str, immediately: bool = False) -> None:
        """Search for text after a short pause (or now); an empty text clears the search."""
        self._query = text
        if immediately or not text.strip():
            self._timer.stop()
            self.run()
        else:
            self._timer.start()

    def clear(self) -> None:
        """No query, no hits, nothing dimmed."""
        self.set_query("", immediately=True)

    def flush(self) -> None:
        """Run a pending search now."""
        if self._timer.isActive():
            self._timer.stop()
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

    def run(self) -> None:
        """Search for the present query now."""
        text = self._query
        self._ran = text
        session = self.session
        expr = compile_query(session.db, text) if text.strip() else None
        self._searchable = expr is not None
        if expr is None:
            # nothing to search for (empty, or only punctuation): nothing found, nothing dimmed
            self._hits, self._count, self._position = [], 0, -1
            session.set_hits(None)
            self.resultsChanged.emit()
            return
        facets = self._facet_filter()
        where = replace(facets, query="") if facets is not None and not facets.is_empty() else None
        # every match, as a row mask (straight from the index: no facet columns needed)
        mask = np.isin(session.columns.num, match_nums(session.db, expr))
        shown = session.shown_mask()
        self._count = int((mask & shown).sum())
        hits = search(session.db, text, limit=PAGE, where=where) if self._count else []
        rows = session.columns
        listed = []
        for h in hits:
            row = rows.index_of(h.event_id)
            if row is not None and shown[row]:
                listed.append(h)
        self._hits = self._sorted(listed)
        self._position = -1
        session.set_hits(mask)
        self.resultsChanged.emit()

    def _sorted(self, hits: list[Hit]) -> list[Hit]:
        if self._order == BY_DATE:
            cols = self.session.columns
            return sorted(hits, key=lambda h: (cols.index_of(h.event_id) or 0, h.rank))
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
    def _on_timer_timeout(self) -> None:
        self.run()

    def _on_session_shown_changed(self) -> None:
        if self.is_active() and not self._timer.isActive():
            self.run()
