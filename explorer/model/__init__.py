"""Plain value types: events, tracks, sources, annotations and fuzzy dates. No Qt here."""

from explorer.model.dates import OPEN_HI, DateError, FuzzyDate, describe, parse_date
from explorer.model.entities import (
    LINK_TYPES,
    PARTIES,
    Actor,
    Assessment,
    Event,
    Importance,
    Link,
    Note,
    Period,
    Source,
    TableOneRow,
    Tag,
    Theme,
    Track,
    importance_score,
)

__all__ = [
    "LINK_TYPES",
    "OPEN_HI",
    "PARTIES",
    "Actor",
    "Assessment",
    "DateError",
    "Event",
    "FuzzyDate",
    "Importance",
    "Link",
    "Note",
    "Period",
    "Source",
    "TableOneRow",
    "Tag",
    "Theme",
    "Track",
    "describe",
    "importance_score",
    "parse_date",
]
