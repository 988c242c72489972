"""Export, import and clipboard actions of the main window.

File > Import…            read and check a CSV or JSON file, show its problems, import it
File > Export Selection…  (Ctrl+E) the export dialog: formats, PNG and SVG of the timeline
Edit > Copy as Markdown   the selection as a Markdown list (text/markdown and text/plain)
Edit > Copy as Tab-Separated  the selection as rows for a spreadsheet (Edit > Copy Selection too)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from explorer.ui.actions import Actions
from explorer.ui.errors import show_error

# The formats (xlsxwriter, the CSV reader, the export registry) are imported when first used, not
# before the window's first paint.
if TYPE_CHECKING:
    from explorer.formats.import_plan import ImportPlan
    from explorer.formats.importer import ImportResult
    from explorer.state import Session
    from explorer.timeline.view import TimelineView

IMPORT_FILTER = (
    "Event files (*.csv *.tsv *.txt *.json);;CSV (*.csv *.tsv *.txt);;JSON (*.json);;All files (*)"
)


class ExportActions(QObject):
    """The window's export, import and clipboard actions and what they do."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        timeline: TimelineView,
        settings: QSettings,
        status: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportActions")
        self.session = session
        self.actions = actions
        self.timeline = timeline
        self.settings = settings
        self.status = status
        self.parent_widget = parent
        actions["import_events"].triggered.connect(self._on_import_triggered)
        actions["export_selection"].triggered.connect(self._on_export_triggered)
        actions["copy"].triggered.connect(self._on_copy_tsv_triggered)
        actions["copy_markdown"].triggered.connect(self._on_copy_markdown_triggered)
        actions["copy_tsv"].triggered.connect(self._on_copy_tsv_triggered)
        session.selectionChanged.connect(self._on_session_selection_changed)
        self._on_session_selection_changed(session.selection())

    def _say(self, sentence: str) -> None:
        self.status.showMessage(sentence, 8000)

    # --- clipboard ---------------------------------------------------------------------------------
    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        for name in ("copy_markdown", "copy_tsv"):
            self.actions[name].setEnabled(bool(ids))

    def _copy(self, markdown: bool) -> None:
        ids = list(self.session.selection())
        if not ids:
            self._say("Select some events to copy.")
            return
        from explorer.formats import clipboard

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

        dialog = ExportDialog(self.session, self.timeline, self.parent_widget, self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self._say)
        dialog.open()

    # --- import ------------------------------------------------------------------------------------
    def _on_import_triggered(self) -> None:
        settings = self.settings
        folder = str(settings.value("import/folder", "") or "") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Import Events", folder, IMPORT_FILTER)
        if not path:
            return
        settings.setValue("import/folder", str(Path(path).parent))
        self.open_import(Path(path))

    def open_import(self, path: Path) -> None:
        """Read and check a file, then show the import dialog for it (nothing is written yet)."""
        from explorer.formats.common import Cancelled
        from explorer.formats.importer import estimate_events, plan_import
        from explorer.formats.problems import ImportFailed
        from explorer.ui import export_jobs as jobs
        from explorer.ui.dialogs.import_dialog import ImportDialog

        # a large file's full-text index is built on the second core while the file is read
        feed = self.session.events.side_feed(path)
        estimate = estimate_events(path)
        try:
            with jobs.progress_dialog(self.parent_widget, f"Reading {path.name}…", "Import") as bar:

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
                show_error(self.parent_widget, str(exc))
            return
        dialog = ImportDialog(self.session, plan, self.parent_widget, feed=feed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_import_dialog_imported)
        dialog.open()

    def _on_import_dialog_imported(self, result: ImportResult) -> None:
        self._say(result.summary())
