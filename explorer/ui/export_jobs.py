"""Running exports and imports from the window: which events, what to include, progress and cancel.

No dialogs are built here except the progress dialog; the export and import dialogs and the menu
actions (explorer.ui.exporting) call these functions. Writing happens in the GUI thread: the
writers report progress about a hundred times, and each report lets Qt handle events (at most
every 50 ms), so the progress dialog repaints and its Cancel button works.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QWidget

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions
from explorer.formats.registry import FORMATS
from explorer.state import Session
from explorer.ui.image_export import IMAGE_FORMATS

#: What the user may choose to include; each export format carries some of them (the registry says which).
INCLUDES = ("notes", "tags", "sources", "links")
SCOPES = ("selection", "shown", "all")


def format_names() -> list[str]:
    """Every export format of the registry, then the two images of the timeline."""
    return [*FORMATS, *IMAGE_FORMATS]


def format_label(name: str) -> str:
    """The format's label for a list."""
    return IMAGE_FORMATS[name][0] if name in IMAGE_FORMATS else FORMATS[name].label


def format_extension(name: str) -> str:
    """The file extension with its dot."""
    return IMAGE_FORMATS[name][1] if name in IMAGE_FORMATS else FORMATS[name].extension


def is_image(name: str) -> bool:
    """True for PNG and SVG pictures of the timeline."""
    return name in IMAGE_FORMATS


def carries(name: str) -> frozenset[str]:
    """Which of notes, tags, sources and links a format can hold."""
    if is_image(name):
        return frozenset()
    return FORMATS[name].carries


def requires(name: str) -> frozenset[str]:
    """Parts a format always includes (they cannot be left out)."""
    return frozenset() if is_image(name) else FORMATS[name].requires


@dataclass(frozen=True)
class Include:
    """The optional parts of an export."""

    notes: bool = True
    tags: bool = True
    sources: bool = True
    links: bool = True

    def for_format(self, name: str) -> Include:
        """Only what the format carries, plus what it always needs."""
        ok, need = carries(name), requires(name)
        return Include(**{k: (k in ok and getattr(self, k)) or k in need for k in INCLUDES})


def scope_ids(session: Session, scope: str) -> list[str] | None:
    """The ids of a scope: the selection, the events the filter shows, or None for all events."""
    if scope == "selection":
        return list(session.selection())  # (the ids of a Select All are read here, for the export)
    if scope == "shown":
        return [str(e) for e in session.columns.ids[session.shown_mask()]]
    return None


def scope_rows(session: Session, scope: str) -> np.ndarray | None:
    """The columns rows of a scope in date order (None for all events), found without reading an id."""
    if scope == "selection":
        return np.flatnonzero(session.selected_mask())
    if scope == "shown":
        return np.flatnonzero(session.shown_mask())
    return None


def scope_counts(session: Session) -> dict[str, int]:
    """How many events each scope holds."""
    return {
        "selection": len(session.selection()),
        "shown": session.shown_count(),
        "all": len(session.columns),
    }


def scope_undated(session: Session, scope: str) -> int:
    """How many undated records a scope holds (formats that need a date leave them out)."""
    cols = session.columns
    rows = scope_rows(session, scope)
    return int((~cols.dated).sum()) if rows is None else int((~cols.dated[rows]).sum())


def trim_bundle(bundle: Bundle, include: Include) -> Bundle:
    """The bundle without the parts left out (notes are left out by the writers themselves)."""
    out = bundle
    if not include.tags:
        out = dataclasses.replace(out, tags={}, tag_colors={})
    if not include.links:
        out = dataclasses.replace(out, links=[])
    if not include.sources:
        events = [dataclasses.replace(e, source_ids=[]) for e in out.events]
        out = dataclasses.replace(out, sources=[], events=events)
    return out


def export_options(
    include: Include, title: str = "", csv_bom: bool = True, formula_guard: bool = True
) -> ExportOptions:
    """The writers' options for these choices."""
    return ExportOptions(
        title=title.strip() or None, csv_bom=csv_bom, formula_guard=formula_guard, include_notes=include.notes
    )


class Progress:
    """A window-modal QProgressDialog fed by the writers' progress and cancelled callbacks."""

    def __init__(self, parent: QWidget | None, label: str, title: str) -> None:
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName("progressDialog")
        # the label names a file, whose name is data: plain text, never markup Qt would guess and load
        words = QLabel(label)
        words.setTextFormat(Qt.TextFormat.PlainText)
        self.dialog.setLabel(words)
        self.dialog.setCancelButtonText("Cancel")
        self.dialog.setRange(0, 100)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        self._last = 0.0

    def progress(self, done: int, total: int) -> None:
        """Show how far the work is and, now and then, let Qt paint and read the Cancel button."""
        if total > 0:
            if self.dialog.maximum() != total:
                self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        now = time.monotonic()
        if now - self._last >= 0.05:
            self._last = now
            QApplication.processEvents()

    def cancelled(self) -> bool:
        """True once the user pressed Cancel."""
        return self.dialog.wasCanceled()

    def close(self) -> None:
        """Take the dialog away."""
        # reset() stops the timer that shows the dialog after minimumDuration; hide() alone does not,
        # so a dialog closed early (a write that failed at once) would pop up over the error message
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()


@contextlib.contextmanager
def progress_dialog(parent: QWidget | None, label: str, title: str) -> Iterator[Progress]:
    """A Progress for the duration of a block, with a busy cursor."""
    bar = Progress(parent, label, title)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        yield bar
    finally:
        QApplication.restoreOverrideCursor()
        bar.close()


def with_extension(path: str, extension: str) -> Path:
    """The path with the format's extension added when it has none."""
    p = Path(path)
    return p if p.suffix else p.with_name(p.name + extension)
