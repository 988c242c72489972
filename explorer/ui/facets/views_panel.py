"""The Saved views dock: one click restores a view; Save, Import, and a menu to rename, export, delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import literal_html
from explorer.state.filters import range_words
from explorer.store import StoreError
from explorer.store.views import SavedView
from explorer.ui.errors import show_error
from explorer.ui.facets.saved_views import READ_ONLY_TIP, SavedViews
from explorer.ui.folders import last_folder, remember_folder, start_path

NAME_ROLE = Qt.ItemDataRole.UserRole
VIEW_FILTER = "View files (*.view.json *.json);;All files (*)"
EMPTY_HINT = "No saved views yet. Set filters, zoom and select, then Save… to keep them under a name."


def describe_view(view: SavedView) -> str:
    """A view's contents in a few lines, for its tooltip."""
    st = view.state
    lines = [view.name]
    facets = st.filter.active_facets()
    if st.filter.query.strip():
        lines.append(f"Search: {st.filter.query}")
    if facets:
        lines.append("Filters: " + ", ".join(f"{f} ({len(st.filter.values(f))})" for f in facets))
    if st.filter.date_range:
        lines.append("Dates: " + range_words(st.filter.date_range))
    if st.zoom:
        a, b = (date.fromordinal(z) for z in st.zoom)
        lines.append(f"Zoom: {a.isoformat()} to {b.isoformat()}")
    if st.lanes:
        lines.append(f"Lanes: {', '.join(st.lanes)}")
    if st.selection:
        lines.append(f"{len(st.selection):,} selected")
    return "\n".join(lines)


class SavedViewsPanel(QWidget):
    """The list of saved views with Save and Import buttons and a context menu."""

    #: a sentence for the status bar (saved, renamed, opened ...)
    said = Signal(str)

    def __init__(
        self, views: SavedViews, parent: QWidget | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("savedViewsPanel")
        self.views = views
        self.settings = settings  # remembers the folder views are shared from and to
        self.list = QListWidget()
        self.list.setObjectName("savedViewsList")
        self.list.setAccessibleName("Saved views")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setToolTip("Click a view to restore it; right-click to rename, export or delete it")
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setObjectName("savedViewsHint")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.save_button = QPushButton("Save…")
        self.save_button.setObjectName("saveViewButton")
        self.save_button.setToolTip("Keep the filters, search, zoom, lanes and selection under a name")
        self.import_button = QPushButton("Open File…")
        self.import_button.setObjectName("importViewButton")
        self.import_button.setToolTip("Open a view file someone sent you")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        if not views.writable:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(READ_ONLY_TIP)
        self.save_button.clicked.connect(self.save_current)
        self.import_button.clicked.connect(self.open_file)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu_requested)
        views.changed.connect(self.reload)
        self.reload()

    def sizeHint(self) -> QSize:
        """A narrow column beside the timeline."""
        return QSize(300, 400)

    def names(self) -> list[str]:
        """The listed view names, top to bottom."""
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]

    def item_named(self, name: str) -> QListWidgetItem | None:
        """The row of a view."""
        return next(
            (
                self.list.item(i)
                for i in range(self.list.count())
                if self.list.item(i).data(NAME_ROLE) == name
            ),
            None,
        )

    def reload(self) -> None:
        """Re-read the saved views."""
        self.list.clear()
        try:
            views = self.views.views()
        except StoreError as exc:
            self.hint.setText(literal_html(str(exc)))
            self.hint.show()
            return
        for view in views:
            item = QListWidgetItem(view.name)
            item.setData(NAME_ROLE, view.name)
            item.setToolTip(literal_html(describe_view(view)))
            self.list.addItem(item)
        self.hint.setText(EMPTY_HINT if self.views.writable else READ_ONLY_TIP)
        self.hint.setVisible(not views or not self.views.writable)

    # --- commands (each shows its own dialog; tests monkeypatch them) -----------------------------------
    def _say(self, sentence: str) -> None:
        self.said.emit(sentence)

    def save_current(self) -> None:
        """Ask for a name and save what the window shows."""
        name, ok = QInputDialog.getText(self, "Save View", "Name of this view:")
        if not ok or not name.strip():
            return
        if self.item_named(" ".join(name.split())) is not None:
            answer = QMessageBox.question(
                self, "Save View", literal_html(f"Replace the saved view “{name.strip()}”?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            view = self.views.save_current(name)
        except StoreError as exc:
            show_error(self, str(exc))
            return
        self._say(f"Saved the view “{view.name}”.")

    def restore(self, name: str) -> None:
        """Restore a view by name."""
        try:
            self.views.restore(name)
        except StoreError as exc:
            show_error(self, str(exc))
            return
        self._say(f"Restored the view “{name}”.")

    def rename(self, name: str) -> None:
        """Ask for a new name."""
        new, ok = QInputDialog.getText(self, "Rename View", "New name:", text=name)
        if not ok or new == name:
            return
        try:
            self.views.rename(name, new)
        except StoreError as exc:
            show_error(self, str(exc))

    def delete(self, name: str) -> None:
        """Delete a view after asking."""
        answer = QMessageBox.question(self, "Delete View", literal_html(f"Delete the saved view “{name}”?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.views.delete(name)
        except StoreError as exc:
            show_error(self, str(exc))

    def export(self, name: str) -> None:
        """Ask for a file and write the view to it."""
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() or "view"
        start = (
            start_path(self.settings, "share", f"{safe}.view.json") if self.settings else f"{safe}.view.json"
        )
        path, _ = QFileDialog.getSaveFileName(self, "Export View", start, VIEW_FILTER)
        if not path:
            return
        if self.settings is not None:
            remember_folder(self.settings, "share", path)
        try:
            written = self.views.export(name, path)
        except (StoreError, OSError) as exc:
            show_error(self, str(exc))
            return
        self._say(f"Wrote the view “{name}” to {written}.")

    def open_file(self) -> None:
        """Ask for a view file, keep it (when writable) and show it; problems as sentences."""
        start = last_folder(self.settings, "share") if self.settings else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open View", start, VIEW_FILTER)
        if path:
            if self.settings is not None:
                remember_folder(self.settings, "share", path)
            open_view_file(self, self.views, Path(path), self._say)

    # --- slots -------------------------------------------------------------------------------------------
    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.restore(item.data(NAME_ROLE))

    def _on_list_context_menu_requested(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        menu = QMenu(self)
        if item is not None:
            name = item.data(NAME_ROLE)
            menu.addAction("Restore", lambda: self.restore(name))
            rename = menu.addAction("Rename…", lambda: self.rename(name))
            menu.addAction("Export…", lambda: self.export(name))
            delete = menu.addAction("Delete", lambda: self.delete(name))
            for act in (rename, delete):
                act.setEnabled(self.views.writable)
            menu.addSeparator()
        menu.addAction("Save Current View…", self.save_current).setEnabled(self.views.writable)
        menu.addAction("Open View File…", self.open_file)
        self.context_menu = menu
        menu.popup(self.list.viewport().mapToGlobal(pos))


def open_view_file(parent: QWidget, views: SavedViews, path: Path, say: Callable[[str], None]) -> bool:
    """Open a view file in the window: ViewError as a dialog, missing references as a warning."""
    try:
        view, warnings = views.open_file(path)
    except StoreError as exc:
        show_error(parent, str(exc))
        return False
    if warnings:
        QMessageBox.warning(
            parent,
            "Open View",
            literal_html(
                f"The view “{view.name}” was opened, but parts of it are not in this database.\n\n"
                + "\n".join(warnings)
            ),
        )
    say(f"Opened the view “{view.name}”.")
    return True
