"""Excel workbook export (.xlsx): the CSV's columns with real types, a frozen header and a filter.

Excel and LibreOffice open it without an import dialog, so nothing depends on a character set or
on a spreadsheet guessing that "4.2" is a number: every cell is written with its type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.exceptions

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.csv_format import COLUMNS, event_cells, source_item
from explorer.store.atomic import OutputError

SHEET = "Events"
#: Columns written as true/false cells.
BOOLEAN_COLUMNS = frozenset({"approximate", "uncertain", "open_end"})
#: Columns written as dates (the earliest and latest possible day are always days).
DAY_COLUMNS = frozenset({"earliest", "latest"})
#: Excel's calendar starts in 1900; an earlier day stays ISO text rather than a wrong number.
FIRST_EXCEL_YEAR = 1900
#: Rows in a sheet (Excel's limit), one of them the header.
MAX_ROWS = 1_048_576
_WIDTHS = {"id": 28, "title": 48, "date": 14, "date_text": 22, "summary": 60, "quote": 60, "sources": 60}
_DEFAULT_WIDTH = 14


def _day(iso: str) -> dt.date | None:
    """The day of an ISO YYYY-MM-DD cell, or None when Excel cannot hold it (empty, before 1900)."""
    if len(iso) != 10 or iso.startswith("-"):
        return None
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return day if day.year >= FIRST_EXCEL_YEAR else None


def typed_cells(cells: list[str], precision: str, is_interval: bool) -> list[Any]:
    """The CSV cells of one event as typed values: dates, booleans, text (lists stay "a; b")."""
    out: list[Any] = []
    for name, cell in zip(COLUMNS, cells, strict=True):
        if name in BOOLEAN_COLUMNS:
            out.append(cell == "true")
        elif name in DAY_COLUMNS:
            out.append(_day(cell) or cell)
        elif name == "date" and precision == "day" and not is_interval:
            out.append(_day(cell) or cell)  # a day is a date; anything vaguer stays EDTF text
        else:
            out.append(cell)
    return out


def rows(bundle: Bundle, options: ExportOptions, ticker: Ticker | None = None) -> Iterator[list[Any]]:
    """The sheet's rows after the header, one per event in date order."""
    track_names = {t.id: t.name for t in bundle.tracks}
    sources = {s.id: source_item(s.citation, s.url) for s in bundle.sources}
    theme_names = {t.id: t.label for t in bundle.themes}
    for event in bundle.events:
        cells = event_cells(event, bundle, track_names, sources, theme_names)
        if not options.include_notes:
            cells[COLUMNS.index("notes")] = ""
        if event.undated:
            yield typed_cells(cells, "undated", False)
        else:
            f = event.fuzzy
            yield typed_cells(cells, f.precision, f.is_interval)
        if ticker is not None:
            ticker.tick()


def write_file(bundle: Bundle, path: Path, options: ExportOptions, ticker: Ticker) -> None:
    """Write the workbook: one sheet, header frozen, autofilter over every column."""
    n = len(bundle.events)
    if n >= MAX_ROWS:
        raise OutputError(
            f"An Excel sheet holds at most {MAX_ROWS - 1:,} events and the selection has {n:,}: "
            "export it as CSV, or choose fewer events."
        )
    book = xlsxwriter.Workbook(
        str(path),
        {
            # Cells are written with explicit types; never let text turn into a number, formula or link.
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            # Rows go to disk as they are written, so a large selection does not sit in memory twice.
            "constant_memory": True,
        },
    )
    try:
        sheet = book.add_worksheet(SHEET)
        header = book.add_format({"bold": True, "bg_color": "#E8E8E8", "bottom": 1})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        for c, name in enumerate(COLUMNS):
            sheet.set_column(c, c, _WIDTHS.get(name, _DEFAULT_WIDTH))
            sheet.write_string(0, c, name, header)
        for r, values in enumerate(rows(bundle, options, ticker), start=1):
            for c, value in enumerate(values):
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
                elif value:
                    sheet.write_string(r, c, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(n, 1), len(COLUMNS) - 1)
    finally:
        _close(book)


def _close(book: xlsxwriter.Workbook) -> None:
    """Close (zip) the workbook; the library's wrapper of a full disk or a refused write becomes that OSError."""
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise (cause or OSError(str(exc))) from None


def preview(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The sheet's first rows as tab-separated text, for the export dialog's preview."""
    lines = ["\t".join(COLUMNS)]
    for values in rows(bundle, options, ticker):
        cells = [
            v.isoformat() if isinstance(v, dt.date) else str(v).lower() if isinstance(v, bool) else v
            for v in values
        ]
        lines.append("\t".join(" ".join(str(c).split()) for c in cells))
    return "\n".join(lines) + "\n"
