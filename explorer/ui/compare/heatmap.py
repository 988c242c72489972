"""Table two as a heatmap: one row per event, a column per party, coloured by importance, in the
paper's words. Clicking a cell (or the event's name) selects that event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.importance import ImportanceTable
from explorer.formats.text import literal_html
from explorer.model import PARTY_NAMES
from explorer.state import Session
from explorer.timeline.theme import with_alpha
from explorer.ui.compare.rows import PARTY_COLORS
from explorer.ui.themes import readable_on

ID_ROLE = Qt.ItemDataRole.UserRole
SCORE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Sequential colours from low to high (ColorBrewer OrRd), by score 1 … 3.
SCALE = ((1.0, "#fdd49e"), (2.0, "#fc8d59"), (2.5, "#e34a33"), (3.0, "#b30000"))
Index = QModelIndex | QPersistentModelIndex


def score_color(score: float) -> QColor | None:
    """The cell colour of a score (None when not rated)."""
    if np.isnan(score):
        return None
    for s, c in SCALE:
        if score <= s + 1e-9:
            return QColor(c)
    return QColor(SCALE[-1][1])


#: A cell's coloured box stands this far inside the cell, and its text this far inside the box (px).
BOX_INSET, TEXT_MARGIN = 1.5, 4
#: So a cell's text is this many pixels narrower than its column.
TEXT_INSET = round(2 * (BOX_INSET + TEXT_MARGIN))
#: The panel's margin left of the table, and its least width beside the charts.
PANEL_LEFT, PANEL_MIN = 8, 290


class ImportanceModel(QAbstractTableModel):
    """Table two: the event's label, then the word for Belarus, Russia and the West."""

    def __init__(self, table: ImportanceTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self._matrix = table.matrix()
        self._words = table.words()
        self._dimmed: set[str] = set()
        self._label_font = QFont()
        self._label_font.setPointSizeF(max(7.0, self._label_font.pointSizeF() * 0.92))

    @property
    def label_font(self) -> QFont:
        """The font of the steps' labels."""
        return self._label_font

    def set_table(self, table: ImportanceTable, dimmed: set[str]) -> None:
        """Show another table; rows whose event is filtered out are dimmed."""
        self.beginResetModel()
        self.table = table
        self._matrix = table.matrix()
        self._words = table.words()
        self._dimmed = dimmed
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per event of Table two."""
        return 0 if parent.isValid() else len(self.table.points)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The label and three parties."""
        return 0 if parent.isValid() else 1 + len(self.table.parties)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Party names over the columns, the paper's row numbers down the side."""
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.columnCount():
                return None
            party = self.table.parties[section - 1] if section else None
            if role == Qt.ItemDataRole.DisplayRole:
                return "Step (Table two)" if party is None else PARTY_NAMES.get(party, party)
            if role == Qt.ItemDataRole.ForegroundRole and party is not None:
                return QBrush(QColor(PARTY_COLORS.get(party, "#888888")))
            if role == Qt.ItemDataRole.ToolTipRole and party is not None:
                return f"How important the step was for {PARTY_NAMES.get(party, party)}, in the paper's words"
        elif role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
            return str(self.table.points[section].row)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Words, colours, tooltips and the event id of a cell."""
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        point = self.table.points[index.row()]
        col = index.column()
        dim = point.event_id in self._dimmed
        if role == ID_ROLE:
            return point.event_id
        if col == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return point.label if role == Qt.ItemDataRole.DisplayRole else literal_html(point.label)
            if role == Qt.ItemDataRole.FontRole:
                return self._label_font
            if role == Qt.ItemDataRole.ForegroundRole and dim:
                return QBrush(QColor(128, 128, 128))
            return None
        party = self.table.parties[col - 1]
        score = float(self._matrix[index.row(), col - 1])
        word = self._words[index.row()][col - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return word.replace(" (since the early 2010s)", "+") if word else "–"
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_html(f"{point.label}\n{PARTY_NAMES.get(party, party)}: {word or 'not rated'}")
        if role == SCORE_ROLE:
            return score
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and np.isnan(score):
            return QBrush(QColor(150, 150, 150))
        color = score_color(score)
        if role == Qt.ItemDataRole.BackgroundRole and color is not None:
            if dim:
                color.setAlpha(70)
            return QBrush(color)
        if role == Qt.ItemDataRole.ForegroundRole and color is not None:
            if dim:
                return None  # a faint cell is mostly the base: the palette's text reads on it in any theme
            # whichever of near-black and white reaches the higher WCAG contrast on the cell (AA for all four)
            return QBrush(readable_on(color, QColor("#1a1208"), QColor("#ffffff")))
        if role == Qt.ItemDataRole.FontRole and score >= 3:
            f = QFont()
            f.setWeight(QFont.Weight.DemiBold)
            return f
        return None


class CellDelegate(QStyledItemDelegate):
    """Coloured cells with a gap between them; the selected row tinted in the highlight colour."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Heights of cell texts wrapped at a width, by (text, width, font): every row's height is
        #: measured again at each new width of the label column, but the party columns' few words
        #: at their fixed width are the same every time.
        self._heights: dict[tuple[str, int, str], int] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Tall enough for the wrapped label at the column's width."""
        view = self.parent()
        width = view.columnWidth(index.column()) if isinstance(view, QTableView) else 160
        data = index.data(Qt.ItemDataRole.FontRole)
        font = data if isinstance(data, QFont) else option.font
        text = str(index.data() or "")
        key = (text, width, font.key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 4_096:
                self._heights.clear()
            fm = QFontMetrics(font)
            flags = int(Qt.TextFlag.TextWordWrap)
            h = fm.boundingRect(QRect(0, 0, max(20, width - TEXT_INSET), 10_000), flags, text).height()
            height = self._heights[key] = max(h + 8, fm.height() + 12)
        return QSize(width, height)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The cell's colour (inset), its word, and a frame when selected."""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        r = QRectF(option.rect).adjusted(BOX_INSET, BOX_INSET, -BOX_INSET, -BOX_INSET)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if selected:
            p.fillRect(option.rect, with_alpha(pal.color(QPalette.ColorRole.Highlight), 45))
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(brush, QBrush):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(brush)
            p.drawRoundedRect(r, 3, 3)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        p.setPen(fg.color() if isinstance(fg, QBrush) else pal.color(QPalette.ColorRole.Text))
        font = index.data(Qt.ItemDataRole.FontRole)
        p.setFont(font if isinstance(font, QFont) else option.font)
        align = index.data(Qt.ItemDataRole.TextAlignmentRole)
        flags = (
            int(align)
            if align is not None
            else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        )
        text_box = r.adjusted(TEXT_MARGIN, 0, -TEXT_MARGIN, 0)
        p.drawText(text_box, flags | int(Qt.TextFlag.TextWordWrap), str(index.data() or ""))
        p.restore()


class ImportanceHeatmap(QTableView):
    """The heatmap; its selection follows the session's and clicking a cell selects that event."""

    def __init__(self, session: Session, table: ImportanceTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importanceHeatmap")
        self.session = session
        self.table_model = ImportanceModel(table, self)
        self.setModel(self.table_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setItemDelegate(CellDelegate(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.table_model.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(c, 66)
        self._syncing = False
        #: The label column's width the rows were last made tall enough for (None: not yet).
        self._wrapped_at: int | None = None
        #: `narrowest` and what it was worked out for (the table, the fonts).
        self._narrowest: tuple[tuple[object, str, str], int] | None = None
        # (the header gives a stretched column its new width after the view's resize, a turn later)
        header.sectionResized.connect(self._on_section_resized)
        self.clicked.connect(self._on_self_clicked)
        session.selectionChanged.connect(self._on_session_selection_changed)

    def set_table(self, table: ImportanceTable, dimmed: set[str]) -> None:
        """Show Table two again (after a filter change)."""
        self.table_model.set_table(table, dimmed)
        self._wrap_labels(again=True)
        self._on_session_selection_changed(self.session.selection())

    def resizeEvent(self, ev: QResizeEvent) -> None:
        """Wrap the labels again if the label column's width changed."""
        super().resizeEvent(ev)
        self._wrap_labels()

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == 0:
            self._wrap_labels()

    def _wrap_labels(self, again: bool = False) -> None:
        """Rows as tall as their labels wrapped at the label column's width: measured again only when
        that width (or, `again`, the table) changed. A row's height is every cell's text measured
        with word wrap; the comparison's first showing resized the view six times, mostly in height."""
        width = self.columnWidth(0)
        if again or width != self._wrapped_at:
            self._wrapped_at = width
            self.resizeRowsToContents()

    def narrowest(self) -> int:
        """The least width at which no word of a step's label is cut: the row numbers, the party
        columns, the widest word with the cell's inset, the scroll bar and the frame."""
        model = self.table_model
        key = (model.table, model.label_font.key(), self.font().key())
        if self._narrowest is not None and self._narrowest[0] == key:
            return self._narrowest[1]  # (asked at each resize of the comparison's splitter)
        fm = QFontMetrics(model.label_font)
        words = (w for point in model.table.points for w in point.label.split())
        widest = max((fm.horizontalAdvance(w) for w in words), default=0)
        parties = sum(self.columnWidth(c) for c in range(1, model.columnCount()))
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        header = self.verticalHeader().sizeHint().width()
        # (+1: an advance is rounded to whole pixels)
        width = header + parties + widest + TEXT_INSET + 1 + bar + 2 * self.frameWidth()
        self._narrowest = (key, width)
        return width

    def cell_rect_center(self, row: int, col: int) -> object:
        """The centre of a cell in viewport coordinates (for tests)."""
        return self.visualRect(self.table_model.index(row, col)).center()

    def _on_self_clicked(self, index: QModelIndex) -> None:
        eid = index.data(ID_ROLE)
        if eid and not self._syncing:
            self.session.set_selection([eid])

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        # each step's row in the session's mask: a set of a million selected ids took 0.08 s
        cols, mask = self.session.columns, self.session.selected_mask()
        sel = QItemSelection()
        last = self.table_model.columnCount() - 1
        for r in range(self.table_model.rowCount()):
            row = cols.index_of(self.table_model.index(r, 0).data(ID_ROLE) or "") if ids else None
            if row is not None and row >= 0 and mask[row]:
                sel.select(self.table_model.index(r, 0), self.table_model.index(r, last))
        self._syncing = True
        try:
            self.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False


def heatmap_panel(heatmap: ImportanceHeatmap) -> QWidget:
    """The heatmap with its title above and the colour key below."""
    panel = QWidget()
    title = QLabel("<b>Table two</b> · how important each step was, in the paper's words")
    title.setWordWrap(True)
    legend = QHBoxLayout()
    legend.setSpacing(3)
    for (score, color), word in zip(
        SCALE, ("low", "mediate / middle", "middle to high", "high"), strict=True
    ):
        chip = QLabel(word)
        chip.setObjectName("heatmapLegend")
        fg = "#ffffff" if score >= 2.5 else "#3a2a1a"
        chip.setStyleSheet(f"background: {color}; color: {fg}; padding: 2px 6px; border-radius: 3px;")
        legend.addWidget(chip)
    legend.addStretch(1)
    box = QVBoxLayout(panel)
    box.setContentsMargins(PANEL_LEFT, 2, 0, 0)
    box.setSpacing(6)
    box.addWidget(title)
    box.addWidget(heatmap, 1)
    box.addLayout(legend)
    panel.setMinimumWidth(panel_narrowest(heatmap))  # (the compare view swaps this to a height when stacked)
    return panel


def panel_narrowest(heatmap: ImportanceHeatmap) -> int:
    """The least width of the heatmap's panel beside the charts: at least PANEL_MIN, and no label's word cut."""
    return max(PANEL_MIN, heatmap.narrowest() + PANEL_LEFT)
