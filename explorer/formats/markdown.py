"""The Markdown brief: a heading, each event with its date, summary, quote and notes, numbered sources."""

from __future__ import annotations

import json
import re

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.text import escape_markdown
from explorer.model import Event, Source, describe

_HEADING = re.compile(r"^#{1,6}(?=\s)", re.MULTILINE)


class SourceNumbers:
    """One numbering of sources across a document, in the order they are first cited."""

    def __init__(self, sources: list[Source]) -> None:
        self.by_id = {s.id: s for s in sources}
        self.order: list[str] = []
        self.number: dict[str, int] = {}

    def cite(self, event: Event) -> list[int]:
        """The numbers of an event's sources, giving new numbers to sources not cited before."""
        out = []
        for sid in event.source_ids:
            if sid not in self.by_id:
                continue
            if sid not in self.number:
                self.order.append(sid)
                self.number[sid] = len(self.order)
            out.append(self.number[sid])
        return out

    def markdown_list(self) -> list[str]:
        """The numbered list of cited sources (citations are Markdown already)."""
        lines = []
        for sid in self.order:
            s = self.by_id[sid]
            line = f"{self.number[sid]}. {s.citation}"
            if s.url:
                line += f" <{s.url}>"
            if s.number is not None and s.origin == "corpus":
                line += f" (footnote {s.number} of the paper)"
            lines.append(line)
        return lines


def paper_words(bundle: Bundle) -> tuple[str, str]:
    """The paper's title and "authors, publisher, year" (empty strings when the database names none)."""
    title = bundle.paper.get("paper_title") or ""
    authors = json.loads(bundle.paper.get("paper_authors", "[]") or "[]")
    year = (bundle.paper.get("paper_published") or "")[:4]
    publisher = bundle.paper.get("paper_publisher", "")
    return title, ", ".join(p for p in (" and ".join(authors), publisher, year) if p)


def paper_line(bundle: Bundle) -> str:
    """One Markdown sentence naming the paper the timeline comes from (empty when unknown)."""
    title, details = paper_words(bundle)
    if not title:
        return ""
    return f"From the timeline of *{escape_markdown(title)}* ({escape_markdown(details)})."


def date_in_words(event: Event) -> str:
    """The date in words from its EDTF, with the source's own wording added when that differs."""
    words = describe(event.date)
    own = (event.date_text or "").strip()
    if own and own.lower() != words.lower():
        return f"{words} (“{own}”)"
    return words


def _demote(body: str) -> str:
    """A note's Markdown with its headings pushed below the brief's own."""
    return _HEADING.sub("####", body.strip())


def _event_block(
    event: Event, bundle: Bundle, numbers: SourceNumbers, tracks: dict[str, str], notes: bool
) -> str:
    refs = numbers.cite(event)
    lines = [f"## {escape_markdown(event.title)}", ""]
    lines.append(
        f"**{escape_markdown(date_in_words(event))}** · {escape_markdown(tracks.get(event.track, event.track))}"
    )
    lines.append("")
    if event.summary:
        lines += [escape_markdown(event.summary), ""]
    if event.quote:
        where = f"section {event.section}" if event.section and event.section != "summary" else "summary"
        attribution = f"the paper, {where}" if event.origin == "corpus" else (event.section or "")
        lines += [f"> {escape_markdown(event.quote)}"]
        if attribution:
            lines += [">", f"> — {escape_markdown(attribution)}"]
        lines.append("")
    if event.actors:
        lines += [f"Actors: {escape_markdown(', '.join(event.actors))}", ""]
    tags = bundle.tags.get(event.id, [])
    if tags:
        lines += [f"Tags: {escape_markdown(', '.join(tags))}", ""]
    if notes:
        for note in bundle.notes.get(event.id, []):
            lines += ["**Note:**", "", _demote(note.body), ""]
    if refs:
        lines += ["Sources: " + ", ".join(f"[{n}]" for n in refs), ""]
    return "\n".join(lines)


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The brief as Markdown text."""
    title = (
        options.title
        or f"Neutrality Explorer: {len(bundle.events)} event{'s' if len(bundle.events) != 1 else ''}"
    )
    parts = [f"# {escape_markdown(title)}", ""]
    intro = paper_line(bundle)
    if intro:
        parts += [intro, ""]
    numbers = SourceNumbers(bundle.sources)
    tracks = {t.id: t.name for t in bundle.tracks}
    for event in bundle.events:
        parts += [_event_block(event, bundle, numbers, tracks, options.include_notes)]
        ticker.tick()
    listing = numbers.markdown_list()
    if listing:
        parts += ["## Sources", "", *listing, ""]
    return "\n".join(parts).rstrip("\n") + "\n"
