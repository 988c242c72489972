"""Reading and validating the reviewable corpus files under data/corpus/."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from explorer.model import (
    Actor,
    DateError,
    Event,
    Importance,
    Source,
    TableOneRow,
    Theme,
    Track,
    parse_date,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_QUOTE = 300
EVENT_FIELDS = {
    "id",
    "title",
    "date",
    "date_text",
    "track",
    "section",
    "summary",
    "quote",
    "footnotes",
    "actors",
    "themes",
    "table_one",
    "table_two",
    "see_also",
    "renamed_from",
    "also_tracks",
}
#: Fields of a record the paper gives no date for (written to the database as an undated event).
UNDATED_FIELDS = {
    "id",
    "title",
    "undated",
    "track",
    "section",
    "summary",
    "quote",
    "footnotes",
    "actors",
    "themes",
    "renamed_from",
}


class CorpusError(ValueError):
    """The corpus files are inconsistent; the message lists every problem, one per line."""


@dataclass(frozen=True)
class UndatedRecord:
    """A statement the paper makes without any date, placed only by its section.

    Written to the database as an undated event (`as_event`): no EDTF, dated in words only by its
    section, and never drawn in the time lanes.
    """

    id: str
    title: str
    track: str
    section: str
    context: str
    summary: str
    quote: str
    footnotes: tuple[int, ...] = ()
    actors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    @property
    def date_words(self) -> str:
        """How the record is dated in words: not at all, only by its place in the paper."""
        return f"undated (section {self.section})"

    def as_event(self) -> Event:
        """The record as an event with no date: the empty EDTF and its section as its date words."""
        return Event(
            id=self.id,
            title=self.title,
            date="",
            track=self.track,
            summary=self.summary,
            date_text=self.date_words,
            section=self.section,
            quote=self.quote,
            footnotes=list(self.footnotes),
            source_ids=[f"fn-{n}" for n in self.footnotes],
            actors=list(self.actors),
            themes=list(self.themes),
        )


@dataclass
class Corpus:
    """Everything in data/corpus/, validated."""

    paper: dict[str, Any]
    tracks: list[Track]
    sources: list[Source]
    actors: list[Actor]
    themes: list[Theme]
    events: list[Event]
    digest: str
    files: list[Path] = field(default_factory=list)
    undated: list[UndatedRecord] = field(default_factory=list)
    #: Old record id -> the id that record has now (from `renamed_from`), so annotations can follow.
    id_map: dict[str, str] = field(default_factory=dict)
    #: Events on several lanes: (event id, other track id, why the paper treats it there).
    also_tracks: list[tuple[str, str, str]] = field(default_factory=list)


def _yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise CorpusError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)}).") from None


def corpus_files(root: Path) -> list[Path]:
    """The corpus files in the fixed order the build reads them."""
    files = [root / "paper.yaml", root / "tracks.yaml", root / "sources.yaml"]
    for sub in ("themes", "actors", "events"):
        files += sorted((root / sub).glob("*.yaml"))
    return files


def load_corpus(root: Path) -> Corpus:
    """Read and check every corpus file; raise CorpusError naming each problem's file and record."""
    problems: list[str] = []
    files = corpus_files(root)
    for f in files[:3]:
        if not f.exists():
            raise CorpusError(f"{f} is missing.")
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    paper = _yaml(root / "paper.yaml") or {}
    tracks = _tracks(root)
    sources = _sources(root, problems)
    themes = _themes(root, problems)
    actors = _actors(root, problems)
    reader = _EventReader(problems, {t.id for t in tracks}, {s.number for s in sources}, actors, themes)
    for f in sorted((root / "events").glob("*.yaml")):
        reader.read_file(f)
    events = _cross_link(reader.events, reader.see_also, problems)
    for old, (_new, where) in sorted(reader.renamed.items()):
        if old in reader.seen:
            problems.append(
                f"{where}, field renamed_from: “{old}” is still the id of a record in {reader.seen[old]}."
            )
    if problems:
        raise CorpusError("\n".join(problems))
    return Corpus(
        paper=paper,
        tracks=tracks,
        sources=sorted(sources, key=lambda s: s.number or 0),
        actors=sorted(actors.values(), key=lambda a: a.name),
        themes=sorted(themes.values(), key=lambda t: t.id),
        events=events,
        digest=digest.hexdigest(),
        files=files,
        undated=reader.undated,
        id_map={old: new for old, (new, _w) in sorted(reader.renamed.items())},
        also_tracks=reader.also_tracks,
    )


def _tracks(root: Path) -> list[Track]:
    """tracks.yaml, in the order written (which is each lane's position)."""
    return [
        Track(
            id=t["id"],
            name=t["name"],
            description=t.get("description", ""),
            color=t.get("color", "#777777"),
            position=i,
        )
        for i, t in enumerate(_yaml(root / "tracks.yaml") or [])
    ]


def _sources(root: Path, problems: list[str]) -> list[Source]:
    """sources.yaml: one source per footnote number, each number once."""
    sources: list[Source] = []
    for rec in _yaml(root / "sources.yaml") or []:
        n = rec.get("number")
        if not isinstance(n, int):
            problems.append(f"sources.yaml: a footnote has no integer number ({rec!r:.60}).")
            continue
        if rec.get("date"):
            try:
                parse_date(str(rec["date"]))
            except DateError as exc:
                problems.append(f"sources.yaml: footnote {n}, field date: {exc}.")
        sources.append(
            Source(
                id=f"fn-{n}",
                number=n,
                citation=str(rec.get("citation", "")).strip(),
                url=rec.get("url") or None,
                language=rec.get("language"),
                date=str(rec["date"]) if rec.get("date") else None,
                section=str(rec["section"]) if rec.get("section") is not None else None,
            )
        )
    numbers = [s.number for s in sources]
    if len(set(numbers)) != len(numbers):
        problems.append("sources.yaml: a footnote number appears twice.")
    return sources


def _themes(root: Path, problems: list[str]) -> dict[str, Theme]:
    """themes/*.yaml by id; a theme may repeat across files only word for word."""
    themes: dict[str, Theme] = {}
    for f in sorted((root / "themes").glob("*.yaml")):
        for rec in _yaml(f) or []:
            t = Theme(id=rec["id"], label=rec["label"], description=rec.get("description", ""))
            if t.id in themes and themes[t.id] != t:
                problems.append(f"{f.name}: theme {t.id} is defined differently elsewhere.")
            themes[t.id] = t
    return themes


def _actors(root: Path, problems: list[str]) -> dict[str, Actor]:
    """actors/*.yaml by name, each defined once."""
    actors: dict[str, Actor] = {}
    actor_files: dict[str, str] = {}
    for f in sorted((root / "actors").glob("*.yaml")):
        for rec in _yaml(f) or []:
            name = rec["name"]
            a = Actor(name=name, kind=rec.get("kind", "unknown"), aliases=tuple(rec.get("aliases") or ()))
            if name in actors:
                # One definition per actor: two copies drift apart and hide which aliases are meant.
                problems.append(f"{f.name}: actor {name} is already defined in {actor_files[name]}.")
                continue
            actors[name] = a
            actor_files[name] = f.name
    return actors


@dataclass
class _EventReader:
    """Reads events/*.yaml record by record, collecting events and undated records and noting problems."""

    problems: list[str]
    track_ids: set[str]
    source_numbers: set[int | None]
    actors: dict[str, Actor]
    themes: dict[str, Theme]
    events: list[Event] = field(default_factory=list)
    undated: list[UndatedRecord] = field(default_factory=list)
    see_also: dict[str, list[str]] = field(default_factory=dict)
    also_tracks: list[tuple[str, str, str]] = field(default_factory=list)
    #: Record id -> the file that holds it (ids are unique across files).
    seen: dict[str, str] = field(default_factory=dict)
    #: Old id -> (new id, where the renaming is written).
    renamed: dict[str, tuple[str, str]] = field(default_factory=dict)

    def read_file(self, f: Path) -> None:
        """Every record of one events file."""
        for i, rec in enumerate(_yaml(f) or []):
            where = f"{f.name}, record {i + 1}"
            if not isinstance(rec, dict):
                self.problems.append(f"{where}: not a mapping.")
                continue
            eid = rec.get("id")
            where = f"{f.name}, event {eid or f'#{i + 1}'}"
            _renamed_from(rec, where, self.problems, self.renamed)
            if "undated" in rec:
                self._undated(rec, where, f.name)
            else:
                self._event(rec, eid, where, f.name)

    def _undated(self, rec: dict[str, Any], where: str, file: str) -> None:
        if u := self._undated_record(rec, where):
            if u.id in self.seen:
                self.problems.append(f"{where}, field id: also used in {self.seen[u.id]}.")
            self.seen[u.id] = file
            self.undated.append(u)

    def _event(self, rec: dict[str, Any], eid: Any, where: str, file: str) -> None:
        problems = self.problems
        unknown = set(rec) - EVENT_FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        if not isinstance(eid, str) or not SLUG_RE.match(eid):
            problems.append(f"{where}, field id: must be a lowercase slug.")
            return
        if eid in self.seen:
            problems.append(f"{where}, field id: also used in {self.seen[eid]}.")
        self.seen[eid] = file
        for key in ("title", "date", "track", "summary", "quote", "section"):
            if not rec.get(key):
                problems.append(f"{where}, field {key}: missing.")
        date = str(rec.get("date", ""))
        try:
            parse_date(date)
        except DateError as exc:
            problems.append(f"{where}, field date: {exc}.")
        self._check_references(rec, where)
        if rec.get("see_also"):
            self.see_also[eid] = [str(x) for x in rec["see_also"]]
        self.also_tracks += _also_tracks(rec, eid, where, problems, self.track_ids)
        self.events.append(_event_of(rec, eid, date))

    def _check_references(self, rec: dict[str, Any], where: str) -> None:
        """Note a record's unknown track, footnotes, actors and themes, and a quote over the limit."""
        problems = self.problems
        if rec.get("track") not in self.track_ids:
            problems.append(f"{where}, field track: unknown track {rec.get('track')!r}.")
        quote = str(rec.get("quote") or "")
        if len(quote) > MAX_QUOTE:
            problems.append(f"{where}, field quote: {len(quote)} characters, more than {MAX_QUOTE}.")
        for n in rec.get("footnotes") or []:
            if n not in self.source_numbers:
                problems.append(f"{where}, field footnotes: no footnote {n} in sources.yaml.")
        for a in rec.get("actors") or []:
            if a not in self.actors:
                problems.append(f"{where}, field actors: {a!r} is not defined in actors/.")
        for t in rec.get("themes") or []:
            if t not in self.themes:
                problems.append(f"{where}, field themes: {t!r} is not defined in themes/.")

    def _undated_record(self, rec: dict[str, Any], where: str) -> UndatedRecord | None:
        """An undated record, checked like an event; None (with problems noted) when unusable."""
        problems = self.problems
        eid = rec.get("id")
        unknown = set(rec) - UNDATED_FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        if not isinstance(eid, str) or not SLUG_RE.match(eid):
            problems.append(f"{where}, field id: must be a lowercase slug.")
            return None
        for key in ("title", "undated", "track", "summary", "quote", "section"):
            if not rec.get(key):
                problems.append(f"{where}, field {key}: missing.")
        if "date" in rec:
            problems.append(f"{where}, field date: an undated record cannot also have a date.")
        self._check_references(rec, where)
        return UndatedRecord(
            id=eid,
            title=str(rec.get("title", "")).strip(),
            track=str(rec.get("track", "")),
            section=str(rec.get("section", "")),
            context=" ".join(str(rec.get("undated", "")).split()),
            summary=" ".join(str(rec.get("summary", "")).split()),
            quote=str(rec.get("quote") or ""),
            footnotes=tuple(rec.get("footnotes") or ()),
            actors=tuple(rec.get("actors") or ()),
            themes=tuple(rec.get("themes") or ()),
        )


def _event_of(rec: dict[str, Any], eid: str, date: str) -> Event:
    """The Event a checked record describes, with its rows of the paper's tables one and two."""
    importance = None
    if t2 := rec.get("table_two"):
        importance = Importance(
            row=int(t2["row"]),
            label=str(t2["label"]),
            belarus=str(t2["belarus"]),
            russia=str(t2["russia"]),
            west=str(t2["west"]),
        )
    table_one = None
    if t1 := rec.get("table_one"):
        table_one = TableOneRow(
            row=int(t1["row"]), partners=str(t1["partners"]), time_span=str(t1["time_span"])
        )
    footnotes = rec.get("footnotes") or []
    return Event(
        id=eid,
        title=str(rec.get("title", "")).strip(),
        date=date,
        track=str(rec.get("track", "")),
        summary=" ".join(str(rec.get("summary", "")).split()),
        date_text=str(rec["date_text"]) if rec.get("date_text") else None,
        section=str(rec.get("section", "")),
        quote=str(rec.get("quote") or ""),
        footnotes=list(footnotes),
        source_ids=[f"fn-{n}" for n in footnotes],
        actors=list(rec.get("actors") or []),
        themes=list(rec.get("themes") or []),
        importance=importance,
        table_one=table_one,
    )


def _renamed_from(
    rec: dict[str, Any], where: str, problems: list[str], renamed: dict[str, tuple[str, str]]
) -> None:
    """Check a record's `renamed_from` (a list of the ids it had before) and note each old id."""
    olds = rec.get("renamed_from")
    if olds is None:
        return
    eid = rec.get("id")
    if not isinstance(olds, list) or not all(isinstance(o, str) and SLUG_RE.match(o) for o in olds):
        problems.append(f"{where}, field renamed_from: must be a list of earlier ids (lowercase slugs).")
        return
    for old in olds:
        if old == eid:
            problems.append(f"{where}, field renamed_from: “{old}” is the record's own id.")
        elif old in renamed:
            problems.append(f"{where}, field renamed_from: “{old}” is also claimed by {renamed[old][1]}.")
        elif isinstance(eid, str):
            renamed[old] = (eid, where)


def _also_tracks(
    rec: dict[str, Any], eid: str, where: str, problems: list[str], track_ids: set[str]
) -> list[tuple[str, str, str]]:
    """An event's other placements: each a known track other than its home one, with a justification."""
    items = rec.get("also_tracks")
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(f"{where}, field also_tracks: must be a list of {{track, why}} entries.")
        return []
    out: list[tuple[str, str, str]] = []
    for k, item in enumerate(items, 1):
        at = f"{where}, field also_tracks (entry {k})"
        if not isinstance(item, dict) or set(item) - {"track", "why"}:
            problems.append(f"{at}: must have only `track` and `why`.")
            continue
        track, why = item.get("track"), " ".join(str(item.get("why") or "").split())
        if track not in track_ids:
            problems.append(f"{at}: unknown track {track!r}.")
        elif track == rec.get("track"):
            problems.append(f"{at}: {track!r} is already the event's home track.")
        elif any(t == track for _, t, _ in out):
            problems.append(f"{at}: track {track!r} is given twice.")
        elif not why:
            problems.append(f"{at}: `why` must say where the paper treats the event under that track.")
        else:
            out.append((eid, str(track), why))
    return out


def _cross_link(events: list[Event], see_also: dict[str, list[str]], problems: list[str]) -> list[Event]:
    """Close records that stay separate name each other in their summaries.

    Merging would retire an id and leave a user's notes and links on it detached (the store keeps
    them, but nothing maps an old id to a new one), so near-duplicates are linked instead.
    """
    by_id = {e.id: e for e in events}
    for eid, others in see_also.items():
        names = []
        for other in others:
            if other == eid or other not in by_id:
                problems.append(f"event {eid}, field see_also: no other event {other!r}.")
                continue
            section = by_id[other].section
            where = "the executive summary" if section == "summary" else f"section {section}"
            names.append(f"“{by_id[other].title}” ({where})")
        if names:
            e = by_id[eid]
            e.summary = f"{e.summary} See also {'; '.join(names)}."
    return events


def check_against_paper(corpus: Corpus, paper_text: str) -> list[str]:
    """Problems found by comparing the corpus with the paper's text (quotes, URLs)."""
    problems = []
    for e in corpus.events:
        if e.quote and e.quote not in paper_text:
            problems.append(f"event {e.id}: the quote is not an exact substring of the paper.")
    for u in corpus.undated:
        if u.quote not in paper_text:
            problems.append(f"undated record {u.id}: the quote is not an exact substring of the paper.")
    unescaped = paper_text.replace("\\_", "_")
    for s in corpus.sources:
        if s.url and s.url not in unescaped:
            problems.append(f"footnote {s.number}: the URL {s.url} does not appear in the paper.")
    return problems
