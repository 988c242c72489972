"""Reading the app's own JSON (schema neutrality-explorer/events@1) into an import plan."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from explorer.formats.bundle import SCHEMA_ID
from explorer.formats.import_plan import Incoming, IncomingNote, PlanBuilder, TrackSpec
from explorer.formats.problems import Problem
from explorer.model import LINK_TYPES, Assessment, Importance, Link, Period, Source, TableOneRow

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{},:]|\n')
_WHERE = re.compile(r"^(\w+)\[(\d+)\]")
#: The colours of a tag or a period whose file gives none (or none of the form #rrggbb).
DEFAULT_TAG, DEFAULT_PERIOD = "#888888", "#f2c94c"


def load_json(path: Path, builder: PlanBuilder) -> tuple[Any, str] | None:
    """The parsed JSON and its text, or None after recording why it cannot be read."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        builder.problem("line 1", "", "the file is UTF-16 text; save it as UTF-8", fatal=True)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        builder.problem(
            f"line {line}",
            f"byte {column}",
            f"byte 0x{data[exc.start]:02X} is not UTF-8 text; save the file as UTF-8",
            fatal=True,
        )
        return None
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        builder.problem(
            f"line {exc.lineno}", f"column {exc.colno}", f"this is not valid JSON ({exc.msg})", fatal=True
        )
    except RecursionError:
        builder.problem("", "", "the JSON is nested too deeply to read", fatal=True)
    return None


def element_lines(text: str) -> dict[str, list[int]]:
    """For each top-level array, the line on which each of its elements starts."""
    lines: dict[str, list[int]] = {}
    line, depth, key, last, current, waiting = 1, 0, None, None, None, False
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == "\n":
            line += 1
        elif c == '"':
            if depth == 1:
                last = tok
            elif depth == 2 and current is not None and waiting:
                current.append(line)
                waiting = False
        elif c == ":":
            if depth == 1 and last is not None:
                key = json.loads(last)
        elif c in "[{":
            if depth == 2 and current is not None and waiting:
                current.append(line)
                waiting = False
            depth += 1
            if c == "[" and depth == 2 and key is not None:
                current, waiting = lines.setdefault(key, []), True
        elif c in "]}":
            depth -= 1
            if depth <= 1:
                current = None
        elif c == "," and depth == 2 and current is not None:
            waiting = True
    return lines


def add_lines(problems: list[Problem], text: str) -> list[Problem]:
    """Problems whose place is an array element ("events[3]") with the element's line added."""
    lines = element_lines(text)
    out = []
    for p in problems:
        m = _WHERE.match(p.where)
        found = lines.get(m.group(1), []) if m else []
        if m and int(m.group(2)) < len(found):
            p = Problem(p.file, f"{p.where} (line {found[int(m.group(2))]})", p.field, p.reason, p.fatal)
        out.append(p)
    return out


class _Fields:
    """Typed access to one JSON object's fields, recording a problem for each wrong type."""

    def __init__(self, builder: PlanBuilder, obj: dict[str, Any], where: str) -> None:
        self.builder, self.obj, self.where, self.ok = builder, obj, where, True

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.obj.get(key)
        if value is None or (required and isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, f"the {key} is missing or empty")
            return None
        if not isinstance(value, str):
            self.fail(key, f"the {key} should be text, not {type(value).__name__}")
            return None
        return value.strip() if required else value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.obj.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"the {key} should be a list of texts")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def fail(self, key: str, reason: str) -> None:
        self.builder.problem(self.where, key, reason)
        self.ok = False


def _objects(builder: PlanBuilder, doc: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        builder.problem("", key, f"the {key} should be a list", fatal=True)
        return []
    out = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            out.append((f"{key}[{i}]", item))
        else:
            builder.problem(
                f"{key}[{i}]", "", f"each of the {key} should be an object, not {type(item).__name__}"
            )
    return out


def read_app_json(doc: Any, builder: PlanBuilder) -> None:
    """Read an export of this app into the plan."""
    plan = builder.plan
    if not isinstance(doc, dict):
        builder.problem("", "", "the file holds JSON but not an object with events", fatal=True)
        return
    reason = _schema_problem(doc.get("schema"), "events" in doc)
    if reason:
        builder.problem("", "schema", reason, fatal=True)
        return
    plan.own_format = True
    plan.paper = _paper(doc.get("paper"))
    _read_tracks(builder, doc)
    _read_sources(builder, doc)
    _read_tags(builder, doc)
    all_ids = (
        {e.get("id") for e in doc.get("events", []) if isinstance(e, dict) and isinstance(e.get("id"), str)}
        if isinstance(doc.get("events"), list)
        else set()
    )
    for where, e in _objects(builder, doc, "events"):
        _event(builder, e, where)
    _read_periods(builder, doc)
    _read_links(builder, doc, all_ids)


def _schema_problem(schema: Any, has_events: bool) -> str | None:
    """Why a document's `schema` is not this app's export format, or None when it is."""
    if schema == SCHEMA_ID:
        return None
    m = re.match(r"^neutrality-explorer/events@(\d+)$", str(schema))
    if m and int(m.group(1)) > 1:
        return f"it was written by a newer version of Neutrality Explorer (schema {schema}); please update the app"
    if schema is None:
        reason = "it has no “schema” field, so it is not a Neutrality Explorer export"
        return reason + " (for a TimelineJS file use --format timelinejs)" if has_events else reason
    return f"the schema “{schema}” is not {SCHEMA_ID}"


def _read_tracks(builder: PlanBuilder, doc: dict[str, Any]) -> None:
    for where, t in _objects(builder, doc, "tracks"):
        f = _Fields(builder, t, where)
        tid, name = f.text("id", required=True), f.text("name")
        if tid:
            color = builder.color(
                t.get("color"), where, "color", "the lane gets a colour of the palette instead"
            )
            builder.plan.tracks[tid] = TrackSpec(
                tid, name or tid, f.text("description") or "", color or "#777777"
            )


def _read_sources(builder: PlanBuilder, doc: dict[str, Any]) -> None:
    for where, s in _objects(builder, doc, "sources"):
        f = _Fields(builder, s, where)
        sid, citation = f.text("id", required=True), f.text("citation", required=True)
        number = s.get("number")
        if number is not None and not isinstance(number, int):
            f.fail("number", "the number should be a whole number")
        date = f.text("date")
        if date and builder.date(date, where, "date") is None:
            f.ok = False
        if sid and citation and f.ok:
            builder.plan.sources[sid] = Source(
                sid, citation, number, f.text("url"), f.text("language"), date, f.text("section")
            )


def _read_tags(builder: PlanBuilder, doc: dict[str, Any]) -> None:
    for where, t in _objects(builder, doc, "tags"):
        f = _Fields(builder, t, where)
        name = f.text("name", required=True)
        if name:
            color = builder.color(
                t.get("color"), where, "color", f"the tag is drawn in {DEFAULT_TAG} instead"
            )
            builder.plan.tag_colors[name] = color or DEFAULT_TAG


def _read_periods(builder: PlanBuilder, doc: dict[str, Any]) -> None:
    for where, p in _objects(builder, doc, "periods"):
        f = _Fields(builder, p, where)
        name, date = f.text("name", required=True), f.text("date", required=True)
        if date and builder.date(date, where, "date") is None:
            continue
        if name and date and f.ok:
            instead = f"the period is drawn in {DEFAULT_PERIOD} instead"
            color = builder.color(p.get("color"), where, "color", instead) or DEFAULT_PERIOD
            builder.plan.periods.append(Period(None, name, date, f.text("note") or "", color))


def _read_links(builder: PlanBuilder, doc: dict[str, Any], all_ids: set[Any]) -> None:
    """Links between events of the file; one whose end is an event left out (a problem) is left out too."""
    valid = {e.id for e in builder.plan.events}
    for where, k in _objects(builder, doc, "links"):
        f = _Fields(builder, k, where)
        src, dst, kind = (
            f.text("source", required=True),
            f.text("target", required=True),
            f.text("type", required=True),
        )
        for key, ref in (("source", src), ("target", dst)):
            if ref and ref not in all_ids:
                f.fail(key, f"no event in the file has the id “{ref}”")
        if kind and kind not in LINK_TYPES:
            f.fail("type", f"“{kind}” is not a link type ({', '.join(LINK_TYPES)})")
        if src and src == dst:
            f.fail("target", "a link cannot point to its own event")
        if f.ok and src and dst and kind and src in valid and dst in valid:
            builder.plan.links.append(Link(None, src, dst, kind, f.text("note") or ""))


def _event(builder: PlanBuilder, e: dict[str, Any], where: str) -> None:
    plan = builder.plan
    f = _Fields(builder, e, where)
    undated = e.get("date") == "" and e.get("precision") == "undated"
    eid, title, date = (
        f.text("id", required=True),
        f.text("title", required=True),
        # an undated event, as our own export writes it: an empty date that says it is undated
        "" if undated else f.text("date", required=True),
    )
    if date and builder.date(date, where, "date") is None:
        f.ok = False
    track = f.text("track", required=True)
    sources = f.strings("sources")
    for sid in sources:
        if sid not in plan.sources:
            f.fail("sources", f"the source “{sid}” is not among the file's sources")
    notes = _notes(f, e)
    importance, table_one = _paper_tables(e, title)
    assessment = _assessment(f, e, eid)
    summary, date_text, quote, section = (
        f.text("summary"),
        f.text("date_text"),
        f.text("quote"),
        f.text("section"),
    )
    actors, themes, tags = f.strings("actors"), f.strings("themes"), f.strings("tags")
    also = tuple(t for t in dict.fromkeys(f.strings("also_tracks")) if t != track)
    if not (f.ok and eid and title and (date or undated) and track):
        return
    if builder.claim_id(eid, where) is None:
        return
    for key in (track, *also):
        if key not in plan.tracks:
            plan.tracks[key] = TrackSpec(key, key)
    builder.add(
        Incoming(
            id=eid,
            title=title,
            date=date or "",  # "" only for an undated event (checked above)
            track=track,
            where=where,
            summary=summary or "",
            date_text=date_text,
            quote=quote,
            section=section,
            actors=actors,
            themes=themes,
            tags=tags,
            sources=sources,
            notes=tuple(notes),
            importance=importance,
            table_one=table_one,
            assessment=assessment,
            origin="corpus" if e.get("origin") == "corpus" else "",
            also_tracks=also,
        )
    )


def _notes(f: _Fields, e: dict[str, Any]) -> list[IncomingNote]:
    """An event's notes; a malformed one fails the event."""
    notes = []
    raw_notes = e.get("notes") or []
    if not isinstance(raw_notes, list):
        f.fail("notes", "the notes should be a list of objects with a text body")
        raw_notes = []
    for n in raw_notes:
        if not isinstance(n, dict) or not isinstance(n.get("body"), str):
            f.fail("notes", "each note should be an object with a text body")
            break
        given = n.get("author")
        author = given if isinstance(given, str) else ""
        created, modified = str(n.get("created") or ""), str(n.get("modified") or "")
        notes.append(IncomingNote(n["body"], created, modified, " ".join(author.split())[:80]))
    return notes


def _paper_tables(e: dict[str, Any], title: str | None) -> tuple[Importance | None, TableOneRow | None]:
    """The event's rows of the paper's table two (importance) and table one, when it has them."""
    importance = table_one = None
    imp, row = e.get("importance"), e.get("table_two_row")
    if isinstance(imp, dict) and isinstance(row, int):
        importance = Importance(
            row,
            str(e.get("table_two_label") or title or ""),
            str(imp.get("belarus", "")),
            str(imp.get("russia", "")),
            str(imp.get("west", "")),
        )
    t1 = e.get("table_one")
    if isinstance(t1, dict) and isinstance(t1.get("row"), int):
        table_one = TableOneRow(t1["row"], str(t1.get("partners", "")), str(t1.get("time_span", "")))
    return importance, table_one


def _assessment(f: _Fields, e: dict[str, Any], eid: str | None) -> Assessment | None:
    """The event's assessment, when it has one; stars out of range fail the event."""
    a = e.get("assessment")
    if not isinstance(a, dict):
        return None
    stars = a.get("stars", 0)
    if not isinstance(stars, int) or not 0 <= stars <= 5:
        f.fail("assessment.stars", "the stars should be a whole number from 0 to 5")
        return None
    return Assessment(
        eid or "", bool(a.get("flagged")), stars, a.get("belarus"), a.get("russia"), a.get("west")
    )


#: The export's `paper` fields and the meta keys they come from.
_PAPER_KEYS = {
    "title": "paper_title",
    "authors": "paper_authors",
    "publisher": "paper_publisher",
    "series": "paper_series",
    "published": "paper_published",
    "url": "paper_url",
}


def _paper(value: Any) -> dict[str, str]:
    """The export's `paper` block as meta keys (authors as a JSON list), empty values left out."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for field_name, key in _PAPER_KEYS.items():
        v = value.get(field_name)
        if field_name == "authors" and isinstance(v, list) and all(isinstance(a, str) for a in v) and v:
            out[key] = json.dumps(v, ensure_ascii=False)
        elif isinstance(v, str) and v.strip():
            out[key] = v
    return out
