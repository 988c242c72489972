"""CSV export: one row per event, lists joined with "; ", formula-guarded cells (docs/export.md)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions, Ticker
from explorer.model import Event

COLUMNS = (
    "id",
    "title",
    "date",
    "date_text",
    "earliest",
    "latest",
    "precision",
    "kind",
    "approximate",
    "uncertain",
    "open_end",
    "track",
    "track_name",
    "also_tracks",
    "section",
    "summary",
    "quote",
    "actors",
    "themes",
    "theme_ids",
    "tags",
    "footnotes",
    "sources",
    "notes",
    "origin",
)

SEPARATOR = "; "
#: A cell starting with one of these is prefixed with an apostrophe so spreadsheets show it as text.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")


def join_list(items: Iterable[str]) -> str:
    """Items joined with "; "; a backslash escapes a ";" or a backslash inside an item."""
    return SEPARATOR.join(str(i).replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    """The items of a joined cell (the inverse of join_list), stripped, empty items dropped."""
    if "\\" not in cell:
        return [s for s in (p.strip() for p in cell.split(";")) if s]
    items, buf, i = [], [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            buf.append(cell[i + 1])
            i += 2
            continue
        if ch == ";":
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    items.append("".join(buf).strip())
    return [s for s in items if s]


def guard(cell: str) -> str:
    """The cell with a leading apostrophe if a spreadsheet would read it as a formula."""
    if cell and (cell[0] in FORMULA_TRIGGERS or _GUARDED.match(cell)):
        return "'" + cell
    return cell


def unguard(cell: str) -> str:
    """The inverse of guard: one leading apostrophe before a formula character is removed."""
    if cell.startswith("'") and _GUARDED.match(cell):
        return cell[1:]
    return cell


def source_item(citation: str, url: str | None) -> str:
    """A source as one list item: its citation, then its URL in angle brackets."""
    return f"{citation} <{url}>" if url else citation


_URL_TAIL = re.compile(r"\s*<([a-z][a-z0-9+.-]*:[^<>\s]+)>$", re.IGNORECASE)


def parse_source_item(item: str) -> tuple[str, str | None]:
    """The citation and URL of a source list item (the inverse of source_item)."""
    m = _URL_TAIL.search(item)
    if not m:
        return item, None
    return item[: m.start()].strip() or m.group(1), m.group(1)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def event_cells(
    event: Event,
    bundle: Bundle,
    track_names: dict[str, str],
    sources: dict[str, str],
    theme_names: dict[str, str] | None = None,
) -> list[str]:
    """The CSV cells of one event, in COLUMNS order, not yet guarded.

    Themes are given like actors, by name (`themes`), with their ids in `theme_ids`.
    """
    if theme_names is None:
        theme_names = {t.id: t.label for t in bundle.themes}
    if event.undated:  # no date: empty bounds, the date words say where the source puts it
        dates = ["", "", "undated", event.kind, _flag(False), _flag(False), _flag(False)]
    else:
        f = event.fuzzy
        dates = [
            f.start_min.isoformat(),
            f.end_max.isoformat() if f.end_max else "",
            f.precision,
            event.kind,
            _flag(f.approximate),
            _flag(f.uncertain),
            _flag(f.open_end),
        ]
    return [
        event.id,
        event.title,
        event.date,
        event.date_words,
        *dates,
        event.track,
        track_names.get(event.track, event.track),
        # events on several lanes: listed once, under the home track, with the other tracks named here
        join_list(bundle.also_tracks.get(event.id, [])),
        event.section or "",
        event.summary or "",
        event.quote or "",
        join_list(event.actors),
        join_list(theme_names.get(t, t) for t in event.themes),
        join_list(event.themes),
        join_list(bundle.tags.get(event.id, [])),
        join_list(str(n) for n in event.footnotes),
        join_list(sources[s] for s in event.source_ids if s in sources),
        join_list(n.body for n in bundle.notes.get(event.id, [])),
        event.origin,
    ]


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The selection as CSV text (with a BOM when options.csv_bom)."""
    out = io.StringIO()
    if options.csv_bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    track_names = {t.id: t.name for t in bundle.tracks}
    sources = {s.id: source_item(s.citation, s.url) for s in bundle.sources}
    theme_names = {t.id: t.label for t in bundle.themes}
    for event in bundle.events:
        cells = event_cells(event, bundle, track_names, sources, theme_names)
        if not options.include_notes:
            cells[COLUMNS.index("notes")] = ""
        writer.writerow([guard(c) for c in cells] if options.formula_guard else cells)
        ticker.tick()
    return out.getvalue()
