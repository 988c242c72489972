"""`neutrality annotate`: add a note, tags or a flag to an event, or show its annotations."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.commands import example

if TYPE_CHECKING:
    from explorer.store.annotations import AnnotationStore


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "annotate",
        help="add a note, tags or a flag to an event (or show its annotations)",
        description="Annotate one event in your workspace (created from the bundled corpus if missing). "
        "Without --note, --tag or --flag, show the event's annotations.",
        epilog=example(
            'neutrality annotate belarus-joins-nam --note "Check the date in Minsk archives" --tag nam --flag'
        ),
    )
    p.add_argument("event_id", metavar="EVENT_ID", help="the event's id, as shown by `neutrality search`")
    p.add_argument("--note", default=None, metavar="TEXT", help="add a note (Markdown) to the event")
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="add a tag to the event (repeat for more)"
    )
    p.add_argument(
        "--flag",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="flag the event (or --no-flag to unflag)",
    )
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="database file (default: your workspace, created from the bundled corpus when missing)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Annotate, then report what was done in one line (or list the event's annotations)."""
    from explorer.model import Tag
    from explorer.store import StoreError
    from explorer.store.annotations import AnnotationStore
    from explorer.store.lock import InstanceLock, WorkspaceInUse
    from explorer.store.recovery import open_workspace
    from explorer.store.workspace import start_workspace

    writing = bool(args.note is not None or args.tag or args.flag is not None)
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
    finally:
        opened.close()
        lock.release()
    return 0


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
