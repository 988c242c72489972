"""The Markdown brief: the paper, each event with its date, summary, quote, notes and links, linked sources.

Plain Markdown only (no extensions): anchors are inline HTML (`<a id="source-3"></a>`), so the
in-document links work in Python-Markdown, pandoc, GitHub and any CommonMark renderer.
"""

from __future__ import annotations

import json
import re

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.text import escape_markdown
from explorer.model import Event, Link, Source, describe

_HEADING = re.compile(r"^#{1,6}(?=\s)", re.MULTILINE)
_ITALIC = re.compile(r"\*([^*\n]+)\*")
_DASHES = re.compile(r"\s*[-‐‑–—]\s*")
_LEADING_ZERO = re.compile(r"\b0(\d)")
#: Words before a date that add nothing to it ("in 2010–2012" is "2010 – 2012").
_FILLER = re.compile(r"^(?:in|during)\s+", re.IGNORECASE)


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

    def markdown_list(self, anchors: bool = False) -> list[str]:
        """The numbered list of cited sources (citations are Markdown already), each with an anchor if asked."""
        lines = []
        for sid in self.order:
            s = self.by_id[sid]
            n = self.number[sid]
            anchor = f'<a id="{source_anchor(n)}"></a>' if anchors else ""
            line = f"{n}. {anchor}{s.citation}"
            if s.url:
                line += f" <{s.url}>"
            if s.number is not None and s.origin == "corpus":
                line += f" (footnote {s.number} of the paper)"
            lines.append(line)
        return lines


def source_anchor(number: int) -> str:
    """The in-document id of the brief's source number `number`."""
    return f"source-{number}"


def event_anchor(index: int) -> str:
    """The in-document id of the brief's event number `index` (from 1)."""
    return f"event-{index}"


def paper_words(bundle: Bundle) -> tuple[str, str]:
    """The paper's title and "authors, publisher, year" (empty strings when the database names none)."""
    title = bundle.paper.get("paper_title") or ""
    authors = json.loads(bundle.paper.get("paper_authors", "[]") or "[]")
    year = (bundle.paper.get("paper_published") or "")[:4]
    publisher = bundle.paper.get("paper_publisher", "")
    return title, ", ".join(p for p in (" and ".join(authors), publisher, year) if p)


def paper_line(bundle: Bundle) -> str:
    """The paper the timeline comes from as a Markdown citation with its URL (empty when unknown).

    "From the timeline of Siarhei Bohdan and Gumer Isaev, *Elements of …*, Analytical Paper 7
    (Ostrogorski Centre, 2016), <http://…>."
    """
    meta = bundle.paper
    title = meta.get("paper_title") or ""
    if not title:
        return ""
    authors = " and ".join(json.loads(meta.get("paper_authors", "[]") or "[]"))
    where = ", ".join(
        p for p in (meta.get("paper_publisher", ""), (meta.get("paper_published") or "")[:4]) if p
    )
    parts = [escape_markdown(authors)] if authors else []
    parts.append(f"*{escape_markdown(title)}*")
    series = escape_markdown(meta.get("paper_series") or "")
    if series or where:
        parts.append(" ".join(p for p in (series, f"({escape_markdown(where)})" if where else "") if p))
    url = meta.get("paper_url") or ""
    if url:
        parts.append(f"<{url}>")
    return f"From the timeline of {', '.join(parts)}."


def _plain_date(value: str) -> str:
    """A date's words reduced for comparison: case, dashes, leading zeros and filler words ignored."""
    value = _FILLER.sub("", value.strip().lower())
    return _LEADING_ZERO.sub(r"\1", _DASHES.sub("–", value))


def date_in_words(event: Event) -> str:
    """The date in words from its EDTF, with the source's own wording where it says more.

    Said once: "10 February 2004 (footnote 10)", not "10 February 2004 (“10 February 2004 (footnote
    10)”)"; "2006 – 2007" for a wording "2006–2007"; "c. 2006 (“Around 2006”)" where they differ.
    """
    if event.undated:
        return event.date_words  # "undated (section 4.3)": there is no date to put in words
    words = describe(event.date)
    own = (event.date_text or "").strip()
    if not own:
        return words
    key, own_key = _plain_date(words), _plain_date(own)
    if own_key == key:
        return words
    if own_key.startswith(key):
        # The wording is the date and a remark: the date's words, then the remark as worded.
        for i in range(1, len(own) + 1):
            if _plain_date(own[:i]) == key and not own[i : i + 1].isalnum():
                return words + own[i:]
    return f"{words} (“{own}”)"


def escape_keeping_italics(value: str) -> str:
    """Text made safe for Markdown except its *italic* spans, which stay italic (the paper's emphasis)."""
    out, last = [], 0
    for m in _ITALIC.finditer(value):
        out.append(escape_markdown(value[last : m.start()]))
        out.append(f"*{escape_markdown(m.group(1))}*")
        last = m.end()
    out.append(escape_markdown(value[last:]))
    return "".join(out)


def _demote(body: str) -> str:
    """A note's Markdown with its headings pushed below the brief's own."""
    return _HEADING.sub("####", body.strip())


def _link_lines(event: Event, links: list[Link], places: dict[str, tuple[int, str]]) -> list[str]:
    """One line per link of the event to another event of the brief, each linked to that event."""
    lines = []
    for link in links:
        if link.source == event.id and link.target in places:
            n, title = places[link.target]
            line = f"- {escape_markdown(link.type)}: [{escape_markdown(title)}](#{event_anchor(n)})"
        elif link.target == event.id and link.source in places:
            n, title = places[link.source]
            line = f"- [{escape_markdown(title)}](#{event_anchor(n)}) is a {escape_markdown(link.type)} this"
        else:
            continue
        if link.note:
            line += f" — {escape_markdown(' '.join(link.note.split()))}"
        lines.append(line)
    return ["Links:", "", *lines, ""] if lines else []


def _event_block(
    index: int,
    event: Event,
    bundle: Bundle,
    numbers: SourceNumbers,
    tracks: dict[str, str],
    notes: bool,
    places: dict[str, tuple[int, str]],
) -> str:
    refs = numbers.cite(event)
    lines = [f'## <a id="{event_anchor(index)}"></a>{escape_markdown(event.title)}', ""]
    lines.append(
        f"**{escape_markdown(date_in_words(event))}** · {escape_markdown(tracks.get(event.track, event.track))}"
    )
    lines.append("")
    if event.summary:
        lines += [escape_markdown(event.summary), ""]
    if event.quote:
        where = f"section {event.section}" if event.section and event.section != "summary" else "summary"
        attribution = f"the paper, {where}" if event.origin == "corpus" else (event.section or "")
        # The quote keeps the paper's italics (newspaper titles); everything else is literal.
        lines += [f"> {escape_keeping_italics(event.quote)}"]
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
            by = f" ({escape_markdown(note.author)})" if note.author else ""
            lines += [f"**Note{by}:**", "", _demote(note.body), ""]
    lines += _link_lines(event, bundle.links, places)
    if refs:
        lines += ["Sources: " + ", ".join(f"[\\[{n}\\]](#{source_anchor(n)})" for n in refs), ""]
    return "\n".join(lines)


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The brief as Markdown text."""
    title = (
        options.title
        or f"Neutrality Explorer: {len(bundle.events):,} event{'s' if len(bundle.events) != 1 else ''}"
    )
    parts = [f"# {escape_markdown(title)}", ""]
    intro = paper_line(bundle)
    if intro:
        parts += [intro, ""]
    numbers = SourceNumbers(bundle.sources)
    tracks = {t.id: t.name for t in bundle.tracks}
    places = {e.id: (i, e.title) for i, e in enumerate(bundle.events, start=1)}
    for i, event in enumerate(bundle.events, start=1):
        parts += [_event_block(i, event, bundle, numbers, tracks, options.include_notes, places)]
        ticker.tick()
    listing = numbers.markdown_list(anchors=True)
    if listing:
        parts += ["## Sources", "", *listing, ""]
    return "\n".join(parts).rstrip("\n") + "\n"
