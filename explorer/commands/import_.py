"""`neutrality import`: add events from CSV, the app's JSON or TimelineJS JSON to a database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

    from explorer.store.workspace import Workspace

from explorer.commands import example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "import",
        help="import events from CSV, JSON or TimelineJS",
        description="Import events from a file into your workspace (or --db). The whole file is checked "
        "first; nothing is written unless every row is valid, or you ask to skip the invalid ones. "
        "Imported events get tracks and sources of their own and never change the corpus or your notes. "
        "Column and date rules: docs/formats.md.",
        epilog=example("neutrality import events.csv --db research.db --skip-invalid"),
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    p.add_argument(
        "--format",
        choices=("csv", "json", "timelinejs"),
        default=None,
        help="the file's format (default: inferred from its name and content)",
    )
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="database to import into; created when it does not exist (default: your workspace)",
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and list the invalid ones instead of refusing the file",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Plan (nothing written), then apply in one transaction, then report."""
    from explorer.commands import CommandError
    from explorer.formats.importer import apply_import, check_plan, plan_import
    from explorer.formats.problems import ImportFailed, describe_problems

    try:
        plan = plan_import(args.file, args.format)
    except ImportFailed as exc:
        raise CommandError(str(exc)) from None
    for warning in plan.warnings[:20]:
        print(f"warning: {warning}", file=sys.stderr)
    fatal = plan.fatal
    if fatal or (plan.problems and not args.skip_invalid):
        raise CommandError(describe_problems(plan.name, fatal or plan.problems, skippable=not fatal))
    if not plan.events:
        raise CommandError(f"{plan.name} was not imported: none of its events is valid.")
    with _open(args.db) as db:
        try:
            check_plan(db, plan, args.skip_invalid)
            result = apply_import(db, plan, skip_invalid=args.skip_invalid)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
    print(result.summary())
    if result.skipped:
        print("Skipped:")
        for problem in result.skipped:
            print(f"  {problem}")
    return 0


class _open:
    """The target database: --db (created when missing, locked while writing) or the workspace."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.workspace: Workspace | None = None

    def __enter__(self) -> sqlite_utils.Database:
        from explorer.store import StoreError, open_database
        from explorer.store.lock import InstanceLock, WorkspaceInUse
        from explorer.store.workspace import start_workspace

        if self.path is None:
            self.workspace = start_workspace()
            for notice in self.workspace.notices:
                print(notice, file=sys.stderr)
            return self.workspace.db
        self.lock = InstanceLock(self.path)
        try:
            self.lock.acquire()
        except WorkspaceInUse:
            raise
        except StoreError:
            pass  # a folder without room for a lock file: SQLite still guards the write
        try:
            self.db = open_database(self.path, create=True)
        except BaseException:
            self.lock.release()
            raise
        return self.db

    def __exit__(self, *exc: object) -> None:
        if self.workspace is not None:
            self.workspace.close()
            return
        self.db.close()
        self.lock.release()
