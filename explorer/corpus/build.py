"""Building data/neutrality.db from the corpus files, deterministically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from explorer.corpus.load import Corpus, load_corpus
from explorer.store import open_database
from explorer.store.db import dump_tables, make_single_file
from explorer.store.events import (
    write_actors,
    write_events,
    write_extra_tracks,
    write_sources,
    write_themes,
    write_tracks,
)
from explorer.store.fts import rebuild_fts
from explorer.store.reading_views import create_reading_views


def build_database(corpus_root: Path, out: Path) -> Corpus:
    """Write a fresh database for the corpus at `out` (via a temporary file, then a rename)."""
    corpus = load_corpus(corpus_root)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".neutrality-build-", suffix=".db", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        db = open_database(tmp, create=True)
        with db.atomic():
            meta = {
                "paper_title": corpus.paper.get("title", ""),
                "paper_authors": json.dumps(corpus.paper.get("authors", []), ensure_ascii=False),
                "paper_publisher": corpus.paper.get("publisher", ""),
                "paper_series": corpus.paper.get("series", ""),
                "paper_published": str(corpus.paper.get("published", "")),
                "paper_url": corpus.paper.get("url", ""),
                "corpus_version": str(corpus.paper.get("corpus_version", 1)),
                "corpus_digest": corpus.digest,
            }
            if corpus.id_map:  # only when a record was renamed, so other builds stay byte-identical
                meta["id_map"] = json.dumps(corpus.id_map, ensure_ascii=False, sort_keys=True)
            db.table("meta").insert_all(({"key": k, "value": v} for k, v in meta.items()), pk="key")
            write_tracks(db, corpus.tracks)
            write_sources(db, corpus.sources)
            write_themes(db, corpus.themes)
            write_actors(db, corpus.actors)
            # Undated records follow the dated ones (their positions too), in the paper's section order.
            undated = sorted(corpus.undated, key=lambda u: _section_key(u.section))
            write_events(db, [*corpus.events, *(u.as_event() for u in undated)])
            write_extra_tracks(db, corpus.also_tracks)
            rebuild_fts(db)
            create_reading_views(db.conn)
        make_single_file(db, compact=True)
        db.conn.close()
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            if leftover.exists():
                leftover.unlink()
    return corpus


def _section_key(section: str) -> tuple[int, ...]:
    """'4.3' as (4, 3), so sections sort as the paper numbers them (non-numbers first)."""
    return tuple(int(p) if p.isdigit() else -1 for p in section.split("."))


#: The tables a build writes from the corpus files (not the annotations a user adds later).
CORPUS_TABLES = (
    "meta",
    "tracks",
    "sources",
    "actors",
    "themes",
    "events",
    "event_actors",
    "event_themes",
    "event_sources",
    "importance",
    "table_one",
    "event_extra_tracks",
)


def content_dump(path: Path) -> dict[str, list[tuple]]:
    """Every corpus table's rows, sorted: what 'the same content' means for two builds."""
    # the reading views (Datasette's ISO dates) are part of what a build makes, and dump_tables adds them
    return dump_tables(path, CORPUS_TABLES)
