"""`neutrality restore`: list the workspace's backups, restore one, or start fresh after damage."""

from __future__ import annotations

import argparse
from pathlib import Path

from explorer.commands import example
from explorer.model.words import counted


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "restore",
        help="restore your workspace from a backup (or list the backups)",
        description="Make a backup your workspace again: the newest intact one, or the BACKUP you name "
        "(a file, or a name shown by --list). The present workspace is kept aside beside it, so nothing "
        "is lost. With --fresh, start again from the bundled corpus after damage (the damaged file stays "
        "aside). The app must not be running.",
        epilog=example("neutrality restore --list"),
    )
    p.add_argument(
        "backup", nargs="?", type=Path, default=None, metavar="BACKUP", help="the backup to restore"
    )
    p.add_argument("--list", action="store_true", help="list the backups, newest first, and restore nothing")
    p.add_argument(
        "--fresh",
        action="store_true",
        help="start again from the bundled corpus instead (after damage; the damaged file is kept aside)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """List, restore or start fresh, then say what was done in one line."""
    from explorer import paths
    from explorer.commands import CommandError
    from explorer.store.backup import list_backups, newest_valid_backup, restore_backup
    from explorer.store.lock import InstanceLock
    from explorer.store.workspace import start_fresh

    ws = paths.workspace_path()
    if args.list:
        backups = list_backups(stem=ws.stem)
        if not backups:
            print(f"There are no backups of {ws.name} in {paths.backups_dir()}.")
        for info in backups:
            counts = (
                "unreadable"
                if info.events is None
                else f"{counted(info.events, 'event')}, {counted(info.notes or 0, 'note')}"
            )
            print(f"{info.path.name}  {info.when:%Y-%m-%d %H:%M} UTC  {counts}")
        return 0
    if args.fresh:
        if args.backup is not None:
            raise CommandError("Name a backup or give --fresh, not both.")
        start_fresh(ws)
        print(f"{ws} was made again from the bundled corpus; any damaged file stays beside it.")
        return 0
    if args.backup is None:
        newest = newest_valid_backup(stem=ws.stem)
        if newest is None:
            raise CommandError(
                f"There is no intact backup of {ws.name} to restore; `neutrality restore --fresh` "
                "starts again from the bundled corpus."
            )
        chosen, label = newest.path, newest.describe()
    else:
        chosen = args.backup
        if not chosen.exists() and (paths.backups_dir() / chosen.name).exists():
            chosen = paths.backups_dir() / chosen.name
        label = chosen.name
    with InstanceLock(ws):
        aside = restore_backup(chosen, ws)
    kept = f"; the previous file was kept as {aside.name}" if aside is not None else ""
    print(f"Restored {label} to {ws}{kept}.")
    return 0
