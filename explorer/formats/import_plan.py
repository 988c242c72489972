"""What an import would write, checked in full before anything is written: the ImportPlan."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from explorer.formats.import_limits import over_limit
from explorer.formats.problems import Problem
from explorer.formats.text import hex_color, quoted
from explorer.model import (
    Assessment,
    DateError,
    FuzzyDate,
    Importance,
    Link,
    Media,
    Period,
    Source,
    TableOneRow,
    TitleSlide,
    parse_date,
)

#: A PlanBuilder's watch is called each time this many more events have been accepted.
WATCH_EVERY = 8192
BAD_ID = re.compile(r"[\s,\x00-\x1f]")
_JSON_KINDS = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}
_HINT = " (write dates as EDTF: 2015-11-03, 2015-11, 2015, 2014/2016)"


@dataclass(slots=True)
class IncomingNote:
    """A note to attach to an imported event."""

    body: str
    created: str = ""
    modified: str = ""
    author: str = ""


@dataclass(slots=True)
class Incoming:
    """One event read from a file and found valid; ids are the file's own until apply renames them."""

    id: str
    title: str
    date: str
    track: str
    where: str
    summary: str = ""
    date_text: str | None = None
    quote: str | None = None
    section: str | None = None
    actors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[IncomingNote, ...] = ()
    importance: Importance | None = None
    table_one: TableOneRow | None = None
    assessment: Assessment | None = None
    #: "corpus" for an event this app exported from its corpus ("" when the file does not say)
    origin: str = ""
    #: the file's media for the event (TimelineJS), kept so that it is exported again
    media: Media | None = None
    #: the keys of further tracks the event is also drawn on (its home track is `track`)
    also_tracks: tuple[str, ...] = ()


@dataclass
class TrackSpec:
    """A track an import brings: the file's key for it, its name, description and colour."""

    key: str
    name: str
    description: str = ""
    color: str = "#777777"


@dataclass
class ImportPlan:
    """A file read and validated: the events, tracks, sources and annotations it would add, or its problems."""

    path: Path
    name: str
    format: str
    digest: str
    title: str
    events: list[Incoming] = field(default_factory=list)
    tracks: dict[str, TrackSpec] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    periods: list[Period] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tag_colors: dict[str, str] = field(default_factory=dict)
    dates: dict[str, FuzzyDate] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: True for this app's own JSON: corpus events, track and source ids and the paper are kept
    own_format: bool = False
    paper: dict[str, str] = field(default_factory=dict)
    #: the file's own title slide (TimelineJS), kept so that exporting the dataset alone writes it again
    title_slide: TitleSlide | None = None

    @property
    def ok(self) -> bool:
        """True when the whole file is valid."""
        return not self.problems

    @property
    def fatal(self) -> list[Problem]:
        """Problems that stop the import even with skip_invalid (the file cannot be read as a whole)."""
        return [p for p in self.problems if p.fatal]

    def summary(self) -> str:
        """One sentence on what the import would add."""
        parts = [f"{len(self.events):,} events", f"{len(self.tracks):,} tracks"]
        if self.sources:
            parts.append(f"{len(self.sources)} sources")
        if self.periods:
            parts.append(f"{len(self.periods)} periods")
        if self.links:
            parts.append(f"{len(self.links)} links")
        text = f"{self.name} ({self.format}): " + ", ".join(parts)
        if self.problems:
            text += f"; {len(self.problems)} problems"
        return text + "."


def _place(where: str | int) -> str:
    return f"line {where}" if isinstance(where, int) else where


class PlanBuilder:
    """Shared checks for the readers: dates (parsed once per distinct string), ids and tracks."""

    def __init__(
        self, plan: ImportPlan, default_track: str, watch: Callable[[ImportPlan], None] | None = None
    ) -> None:
        self.plan = plan
        self.default_track = default_track
        self.watch = watch
        self._next_watch = WATCH_EVERY
        self.given_ids: dict[str, str | int] = {}
        self._pending: list[Incoming] = []
        self._bad_dates: dict[str, str] = {}
        #: Values replaced on the way in (a colour that is not #rrggbb): reported, not refused.
        self.replaced: list[Problem] = []

    def problem(self, where: str, field_name: str, reason: str, *, fatal: bool = False) -> None:
        """Record a problem."""
        self.plan.problems.append(Problem(self.plan.name, where, field_name, reason, fatal))

    def color(self, value: object, where: str, field_name: str, instead: str) -> str | None:
        """A #rrggbb colour (#rgb expanded), or None after noting that `instead` replaces what was given."""
        if value is None or value == "":
            return None
        color = hex_color(value)
        if color is None:
            if isinstance(value, str):
                reason = f"the colour {quoted(value)} is not of the form #rrggbb; {instead}"
            else:
                kind = _JSON_KINDS.get(type(value), type(value).__name__)
                reason = f"the colour is {kind}, not text of the form #rrggbb; {instead}"
            self.replaced.append(Problem(self.plan.name, where, field_name, reason))
        return color

    def date(self, value: str, where: str, field_name: str) -> FuzzyDate | None:
        """The parsed EDTF date, or None after recording why it cannot be used."""
        dates = self.plan.dates
        f = dates.get(value)
        if f is not None:
            return f
        reason = self._bad_dates.get(value)
        if reason is None:
            try:
                f = parse_date(value)
            except DateError as exc:
                reason = str(exc)
                if f"“{value}”" not in reason:
                    reason = f"“{value}” cannot be read: {reason}"
                if "not an EDTF date" in reason:
                    reason += _HINT
                self._bad_dates[value] = reason
            else:
                dates[value] = f
                return f
        self.problem(where, field_name, reason)
        return None

    def interval(
        self, start: str, end: str, where: str, fields: tuple[str, str] = ("start", "end")
    ) -> str | None:
        """The EDTF for a start and an (optional, '..' for open) end, or None after recording the problem."""
        a = self.date(start, where, fields[0])
        if a is None:
            return None
        if a.is_interval:
            self.problem(where, fields[0], f"“{start}” is a range; give a single date here")
            return None
        if not end or end == start:
            return start
        if end == "..":
            return f"{start}/.." if self.date(f"{start}/..", where, fields[1]) else None
        b = self.date(end, where, fields[1])
        if b is None:
            return None
        if b.is_interval:
            self.problem(where, fields[1], f"“{end}” is a range; give a single date here")
            return None
        if b.end_max is not None and b.end_max < a.start_min:
            self.problem(where, fields[1], f"the end {end} is before the start {start}")
            return None
        edtf = f"{start}/{end}"
        return edtf if self.date(edtf, where, fields[1]) else None

    def claim_id(self, value: str, where: str | int, field_name: str = "id") -> str | None:
        """A given id, or None after recording that it is malformed or used twice in the file.

        `where` is a place in the file, or a line number (an int, formatted only when needed).
        """
        if BAD_ID.search(value):
            self.problem(
                _place(where), field_name, f"the id “{value}” contains a space, comma or control character"
            )
            return None
        first = self.given_ids.get(value)
        if first is not None:
            self.problem(_place(where), field_name, f"the id “{value}” is already used ({_place(first)})")
            return None
        self.given_ids[value] = where
        return value

    def track(self, key: str, name: str | None = None) -> str:
        """The key of a track, registering it on first use (the empty key is the file's default track)."""
        key = key.strip()
        spec = self.plan.tracks.get(key)
        if spec is None:
            label = (name or key).strip() or self.default_track
            self.plan.tracks[key] = TrackSpec(key, label)
        elif name and name.strip() and spec.name == key:  # first named by an also_tracks cell
            spec.name = name.strip()
        return key

    def add(self, event: Incoming, *, generated_id: bool = False, line: int = 0) -> None:
        """Accept a valid event (ids to be generated are filled in by finish), unless a text is over its limit."""
        refused = over_limit(event)
        if refused is not None:
            self.problem(event.where or _place(line), *refused)
            return
        events = self.plan.events
        events.append(event)
        if generated_id:
            self._pending.append(event)
        if self.watch is not None and len(events) >= self._next_watch:
            self._next_watch += WATCH_EVERY
            self.watch(self.plan)

    def finish(self, stem: str) -> None:
        """Give events without an id one of the form <file-stem>-<n>, unused in the file."""
        n = 0
        for event in self._pending:
            while True:
                n += 1
                candidate = f"{stem}-{n}"
                if candidate not in self.given_ids:
                    break
            event.id = candidate
        self._pending.clear()
