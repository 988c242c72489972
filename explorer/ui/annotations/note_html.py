"""Notes as rich text: Markdown rendered to HTML for a QTextBrowser, with raw HTML escaped, and note times."""

from __future__ import annotations

from datetime import UTC, datetime

from explorer.formats.text import escape_html
from explorer.model import Note
from explorer.ui.panels.detail_html import Colors

#: Anchors in the notes view: note-edit:ID and note-delete:ID.
EDIT_SCHEME, DELETE_SCHEME = "note-edit", "note-delete"


def when(stamp: str) -> str:
    """An ISO UTC timestamp in local time, like '3 May 2025, 14:02'."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y, %H:%M}"


def note_meta(note: Note) -> str:
    """'Alice · 3 May 2025, 14:02', with ' · edited 3 May 2025, 14:10' when it was changed later."""
    made = when(note.created)
    if note.modified and note.modified[:16] != note.created[:16]:
        made = f"{made} · edited {when(note.modified)}"
    return f"{note.author} · {made}" if note.author else made


#: How much of a note the list shows; a longer note is cut there (Edit opens all of it). Laying out
#: and rendering 100,000 characters of Markdown would make selecting the event take a second.
PREVIEW_CHARS = 3000
#: How much of all an event's notes together the list shows in full previews; the notes after that
#: show SHORT_PREVIEW characters each, so that many long notes stay as quick as a few.
TOTAL_PREVIEW_CHARS = 12_000
SHORT_PREVIEW = 300


def preview(body: str, limit: int = PREVIEW_CHARS) -> str:
    """The start of a long note, cut at a line break (or a space) before `limit`; a short one whole."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    cut = max(head.rfind("\n"), head.rfind(" "))
    return head[:cut] if cut > limit // 2 else head


def _more(body: str, shown: str, c: Colors) -> str:
    """A line saying how much of a long note is not shown."""
    rest = len(body) - len(shown)
    if rest <= 0:
        return ""
    return f"<p style='color:{c.muted}'>… {rest:,} more characters; Edit shows the whole note.</p>"


def notes_html(
    notes: list[Note],
    colors: Colors,
    editing: int | None = None,
    readonly: bool = False,
    me: str | None = None,
) -> str:
    """Every note of an event, rendered, each with its author and times, and Edit / Delete links on
    the user's own (a colleague's note is theirs to change: it travels back to them otherwise)."""
    c = colors
    parts = [
        f"<style>a {{ color: {c.link}; text-decoration: none; }} p {{ margin: 2px 0 4px 0; }}"
        f" ul, ol {{ margin-top: 2px; margin-bottom: 4px; }} pre, code {{ background: {c.quote_bg}; }}"
        f" blockquote {{ color: {c.muted}; margin-left: 10px; }}</style>"
    ]
    budget = TOTAL_PREVIEW_CHARS
    for note in notes:
        # (the Markdown library is imported for the first note shown, not with the window)
        from explorer.formats.note_markdown import render_markdown

        shown = preview(note.body, max(SHORT_PREVIEW, min(PREVIEW_CHARS, budget)))
        budget -= len(shown)
        border = c.accent if note.id == editing else c.rule
        actions = (
            ""
            if readonly or (me is not None and note.author not in ("", me))
            else f"&nbsp;&nbsp;<a href='{EDIT_SCHEME}:{note.id}'>Edit</a>"
            f"&nbsp;&nbsp;<a href='{DELETE_SCHEME}:{note.id}'>Delete</a>"
        )
        editing_mark = " · <i>editing</i>" if note.id == editing else ""
        parts.append(
            "<table width='100%' cellspacing='0' cellpadding='6' style='margin-bottom:6px'><tr>"
            f"<td style='border-left: 3px solid {border}; background:{c.quote_bg}'>"
            f"{render_markdown(shown)}{_more(note.body, shown, c)}"
            f"<span style='color:{c.muted}; font-size:small'>{escape_html(note_meta(note))}"
            f"{editing_mark}{actions}</span></td></tr></table>"
        )
    return "".join(parts)
