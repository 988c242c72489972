"""`neutrality share`: export your annotations, import a colleague's, or sync through a team folder."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.commands import example

if TYPE_CHECKING:
    import sqlite_utils


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand with its three actions."""
    p = sub.add_parser(
        "share",
        help="share annotations with colleagues (export, import, sync a team folder)",
        description="Exchange annotations (notes, tags, ratings, periods, links) with colleagues: "
        "the corpus itself is never copied; annotations attach to the same events on each side, "
        "nothing is duplicated, and your own annotations are never changed by an import.",
        epilog=example("neutrality share export -o alice.ndjson && neutrality share import bob.ndjson"),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = actions.add_parser(
        "export",
        help="write your annotations to a share file",
        description="Write one author's annotations and deletions (default: yours) as NDJSON.",
        epilog=example("neutrality share export --author Alice -o alice.ndjson"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write")
    exp.add_argument("--author", default=None, metavar="NAME", help="whose annotations (default: yours)")
    imp = actions.add_parser(
        "import",
        help="merge a colleague's share file",
        description="Merge a share file: latest change wins per annotation, deletions travel; yours stay.",
        epilog=example("neutrality share import alice.ndjson"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path, metavar="FILE", help="a share file written by `share export`")
    syn = actions.add_parser(
        "sync",
        help="write your changes to a team folder and merge everyone else's",
        description="Append your changes to <you>.ndjson in the team folder and merge the other files "
        "there. The folder is remembered (the app's Preferences > Team folder shows the same).",
        epilog=example("neutrality share sync --folder ~/Dropbox/belarus-team"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    syn.add_argument("--folder", type=Path, default=None, metavar="DIR", help="the team folder (remembered)")
    for q in (exp, imp, syn):
        q.add_argument(
            "--db", type=Path, default=None, metavar="PATH", help="database file (default: your workspace)"
        )
        q.add_argument(
            "--as", dest="author_name", default=None, metavar="NAME", help="set your display name first"
        )
    p.set_defaults(func=run)


@contextmanager
def _workspace(db_path: Path | None) -> Iterator[sqlite_utils.Database]:
    """The workspace (or --db) opened for writing, locked against a second writer."""
    from explorer.store import StoreError
    from explorer.store.lock import InstanceLock, WorkspaceInUse
    from explorer.store.recovery import open_workspace
    from explorer.store.workspace import start_workspace

    if db_path is None:
        workspace = start_workspace()
        opened, lock = workspace.opened, workspace.lock
    else:
        lock = InstanceLock(db_path)
        try:
            lock.acquire()
        except WorkspaceInUse:
            raise
        except StoreError:
            pass  # no lock file in a read-only folder: the file opens read-only and writes are refused
        opened = open_workspace(db_path, move_damaged=False)
    try:
        for notice in opened.notices:
            print(notice)
        yield opened.db
    finally:
        opened.close()
        lock.release()


def run(args: argparse.Namespace) -> int:
    """Do the action and report it in one sentence."""
    from explorer.commands import CommandError
    from explorer.formats.share_format import read_share, write_share
    from explorer.formats.team_folder import sync_folder
    from explorer.store.authorship import local_author, set_local_author
    from explorer.store.changes import now
    from explorer.store.sharing import author_changes, corpus_digest_of, get_state, merge_changes, set_state

    with _workspace(args.db) as db:
        if args.author_name:
            try:
                set_local_author(db, args.author_name)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        if args.action == "export":
            who = args.author or local_author(db)
            changes = author_changes(db, who)
            write_share(args.output, who, corpus_digest_of(db), now(), changes)
            puts = sum(c.op == "put" for c in changes)
            print(
                f"{puts} annotations and {len(changes) - puts} deletions by {who} written to {args.output}."
            )
            return 0
        if args.action == "import":
            if not args.file.is_file():
                raise CommandError(f"{args.file} does not exist or is not a file.")
            try:
                read = read_share(args.file)
            except OSError as exc:
                raise CommandError(f"{args.file} could not be read ({exc.strerror or exc}).") from None
            if not read.header:
                raise CommandError(read.problems[0] if read.problems else f"{args.file} is empty.")
            report = merge_changes(db, read.changes)
            print(report.sentence())
            for problem in read.problems:
                print(problem)
            if read.header.get("corpus_digest") not in (None, corpus_digest_of(db)):
                print(
                    "The file was written against another version of the corpus; its events were matched by id."
                )
            return 0
        folder = args.folder or (Path(get_state(db, "folder")) if get_state(db, "folder") else None)
        if folder is None:
            raise CommandError("No team folder yet: give one with --folder DIR (it is remembered).")
        folder = folder.expanduser().resolve()
        if not folder.is_dir():
            raise CommandError(f"The team folder {folder} does not exist or is not a folder.")
        set_state(db, "folder", str(folder))
        print(sync_folder(db, folder).sentence())
    return 0
