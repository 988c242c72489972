"""The Datasette metadata written beside a database export: the full-text index, labels, the source."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

from explorer.store.atomic import write_atomic

#: Tables and views whose rows are events: searched through events_fts (its rowid is events.num).
_SEARCHABLE = ("events", "events_iso", "event_details")
_LABELS = {"events": "title", "tracks": "name", "sources": "citation", "themes": "label", "periods": "name"}


def metadata_path(db_path: Path) -> Path:
    """Where the metadata of a database file goes: `<name>.metadata.json` beside it."""
    return db_path.with_name(f"{db_path.stem}.metadata.json")


def datasette_metadata(db_path: Path, paper: dict[str, str]) -> dict[str, Any]:
    """Datasette's metadata for the file: fts_table/fts_pk (Datasette cannot detect our index), labels."""
    tables: dict[str, dict[str, Any]] = {
        name: {"fts_table": "events_fts", "fts_pk": "num"} for name in _SEARCHABLE
    }
    for table, column in _LABELS.items():
        tables.setdefault(table, {})["label_column"] = column
    tables["event_details"]["description"] = "Each event with its actors, themes and sources; filter by ?id=…"
    tables["events_iso"]["description"] = "Each event with ISO start and end dates (empty when open)"
    tables["periods_iso"] = {"description": "Your periods with ISO start and end dates (empty when open)"}
    meta: dict[str, Any] = {"databases": {db_path.stem: {"tables": tables}}}
    if paper.get("paper_title"):
        authors = json.loads(paper.get("paper_authors") or "[]")
        year = (paper.get("paper_published") or "")[:4]
        meta["title"] = paper["paper_title"]
        meta["source"] = f"{' and '.join(authors)} ({year}), {paper.get('paper_publisher', '')}".strip(", ")
        if paper.get("paper_url"):
            meta["source_url"] = paper["paper_url"]
    return meta


def write_datasette_metadata(db_path: Path, paper: dict[str, str]) -> Path:
    """Write the metadata file beside the database (atomically); its path."""
    text = json.dumps(datasette_metadata(db_path, paper), ensure_ascii=False, indent=2) + "\n"
    return write_atomic(metadata_path(db_path), text)


def serve_command(db_path: Path) -> str:
    """The command that serves the file with its metadata."""
    return (
        f"datasette serve {shlex.quote(str(db_path))} --metadata {shlex.quote(str(metadata_path(db_path)))}"
    )
