"""The app's own JSON: schema `neutrality-explorer/events@1` (documented in docs/export.md)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from explorer import __version__
from explorer.formats.bundle import SCHEMA_ID, Bundle, tag_objects
from explorer.formats.common import ExportOptions, Ticker
from explorer.model import Event


def _date_fields(event: Event) -> dict[str, Any]:
    """The date's bounds and qualifiers as the export spells them (all empty for an undated record)."""
    if event.undated:  # no date: "date" is "", the date words say where the source puts it
        dates: dict[str, Any] = {"start": None, "end": None, "precision": "undated", "approximate": False}
        return dates | {"uncertain": False, "kind": event.kind, "open_end": False}
    f = event.fuzzy
    return {
        "start": f.start_min.isoformat(),
        "end": f.end_max.isoformat() if f.end_max else None,
        "precision": f.precision,
        "approximate": f.approximate,
        "uncertain": f.uncertain,
        "kind": event.kind,
        "open_end": f.open_end,
    }


def event_record(event: Event, bundle: Bundle) -> dict[str, Any]:
    """One event as a JSON object."""
    assessment = bundle.assessments.get(event.id)
    dates = _date_fields(event)
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date,
        "date_text": event.date_words,
        **dates,
        "track": event.track,
        "also_tracks": list(bundle.also_tracks.get(event.id, [])),
        "summary": event.summary,
        "quote": event.quote,
        "section": event.section,
        "footnotes": list(event.footnotes),
        "sources": list(event.source_ids),
        "actors": list(event.actors),
        "themes": list(event.themes),
        "tags": list(bundle.tags.get(event.id, [])),
        "importance": event.importance.as_dict() if event.importance else None,
        "table_two_row": event.importance.row if event.importance else None,
        "table_two_label": event.importance.label if event.importance else None,
        "table_one": (
            {
                "row": event.table_one.row,
                "partners": event.table_one.partners,
                "time_span": event.table_one.time_span,
            }
            if event.table_one
            else None
        ),
        "assessment": (
            {
                "flagged": assessment.flagged,
                "stars": assessment.stars,
                "belarus": assessment.belarus,
                "russia": assessment.russia,
                "west": assessment.west,
            }
            if assessment
            else None
        ),
        "notes": [
            {"body": n.body, "created": n.created, "modified": n.modified, "author": n.author}
            for n in bundle.notes.get(event.id, [])
        ],
        "origin": event.origin,
    }


def to_json_obj(bundle: Bundle, ticker: Ticker | None = None) -> dict[str, Any]:
    """The whole export as a JSON-ready object."""
    events = []
    for e in bundle.events:
        events.append(event_record(e, bundle))
        if ticker is not None:
            ticker.tick()
    return {
        "schema": SCHEMA_ID,
        "generator": f"Neutrality Explorer {__version__}",
        "paper": {
            "title": bundle.paper.get("paper_title", ""),
            "authors": json.loads(bundle.paper.get("paper_authors", "[]") or "[]"),
            "publisher": bundle.paper.get("paper_publisher", ""),
            "series": bundle.paper.get("paper_series", ""),
            "published": bundle.paper.get("paper_published", ""),
            "url": bundle.paper.get("paper_url", ""),
        },
        "tracks": [
            {"id": t.id, "name": t.name, "description": t.description, "color": t.color}
            for t in bundle.tracks
        ],
        "events": events,
        "sources": [
            {
                "id": s.id,
                "number": s.number,
                "citation": s.citation,
                "url": s.url,
                "language": s.language,
                "date": s.date,
                "section": s.section,
            }
            for s in bundle.sources
        ],
        "tags": [{"name": t.name, "color": t.color} for t in tag_objects(bundle)],
        "periods": [
            {"name": p.name, "date": p.date, "note": p.note, "color": p.color} for p in bundle.periods
        ],
        "links": [
            {"source": k.source, "target": k.target, "type": k.type, "note": k.note} for k in bundle.links
        ],
    }


def dumps(bundle: Bundle, ticker: Ticker | None = None) -> str:
    """The export as JSON text (UTF-8, indented, stable key order)."""
    return json.dumps(to_json_obj(bundle, ticker), ensure_ascii=False, indent=2) + "\n"


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The registry's entry point: JSON text, without notes when options.include_notes is off."""
    if not options.include_notes:
        bundle = dataclasses.replace(bundle, notes={})
    return dumps(bundle, ticker)
