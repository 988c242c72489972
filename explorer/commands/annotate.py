"""`neutrality annotate`: add a note, tags, a flag, stars or importance to one event or a selection.

One event id alone shows its annotations. A selection (`--ids`, `--query`, `--tagged`, combined they
narrow each other) is edited in one transaction through `explorer.store.bulk`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.commands import example

if TYPE_CHECKING:
    from explorer.store.annotations import AnnotationStore
    from explorer.store.bulk import BulkEdit


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "annotate",
        help="add a note, tags or a flag to an event (or show its annotations)",
        description="Annotate one event, or every event of a selection, in your workspace (created from the "
        "bundled corpus if missing). Without an edit option, show one event's annotations. A selection "
        "is edited in one transaction: all of it or, on any error, none of it.",
        epilog=example(
            'neutrality annotate belarus-joins-nam --note "Check the date in Minsk archives" --tag nam --flag\n'
            "  neutrality annotate --query airbase --tag airbase --stars 3\n"
            "  neutrality annotate --ids nam-accession,union-state-1999 --importance russia=high\n"
            '  neutrality annotate --tagged airbase --period "Airbase talks"\n'
            "  neutrality annotate --query airbase --also-on foreign"
        ),
    )
    _add_selection(p)
    _add_edits(p)
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="database file (default: your workspace, created from the bundled corpus when missing)",
    )
    p.set_defaults(func=run)


def _add_selection(p: argparse.ArgumentParser) -> None:
    """The options that say which events: one EVENT_ID, or --ids, --query and --tagged."""
    p.add_argument(
        "event_id",
        nargs="?",
        default=None,
        metavar="EVENT_ID",
        help="an event's id, as shown by `neutrality search`",
    )
    sel = p.add_argument_group("selection (instead of, or besides, EVENT_ID)")
    sel.add_argument("--ids", default=None, metavar="A,B,C", help="these events (ids separated by commas)")
    sel.add_argument("--query", default=None, metavar="TEXT", help="the events a search for TEXT finds")
    sel.add_argument(
        "--tagged",
        default=None,
        metavar="NAME",
        help="the events that carry the tag NAME (--tag adds a tag, so the selection is --tagged)",
    )


def _add_edits(p: argparse.ArgumentParser) -> None:
    """The options that say what to write: notes, tags, flag, stars, importance, period and lanes."""
    p.add_argument("--note", default=None, metavar="TEXT", help="add a note (Markdown) to the event")
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="add a tag to the event (repeat for more)"
    )
    p.add_argument(
        "--untag", action="append", default=[], metavar="TAG", help="remove a tag (repeat for more)"
    )
    p.add_argument("--stars", type=int, default=None, metavar="N", help="set the rating, 0 to 5 stars")
    p.add_argument(
        "--importance",
        action="append",
        default=[],
        metavar="PARTY=LEVEL",
        help="your importance for belarus, russia or west: low, middle, high or none (repeat for more)",
    )
    p.add_argument(
        "--period",
        default=None,
        metavar="NAME",
        help="make the period NAME cover the events' dates: widened if it exists, created if not",
    )
    p.add_argument(
        "--also-on",
        action="append",
        default=[],
        metavar="TRACK",
        help="draw the events on the lane TRACK (a track id) too, besides their own (repeat for more)",
    )
    p.add_argument(
        "--off",
        action="append",
        default=[],
        metavar="TRACK",
        help="take the events off the lane TRACK where you put them (the paper's placements stay)",
    )
    p.add_argument(
        "--flag",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="flag the event (or --no-flag to unflag)",
    )


def run(args: argparse.Namespace) -> int:
    """Annotate, then report what was done in one line (or list the event's annotations)."""
    from explorer.store import StoreError
    from explorer.store.annotations import AnnotationStore
    from explorer.store.lock import InstanceLock, WorkspaceInUse
    from explorer.store.recovery import open_workspace
    from explorer.store.workspace import start_workspace

    selecting, bulk_only, writing = _check(args)
    edit = _edit(args)
    if args.db is None:
        workspace = start_workspace()
        opened, lock = workspace.opened, workspace.lock
    else:
        lock = InstanceLock(args.db)
        if writing:
            try:
                lock.acquire()
            except WorkspaceInUse:
                raise
            except StoreError:
                pass  # no lock file in a read-only folder: the file opens read-only and writes are refused
        opened = open_workspace(args.db, move_damaged=False)
    try:
        for notice in opened.notices:
            print(notice)
        store = AnnotationStore(opened.db)
        if selecting or bulk_only:
            _bulk(store, args, edit)
            return 0
        _annotate_one(store, args)
    finally:
        if args.db is None:
            workspace.close()  # backs up after a write, as the app does (store.backup's policy)
        else:
            opened.close()
            lock.release()
    return 0


def _check(args: argparse.Namespace) -> tuple[bool, bool, bool]:
    """Whether the options select events, edit what only a selection can, and write at all; refuse nonsense."""
    from explorer.commands import CommandError

    selecting = args.ids is not None or args.query is not None or args.tagged is not None
    bulk_only = bool(
        args.untag
        or args.stars is not None
        or args.importance
        or args.period is not None
        or args.also_on
        or args.off
    )
    writing = bool(args.note is not None or args.tag or args.flag is not None or bulk_only)
    if args.event_id is None and not selecting:
        raise CommandError("Name an event id, or a selection with --ids, --query or --tagged.")
    if selecting and not writing:
        raise CommandError(
            "A selection needs something to do: --tag, --untag, --flag, --stars, --importance, --note, --period,"
            " --also-on or --off."
        )
    return selecting, bulk_only, writing


def _annotate_one(store: AnnotationStore, args: argparse.Namespace) -> None:
    """Write the note, tags and flag to one event and report them in one line (or show its annotations)."""
    from explorer.model import Tag

    store.require_event(args.event_id)
    done: list[str] = []
    if args.note is not None:
        store.add_note(args.event_id, args.note)
        done.append("added a note")
    if args.tag:
        names = []
        for tag in args.tag:
            change = store.add_tag(args.event_id, tag)
            names += [r.name for r in change.after if isinstance(r, Tag)] or [tag]
        done.append("tagged it " + ", ".join(f"“{n}”" for n in names))
    if args.flag is not None:
        store.set_assessment(args.event_id, flagged=args.flag)
        done.append("flagged it" if args.flag else "removed its flag")
    if done:
        print(f"{args.event_id}: {'; '.join(done)}.")
    else:
        _show(store, args.event_id)


def _edit(args: argparse.Namespace) -> BulkEdit:
    """The options as one BulkEdit (a malformed --importance is one sentence)."""
    from explorer.commands import CommandError
    from explorer.store.bulk import BulkEdit

    importance: dict[str, str | None] = {}
    for item in args.importance:
        party, sep, level = item.partition("=")
        if not sep:
            raise CommandError(f"--importance “{item}” is not of the form PARTY=LEVEL (e.g. russia=high).")
        level = level.strip().lower()
        importance[party.strip().lower()] = None if level in ("none", "") else level
    return BulkEdit(
        add_tags=tuple(args.tag),
        remove_tags=tuple(args.untag),
        flagged=args.flag,
        stars=args.stars,
        importance=importance,
        note=args.note,
    )


def _bulk(store: AnnotationStore, args: argparse.Namespace, edit: BulkEdit) -> None:
    """Edit every selected event in one transaction and say what was done."""
    from explorer.commands import CommandError
    from explorer.store.bulk import bulk_annotate, events_tagged
    from explorer.store.events import EventStore
    from explorer.store.period_bulk import put_in_period, selection_span
    from explorer.store.placements import set_placements
    from explorer.store.search import search_ids

    chosen: list[list[str]] = []
    named = [args.event_id] if args.event_id else []
    if args.ids is not None:
        named += [i.strip() for i in args.ids.split(",") if i.strip()]
    if named or args.ids is not None:
        chosen.append(named)
    if args.query is not None:
        chosen.append(search_ids(store.db, args.query))
    if args.tagged is not None:
        chosen.append(events_tagged(store.db, args.tagged))
    # several selections narrow each other, in the order of the first
    keep = set(chosen[0]).intersection(*chosen[1:])
    ids = [i for i in chosen[0] if i in keep]
    if not ids:
        raise CommandError("No event matches the selection; nothing was changed.")
    unknown = [
        t for t in (*args.also_on, *args.off) if t not in {x.id for x in EventStore(store.db).tracks()}
    ]
    if unknown:  # checked before any edit is written, as the date span below
        raise CommandError(f"There is no lane “{unknown[0]}” (give a track id); nothing was changed.")
    if args.period is not None and selection_span(store, ids) is None:
        # checked before any other edit is written, so the selection is edited wholly or not at all
        raise CommandError(f"None of the {len(ids):,} selected events has a date; nothing was changed.")
    if not edit.nothing:
        change = bulk_annotate(store, ids, edit)
        if change.empty:
            print(f"Nothing to change: the {len(ids):,} selected event(s) already have that.")
        else:
            print(f"{change.label}.")
    if args.period is not None:
        print(f"{put_in_period(store, ids, args.period).label}.")
    if args.also_on or args.off:
        print(f"{set_placements(store, ids, add=args.also_on, remove=args.off).label}.")


def _show(store: AnnotationStore, event_id: str) -> None:
    """Print an event's notes, tags and assessment."""
    tags = store.tags_for(event_id)
    assessment = store.assessment_for(event_id)
    notes = store.notes_for(event_id)
    print(f"{event_id}")
    print(f"  tags: {', '.join(t.name for t in tags) if tags else '(none)'}")
    if assessment:
        levels = ", ".join(
            f"{p} {getattr(assessment, p)}" for p in ("belarus", "russia", "west") if getattr(assessment, p)
        )
        print(
            f"  flagged: {'yes' if assessment.flagged else 'no'}; stars: {assessment.stars}"
            + (f"; importance: {levels}" if levels else "")
        )
    for note in notes:
        first, *rest = note.body.splitlines() or [""]
        by = f" by {note.author}" if note.author else ""
        print(f"  note {note.id}{by} ({note.modified}): {first}{' …' if rest else ''}")
    if not (tags or assessment or notes):
        print("  no annotations yet")
