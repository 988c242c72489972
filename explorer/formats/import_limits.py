"""The limits of explorer.model.limits applied to an event read from a file, before anything is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.model.limits import MAX_QUOTE, MAX_SUMMARY, MAX_TITLE, too_long, too_many_tags

if TYPE_CHECKING:
    from explorer.formats.import_plan import Incoming


def over_limit(event: Incoming) -> tuple[str, str] | None:
    """The field and reason of the first text of `event` that is over its limit, or None when all fit."""
    quote = event.quote
    if (
        len(event.title) <= MAX_TITLE
        and len(event.summary) <= MAX_SUMMARY
        and (quote is None or len(quote) <= MAX_QUOTE)
        and not event.notes
        and not event.tags
    ):
        return None  # the common case, decided without a call per field (a million rows in a big import)
    for field_name, kind, text in (
        ("title", "title", event.title),
        ("summary", "summary", event.summary),
        ("quote", "quote", event.quote),
    ):
        reason = too_long(kind, text)
        if reason:
            return field_name, reason
    for note in event.notes:
        reason = too_long("note", note.body)
        if reason:
            return "notes", reason
    for tag in event.tags:
        reason = too_long("tag", tag)
        if reason:
            return "tags", f"a tag is too long: {reason}"
    reason = too_many_tags(len(set(event.tags)))
    return ("tags", reason) if reason else None
