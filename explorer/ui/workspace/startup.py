"""Opening the user's workspace when the app starts: the lock, recovery after damage, and the notices."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox, QWidget

from explorer import paths
from explorer.state import Session
from explorer.store import StoreError
from explorer.store.backup import restore_backup
from explorer.store.lock import WorkspaceInUse
from explorer.store.recovery import WorkspaceDamaged, damage_after_error
from explorer.store.workspace import start_fresh, start_workspace
from explorer.ui.errors import TITLE, show_error

RESTORE, FRESH = "restore", "fresh"


def ask_damaged(exc: WorkspaceDamaged, parent: QWidget | None = None) -> str | None:
    """Ask what to do about a damaged workspace: RESTORE the newest backup, start FRESH, or None to quit.

    Quitting decides nothing: the next start asks again.
    """
    box = QMessageBox(parent)
    box.setObjectName("workspaceDamaged")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setText(exc.sentence)
    restore = None
    if exc.backup is not None:
        box.setInformativeText(
            "Restore that backup to go on where it left off, or start fresh from the bundled corpus "
            "(the damaged file is kept aside). If you quit, you will be asked again next time."
        )
        restore = box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(
            "You can start fresh from the bundled corpus; the damaged file is kept aside. "
            "If you quit, you will be asked again next time."
        )
    fresh = box.addButton("Start Fresh", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return RESTORE
    if clicked is fresh:
        return FRESH
    return None


def open_workspace_session(parent: QWidget | None = None) -> Session | None:
    """Start the workspace (lock, create, recover, merge) as a Session; None after telling the user why not."""
    for _ in range(4):
        try:
            workspace = start_workspace()
        except WorkspaceInUse as exc:
            show_error(parent, str(exc))
            return None
        except WorkspaceDamaged as exc:
            if not _deal_with_damage(exc, parent):
                return None
            continue
        except StoreError as exc:
            show_error(parent, str(exc))
            return None
        try:
            return Session.from_workspace(workspace)
        except sqlite3.DatabaseError as exc:
            # a damaged page the open did not touch: checked, recorded, and met again by the next start
            workspace.close(backup=False)
            if damage_after_error(workspace.path, exc) is None:
                raise
    show_error(
        parent, f"The workspace {paths.workspace_path()} could not be opened; try again after restarting."
    )
    return None


def _deal_with_damage(exc: WorkspaceDamaged, parent: QWidget | None) -> bool:
    """Ask, then restore or start fresh; False when the user quits (or the choice failed, said why)."""
    choice = ask_damaged(exc, parent)
    if choice is None:
        return False
    try:
        if choice == RESTORE and exc.backup is not None:
            restore_backup(exc.backup.path, paths.workspace_path())
        else:
            start_fresh(paths.workspace_path())
    except StoreError as err:
        show_error(parent, str(err))
        return False
    return True


def notices_text(notices: list[str]) -> str:
    """The start-up notices as one short paragraph each."""
    return "\n\n".join(notices)
