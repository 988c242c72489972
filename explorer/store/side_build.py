"""The second core of a large import: a worker process builds the full-text index and the theme
lists, and the import copies them in.

One connection only ever uses one core, and at a million events the importing process is busy
for the whole import reading the file and inserting the events and their lists. Tokenising the
text for FTS5 takes about as long again. So a large import sends each new event's text, actors,
themes, sources, notes and tags to a worker process, which builds the index rows and fills an
identically defined FTS5 table in a scratch file next to the database, while this process goes on
reading and inserting. The worker also writes the lists named in the setup (the import asks for
the themes, `explorer.formats.import_write.WORKER_LISTS`) keyed by event number.

Inside the import's transaction the finished work is copied in. The lists are joined to the events
just inserted, so they carry each event's final id whatever the import renamed. The index replaces
the database's own: `events_fts` is dropped and created again from its stored definition, so that
no connection keeps a cached view of the old index, and the rows of its shadow tables are copied
over, several times faster than tokenising the text again. It all happens in the one
transaction, so a failure or a cancel leaves the database as it was. Because the copy replaces the
whole index, the worker first indexes the events already in the database; so this only pays when
an import brings at least as many events as the database holds (import_write decides). The scratch
file is removed afterwards; one left behind by a killed process is removed by the next large
import in that folder.

How much to hand over was measured on a 1M-row CSV (2 cores): the index alone, 20.1-20.8 s (the
worker then waited for the importer); the index and the theme lists, 18.2-18.6 s; the index and
both the actor and theme lists, 18.6-19.5 s (the importer then waited 1.7-2.1 s for the worker).
Tried again in the fourth pass of issue 18, after the worker's lists got cheaper: the importer's
CPU did not fall (copying 1.6 million actor rows in and indexing them afterwards cost it what
binding them had), and the worker finished 2.5 s after the importer asked for it. What the worker
spends is FTS5 itself: tokenising a million events into this index takes 18-19 s of CPU; the same
without the 2- and 3-letter prefix indexes 11.5 s, without them but with a 3-letter one 15.2 s,
contentless 15.8 s (and a contentless index plus a plain table of the text, to copy in as the
content, 18.8-19.4 s: no gain). Without prefix indexes, searching 2- and 3-letter prefixes at 1M
events takes 2.5-8x longer ("mi" 79 -> 657 ms), so the schema keeps them (explorer.store.migrations).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from explorer.store.imports import FTS_INSERT, FTS_WORKER_HASHSIZE, EventText, event_index_rows, link_rows_of

#: The shadow tables of an FTS5 table that hold its index and text (its config stays as it is).
SHADOW_TABLES = ("data", "idx", "content", "docsize")
#: The lists the worker writes too: (table, column, the field of an EventText).
LINK_TABLES = (("event_actors", "actor", 4), ("event_themes", "theme", 5))
#: Events per message to the worker.
CHUNK = 8192
#: The bundled app's launcher runs the worker when its first argument is this.
WORKER_FLAG = "--bulk-import-worker"
_PREFIX = ".neutrality-import-"
_ALIAS = "neutrality_side"
_LENGTH = struct.Struct("<Q")


class SideBuildFailed(Exception):
    """The worker could not finish (the import then does its work in-process)."""


# --- the worker process ----------------------------------------------------------------------


def worker_command(path: Path) -> list[str]:
    """The command line of a worker filling `path` (the bundled app runs it through its launcher)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG, str(path)]
    return [sys.executable, "-m", "explorer.store.side_build", str(path)]


def _read_frame(stream: IO[bytes]) -> bytes:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the importing process closed the pipe")
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the importing process closed the pipe")
    return data


def _write_frame(stream: IO[bytes], data: bytes) -> None:
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)


class _Worker:
    """What the worker process does with each message."""

    def __init__(self, path: str, setup: dict[str, Any]) -> None:
        self.actors: dict[str, str] = setup["actors"]
        self.themes: dict[str, str] = setup["themes"]
        self.citations: dict[str, str] = {}
        self.conn = conn = sqlite3.connect(path, isolation_level=None)
        # a scratch file: nothing to recover if this process dies, so no journal and no syncs
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(setup["definition"])
        conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_WORKER_HASHSIZE})")
        self.lists = [link for link in LINK_TABLES if link[0] in setup["lists"]]
        for table, column, _ in self.lists:
            conn.execute(
                f"CREATE TABLE {table} (num INTEGER NOT NULL, {column} TEXT NOT NULL,"
                f" position INTEGER NOT NULL, PRIMARY KEY (num, {column})) WITHOUT ROWID"
            )
        conn.execute("BEGIN")
        self.count = 0

    def index_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """Index rows as they are (the events already in the database)."""
        self.conn.executemany(FTS_INSERT, rows)
        self.count += len(rows)

    def events(self, citations: dict[str, str], events: list[EventText]) -> None:
        """New events: their index rows (the words explorer.store.fts indexes), actors and themes."""
        self.citations.update(citations)
        conn = self.conn
        conn.executemany(FTS_INSERT, event_index_rows(events, self.actors, self.themes, self.citations))
        nums = [e[0] for e in events]
        for table, column, field in self.lists:
            rows = link_rows_of(zip(nums, map(itemgetter(field), events), strict=True))
            conn.executemany(f"INSERT INTO {table} (num, {column}, position) VALUES (?, ?, ?)", rows)
        self.count += len(events)

    def close(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def worker_main(argv: Sequence[str]) -> int:
    """The worker: read messages on stdin, fill the scratch file, report on stdout.

    Frames on stdin are a little-endian 8-byte length and a pickle: first a setup dict (the
    index's CREATE statement and the index words of known actors and themes), then ("rows",
    [index rows]) for events already in the database or ("events", {new source citations},
    [EventText]) for new ones; an empty frame ends them. The last line on stdout is
    "ok <count>" or "error <reason>".
    """
    try:
        (path,) = argv
        stdin = sys.stdin.buffer
        work = _Worker(path, pickle.loads(_read_frame(stdin)))
        while data := _read_frame(stdin):
            kind, *args = pickle.loads(data)
            if kind == "rows":
                work.index_rows(*args)
            elif kind == "packed":
                citations, first, packed = args
                work.events(citations, unpack_events(first, packed))
            else:
                work.events(*args)
        work.close()
        print(f"ok {work.count}", flush=True)
        return 0
    except BaseException as exc:  # reported to the parent, which then does the work in-process
        print(" ".join(f"error {type(exc).__name__}: {exc}".split()), flush=True)
        return 1


# --- events as columns of text ---------------------------------------------------------------
#
# Pickling a tuple per event costs the importing process about a second per million events, on
# the core that reads the file. So events travel as a few long strings joined by str.join, which
# does the work in C: title, summary, quote and notes each joined by NUL, and each list (actors,
# themes, sources, tags) as its items joined by one NUL with the events' lists joined by two.
# Items are never empty, so this reads back unambiguously as long as no text holds a NUL; a CSV
# row never does, and other text is checked by counting the NULs (a chunk with one goes as rows).


def pack_events(texts: Sequence[list[str]], lists: Sequence[list[tuple[str, ...]]]) -> tuple[str, ...] | None:
    """title, summary, quote and notes columns and actors, themes, sources and tags columns as strings."""
    n = len(texts[0])
    out = []
    for column in texts:
        joined = "\0".join(column)
        if joined.count("\0") != n - 1:
            return None
        out.append(joined)
    for names in lists:
        if names.count(()) == n:  # no event has any (often so for tags and sources)
            out.append("\0\0" * (n - 1))
            continue
        joined = "\0\0".join(map("\0".join, names))
        items = sum(map(len, names))
        filled = n - names.count(())
        if joined.count("\0") != items - filled + 2 * (n - 1):
            return None
        out.append(joined)
    return tuple(out)


def unpack_events(first: int, packed: Sequence[str]) -> list[EventText]:
    """The events pack_events packed, numbered from `first`."""
    title, summary, quote, notes, *lists = packed
    columns = [s.split("\0") for s in (title, summary, quote, notes)]
    actors, themes, sources, tags = (
        [tuple(item.split("\0")) if item else () for item in s.split("\0\0")] for s in lists
    )
    nums = range(first, first + len(columns[0]))
    return list(
        zip(nums, columns[0], columns[1], columns[2], actors, themes, sources, columns[3], tags, strict=True)
    )


# --- the importing process --------------------------------------------------------------------


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file of the main database, None for an in-memory or temporary one."""
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def remove_stale(folder: Path) -> None:
    """Remove scratch files left by processes that no longer run."""
    for path in folder.glob(f"{_PREFIX}*.db"):
        try:
            pid = int(path.name[len(_PREFIX) :].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                path.unlink()


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _rowid_is_num(db: sqlite_utils.Database, table: str) -> bool:
    """True when the events a worker list names have rowid = num, so that the list can be joined to
    them by rowid: one b-tree lookup a row instead of two (the num index, then the row).

    The import inserts its events in num order, one after another, each taking the next rowid, so
    rowid - num is the same for all of them: checking the first and the last is enough.
    """
    lo, hi = db.execute(f"SELECT min(num), max(num) FROM {_ALIAS}.{table}").fetchone()
    if lo is None:
        return True
    return all(db.execute("SELECT rowid FROM events WHERE num = ?", [n]).fetchone() == (n,) for n in (lo, hi))


class SideBuild:
    """A worker process building a large import's full-text index; see the module's notes.

    side = SideBuild.start(db, actor_words, theme_words)   # None when it cannot be used here
    side.add_events(citations, events) ...                 # while reading and inserting
    if side.finish(): side.install(db)                     # inside the transaction
    side.close(db)                                         # after the transaction, always
    """

    def __init__(
        self, path: Path, definition: str, process: subprocess.Popen[bytes], lists: Sequence[str]
    ) -> None:
        self.path = path
        self.lists = [link for link in LINK_TABLES if link[0] in lists]
        self.definition = definition
        self.process = process
        self.sent = 0
        self.error: str | None = None
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._feeder = threading.Thread(target=self._feed, name="neutrality-import-feeder", daemon=True)
        self._feeder.start()
        self._finished: bool | None = None
        self._ended = False
        self._attached = False
        #: the thread removing the scratch file, once close() started it
        self.cleanup: threading.Thread | None = None

    @classmethod
    def start(
        cls,
        db: sqlite_utils.Database,
        actors: dict[str, str],
        themes: dict[str, str],
        lists: Sequence[str] = (),
    ) -> SideBuild | None:
        """Start a worker and send it the index rows of the events the database already holds.

        `actors` and `themes` are the index words of the known ones (imports.actor_words and
        imports.theme_words). None when the database is not a file, its folder cannot take the
        scratch file, or the worker cannot be started; the caller then works in-process.
        """
        file = database_file(db)
        row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").fetchone()
        if file is None or row is None:
            return None
        try:
            remove_stale(file.parent)
            fd, name = tempfile.mkstemp(prefix=f"{_PREFIX}{os.getpid()}-", suffix=".db", dir=file.parent)
            os.close(fd)
        except OSError:
            return None
        path = Path(name)
        try:
            process = subprocess.Popen(
                worker_command(path),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
            )
        except OSError:
            path.unlink(missing_ok=True)
            return None
        side = cls(path, row[0], process, lists)
        side._queue.put({"definition": row[0], "actors": actors, "themes": themes, "lists": list(lists)})
        cursor = db.execute(
            "SELECT rowid, title, summary, quote, actors, themes, sources, annotations FROM events_fts"
        )
        while chunk := cursor.fetchmany(CHUNK):
            side._queue.put(("rows", chunk))
            side.sent += len(chunk)
        return side

    def add_events(self, citations: dict[str, str], events: Iterable[EventText]) -> None:
        """Queue new events (pickled and sent by a feeder thread), with the sources first named here."""
        batch = list(events)
        if batch:
            self._queue.put(("events", citations, batch))
            self.sent += len(batch)

    def add_columns(
        self,
        citations: dict[str, str],
        first: int,
        texts: Sequence[list[str]],
        lists: Sequence[list[tuple[str, ...]]],
    ) -> None:
        """Queue new events numbered from `first`, given as columns (see pack_events)."""
        packed = pack_events(texts, lists)
        if packed is None:  # a NUL in the text: as rows instead
            self.add_events(
                citations,
                zip(
                    range(first, first + len(texts[0])),
                    *texts[:3],
                    *lists[:3],
                    texts[3],
                    lists[3],
                    strict=True,
                ),
            )
        elif texts[0]:
            self._queue.put(("packed", citations, first, packed))
            self.sent += len(texts[0])

    def _feed(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        while True:
            item = self._queue.get()
            try:
                _write_frame(stdin, b"" if item is None else pickle.dumps(item, pickle.HIGHEST_PROTOCOL))
                if item is None:
                    stdin.close()
            except (OSError, ValueError) as exc:  # the worker is gone; its report says why
                self.error = self.error or f"the worker stopped reading ({exc})"
            if item is None:
                return

    def end(self) -> None:
        """Tell the worker that everything is sent, so that it commits its file without waiting for finish."""
        if not self._ended:
            self._ended = True
            self._queue.put(None)

    def finish(self) -> bool:
        """Wait for the worker (ending its input first); True when its index is complete."""
        if self._finished is not None:
            return self._finished
        self.end()
        self._feeder.join()
        assert self.process.stdout is not None
        lines = self.process.stdout.read().decode("utf-8", "replace").splitlines() or [""]
        code = self.process.wait()
        status, _, detail = lines[-1].partition(" ")
        if status != "ok":
            detail = detail or f"the worker ended with code {code}"
        elif detail != str(self.sent):
            status, detail = "error", f"the worker took {detail} of {self.sent} events"
        if status != "ok":
            self.error = detail
        self._finished = status == "ok"
        return self._finished

    def install(self, db: sqlite_utils.Database) -> None:
        """Copy the new events' actors and themes in and replace the index (in the caller's transaction)."""
        if not self.finish():
            raise SideBuildFailed(self.error or "the worker failed")
        db.execute(f"ATTACH DATABASE ? AS {_ALIAS}", [str(self.path)])
        self._attached = True
        for table, column, _ in self.lists:  # joined to the events just inserted for their final ids
            key = "rowid" if _rowid_is_num(db, table) else "num"
            db.execute(
                f"INSERT INTO {table} (event_id, {column}, position) SELECT e.id, s.{column}, s.position"
                f" FROM {_ALIAS}.{table} s JOIN events e ON e.{key} = s.num"
            )
        db.execute("DROP TABLE events_fts")
        db.execute(self.definition)
        for table in SHADOW_TABLES:
            db.execute(f"DELETE FROM events_fts_{table}")
            db.execute(f"INSERT INTO events_fts_{table} SELECT * FROM {_ALIAS}.events_fts_{table}")

    def close(self, db: sqlite_utils.Database | None = None) -> None:
        """Stop the worker if it still runs and remove its file (call after the transaction ended)."""
        if self._attached and db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.execute(f"DETACH DATABASE {_ALIAS}")
            self._attached = False
        if self._finished is None:
            self.process.kill()  # first, so that the feeder's next write fails at once
            self.process.wait()
            self.end()
            self._feeder.join(5)
            self._finished = False
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        # removing a file of hundreds of MB takes the kernel a while: not on the importing thread
        # (a thread that is not a daemon, so that the interpreter waits for it before it exits)
        paths = [Path(f"{self.path}{suffix}") for suffix in ("", "-journal", "-wal", "-shm")]
        self.cleanup = threading.Thread(target=_remove, args=(paths,), name="neutrality-import-cleanup")
        self.cleanup.start()


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:]))
