"""Imported media: each event's (TimelineJS `media`) and an imported dataset's own title slide."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from explorer.model import Media, TitleSlide


def _has_media(db: sqlite_utils.Database) -> bool:
    # a subset file of an older schema has no media table
    return bool(db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_media'").fetchone())


def write_event_media(db: sqlite_utils.Database, media: Iterable[tuple[str, Media]]) -> int:
    """Store (event id, media) pairs, replacing what an event had (caller holds the transaction)."""
    rows = [(eid, m.url, m.caption, m.credit, m.thumbnail) for eid, m in media]
    db.conn.executemany(
        "INSERT OR REPLACE INTO event_media (event_id, url, caption, credit, thumbnail) VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def event_media(db: sqlite_utils.Database, ids: Iterable[str] | None = None) -> dict[str, Media]:
    """Each event's media, for the given ids (all when None)."""
    if not _has_media(db):
        return {}
    wanted = None if ids is None else set(ids)
    return {
        eid: Media(url, caption, credit, thumbnail)
        for eid, url, caption, credit, thumbnail in db.execute(
            "SELECT event_id, url, caption, credit, thumbnail FROM event_media"
        )
        if wanted is None or eid in wanted
    }


def _media_obj(media: Media | None) -> dict[str, str] | None:
    if media is None:
        return None
    return {k: v for k, v in (("url", media.url), ("caption", media.caption), ("credit", media.credit),
                              ("thumbnail", media.thumbnail)) if v}  # fmt: skip


def set_title_slide(db: sqlite_utils.Database, dataset: str, slide: TitleSlide) -> None:
    """Keep an imported dataset's own title slide (caller holds the transaction)."""
    value: dict[str, Any] = {"headline": slide.headline, "text": slide.text}
    if slide.media is not None:
        value["media"] = _media_obj(slide.media)
    db.execute(
        "UPDATE datasets SET title_slide = ? WHERE id = ?", [json.dumps(value, ensure_ascii=False), dataset]
    )


def title_slide(db: sqlite_utils.Database, dataset: str) -> TitleSlide | None:
    """The title slide an imported dataset came with, None when it had none (or the file predates them)."""
    if not any(r[1] == "title_slide" for r in db.execute("PRAGMA table_info(datasets)")):
        return None
    row = db.execute("SELECT title_slide FROM datasets WHERE id = ?", [dataset]).fetchone()
    if not row or not row[0]:
        return None
    value = json.loads(row[0])
    media = value.get("media")
    return TitleSlide(
        value.get("headline", ""),
        value.get("text", ""),
        Media(
            media.get("url", ""),
            media.get("caption", ""),
            media.get("credit", ""),
            media.get("thumbnail", ""),
        )
        if isinstance(media, dict) and media.get("url")
        else None,
    )
