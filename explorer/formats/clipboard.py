"""The selection as text for the clipboard: Markdown for documents, tab-separated for spreadsheets."""

from __future__ import annotations

from explorer.formats.bundle import Bundle
from explorer.formats.csv_format import guard, join_list
from explorer.formats.markdown import SourceNumbers, date_in_words
from explorer.formats.text import escape_markdown

TSV_COLUMNS = ("id", "title", "date", "date_text", "earliest", "latest", "track", "summary", "actors", "tags")


def as_markdown(bundle: Bundle) -> str:
    """A bullet per event (date, title, track, source numbers), then the numbered sources."""
    numbers = SourceNumbers(bundle.sources)
    tracks = {t.id: t.name for t in bundle.tracks}
    lines = []
    for e in bundle.events:
        refs = numbers.cite(e)
        cite = " " + "".join(f"[{n}]" for n in refs) if refs else ""
        track = escape_markdown(tracks.get(e.track, e.track))
        lines.append(
            f"- **{escape_markdown(date_in_words(e))}** — {escape_markdown(e.title)} ({track}){cite}"
        )
    listing = numbers.markdown_list()
    if listing:
        lines += ["", *listing]
    return "\n".join(lines) + "\n" if lines else ""


def _cell(value: str) -> str:
    """One TSV cell: tabs and line breaks become spaces, formulas are guarded."""
    return guard(" ".join(value.replace("\t", " ").split()))


def as_tsv(bundle: Bundle) -> str:
    """A header and one tab-separated line per event, ready to paste into a spreadsheet."""
    tracks = {t.id: t.name for t in bundle.tracks}
    rows = ["\t".join(TSV_COLUMNS)]
    for e in bundle.events:
        f = e.fuzzy
        cells = [
            e.id,
            e.title,
            e.date,
            e.date_words,
            f.start_min.isoformat(),
            f.end_max.isoformat() if f.end_max else "",
            tracks.get(e.track, e.track),
            e.summary or "",
            join_list(e.actors),
            join_list(bundle.tags.get(e.id, [])),
        ]
        rows.append("\t".join(_cell(c) for c in cells))
    return "\n".join(rows) + "\n"
