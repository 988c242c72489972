"""Searches of a large database on a worker thread with a connection of its own. No Qt.

At a million events a search is a few SQL scans (the query compiled against the index's vocabulary,
every match's num, a ranked page and its snippets): a quarter of a second the window would stand
still. The GUI thread keeps what needs the session (the facet filter's allowed events, the shown
mask, the hits' rows); the worker does the SQL. Only the newest request runs: one that arrives
while another waits replaces it. Every answer goes back through `post`, which the ui supplies to
call a function on the GUI thread; `SearchState` drops answers to requests that are no longer the
newest, so an old query's hits never show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import sqlite_utils

from explorer.store.db import connect
from explorer.store.filters import Filter, match_nums
from explorer.store.search import Hit, compile_query, search
from explorer.store.search_pages import Allowed

if TYPE_CHECKING:
    from explorer.store.columns import EventColumns

#: Calls a function on the GUI thread (the ui's; it must be safe to call from any thread).
Post = Callable[[Callable[[], None]], None]


@dataclass(frozen=True, eq=False)
class SearchJob:
    """One search: its number (newest wins), the text, the facet filter and the events it allows."""

    generation: int
    text: str
    where: Filter | None
    allowed: Allowed | None
    limit: int
    #: the session's columns: the worker turns the matches into their row mask too (read-only arrays)
    columns: EventColumns | None = None


@dataclass(frozen=True, eq=False)
class SearchAnswer:
    """What a search found: whether the text held anything to search, every match's num, a page of hits."""

    generation: int
    searchable: bool
    matches: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    hits: list[Hit] = field(default_factory=list)
    #: The matches as a row mask of `columns` (made on the worker: a pass over a million rows)
    mask: np.ndarray | None = None
    columns: EventColumns | None = None
    #: One sentence when the worker failed (the search is then run on the GUI thread instead).
    error: str = ""


def answer(db: sqlite_utils.Database, job: SearchJob) -> SearchAnswer:
    """Run a search job on a connection (the worker's, or the session's when run in place)."""
    expr = compile_query(db, job.text) if job.text.strip() else None
    if expr is None:
        return SearchAnswer(job.generation, False)
    matches = match_nums(db, expr)
    hits = search(db, job.text, limit=job.limit, where=job.where, allowed=job.allowed) if len(matches) else []
    mask = job.columns.mask_of_nums(matches) if job.columns is not None else None
    return SearchAnswer(job.generation, True, matches, hits, mask, job.columns)


class SearchWorker:
    """A thread that runs the newest search job on its own read-only connection to a database file."""

    def __init__(self, path: Path, post: Post) -> None:
        self._path = path
        self._post = post
        self._wake = threading.Condition()
        self._next: tuple[SearchJob, Callable[[SearchAnswer], None]] | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def submit(self, job: SearchJob, done: Callable[[SearchAnswer], None]) -> None:
        """Run `job` when the worker is free (replacing any job still waiting); `done(answer)` on the GUI thread.

        The job is handed over once the GUI thread has finished what it is doing (through `post`): a
        search asked for in the middle of a filter change would otherwise run beside the rest of it,
        and the two threads' numpy work, which holds the GIL, would slow that turn down.
        """
        try:
            self._post(partial(self._hand_over, job, done))
        except RuntimeError:  # the window that would take it is gone
            return

    def _hand_over(self, job: SearchJob, done: Callable[[SearchAnswer], None]) -> None:
        with self._wake:
            if self._closed:
                return
            self._next = (job, done)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="neutrality-search", daemon=True)
                self._thread.start()
            self._wake.notify()

    def close(self) -> None:
        """Stop after the job in hand (its answer is still posted; nothing waiting is run)."""
        with self._wake:
            self._closed = True
            self._next = None
            self._wake.notify()

    def _run(self) -> None:
        db: sqlite_utils.Database | None = None
        try:
            while True:
                with self._wake:
                    while self._next is None and not self._closed:
                        self._wake.wait()
                    if self._closed:
                        return
                    assert self._next is not None
                    job, done = self._next
                    self._next = None
                try:
                    if db is None:
                        db = sqlite_utils.Database(connect(self._path, readonly=True))
                    result = answer(db, job)
                except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, which searches itself
                    result = SearchAnswer(job.generation, False, error=f"{type(exc).__name__}: {exc}")
                try:
                    self._post(partial(done, result))
                except RuntimeError:  # the window that would take it is gone
                    return
        finally:
            if db is not None:
                db.conn.close()
