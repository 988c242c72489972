"""Opening the user's workspace when the app starts: the lock, recovery after damage, and the notices."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from explorer import paths
from explorer.store import StoreError
from explorer.store.backup import restore_backup
from explorer.store.lock import WorkspaceInUse
from explorer.store.recovery import WorkspaceDamaged
from explorer.store.workspace import start_workspace
from explorer.ui.errors import TITLE, show_error
from explorer.ui.session import Session

RESTORE, FRESH = "restore", "fresh"


def ask_damaged(exc: WorkspaceDamaged, parent: QWidget | None = None) -> str | None:
    """Ask what to do about a damaged workspace: RESTORE the newest backup, start FRESH, or None to quit."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setText(str(exc))
    restore = None
    if exc.backup is not None:
        box.setInformativeText(
            "Restore that backup to go on where it left off, or start fresh from the bundled corpus "
            "(your annotations stay in the damaged file that was moved aside)."
        )
        restore = box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText("You can start fresh from the bundled corpus; the damaged file is kept aside.")
    fresh = box.addButton("Start Fresh", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return RESTORE
    if clicked is fresh and exc.moved_to is not None:
        return FRESH
    return None


def open_workspace_session(parent: QWidget | None = None) -> Session | None:
    """Start the workspace (lock, create, recover, merge) as a Session; None after telling the user why not."""
    for _ in range(3):
        try:
            return Session.from_workspace(start_workspace())
        except WorkspaceInUse as exc:
            show_error(parent, str(exc))
            return None
        except WorkspaceDamaged as exc:
            choice = ask_damaged(exc, parent)
            if choice is None:
                return None
            if choice == RESTORE and exc.backup is not None:
                try:
                    restore_backup(exc.backup.path, paths.workspace_path())
                except StoreError as err:
                    show_error(parent, str(err))
                    return None
            # FRESH: the damaged file was moved aside, so the next start copies the corpus again
        except StoreError as exc:
            show_error(parent, str(exc))
            return None
    show_error(
        parent, f"The workspace {paths.workspace_path()} could not be opened; try again after restarting."
    )
    return None


def notices_text(notices: list[str]) -> str:
    """The start-up notices as one short paragraph each."""
    return "\n\n".join(notices)
