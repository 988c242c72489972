"""File > Import: what a file would add, every problem found in it, and the import itself with progress.

The file has been read and checked (`plan_import`) before the dialog opens; nothing is written
until the user presses Import. A file with problems in the file as a whole is refused; one with
some invalid rows can be imported without them ("Import the N valid rows and skip M"), and
afterwards the dialog lists exactly what was skipped.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.common import Cancelled
from explorer.formats.import_plan import ImportPlan
from explorer.formats.import_write import SideFeed
from explorer.formats.importer import ImportResult
from explorer.formats.problems import ImportFailed, Problem
from explorer.formats.text import literal_html, slugify
from explorer.model.dates import describe
from explorer.state import Session
from explorer.store.import_match import PAIRED_TRACKS
from explorer.ui import export_jobs as jobs
from explorer.ui.dialogs.problem_model import ProblemModel, rows_for

#: Above this many rows, rows keep one line each (wrapping every row would be slow).
WRAP_LIMIT = 300


def plural(n: int, word: str) -> str:
    """“1 event”, “3 events”."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def joined_lanes(plan: ImportPlan, here: set[str]) -> dict[str, str]:
    """The file's tracks that join the paper's paired lanes (foreign, security) here: key -> lane id."""
    return {k: slugify(k) for k in plan.tracks if slugify(k) in PAIRED_TRACKS and slugify(k) in here}


def lanes_sentence(plan: ImportPlan, joined: dict[str, str] | None = None) -> str:
    """“Diplomacy (2 events) and Statements (1 event)”; a track joining a paired lane says so."""
    per_track = Counter(e.track for e in plan.events)
    joined = joined or {}
    parts = [
        f"{spec.name} ({plural(per_track[key], 'event')}"
        + (f", into the paper's “{joined[key]}” lane)" if key in joined else ")")
        for key, spec in plan.tracks.items()
    ]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


#: How many events the preview shows.
PREVIEW_ROWS = 5


class ImportDialog(QDialog):
    """The plan's summary and problems, and a button to import (all rows, or the valid ones)."""

    imported = Signal(object)  # the ImportResult

    def __init__(
        self,
        session: Session,
        plan: ImportPlan,
        parent: QWidget | None = None,
        feed: SideFeed | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(f"Import {plan.name}")
        self.session, self.plan = session, plan
        # the worker fed while the file was read (large files): used by the first import, else stopped
        self.feed = feed
        self.finished.connect(self._drop_feed)
        self.import_result: ImportResult | None = None
        self.skip_invalid = bool(plan.problems) and not plan.fatal
        self.unit = "row" if plan.format == "csv" else "item"
        self._build_labels()
        self._build_preview()
        self._build_problems()
        self._build_buttons()
        self._lay_out()
        self._show_plan()
        if self.problems_box.isVisibleTo(self):
            self.resize(900, 520)
        else:
            self.resize(680, self.sizeHint().height())

    def _build_labels(self) -> None:
        """The heading (the plan in one line) and the status sentence under it."""
        self.heading = QLabel()
        self.heading.setObjectName("importSummary")
        # The heading and status quote the file's name, its lanes and its problems: never read as HTML.
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.heading.font())
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        bold.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(bold)
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.heading, self.status):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _build_preview(self) -> None:
        """The table of the first events with their dates as read."""
        # the first events as they will be read, so that a misread date is seen before anything is written
        self.preview_box = QGroupBox("The first events, with their dates as they will be read")
        self.preview = QTableWidget(0, 3)
        self.preview.setObjectName("importPreview")
        self.preview.setHorizontalHeaderLabels(["Event", "Date as read", "EDTF"])
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setShowGrid(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(self.preview_box).addWidget(self.preview)

    def _build_problems(self) -> None:
        """The list of problems found in the file, with a button to copy it."""
        self.problems_box = QGroupBox()
        style = self.style()
        icons = {
            "fatal": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "problem": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self.model = ProblemModel(icons)
        self.problems = QTableView()
        self.problems.setObjectName("importProblems")
        self.problems.setModel(self.model)
        self.problems.verticalHeader().hide()
        self.problems.setAlternatingRowColors(True)
        self.problems.setShowGrid(False)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.problems.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        header.setStretchLastSection(True)
        copy = QPushButton("&Copy Problems")
        copy.setObjectName("copyProblems")
        copy.setToolTip("Copy every line of the list, to fix the file in another program")
        copy.clicked.connect(self._on_copy_clicked)
        box_layout = QVBoxLayout(self.problems_box)
        box_layout.addWidget(self.problems)
        box_layout.addWidget(copy, 0, Qt.AlignmentFlag.AlignRight)

    def _build_buttons(self) -> None:
        """Import and Cancel."""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        """Heading, status, preview, problems and buttons, top to bottom."""
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.preview_box)
        layout.addWidget(self.problems_box, 1)
        layout.addStretch(0)
        layout.addWidget(self.buttons)

    # --- states ----------------------------------------------------------------------------------------
    def _show_plan(self) -> None:
        plan = self.plan
        self._fill_preview()
        bad, good = len(plan.problems), len(plan.events)
        self._fill(plan.problems, plan.warnings, "Problems")
        refusal = self._refusal()
        joined = joined_lanes(plan, {t.id for t in self.session.tracks})
        if plan.fatal:
            self.heading.setText(f"{plan.name} cannot be imported")
        else:
            lanes = plural(len(plan.tracks) - len(joined), "new lane")
            self.heading.setText(f"{plan.name}: {plural(good, 'valid event')} for {lanes}")
        if refusal is not None:
            self.status.setText(refusal)
            self.import_button.hide()
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Close")
            return
        if self.skip_invalid:
            self.status.setText(
                f"{plural(bad, self.unit)} cannot be imported (listed below). You can import the "
                f"{plural(good, 'valid ' + self.unit)} and skip the others; nothing is written until you do."
            )
            self.import_button.setText(f"&Import the {good:,} valid {self.unit}s and skip {bad:,}")
        else:
            self.status.setText(
                f"Every {self.unit} is valid. The events will appear in lanes of their own: "
                f"{lanes_sentence(plan, joined)}. The corpus and your notes are not changed."
            )
            self.import_button.setText(f"&Import {plural(good, 'event')}")
        self.import_button.setDefault(True)

    def _fill_preview(self) -> None:
        shown = self.plan.events[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        for row, e in enumerate(shown):
            words = e.date_text or (describe(e.date) if e.date else "undated")
            for col, text in enumerate((e.title, words, e.date)):
                self.preview.setItem(row, col, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()
        height = self.preview.horizontalHeader().height() + sum(
            self.preview.rowHeight(r) for r in range(len(shown))
        )
        self.preview.setFixedHeight(height + 2 * self.preview.frameWidth())
        self.preview_box.setVisible(bool(shown))

    def _refusal(self) -> str | None:
        """Why this plan cannot be imported here, or None when it can."""
        plan = self.plan
        if plan.fatal:
            n = len(plan.fatal)
            if n == 1:
                return f"This file cannot be imported, so nothing will be written: {plan.fatal[0]}"
            return (
                f"This file cannot be imported, so nothing will be written: {n} problems concern the file "
                "as a whole (listed below), so none of its rows can be trusted."
            )
        if self.session.readonly:
            name = self.session.path.name if self.session.path else "This database"
            return (
                f"{name} is read-only, so nothing can be imported into it; "
                "open your workspace or another database first."
            )
        try:
            self.session.events.check_import(plan, self.skip_invalid)
        except ImportFailed as exc:
            return str(exc).splitlines()[0]
        return None

    def _show_result(self, result: ImportResult) -> None:
        self.preview_box.hide()
        self.heading.setText(result.summary())
        if result.skipped:
            self.status.setText(
                f"These {plural(len(result.skipped), self.unit)} were skipped and not imported:"
            )
        else:
            self.status.setText("Nothing was skipped. The new lanes are at the bottom of the timeline.")
        self._fill(result.skipped, result.warnings, "Skipped")
        self.import_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Close")

    def _fill(self, problems: list[Problem], warnings: list[str], title: str) -> None:
        self.model.set_rows(rows_for(problems, warnings, self.plan.name))
        n = self.model.rowCount()
        self.problems.setWordWrap(n <= WRAP_LIMIT)
        header = self.problems.horizontalHeader()
        for col in range(3):
            self.problems.resizeColumnToContents(col)
            header.resizeSection(col, header.sectionSize(col) + 12)
        if n <= WRAP_LIMIT:
            self.problems.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        parts = [f"{title} ({len(problems):,})"] if problems else []
        if warnings:
            parts.append(f"warnings ({len(warnings):,})")
        self.problems_box.setTitle(" and ".join(parts))
        self.problems_box.setVisible(bool(n))

    def problem_texts(self) -> list[str]:
        """Every listed problem or warning as one sentence (file, where, field: reason)."""
        return [self.model.row_at(r).sentence() for r in range(self.model.rowCount())]

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.problem_texts()) + "\n")

    # --- importing ---------------------------------------------------------------------------------------
    def _drop_feed(self) -> None:
        """Closed without importing: stop the worker and remove its file."""
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.close()

    def accept(self) -> None:
        """Import (the valid rows when some are invalid); the dialog then shows what was done."""
        if self.import_result is not None:
            super().accept()
            return
        self.import_button.setEnabled(False)
        feed, self.feed = self.feed, None  # apply_import stops it whatever happens
        try:
            with jobs.progress_dialog(self, literal_html(f"Importing {self.plan.name}…"), "Import") as bar:
                result = self.session.events.apply_import(
                    self.plan, self.skip_invalid, bar.progress, bar.cancelled, feed=feed
                )
        except Cancelled:
            self.status.setText("The import was cancelled; nothing was written.")
            self.import_button.setEnabled(True)
            return
        except ImportFailed as exc:
            self.status.setText(str(exc).splitlines()[0])
            self.import_button.hide()
            return
        self.import_result = result
        self._show_result(result)
        self.imported.emit(result)
