"""Synthetic event databases: reproducible (same seed, same content), realistic, fast to build.

Rows are built column-wise with numpy and list comprehensions, written with executemany in one
transaction with the secondary indexes dropped (they are recreated afterwards, as the migrations
define them), and the full-text index is filled once at the end from the strings already at hand.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from explorer.bench import synth_text as text
from explorer.bench.synth_dates import bounds_table, synth_dates
from explorer.bench.words import LANES, PALETTE
from explorer.store import open_database
from explorer.store.bulk_load import fill_fts, insert_rows, loading
from explorer.store.events import DATE_COLUMNS

#: Fixed timestamp for user rows, so that the same seed gives the same bytes of content.
STAMP = "2024-01-01T00:00:00Z"
ORIGIN = "import:synthetic"
#: The events table's columns in the order the rows below give them (the date-derived ones as the store names them).
EVENT_COLUMNS = (
    "num", "id", "title", "summary", "date", "date_text", *DATE_COLUMNS,
    "track", "section", "quote", "origin", "position",
)  # fmt: skip

_PERIODS = (
    ("Late Soviet years", "1985/1991-08"),
    ("Early independence", "1991-08/1994-07"),
    ("First years of the presidency", "1994-07/1999"),
    ("Union State building", "1999/2008"),
    ("Thaw with the West", "2008/2010-12"),
    ("Crackdown and isolation", "2010-12/2014"),
    ("Mediation in the Ukraine conflict", "2014/2020-08"),
    ("Protests and their aftermath", "2020-08/2022-02"),
    ("War in Ukraine", "2022-02/.."),
    ("Interwar years", "1919/1939"),
    ("Second World War", "1939-09/1945-05"),
    ("Post-war reconstruction", "1945/1960"),
)


@dataclass
class GenerateResult:
    """What `generate` wrote and how long each stage took."""

    path: Path
    events: int
    lanes: int
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)


def _timed(stages: dict[str, float], name: str, t0: float) -> float:
    now = time.perf_counter()
    stages[name] = round(now - t0, 3)
    return now


def _lane_weights(k: int) -> np.ndarray:
    w = 1.0 / np.sqrt(np.arange(1, k + 1))
    return w / w.sum()


def build_rows(n: int, lanes: int, seed: int) -> dict[str, Any]:
    """Every column of every table, in memory, for n events in `lanes` lanes."""
    rng = np.random.default_rng(seed)
    dates, burst = synth_dates(n, rng)
    table = bounds_table(dates)
    lo = np.fromiter((table[d][10] for d in dates), dtype=np.int64, count=n)
    hi = np.fromiter((table[d][11] for d in dates), dtype=np.int64, count=n)
    order = np.lexsort((hi, lo))
    dates = [dates[i] for i in order.tolist()]
    burst = burst[order]
    lane = rng.choice(lanes, size=n, p=_lane_weights(lanes)) if lanes else np.zeros(n, dtype=np.int64)
    # A burst mostly fills one lane, as a crisis does.
    in_burst = burst >= 0
    if in_burst.any():
        burst_lane = rng.integers(0, lanes, size=int(burst.max()) + 1)
        stay = in_burst & (rng.random(n) < 0.8)
        lane[stay] = burst_lane[burst[stay]]
    tracks = [
        (f"lane-{k + 1:02d}", LANES[k % len(LANES)] + (f" {k // len(LANES) + 1}" if k >= len(LANES) else ""))
        for k in range(lanes)
    ]
    ids = [f"ev-{i + 1:07d}" for i in range(n)]
    content = text.synth_text(n, rng)
    return {
        "ids": ids,
        "dates": dates,
        "bounds": table,
        "lane": lane,
        "tracks": tracks,
        "text": content,
    }


def _insert(conn: Any, rows: dict[str, Any]) -> None:
    """Write every table (the caller holds the transaction)."""
    content: text.SynthText = rows["text"]
    ids: list[str] = rows["ids"]
    track_ids = [t[0] for t in rows["tracks"]]
    insert_rows(
        conn,
        "tracks",
        ("id", "name", "description", "color", "position", "origin"),
        [
            (tid, name, f"Synthetic lane {i + 1}.", PALETTE[i % len(PALETTE)], i, ORIGIN)
            for i, (tid, name) in enumerate(rows["tracks"])
        ],
    )
    insert_rows(conn, "actors", ("name", "kind", "aliases"), content.actor_rows)
    insert_rows(conn, "themes", ("id", "label", "description"), content.theme_rows)
    insert_rows(
        conn,
        "sources",
        ("id", "number", "citation", "url", "language", "date", "section", "origin"),
        [(s[0], None, s[1], s[2], "en", s[3], None, ORIGIN) for s in content.source_rows],
    )
    table = rows["bounds"]
    lanes = [track_ids[k] for k in rows["lane"].tolist()]
    insert_rows(
        conn,
        "events",
        EVENT_COLUMNS,
        (
            (i + 1, eid, title, summary, d, None, *table[d], tr, None, quote, ORIGIN, i)
            for i, (eid, title, summary, d, tr, quote) in enumerate(
                zip(ids, content.titles, content.summaries, rows["dates"], lanes, content.quotes, strict=True)
            )
        ),
    )
    for link_table, column, (ev, other, pos) in (
        ("event_actors", "actor", content.event_actors),
        ("event_themes", "theme", content.event_themes),
        ("event_sources", "source_id", content.event_sources),
    ):
        insert_rows(
            conn,
            link_table,
            ("event_id", column, "position"),
            zip([ids[i] for i in ev], other, pos, strict=True),
        )


def _insert_fts(conn: Any, content: text.SynthText) -> None:
    """Fill events_fts once, with the same column text explorer.store.fts.rebuild_fts would produce."""
    fill_fts(
        conn,
        zip(
            range(1, len(content.titles) + 1),
            content.titles,
            content.summaries,
            [q or "" for q in content.quotes],
            content.fts_actors,
            content.fts_themes,
            content.fts_sources,
            [" "] * len(content.titles),
            strict=True,
        ),
    )


def _insert_extras(conn: Any, n: int, lanes: int, seed: int) -> None:
    """Named periods, metadata and the dataset record."""
    from explorer.model import parse_date

    insert_rows(
        conn,
        "periods",
        ("name", "date", "lo", "hi", "note", "color", "created", "modified", "uid", "author"),
        [
            # a uid and author of their own, so that the same seed gives the same file
            (
                name,
                d,
                parse_date(d).lo,
                parse_date(d).hi,
                "",
                PALETTE[i % len(PALETTE)],
                STAMP,
                STAMP,
                str(uuid.UUID(int=seed * 1000 + i, version=4)),
                "synthetic",
            )
            for i, (name, d) in enumerate(_PERIODS)
        ],
    )
    meta = {
        "corpus_version": "synthetic",
        "synthetic_events": str(n),
        "synthetic_lanes": str(lanes),
        "synthetic_seed": str(seed),
    }
    insert_rows(conn, "meta", ("key", "value"), sorted(meta.items()))
    insert_rows(
        conn,
        "datasets",
        ("id", "name", "format", "digest", "imported", "events"),
        [
            (
                "synthetic",
                f"Synthetic events (seed {seed})",
                "synthetic",
                f"synthetic:{n}:{lanes}:{seed}",
                STAMP,
                n,
            )
        ],
    )


def generate(
    path: Path,
    events: int,
    *,
    lanes: int = 20,
    seed: int = 1,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Write a synthetic database of `events` events to `path` (a temporary name, renamed at the end)."""
    if events < 0 or lanes < 1:
        raise ValueError("the number of events must be 0 or more and the number of lanes 1 or more")
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; pass --force to replace it.")
    say = progress or (lambda _msg: None)
    stages: dict[str, float] = {}
    start = t0 = time.perf_counter()
    rows = build_rows(events, lanes, seed)
    t0 = _timed(stages, "rows", t0)
    say(f"built {events:,} rows in {stages['rows']:.1f} s")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    try:
        db = open_database(tmp, create=True)
        # A fresh file that is renamed into place only when complete needs no journal while loading.
        # Rows arrive sorted by (lo, hi) and id, so every secondary index is appended to at a few
        # hot points: keeping them during the load measured faster than dropping and rebuilding.
        with loading(db) as conn:
            _insert(conn, rows)
            _insert_extras(conn, events, lanes, seed)
            t0 = _timed(stages, "insert", t0)
            _insert_fts(conn, rows["text"])
            t0 = _timed(stages, "fts", t0)
        db.conn.close()
        _timed(stages, "commit", t0)
        # A stale -wal beside the old file would otherwise be replayed into the new one.
        for p in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        raise
    return GenerateResult(path, events, lanes, round(time.perf_counter() - start, 3), stages)
