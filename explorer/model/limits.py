"""The largest texts an event or annotation may hold, the same for import, the console and the window.

The corpus's longest title is 90 characters, its longest summary 357 and its longest quote 285; the
limits leave room for far longer research notes while keeping every accepted event quick to show.
Documented in docs/formats.md ("Limits").
"""

from __future__ import annotations

from typing import Final

#: Most characters in an event's title.
MAX_TITLE: Final = 500
#: Most characters in an event's summary.
MAX_SUMMARY: Final = 20_000
#: Most characters in an event's quote from its source.
MAX_QUOTE: Final = 20_000
#: Most characters in one note.
MAX_NOTE: Final = 100_000
#: Most characters in a tag's name.
MAX_TAG: Final = 80
#: Most tags on one event.
MAX_TAGS_PER_EVENT: Final = 200

#: Each limited text field with its limit and how a sentence names it.
TEXT_LIMITS: Final[dict[str, tuple[int, str]]] = {
    "title": (MAX_TITLE, "title"),
    "summary": (MAX_SUMMARY, "summary"),
    "quote": (MAX_QUOTE, "quote"),
    "note": (MAX_NOTE, "note"),
    "tag": (MAX_TAG, "tag name"),
}


def too_long(kind: str, text: str | None) -> str | None:
    """The reason a text of this kind ("title", "note", ...) is refused, or None when it fits."""
    limit, noun = TEXT_LIMITS[kind]
    if text is None or len(text) <= limit:
        return None
    return f"the {noun} has {len(text):,} characters; at most {limit:,} are allowed"


def too_many_tags(count: int) -> str | None:
    """The reason an event with `count` tags is refused, or None when it may have that many."""
    if count <= MAX_TAGS_PER_EVENT:
        return None
    return f"the event would have {count:,} tags; at most {MAX_TAGS_PER_EVENT:,} are allowed on one event"
