"""The selection as text for the clipboard: Markdown for documents, tab-separated for spreadsheets."""

from __future__ import annotations

from operator import itemgetter

from explorer.formats.bundle import Bundle
from explorer.formats.csv_format import COLUMNS as CSV_COLUMNS
from explorer.formats.csv_format import event_cells, guard
from explorer.formats.markdown import SourceNumbers, date_in_words
from explorer.formats.text import escape_markdown

TSV_COLUMNS = ("id", "title", "date", "date_text", "earliest", "latest", "track", "summary", "actors", "tags")
#: Each TSV column's cell, taken from the CSV export's cells (the TSV's track is the track's name).
_PICK = itemgetter(*(CSV_COLUMNS.index("track_name" if c == "track" else c) for c in TSV_COLUMNS))


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
        cells = _PICK(event_cells(e, bundle, tracks, {}))  # (no sources column)
        rows.append("\t".join(_cell(c) for c in cells))
    return "\n".join(rows) + "\n"
