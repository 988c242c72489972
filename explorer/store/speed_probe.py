"""A fixed SQLite query for the bench's host-speed probe (explorer.bench.host). No Qt.

The SQL stays in the store, as everywhere: the probe asks for a table and times its query.
"""

from __future__ import annotations

import sqlite3

ROWS = 20_000


class QueryProbe:
    """An in-memory table of ROWS rows and one query over all of them (a count and a max of text)."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect(":memory:")
        self._conn.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        self._conn.executemany("INSERT INTO t VALUES (?, ?)", ((i, f"title {i}") for i in range(ROWS)))

    def run(self) -> None:
        """The query, once."""
        self._conn.execute("SELECT count(*), max(b) FROM t WHERE a % 7 = 3").fetchone()

    def close(self) -> None:
        """Let the table go."""
        self._conn.close()
