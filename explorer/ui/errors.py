"""Errors shown to a person: one plain sentence in a dialog, the traceback only in a log file."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from explorer.formats.text import literal_html
from explorer.paths import user_data_dir
from explorer.store.errors import failure_sentence

TITLE = "Neutrality Explorer"


def log_path() -> Path:
    """The file unexpected errors are written to."""
    return user_data_dir() / "logs" / "neutrality-explorer.log"


def show_error(parent: QWidget | None, sentence: str, title: str = TITLE) -> None:
    """Tell the user what went wrong in one sentence."""
    QMessageBox.critical(parent, title, literal_html(sentence))  # sentences quote file names and values


def write_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path | None:
    """Append a traceback to the log; the log's path, or None when it cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
    except OSError:
        return None
    return path


def plain_sentence(exc: BaseException, log: Path | None) -> str:
    """The sentence for an unexpected error."""
    what = str(exc).strip().rstrip(".") or exc.__class__.__name__
    where = f" The details were written to {log}." if log else ""
    return f"Something went wrong that Neutrality Explorer did not expect: {what}.{where}"


def damage_sentence(exc: BaseException) -> str | None:
    """For a query that found the workspace damaged: what happened and the backup the next start offers."""
    from explorer.store.db import is_corruption

    cause = getattr(exc, "cause", None)  # a write that found the file damaged (store.errors.DatabaseDamaged)
    exc = cause if isinstance(cause, BaseException) else exc
    if not is_corruption(exc):
        return None
    from explorer.paths import workspace_path
    from explorer.store.recovery import damage_after_error

    found = damage_after_error(workspace_path(), exc)
    if found is None:
        return None
    return f"{found.sentence} Quit and start Neutrality Explorer again to restore it or start fresh."


_dialogs = True


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log = write_log(exc_type, exc, tb)
    # damage names the backup the next start offers; a full disk or a read-only or busy file is not a
    # surprise either: say what it is, not "did not expect"
    sentence = damage_sentence(exc) or failure_sentence(exc) or plain_sentence(exc, log)
    if not _dialogs or QApplication.instance() is None:
        print(sentence, file=sys.stderr)
        return
    try:
        show_error(QApplication.activeWindow(), sentence)
    except Exception:  # the dialog itself failed: fall back to stderr rather than recurse
        print(sentence, file=sys.stderr)


def install_excepthook(dialogs: bool = True) -> None:
    """Show unexpected errors as a plain sentence (a dialog, or stderr) and log their traceback."""
    global _dialogs
    _dialogs = dialogs
    sys.excepthook = _excepthook
