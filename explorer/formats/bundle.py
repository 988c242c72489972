"""Gathering a selection with everything an export may include: events, sources, annotations."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from explorer.model import (
    Actor,
    Assessment,
    Event,
    Link,
    Media,
    Note,
    Period,
    Source,
    Tag,
    Theme,
    TitleSlide,
    Track,
)
from explorer.store.events import EventStore, extra_tracks
from explorer.store.export_reads import (
    all_periods,
    assessments_by_event,
    has_table,
    links_within,
    notes_by_event,
    tag_colors,
    tags_by_event,
)
from explorer.store.media import event_media, title_slide

SCHEMA_ID = "neutrality-explorer/events@1"


@dataclass
class Bundle:
    """A selection of events and what belongs with them, ready for any writer."""

    events: list[Event]
    sources: list[Source]
    tracks: list[Track]
    notes: dict[str, list[Note]] = field(default_factory=dict)
    tags: dict[str, list[str]] = field(default_factory=dict)
    tag_colors: dict[str, str] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    periods: list[Period] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    paper: dict[str, str] = field(default_factory=dict)
    actors: list[Actor] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    #: Events on several lanes: event id -> the other tracks it also appears on (not the home one).
    also_tracks: dict[str, list[str]] = field(default_factory=dict)
    #: Imported media by event id (TimelineJS), written back by the TimelineJS export.
    media: dict[str, Media] = field(default_factory=dict)
    #: The imported dataset's own title slide when every event comes from that one dataset.
    title_slide: TitleSlide | None = None

    @property
    def ids(self) -> list[str]:
        """The selected event ids in date order."""
        return [e.id for e in self.events]


def gather(db: sqlite_utils.Database, ids: list[str] | None = None) -> Bundle:
    """The bundle for the given event ids (all events when None), in date order."""
    store = EventStore(db)
    events = store.events(ids)
    id_set = {e.id for e in events}
    source_ids = list(dict.fromkeys(s for e in events for s in e.source_ids))
    sources = store.sources(source_ids) if source_ids else []
    used_tracks = {e.track for e in events}
    tracks = [t for t in store.tracks() if t.id in used_tracks]
    meta = store.meta()
    used_actors = {a for e in events for a in e.actors}
    used_themes = {t for e in events for t in e.themes}
    bundle = Bundle(
        events=events,
        sources=sources,
        tracks=tracks,
        paper=meta,
        actors=[a for a in store.actors() if a.name in used_actors],
        themes=[t for t in store.themes() if t.id in used_themes],
    )
    if has_table(db, "event_extra_tracks"):  # a subset file of an older schema has none
        bundle.also_tracks = extra_tracks(db, id_set)
    bundle.media = event_media(db, id_set)
    origins = {e.origin for e in events}
    if len(origins) == 1 and (only := origins.pop()).startswith("import:"):
        bundle.title_slide = title_slide(db, only.removeprefix("import:"))
    if not has_table(db, "notes"):
        return bundle
    bundle.notes = notes_by_event(db, id_set)
    bundle.tags = tags_by_event(db, id_set)
    bundle.tag_colors = tag_colors(db)
    bundle.assessments = assessments_by_event(db, id_set)
    bundle.periods = all_periods(db)
    bundle.links = links_within(db, id_set)
    return bundle


def tag_objects(bundle: Bundle) -> list[Tag]:
    """The tags used in the bundle with their colours."""
    used = sorted({t for ts in bundle.tags.values() for t in ts})
    return [Tag(t, bundle.tag_colors.get(t, "#888888")) for t in used]
