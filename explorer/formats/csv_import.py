"""Reading events from CSV (docs/formats.md): streamed, checked row by row, nothing kept of a bad row."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from explorer.formats.csv_format import COLUMNS as EXPORT_COLUMNS
from explorer.formats.csv_format import parse_source_item, split_list, unguard
from explorer.formats.import_plan import Incoming, IncomingNote, PlanBuilder
from explorer.formats.lenient_dates import lenient_date
from explorer.formats.text import slugify
from explorer.formats.timelinejs_import import SHEET_COLUMNS, read_timelinejs_sheet
from explorer.model import DateError, Source, parse_date

#: Columns the importer reads; the export's derived columns are accepted and ignored.
COLUMNS = (
    "id",
    "title",
    "date",
    "start",
    "end",
    "date_text",
    "track",
    "track_name",
    "summary",
    "quote",
    "section",
    "actors",
    "themes",
    "tags",
    "notes",
    "sources",
    "also_tracks",
    "precision",
)  # the order _read_rows unpacks them in
#: The export's other columns: derived from those above, accepted and ignored.
DERIVED = tuple(c for c in EXPORT_COLUMNS if c not in COLUMNS)
#: Other names common event files give our columns (the first one present is read, in this order).
ALIASES = {
    "title": ("headline", "event", "event_name", "name", "label"),
    "date": ("hdate", "event_date"),
    "start": ("start_date", "begin", "begin_date"),
    "end": ("end_date",),
    "summary": ("description",),
    "track": ("group", "category"),
    "sources": ("source", "url", "link"),
}
_UTF16_BOMS = {b"\xff\xfe": "UTF-16 (little-endian)", b"\xfe\xff": "UTF-16 (big-endian)"}


class _Rows(Protocol):
    """What the reader needs of a csv reader: rows and the number of lines read so far."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def check_encoding(path: Path, builder: PlanBuilder) -> bool:
    """False (after recording a fatal problem) when the file is not UTF-8 text; names what it seems to be."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        builder.problem("line 1", "", "the file is UTF-32 text; save it as UTF-8", fatal=True)
        return False
    if head[:2] in _UTF16_BOMS:
        builder.problem(
            "line 1", "", f"the file is {_UTF16_BOMS[head[:2]]} text; save it as UTF-8", fatal=True
        )
        return False
    return True


def locate_decode_error(path: Path) -> tuple[int, int, int]:
    """Line, column and value of the first byte that is not UTF-8."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, exc.start + 1, raw[exc.start]
    return 1, 1, 0


def decode_problem(path: Path, builder: PlanBuilder) -> None:
    """Record where the text stops being UTF-8, with a guess at the encoding it is in."""
    line, col, byte = locate_decode_error(path)
    guess = ""
    try:
        path.read_bytes().decode("cp1252")
        guess = " (it looks like Windows-1252 or Latin-1)"
    except UnicodeDecodeError:
        pass
    builder.problem(
        f"line {line}",
        f"byte {col}",
        f"byte 0x{byte:02X} is not UTF-8 text{guess}; save the file as UTF-8",
        fatal=True,
    )


def _delimiter(path: Path, first_line: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(cells: list[str], builder: PlanBuilder, renamed: dict[str, str]) -> dict[str, int] | None:
    index: dict[str, int] = {}
    for i, raw in enumerate(cells):
        name = re.sub(r"\s+", "_", raw.strip().lower())
        if not name:
            continue
        if name in index:
            builder.problem("line 1", name, f"the column “{name}” appears twice in the header", fatal=True)
            return None
        index[name] = i
    renamed.update(_aliases(index, builder))
    if "title" not in index:
        builder.problem(
            "line 1",
            "title",
            f"the header has no title column (nor {', '.join(ALIASES['title'])})",
            fatal=True,
        )
    if "date" not in index and "start" not in index:
        builder.problem(
            "line 1", "date", "the header has neither a date column nor a start column", fatal=True
        )
    if "end" in index and "start" not in index:
        builder.problem("line 1", "end", "the header has an end column but no start column", fatal=True)
    if builder.plan.fatal:
        return None
    ignored = [n for n in index if n not in COLUMNS and n not in DERIVED]
    if ignored:
        builder.plan.warnings.append(f"{builder.plan.name}: ignored columns {', '.join(ignored)}.")
    return index


def _aliases(index: dict[str, int], builder: PlanBuilder) -> dict[str, str]:
    """Read a column another layout names differently as ours (event_name as title), saying so.

    Returns our name -> the file's, so that a problem names the column as the file has it."""
    read_as = []
    renamed = {}
    for ours, others in ALIASES.items():
        if ours in index:
            continue
        for other in others:
            if other in index:
                index[ours] = index.pop(other)
                renamed[ours] = other
                read_as.append(f"{other} as {ours}")
                break
    if read_as:
        builder.plan.warnings.append(f"{builder.plan.name}: read the columns {', '.join(read_as)}.")
    return renamed


def is_timelinejs_sheet(header: list[str]) -> bool:
    """True when a header is TimelineJS's Google-Sheets layout (Year, Month, Day, …, Headline, Text)."""
    names = {re.sub(r"\s+", "_", c.strip().lower()) for c in header}
    return {"year", "headline"} <= names and "title" not in names and len(names & set(SHEET_COLUMNS)) >= 4


class _Lenient:
    """Dates written another common way (1862-4-6, 55 BC), rewritten as EDTF once each and reported."""

    def __init__(self, builder: PlanBuilder) -> None:
        self.builder = builder
        self.rewritten: dict[str, str] = {}
        self.examples: list[str] = []
        self.count = 0

    def check(self, value: str, line: int, field_name: str) -> str | None:
        """The EDTF for a date cell not seen yet, or None after recording why it cannot be used."""
        fixed = self.rewritten.get(value)
        if fixed is None:
            fixed = lenient_date(value)
            if fixed is None:
                ok = self.builder.date(value, f"line {line}", field_name) is not None
                return value if ok else None
            if fixed not in self.builder.plan.dates:
                try:
                    self.builder.plan.dates[fixed] = parse_date(fixed)
                except DateError as exc:
                    reason = str(exc).replace(f"“{fixed}”", f"“{value}” (read as {fixed})")
                    self.builder.problem(f"line {line}", field_name, reason)
                    return None
            self.rewritten[value] = fixed
            if len(self.examples) < 3:
                self.examples.append(f"line {line} “{value}” → “{fixed}”")
        self.count += 1
        return fixed

    def report(self) -> None:
        """One warning for all the dates rewritten, with the first few as examples."""
        if self.count:
            n = self.count
            self.builder.plan.warnings.append(
                f"{self.builder.plan.name}: {n} date{'s were' if n != 1 else ' was'} rewritten as EDTF, "
                f"e.g. {'; '.join(self.examples)}."
            )


def read_csv(path: Path, builder: PlanBuilder) -> None:
    """Read every row of a CSV file into the plan, recording each problem with its line and column."""
    if not check_encoding(path, builder):
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            reader = csv.reader(fh, delimiter=_delimiter(path, first), strict=True)
            _read_rows(reader, builder)
    except UnicodeDecodeError:
        decode_problem(path, builder)
    if not builder.plan.events and not builder.plan.problems:
        builder.problem("", "", "the file has no rows of events", fatal=True)


def fast_split(cell: str) -> tuple[str, ...]:
    """split_list for the common cases (no backslash), as a tuple; the hot path of big imports."""
    if not cell:
        return ()
    if "\\" in cell:
        return tuple(split_list(cell))
    if ";" not in cell:
        return (cell,)
    return tuple([s for p in cell.split(";") if (s := p.strip())])


def _has_nul(path: Path) -> bool:
    """True when the file contains a NUL byte anywhere (then every row is checked for one)."""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            if b"\x00" in chunk:
                return True
    return False


@dataclass(frozen=True)
class _Columns:
    """Where each column read sits in a row, from the header."""

    #: Picks every column of COLUMNS from a row with one extra empty cell (an absent column points at it).
    pick: Callable[[list[str]], tuple[str, ...]]
    width: int
    has: dict[str, bool]
    #: COLUMNS name -> the name the file gives it (start_date for start), for problems to say.
    renamed: dict[str, str]

    def name(self, column: str) -> str:
        """The column as the file names it."""
        return self.renamed.get(column, column)


def _columns(reader: _Rows, builder: PlanBuilder) -> _Columns | None:
    """The header's columns, or None when there are none to read (a problem, or a TimelineJS sheet read)."""
    try:
        header = next(iter(reader), None)
    except csv.Error as exc:
        builder.problem(
            f"line {reader.line_num}", "", f"the header cannot be read as CSV ({exc})", fatal=True
        )
        return None
    if header is None:
        builder.problem("line 1", "", "the file is empty", fatal=True)
        return None
    if is_timelinejs_sheet(header):
        builder.plan.warnings.append(f"{builder.plan.name}: read as a TimelineJS Google Sheet.")
        read_timelinejs_sheet(reader, header, builder)
        return None
    renamed: dict[str, str] = {}
    index = _header(header, builder, renamed)
    if index is None:
        return None
    width = len(header)
    # One itemgetter call per row picks every column read; an absent column points at an extra empty cell.
    # Our own export names themes in `themes` and gives their ids in `theme_ids`: the ids are what to keep.
    if "theme_ids" in index:
        index = {**index, "themes": index["theme_ids"]}
    pick = itemgetter(*[index.get(name, width) for name in COLUMNS])
    return _Columns(pick, width, {name: name in index for name in COLUMNS}, renamed)


class _RowDates:
    """A row's date from its date cell, or from start and end, for a date not seen before."""

    def __init__(self, builder: PlanBuilder, columns: _Columns) -> None:
        self.builder = builder
        self.lenient = _Lenient(builder)
        self.dates = builder.plan.dates
        # problems name the columns as the file does (start_date, not start)
        self.f_date, self.f_start, self.f_end = (columns.name(c) for c in ("date", "start", "end"))
        self.start_only = columns.has["start"] and not columns.has["date"]

    def resolve(self, line: int, edtf: str, start: str, end: str, precision: str) -> str | None:
        """The row's EDTF date ("" for an undated record), or None after recording why there is none."""
        if edtf:
            # a date spelled another way (1862-4-6) is rewritten first; EDTF ones go straight through
            return edtf if edtf in self.dates else self.lenient.check(edtf, line, self.f_date)
        if not start and not end and precision.casefold() == "undated":
            # an undated record as our own export writes it (empty date, precision "undated"), read
            # back as undated like the JSON import does; an empty date that does not say so is refused
            return ""
        if not start:
            self.builder.problem(
                f"line {line}", self.f_start if self.start_only else self.f_date, "the date is empty"
            )
            return None
        if start not in self.dates:
            checked = self.lenient.check(start, line, self.f_start)
            if checked is None:
                return None
            start = checked
        if end and end != ".." and end not in self.dates:
            checked = self.lenient.check(end, line, self.f_end)
            if checked is None:
                return None
            end = checked
        return self.builder.interval(start, end, f"line {line}", (self.f_start, self.f_end)) or None


def _read_rows(reader: _Rows, builder: PlanBuilder) -> None:
    """Add one event per data row, recording a problem for each row that cannot be used."""
    columns = _columns(reader, builder)
    if columns is None:
        return
    pick = columns.pick
    nul = _has_nul(builder.plan.path)
    sources = builder.plan.sources
    track_cache: dict[str, str] = {}
    also_cache: dict[str, str] = {}  # apart: a home track's first row must still give its name
    add, problem = builder.add, builder.problem
    dates = builder.plan.dates
    given_ids = builder.given_ids
    row_dates = _RowDates(builder, columns)
    f_title = columns.name("title")
    width = columns.width
    rows = iter(reader)
    previous = reader.line_num
    try:
        # the rows are iterated here rather than through a generator: a frame switch less per row
        for cells in rows:
            line = previous + 1  # the row's first line (a quoted cell may span several)
            previous = reader.line_num
            if (len(cells) != width or nul) and not _whole(cells, line, width, nul, problem):
                continue
            cells.append("")
            values = list(map(str.strip, pick(cells)))
            if "\x00'" in "\x00" + "\x00".join(values):  # a cell starts with an apostrophe
                values = [unguard(v) if v[:1] == "'" else v for v in values]
            (given, title, edtf, start, end, date_text, raw_track, track_name, summary, quote, section,
             actors, themes, tags, notes, source_list, also, precision) = values  # fmt: skip
            if not title:
                problem(f"line {line}", f_title, "the title is empty")
                continue
            if not edtf or edtf not in dates:  # the common case, a date seen before, costs no call
                resolved = row_dates.resolve(line, edtf, start, end, precision)
                if resolved is None:
                    continue
                edtf = resolved
            if given:
                # the full check (claim_id) only for ids that may be unusable: with a space, comma or a
                # character str.isprintable refuses (every other kind of whitespace), or used before,
                # which one setdefault tells (a million ids: one probe of the table, not two)
                if " " in given or "," in given or not given.isprintable():
                    if builder.claim_id(given, line) is None:
                        continue
                elif given_ids.setdefault(given, line) != line and builder.claim_id(given, line) is None:
                    continue
            key = track_cache.get(raw_track)
            if key is None:
                key = track_cache[raw_track] = builder.track(raw_track, track_name or None)
            add(
                Incoming(
                    given,
                    title,
                    edtf,
                    key,
                    "",
                    summary,
                    date_text or None,
                    quote or None,
                    section or None,
                    _names(actors),
                    _names(themes),
                    fast_split(tags) if tags else (),
                    tuple(_source(sources, item) for item in fast_split(source_list)) if source_list else (),
                    tuple(IncomingNote(n) for n in fast_split(notes)) if notes else (),
                    also_tracks=_also_tracks(builder, also_cache, also, key) if also else (),
                ),
                generated_id=not given,
                line=line,
            )
    except csv.Error as exc:  # the text stopped being CSV: nothing after this row is read
        problem(
            f"line {previous + 1}",
            "",
            f"the text cannot be read as CSV ({exc}); reading stopped here",
            fatal=True,
        )
        return
    row_dates.lenient.report()


def _whole(cells: list[str], line: int, width: int, nul: bool, problem: Callable[..., None]) -> bool:
    """True when a row has as many cells as the header and no NUL; else records why not (unless it is blank)."""
    if len(cells) != width:
        if any(c.strip() for c in cells):
            problem(f"line {line}", "", f"the row has {len(cells)} cells but the header has {width}")
        return False
    if nul and any("\x00" in c for c in cells):
        problem(f"line {line}", "", "the row contains a NUL character (is this a binary file?)")
        return False
    return True


def _names(cell: str) -> tuple[str, ...]:
    """An actors or themes cell as its items; a cell without ';' or '\\' is one item and needs no split."""
    if not cell:
        return ()
    return (cell,) if ";" not in cell and "\\" not in cell else fast_split(cell)


def _also_tracks(builder: PlanBuilder, cache: dict[str, str], cell: str, home: str) -> tuple[str, ...]:
    """The keys of the further tracks in an also_tracks cell (the home track left out)."""
    keys = []
    for raw in fast_split(cell):
        key = cache.get(raw)
        if key is None:
            key = cache[raw] = builder.track(raw)
        if key != home:
            keys.append(key)
    return tuple(dict.fromkeys(keys))


def _source(sources: dict[str, Source], item: str) -> str:
    """The key of a source list item, adding the source on first sight."""
    citation, url = parse_source_item(unguard(item))
    if url is None and citation.startswith(("http://", "https://")):  # a bare address (a url column)
        url = citation
    key = slugify(url or citation, 80) or f"s{len(sources) + 1}"
    if key not in sources:
        sources[key] = Source(id=key, citation=citation, url=url)
    return key
