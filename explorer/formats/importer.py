"""Importing CSV, the app's JSON and TimelineJS: `plan_import` checks everything, `apply_import` writes.

plan = plan_import(path)                 # never writes; plan.problems lists every problem
result = apply_import(db, plan)          # one transaction; ImportFailed if anything is wrong
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from explorer.formats import import_write
from explorer.formats.common import CancelFn, ProgressFn, Ticker, paused_gc
from explorer.formats.csv_import import read_csv
from explorer.formats.import_plan import ImportPlan, PlanBuilder
from explorer.formats.import_write import SideFeed, write_plan
from explorer.formats.json_import import add_lines, load_json, read_app_json
from explorer.formats.own_format import corpus_matches, merge_known_events
from explorer.formats.problems import AlreadyImported, ImportFailed, Problem, describe_problems
from explorer.formats.text import slugify
from explorer.formats.timelinejs_import import is_timelinejs2, read_timelinejs, timelinejs2_reason
from explorer.store import imports
from explorer.store.errors import failure_sentence, unreadable
from explorer.store.media import set_title_slide, write_event_media
from explorer.store.side_build import database_file

IMPORT_FORMATS = ("csv", "json", "timelinejs")
#: From this many events, an import is written with a rollback journal (see imports.rollback_journal).
BULK_JOURNAL_MIN = 20_000


@dataclass
class ImportResult:
    """What an import wrote, and what it skipped."""

    dataset: str
    name: str
    format: str
    events: int
    tracks: int
    sources: int
    periods: int
    links: int
    skipped: list[Problem] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: events of the file that are corpus events here already (their annotations were attached)
    matched: int = 0

    def summary(self) -> str:
        """One sentence for the user."""
        counts = ", ".join(
            _count(n, word)
            for n, word in (
                (self.tracks, "track"),
                (self.sources, "source"),
                (self.periods, "period"),
                (self.links, "link"),
            )
            if n or word == "track"
        )
        text = (
            f"Imported {_count(self.events, 'event')} from {self.name} as dataset “{self.dataset}” ({counts})"
        )
        if self.matched:
            text += f"; {_count(self.matched, 'event')} already here as corpus events kept their place"
            text += " (their notes, tags and ratings were added to them)"
        if self.renamed:
            text += f"; {_count(len(self.renamed), 'id')} already in use prefixed with “{self.dataset}:”"
        if self.skipped:
            text += f"; {_count(len(self.skipped), 'invalid item')} skipped"
        return text + "."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Digest(threading.Thread):
    """The SHA-256 of a file, computed on a thread while the file is read (hashlib and reads release the GIL)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="neutrality-import-digest", daemon=True)
        self.fh = path.open("rb")  # opened here, so that a missing or unreadable file is reported at once
        self.hexdigest = ""
        self.error: OSError | None = None
        self.start()

    def run(self) -> None:
        h = hashlib.sha256()
        try:
            with self.fh:
                while chunk := self.fh.read(1 << 20):
                    h.update(chunk)
        except OSError as exc:
            self.error = exc
        self.hexdigest = h.hexdigest()

    def result(self, path: Path) -> str:
        self.join()
        if self.error is not None:
            raise ImportFailed(unreadable(path, self.error, "a file to import"))
        return self.hexdigest


def _json_kind(doc: object) -> str | None:
    if isinstance(doc, dict):
        if "schema" in doc:
            return "json"
        if isinstance(doc.get("events"), list):
            return "timelinejs"
    return None


def detect_format(path: Path) -> str:
    """csv, or 'json?' when the file looks like JSON (told apart after parsing)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    with path.open("rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".json" or head[:1] in (b"{", b"["):
        return "json?"
    return "csv"


def estimate_events(path: Path | str) -> int:
    """About how many events a file holds, for a progress bar: its size over the length of its first lines."""
    p = Path(path)
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return 0
    lines = head.count(b"\n")
    if not lines:
        return 0
    return max(int(size * lines / len(head)) - 1, 1)  # less the header line


def plan_import(
    path: Path | str, format: str | None = None, watch: Callable[[ImportPlan], None] | None = None
) -> ImportPlan:
    """Read and check a whole file without writing anything; the plan lists every problem found.

    Raises ImportFailed only when the file cannot be opened at all or the format is unknown.
    `watch(plan)` is called every few thousand valid events while the file is read.
    """
    p = Path(path)
    if format is not None and format not in IMPORT_FORMATS:
        raise ImportFailed(
            f"There is no import format “{format}”; choose one of {', '.join(IMPORT_FORMATS)}."
        )
    try:
        digest = _Digest(p)
        kind = format or detect_format(p)
    except OSError as exc:
        raise ImportFailed(unreadable(p, exc, "a file to import")) from None
    with paused_gc():
        plan = _read(p, kind, watch)
    plan.digest = digest.result(p)
    return plan


def _read(p: Path, kind: str, watch: Callable[[ImportPlan], None] | None) -> ImportPlan:
    plan = ImportPlan(path=p, name=p.name, format=kind, digest="", title=p.stem)
    builder = PlanBuilder(plan, default_track=p.stem, watch=watch)
    if kind == "csv":
        read_csv(p, builder)
    else:
        loaded = load_json(p, builder)
        if loaded is not None:
            doc, text = loaded
            if kind == "json?":
                found = _json_kind(doc)
                if found is None and is_timelinejs2(doc):
                    builder.problem("", "timeline", timelinejs2_reason(), fatal=True)
                elif found is None:
                    builder.problem(
                        "",
                        "",
                        "the file holds JSON, but neither a Neutrality Explorer export (no “schema”) "
                        "nor a TimelineJS timeline (no list of “events”)",
                        fatal=True,
                    )
                kind = found or "json"
            plan.format = kind
            if not plan.fatal:
                (read_app_json if kind == "json" else read_timelinejs)(doc, builder)
            if plan.problems:
                plan.problems = add_lines(plan.problems, text)
            plan.warnings.extend(str(p) for p in add_lines(builder.replaced, text))
            if not plan.events and not plan.problems:
                builder.problem("", "events", "the file has no events", fatal=True)
        elif plan.format == "json?":
            plan.format = "json"
    builder.finish(slugify(p.stem) or "event")
    return plan


def check_plan(db: sqlite_utils.Database, plan: ImportPlan, skip_invalid: bool = False) -> None:
    """Raise ImportFailed (nothing written) unless the plan may be applied to this database."""
    fatal = plan.fatal
    if fatal or (plan.problems and not skip_invalid):
        problems = fatal or plan.problems
        raise ImportFailed(describe_problems(plan.name, problems, skippable=not fatal), problems)
    if not plan.events:
        raise ImportFailed(f"{plan.name} was not imported: none of its events is valid.", plan.problems)
    prior = imports.find_dataset(db, plan.digest)
    if prior:
        raise AlreadyImported(
            f"{plan.name} was already imported on {prior['imported'][:10]} as dataset “{prior['id']}” "
            f"({_count(prior['events'], 'event')}); nothing was written."
        )


def apply_import(
    db: sqlite_utils.Database,
    plan: ImportPlan,
    skip_invalid: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    feed: SideFeed | None = None,
    release_plan: bool = False,
) -> ImportResult:
    """Write a checked plan in one transaction; on any error or Cancelled nothing is written.

    Tracks and sources get ids `<dataset>:<key>` and origin `import:<dataset>`; an event id already
    in the database becomes `<dataset>:<id>`. Corpus rows and annotations are never changed.
    A large import has its full-text index and its actor and theme rows built by a worker process
    (explorer.store.side_build): `feed` may bring one already fed while the file was read
    (import_file), else one is started here. With `release_plan` (for a caller that owns the
    plan and is done with it) the plan's events are freed on a thread while the commit waits for
    the disk; the plan holds no events afterwards.
    """
    try:
        check_plan(db, plan, skip_invalid)
        known = corpus_matches(db, plan)
        if known and feed is not None:  # it was fed the events that will not be written
            feed.close()
            feed = None
        ticker = Ticker(len(plan.events) - known, progress, cancelled)
        ticker.check()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if feed is not None and not feed.fits(db, plan):
            feed.close()
            feed = None
        if feed is None and len(plan.events) >= import_write.SIDE_BUILD_MIN:
            feed = SideFeed.start(db) if imports.event_count(db) <= len(plan.events) else None
        # a large import is written once through a rollback journal, not twice through the WAL
        big = len(plan.events) >= BULK_JOURNAL_MIN
        with (
            paused_gc(),
            imports.announced_import(db, plan.name, plan.digest),
            imports.rollback_journal(db, big),
            imports.bulk_pragmas(db, big),
            db.atomic(),
        ):
            dataset = imports.free_slug(db, slugify(plan.path.stem) or "import")
            matched = merge_known_events(db, plan, now)
            renamed, counts = write_plan(db, plan, dataset, now, ticker, feed)
            _write_media(db, plan, dataset, renamed)
            imports.fault_point("commit")
            events = len(plan.events)
            if release_plan:
                _release(plan)
    except (sqlite3.Error, OSError) as exc:
        # disk full, read-only or busy: the transaction was rolled back; say so in one sentence
        where = database_file(db) or "the database"
        raise ImportFailed(write_failure(exc, where, plan.name)) from None
    finally:
        if feed is not None:
            feed.close(db)
    ticker.finish()
    return _result(plan, dataset, events, counts, renamed, matched)


def _result(
    plan: ImportPlan, dataset: str, events: int, counts: dict[str, int], renamed: dict[str, str], matched: int
) -> ImportResult:
    """What an import wrote, for the caller to report: counts, renamed ids, skipped rows and warnings."""
    return ImportResult(
        dataset=dataset,
        name=plan.name,
        format=plan.format,
        events=events,
        tracks=counts["tracks"],
        sources=counts["sources"],
        periods=len(plan.periods),
        links=len(plan.links),
        skipped=list(plan.problems),
        renamed=renamed,
        warnings=list(plan.warnings),
        matched=matched,
    )


def _write_media(db: sqlite_utils.Database, plan: ImportPlan, dataset: str, renamed: dict[str, str]) -> None:
    """Keep the file's media and title slide (TimelineJS), under the events' ids in the database."""
    media = [(renamed.get(e.id, e.id), e.media) for e in plan.events if e.media is not None]
    if media:
        write_event_media(db, media)
    if plan.title_slide is not None:
        set_title_slide(db, dataset, plan.title_slide)


def write_failure(exc: sqlite3.Error | OSError, where: object, name: str) -> str:
    """The sentence for an import of file `name` the disk or database refused: nothing of it was written."""
    return failure_sentence(exc, where, unchanged=f"nothing of {name} was imported") or str(exc)


def _release(plan: ImportPlan) -> None:
    """Free the plan's events on a thread (a million events take most of a second to free)."""
    events, plan.events = plan.events, []

    def free() -> None:
        while events:
            del events[-65536:]  # in slices, so that the importing thread gets the GIL back between them

    threading.Thread(target=free, name="neutrality-import-release").start()


def import_file(
    db: sqlite_utils.Database,
    path: Path | str,
    format: str | None = None,
    skip_invalid: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> ImportResult:
    """plan_import and apply_import in one call.

    For a large file, the worker of explorer.store.side_build is started first and fed while the
    file is read, so that its work overlaps reading as well as writing.
    """
    feed = SideFeed.for_large_file(db, Path(path))
    try:
        with paused_gc():  # not collected in between either: the plan is a million objects without cycles
            plan = plan_import(path, format, watch=feed)
            return apply_import(db, plan, skip_invalid, progress, cancelled, feed, release_plan=True)
    finally:
        if feed is not None:
            feed.close(db)
