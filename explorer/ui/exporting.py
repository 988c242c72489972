"""Export, import and clipboard actions of the main window (an EXTENSION_MODULES entry).

File > Import…            read and check a CSV or JSON file, show its problems, import it
File > Export Selection…  (Ctrl+E) the export dialog: formats, PNG and SVG of the timeline
Edit > Copy as Markdown   the selection as a Markdown list (text/markdown and text/plain)
Edit > Copy as Tab-Separated  the selection as rows for a spreadsheet
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from explorer.formats import clipboard
from explorer.formats.common import Cancelled
from explorer.formats.import_plan import ImportPlan
from explorer.formats.importer import ImportResult, estimate_events, plan_import
from explorer.formats.problems import ImportFailed
from explorer.ui import export_jobs as jobs
from explorer.ui.actions import ActionSpec
from explorer.ui.errors import show_error

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.main_window import MainWindow

SPECS = (
    ActionSpec("import_events", "&Import…", "file", "import", None, "Add events from a CSV or JSON file"),
    ActionSpec(
        "export_selection",
        "&Export Selection…",
        "file",
        "export",
        "Ctrl+E",
        "Write the selected events to a file, or save a picture of the timeline",
    ),
    ActionSpec(
        "copy_markdown",
        "Copy as &Markdown",
        "edit",
        "clipboard",
        "Ctrl+Shift+C",
        "Copy the selected events as a Markdown list with their sources",
    ),
    ActionSpec(
        "copy_tsv",
        "Copy as &Tab-Separated",
        "edit",
        "clipboard",
        None,
        "Copy the selected events as rows to paste into a spreadsheet",
    ),
)
IMPORT_FILTER = (
    "Event files (*.csv *.tsv *.txt *.json);;CSV (*.csv *.tsv *.txt);;JSON (*.json);;All files (*)"
)


class ExportActions(QObject):
    """The window's export, import and clipboard actions and what they do (a child of the window)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("exportActions")
        actions = window.menu_actions
        for spec in SPECS:
            if spec.name not in actions:
                actions.add(spec)
        actions["import_events"].triggered.connect(self._on_import_triggered)
        actions["export_selection"].triggered.connect(self._on_export_triggered)
        actions["copy_markdown"].triggered.connect(self._on_copy_markdown_triggered)
        actions["copy_tsv"].triggered.connect(self._on_copy_tsv_triggered)
        window.session.selectionChanged.connect(self._on_session_selection_changed)
        self._on_session_selection_changed(window.session.selection())

    @property
    def window(self) -> MainWindow:
        """The window these actions belong to (its parent: no Python reference keeps it alive)."""
        return self.parent()  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        """The window's present session (read each time: File > Open may replace it)."""
        return self.window.session

    def _say(self, sentence: str) -> None:
        self.window.statusBar().showMessage(sentence, 8000)

    # --- clipboard ---------------------------------------------------------------------------------
    def _on_session_selection_changed(self, ids: list) -> None:
        for name in ("copy_markdown", "copy_tsv"):
            self.window.menu_actions[name].setEnabled(bool(ids))

    def _copy(self, markdown: bool) -> None:
        ids = self.session.selection()
        if not ids:
            self._say("Select some events to copy.")
            return
        bundle = self.session.events.export_bundle(ids)
        mime = QMimeData()
        if markdown:
            text = clipboard.as_markdown(bundle)
            mime.setData("text/markdown", text.encode("utf-8"))
        else:
            text = clipboard.as_tsv(bundle)
            mime.setData("text/tab-separated-values", text.encode("utf-8"))
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
        n = len(bundle.events)
        kind = "Markdown" if markdown else "tab-separated text"
        self._say(f"Copied {n:,} event{'s' if n != 1 else ''} as {kind}.")

    def _on_copy_markdown_triggered(self) -> None:
        self._copy(markdown=True)

    def _on_copy_tsv_triggered(self) -> None:
        self._copy(markdown=False)

    # --- export ------------------------------------------------------------------------------------
    def _on_export_triggered(self) -> None:
        from explorer.ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.session, self.window.timeline, self.window, self.window.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self._say)
        dialog.open()

    # --- import ------------------------------------------------------------------------------------
    def _on_import_triggered(self) -> None:
        settings = self.window.settings
        folder = str(settings.value("import/folder", "") or "") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Import Events", folder, IMPORT_FILTER)
        if not path:
            return
        settings.setValue("import/folder", str(Path(path).parent))
        self.open_import(Path(path))

    def open_import(self, path: Path) -> None:
        """Read and check a file, then show the import dialog for it (nothing is written yet)."""
        from explorer.ui.dialogs.import_dialog import ImportDialog

        # a large file's full-text index is built on the second core while the file is read
        feed = self.session.events.side_feed(path)
        estimate = estimate_events(path)
        try:
            with jobs.progress_dialog(self.window, f"Reading {path.name}…", "Import") as bar:

                def watch(plan: ImportPlan) -> None:  # every few thousand events read
                    if feed is not None:
                        feed(plan)
                    bar.progress(min(len(plan.events), max(estimate - 1, 0)), estimate)
                    if bar.cancelled():
                        raise Cancelled(f"Reading {path.name} was cancelled; nothing was imported.")

                plan = plan_import(path, watch=watch)
        except (ImportFailed, Cancelled) as exc:
            if feed is not None:
                feed.close()
            if isinstance(exc, Cancelled):
                self._say(str(exc))
            else:
                show_error(self.window, str(exc))
            return
        dialog = ImportDialog(self.session, plan, self.window, feed=feed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_import_dialog_imported)
        dialog.open()

    def _on_import_dialog_imported(self, result: ImportResult) -> None:
        self._say(result.summary())


def install(window: MainWindow) -> None:
    """Add the actions to a new window."""
    window.export_actions = ExportActions(window)  # type: ignore[attr-defined]
