"""File > Export Selection: which events, which format, what to include, a live preview, then a file name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.bundle import Bundle
from explorer.formats.common import Cancelled
from explorer.formats.registry import FORMATS
from explorer.state import Session
from explorer.store.atomic import OutputError
from explorer.timeline.view import TimelineView
from explorer.ui import export_jobs as jobs
from explorer.ui.dialogs.export_preview import ExportPreview
from explorer.ui.errors import show_error
from explorer.ui.folders import last_folder, remember_folder, safe_file_stem
from explorer.ui.image_export import (
    ImageOptions,
    attribution,
    custom_dpi,
    render_image,
    size_in_words,
    size_presets,
    write_image,
)
from explorer.ui.range_words import format_range

PREVIEW_EVENTS = 20
SCOPE_WORDS = {
    "selection": "Selected events",
    "shown": "Events shown by the current filter",
    "all": "All events",
}
FILE_STEMS = {"selection": "selected-events", "shown": "shown-events", "all": "all-events"}


class ExportDialog(QDialog):
    """Choose what to export and how; Export… asks for the file and writes it with progress."""

    exported = Signal(str)  # a sentence saying what was written where

    def __init__(
        self,
        session: Session,
        timeline: TimelineView,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Selection")
        self.session, self.timeline, self.settings = session, timeline, settings
        self._bundles: dict[str, Bundle] = {}
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._on_timer_timeout)
        # A preview due after the database closed would read a closed connection.
        session.aboutToClose.connect(self._timer.stop)
        self.preview = ExportPreview()
        body = QHBoxLayout()
        choices = QWidget()
        choices.setObjectName("exportChoices")
        choices.setLayout(self._build_choices())
        choices.setFixedWidth(400)
        body.addWidget(choices, 0)
        preview_box = QGroupBox("Preview")
        QVBoxLayout(preview_box).addWidget(self.preview)
        body.addWidget(preview_box, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        # made the default only once the box is in the dialog: set before, Qt makes Cancel the
        # default on show, and Enter would cancel the export
        self.export_button.setDefault(True)
        last = str(settings.value("export/format", "") or "") if settings is not None else ""
        if self.format_combo.findData(last) >= 0:
            self.set_format(last)
        if settings is not None:
            self.title_edit.setText(str(settings.value("export/title", "") or ""))
        self._on_format_changed()
        self.resize(980, 620)

    # --- building ---------------------------------------------------------------------------------
    def _build_choices(self) -> QVBoxLayout:
        counts = jobs.scope_counts(self.session)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for name in jobs.format_names():
            self.format_combo.addItem(jobs.format_label(name), name)
        self.format_combo.setMinimumContentsLength(30)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.extension_label = QLabel()
        self.extension_label.setObjectName("exportExtension")
        fmt = QHBoxLayout()
        fmt.addWidget(self.format_combo, 1)
        fmt.addWidget(self.extension_label)
        self.scope_box = QGroupBox("Events")
        scope_layout = QVBoxLayout(self.scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for scope in jobs.SCOPES:
            button = QRadioButton(f"{SCOPE_WORDS[scope]} ({counts[scope]:,})")
            button.setObjectName(f"scope_{scope}")
            button.setEnabled(counts[scope] > 0)
            button.toggled.connect(self._on_option_changed)
            self.scope_group.addButton(button)
            self.scope_buttons[scope] = button
            scope_layout.addWidget(button)
        default = (
            "selection" if counts["selection"] else ("shown" if counts["shown"] < counts["all"] else "all")
        )
        self.scope_buttons[default].setChecked(True)
        self.include_box = QGroupBox("Include")
        grid = QGridLayout(self.include_box)
        self.include_checks: dict[str, QCheckBox] = {}
        self._wanted = dict.fromkeys(jobs.INCLUDES, True)
        words = {"notes": "&Notes", "tags": "&Tags", "sources": "&Sources", "links": "&Links between events"}
        for i, part in enumerate(jobs.INCLUDES):
            check = QCheckBox(words[part])
            check.setObjectName(f"include_{part}")
            check.setChecked(True)
            check.toggled.connect(self._on_include_toggled)
            grid.addWidget(check, i // 2, i % 2)
            self.include_checks[part] = check
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("exportTitle")
        self.title_edit.setClearButtonEnabled(True)
        self.title_edit.textChanged.connect(self._on_option_changed)
        self.bom_check = QCheckBox("Byte-order &mark (Excel reads the file as UTF-8)")
        self.bom_check.setObjectName("csvBom")
        self.guard_check = QCheckBox("&Guard cells that look like formulas")
        self.guard_check.setObjectName("csvFormulaGuard")
        for check in (self.bom_check, self.guard_check):
            check.setChecked(True)
            check.toggled.connect(self._on_option_changed)
        self.csv_box = QGroupBox("Spreadsheets")
        csv_layout = QVBoxLayout(self.csv_box)
        csv_layout.addWidget(self.bom_check)
        csv_layout.addWidget(self.guard_check)
        form = QFormLayout()
        format_label = QLabel("&Format:")
        format_label.setBuddy(self.format_combo)
        form.addRow(format_label, fmt)
        form.addRow("&Title:", self.title_edit)
        column = QVBoxLayout()
        column.addLayout(form)
        for box in (self.scope_box, self.include_box, self.csv_box, self._build_image_box()):
            column.addWidget(box)
        self.note_label = QLabel()
        self.note_label.setObjectName("exportNote")
        self.note_label.setWordWrap(True)
        column.addWidget(self.note_label)
        column.addStretch(1)
        return column

    def _build_image_box(self) -> QGroupBox:
        self.image_box = QGroupBox("Image")
        self.presets = size_presets(self.timeline.size())
        self.size_combo = QComboBox()
        self.size_combo.setObjectName("imageSize")
        for preset in self.presets:
            self.size_combo.addItem(preset.label, preset.key)
        self.size_combo.currentIndexChanged.connect(self._on_size_combo_changed)
        self.width_spin, self.height_spin = QSpinBox(), QSpinBox()
        for spin, name in ((self.width_spin, "imageWidth"), (self.height_spin, "imageHeight")):
            spin.setObjectName(name)
            spin.setRange(320, 12000)
            spin.setSuffix(" px")
            spin.valueChanged.connect(self._on_option_changed)
        self.mark_check = QCheckBox("&Highlight the selected events")
        self.mark_check.setObjectName("imageMarkSelection")
        self.mark_check.setChecked(True)
        self.mark_check.setEnabled(bool(self.session.selection()))
        self.mark_check.toggled.connect(self._on_option_changed)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        form = QFormLayout(self.image_box)
        form.addRow("Si&ze:", self.size_combo)
        form.addRow("", size_row)
        form.addRow("", self.mark_check)
        self._on_size_combo_changed()
        return self.image_box

    # --- reading the choices ------------------------------------------------------------------------
    def format_name(self) -> str:
        """The chosen format's registry name, or png / svg."""
        return str(self.format_combo.currentData())

    def set_format(self, name: str) -> None:
        """Choose a format by name."""
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def scope(self) -> str:
        """selection, shown or all."""
        return next(s for s, b in self.scope_buttons.items() if b.isChecked())

    def set_scope(self, scope: str) -> None:
        """Choose which events to export."""
        self.scope_buttons[scope].setChecked(True)

    def include(self) -> jobs.Include:
        """The parts to include, as the chosen format can carry them."""
        chosen = jobs.Include(**{k: c.isChecked() for k, c in self.include_checks.items()})
        return chosen.for_format(self.format_name())

    def image_options(self) -> ImageOptions:
        """The picture's size, words and highlighting."""
        w, h = self.width_spin.value(), self.height_spin.value()
        key = str(self.size_combo.currentData())
        preset = next(p for p in self.presets if p.key == key)
        dpi = custom_dpi(w, h) if key == "custom" else preset.dpi
        d0, d1 = self.timeline.visible_range()
        span = format_range(d0, d1)
        shown = self.session.shown_count()
        lanes = len(self.session.visible_lanes())
        given = self.title_edit.text().strip()
        subtitle = f"{shown:,} events in {lanes} lane{'s' if lanes != 1 else ''}" + (
            f", {span}" if given else ""
        )
        n = len(self.session.selection())
        mark = self.mark_check.isChecked() and n > 0
        if mark:
            subtitle += f" · {n:,} highlighted"
        title = given or f"Timeline, {span}"
        return ImageOptions(w, h, dpi, title, subtitle, attribution(self.session.events.meta()), mark)

    def _bundle(self, scope: str) -> Bundle:
        if scope not in self._bundles:
            self._bundles[scope] = self.session.events.export_bundle(jobs.scope_ids(self.session, scope))
        return self._bundles[scope]

    def _first_ids(self, limit: int) -> list[str]:
        cols = self.session.columns
        ids = jobs.scope_ids(self.session, self.scope())
        rows = sorted(cols.rows_of(ids).tolist()) if ids is not None else range(min(limit, len(cols)))
        return [str(cols.ids[r]) for r in list(rows)[:limit]]

    # --- slots -----------------------------------------------------------------------------------------
    def _on_format_changed(self, *_: object) -> None:
        name = self.format_name()
        image = jobs.is_image(name)
        ok, need = jobs.carries(name), jobs.requires(name)
        for part, check in self.include_checks.items():
            free = part in ok and part not in need
            check.blockSignals(True)
            check.setChecked(self._wanted[part] if free else part in need)
            check.blockSignals(False)
            check.setEnabled(free)
            check.setToolTip(
                ""
                if free
                else ("This format always holds them." if part in need else "This format cannot hold them.")
            )
        self.scope_box.setVisible(not image)
        self.include_box.setVisible(not image)
        self.csv_box.setVisible(name == "csv")
        self.image_box.setVisible(image)
        self.title_edit.setEnabled(image or name in ("markdown", "timelinejs"))
        count = jobs.scope_counts(self.session)[self.scope()]
        span = format_range(*self.timeline.visible_range())
        placeholder = f"Timeline, {span}" if image else f"Neutrality Explorer: {count:,} events"
        self.title_edit.setPlaceholderText(placeholder if self.title_edit.isEnabled() else "")
        self.extension_label.setText(jobs.format_extension(name))
        self.note_label.setText(
            "The image shows the timeline as it is now: its dates, lanes and filter." if image else ""
        )
        self._on_option_changed()

    def _on_size_combo_changed(self, *_: object) -> None:
        key = str(self.size_combo.currentData())
        preset = next(p for p in self.presets if p.key == key)
        custom = key == "custom"
        for spin, value in ((self.width_spin, preset.width), (self.height_spin, preset.height)):
            spin.setEnabled(custom)
            if not custom:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)
        self._on_option_changed()

    def _on_include_toggled(self, *_: object) -> None:
        for part, check in self.include_checks.items():
            if check.isEnabled():
                self._wanted[part] = check.isChecked()
        self._timer.start()

    def _on_option_changed(self, *_: object) -> None:
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        if not self.session.closed:
            self.update_preview()

    def update_preview(self) -> None:
        """Render the preview for the present choices (called after a short pause in changes)."""
        name = self.format_name()
        if jobs.is_image(name):
            opts = self.image_options()
            width = max(240, self.preview.pages.width() - 16)
            image = render_image(self.timeline, opts, width)
            self.preview.show_image(image, f"{opts.width:,} × {opts.height:,} pixels at {opts.dpi:.0f} dpi.")
            return
        scope = self.scope()
        total = jobs.scope_counts(self.session)[scope]
        if total == 0:
            self.preview.show_message("There are no events to export.")
            return
        include = self.include()
        if name == "sqlite":
            bundle = jobs.trim_bundle(self._bundle(scope), include)
            self.preview.show_tables(bundle, f"A database holding {total:,} events with the rows listed.")
            return
        ids = self._first_ids(PREVIEW_EVENTS)
        bundle = jobs.trim_bundle(self.session.events.export_bundle(ids), include)
        text = FORMATS[name].preview(bundle, self._export_options(include))
        part = f"The first {len(ids)} of {total:,} events" if total > len(ids) else f"All {total:,} events"
        caption = f"{part}, as they will be written."
        if name == "timelinejs" and (undated := jobs.scope_undated(self.session, scope)):
            caption += f" {undated:,} undated event{'s' if undated != 1 else ''} left out: TimelineJS needs a start date."
        self.preview.show_text(text, caption, wrap=name == "markdown")

    def _export_options(self, include: jobs.Include) -> jobs.ExportOptions:
        return jobs.export_options(
            include, self.title_edit.text(), self.bom_check.isChecked(), self.guard_check.isChecked()
        )

    # --- exporting -------------------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        return Path(last_folder(self.settings, "export")) if self.settings is not None else Path.home()

    def accept(self) -> None:
        """Ask for the file (with the format's extension), write it, and close when it was written."""
        name = self.format_name()
        ext = jobs.format_extension(name)
        title = self.title_edit.text().strip() if self.title_edit.isEnabled() else ""
        # the title the user gave names the file; without one, what is exported does
        stem = safe_file_stem(title, "") or ("timeline" if jobs.is_image(name) else FILE_STEMS[self.scope()])
        label = jobs.format_label(name)
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export Selection",
            str(self._start_folder() / f"{stem}{ext}"),
            f"{label} (*{ext});;All files (*)",
        )
        if not path:
            return
        target = jobs.with_extension(path, ext)
        sentence = self._write(name, target)
        if sentence is None:
            return
        if self.settings is not None:
            remember_folder(self.settings, "export", target)
            self.settings.setValue("export/format", name)
            self.settings.setValue("export/title", self.title_edit.text().strip())
        self.exported.emit(sentence)
        super().accept()

    def _write(self, name: str, target: Path) -> str | None:
        """Write the export; the sentence saying what was written, or None after an error or Cancel."""
        try:
            if jobs.is_image(name):
                opts = self.image_options()
                write_image(self.timeline, opts, target, name)
                return f"Saved {size_in_words(opts, name)} image of the timeline to {target}."
            scope = self.scope()
            include = self.include()
            with jobs.progress_dialog(self, f"Writing {target.name}…", "Export Selection") as bar:
                bundle = jobs.trim_bundle(self._bundle(scope), include)
                FORMATS[name].write(
                    bundle, target, self._export_options(include), bar.progress, bar.cancelled
                )
            # Counted in what the file holds: "47 BibTeX entries for 176 events", "176 events as CSV …".
            sentence = f"Exported {FORMATS[name].summary(bundle)} to {target}."
            if FORMATS[name].companion is not None:
                from explorer.formats.datasette_meta import serve_command

                sentence += f" For Datasette: {serve_command(target)}"
            return sentence
        except Cancelled:
            self.preview.caption.setText("The export was cancelled; nothing was written.")
        except OutputError as exc:
            show_error(self, str(exc))
        return None

    def sizeHint(self) -> QSize:
        """Room for the choices and a readable preview."""
        return QSize(980, 620)
