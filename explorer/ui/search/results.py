"""The list of search hits: a model over SearchState's hits and a delegate drawing them as rich text.

Each row shows the track's colour, the title with the matched words in bold, the date in words and
a snippet (marked words in bold) with the field it comes from when that is not the summary.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPixmap, QTextDocument, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from explorer.formats.text import escape_html, literal_html
from explorer.state.search import SearchState
from explorer.store.search import Hit, mark_text
from explorer.timeline.theme import mix

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_HTML_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 2
DATE_ROLE = Qt.ItemDataRole.UserRole + 3
COLOR_ROLE = Qt.ItemDataRole.UserRole + 4
#: How many laid-out rich texts the hit list keeps (titles and snippets of the rows seen lately).
LAID_OUT = 512
#: How many drawn rich texts the hit list keeps as pictures (a few pages of rows, under 10 MB).
SHOTS = 256
#: How many events' date words and colours the hit list keeps across searches.
KEPT = 4096
#: How a snippet's field is named before it (the summary needs no name).
FIELD_NAMES = {
    "quote": "Quote",
    "annotations": "Notes",
    "actors": "Actors",
    "themes": "Themes",
    "sources": "Source",
    "title": "",
    "summary": "",
}
Index = QModelIndex | QPersistentModelIndex


class HitListModel(QAbstractListModel):
    """One row per listed hit of a SearchState."""

    def __init__(self, state: SearchState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        # (the list may be made after a search: its dock is built when first seen)
        self._hits: list[Hit] = state.hits()
        self._dates: dict[str, str] = {}
        #: each listed hit's track colour (asked on every paint of its row)
        self._colors: dict[str, QColor] = {}
        state.resultsChanged.connect(self._on_state_results_changed)
        state.session.eventsChanged.connect(self._on_session_events_changed)  # (tracks recoloured)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of listed hits."""
        return 0 if parent.isValid() else len(self._hits)

    def hit(self, row: int) -> Hit:
        """The hit of a row."""
        return self._hits[row]

    def _date_words(self, event_id: str) -> str:
        words = self._dates.get(event_id)
        if words is None:
            try:
                words = self.state.session.events.get(event_id).date_words
            except Exception:  # an event removed since the search: leave the date out
                words = ""
            self._dates[event_id] = words
        return words

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Plain and rich text of a hit, its id, date words and track colour."""
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return mark_text(h.title, "", "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_html(f"{mark_text(h.title, '', '')}\n{mark_text(h.snippet, '', '')}")
        if role == ID_ROLE:
            return h.event_id
        if role == TITLE_HTML_ROLE:
            return h.title_html() if "\x02" in h.title else escape_html(h.title)
        if role == SNIPPET_HTML_ROLE:
            name = FIELD_NAMES.get(h.field, h.field.title())
            body = h.snippet_html() if h.field != "title" else ""
            return (f"<span class='field'>{name}:</span> " if name and body else "") + body
        if role == DATE_ROLE:
            return self._date_words(h.event_id)
        if role == COLOR_ROLE:
            color = self._colors.get(h.event_id)
            if color is None:
                cols = self.state.session.columns
                # (by the hit's num: a look-up in memory, not a query per row per paint)
                row = int(cols.rows_of_nums(np.array([h.num], dtype=np.int64))[0])
                track = self.state.session.track(cols.track_ids[int(cols.lane[row])]) if row >= 0 else None
                color = self._colors[h.event_id] = QColor(track.color if track else "#888888")
            return color
        return None

    def _on_session_events_changed(self) -> None:
        # (an edited date or track: the rows may stay the same hits, so they are redrawn here)
        self._colors.clear()
        self._dates.clear()
        if self._hits:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._hits) - 1, 0))

    def _on_state_results_changed(self) -> None:
        hits = self.state.hits()
        if [_shown(h) for h in hits] == [_shown(h) for h in self._hits]:
            # the same rows (a search re-run for a filter that keeps them, or one just starting):
            # a reset would repaint every row and drop the selection for nothing
            self._hits = hits  # (a rank may differ: it is not drawn)
            return
        self.beginResetModel()
        self._hits = hits
        # an event's date words and colour do not depend on the search: kept for the next list
        # (a filter change lists mostly the same events), dropped when they grow large or events change
        if len(self._dates) > KEPT:
            self._dates.clear()
        if len(self._colors) > KEPT:
            self._colors.clear()
        self.endResetModel()


def _shown(h: Hit) -> tuple[str, str, str, str]:
    """What a row draws of a hit."""
    return (h.event_id, h.title, h.snippet, h.field)


class HitDelegate(QStyledItemDelegate):
    """Draws a hit in three lines: colour bar, title and date; then the snippet on two lines."""

    PAD = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Rich texts laid out for drawing, by text, style, width, wrapping and font.
        self._docs: dict[tuple[str, str, float, bool, str], tuple[QTextDocument, bool]] = {}
        #: The same texts drawn as pictures, by the same key plus the box's height and pixel ratio.
        self._shots: dict[tuple[str, str, float, bool, str, float, float], QPixmap] = {}

    def _lines(self, option: QStyleOptionViewItem) -> tuple[int, int]:
        fm = QFontMetrics(option.font)
        return fm.height(), fm.lineSpacing()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Room for a title line and two snippet lines."""
        h, spacing = self._lines(option)
        return QSize(200, h + 2 * spacing + 2 * self.PAD + 3)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Background, colour bar, title, date and snippet."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, p, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        text = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        muted = mix(base, text, 0.62)
        rect = opt.rect
        pad = self.PAD
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(index.data(COLOR_ROLE) or QColor("#888888"))
        p.drawRoundedRect(QRectF(rect.left() + 4, rect.top() + pad, 4, rect.height() - 2 * pad), 2, 2)
        fm = QFontMetrics(opt.font)
        left = rect.left() + 16
        width = rect.width() - 16 - pad
        date_words = fm.elidedText(index.data(DATE_ROLE) or "", Qt.TextElideMode.ElideRight, int(width * 0.4))
        date_w = fm.horizontalAdvance(date_words) + 10 if date_words else 0
        title_w = max(40, width - date_w)
        h, spacing = self._lines(opt)
        css = f"body {{ color: {text.name()}; }} .field {{ color: {muted.name()}; }}"
        title = index.data(TITLE_HTML_ROLE) or ""
        y = rect.top() + pad - 2
        if self._draw_html(p, title, css, QRectF(left, y, title_w, h + 2), opt, wrap=False):
            # an ellipsis over the cut end of a long title
            dw = fm.horizontalAdvance("…") + 4
            p.fillRect(QRectF(left + title_w - dw, y, dw, h + 2), base)
            p.setPen(text)
            p.setFont(opt.font)
            p.drawText(QRectF(left + title_w - dw, y + 1, dw, h), Qt.AlignmentFlag.AlignRight, "…")
        if date_words:
            p.setPen(muted)
            p.setFont(opt.font)
            p.drawText(
                QRectF(left + width - date_w, y + 1, date_w, h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                date_words,
            )
        snippet_css = f"body {{ color: {mix(base, text, 0.8).name()}; }} .field {{ color: {muted.name()}; }}"
        box = QRectF(left, rect.top() + pad + spacing + 1, width, 2 * spacing + 1)
        self._draw_html(p, index.data(SNIPPET_HTML_ROLE) or "", snippet_css, box, opt)
        p.restore()

    def _draw_html(
        self, p: QPainter, body: str, css: str, box: QRectF, opt: QStyleOptionViewItem, wrap: bool = True
    ) -> bool:
        """Rich text clipped to a box (on one line unless `wrap`); True when it was wider than the box."""
        key = (body, css, round(box.width(), 1), wrap, opt.font.key())
        laid = self._docs.get(key)
        if laid is None:
            # laying out rich text is most of a row's paint: each text is laid out once per width
            doc = QTextDocument()
            if not wrap:
                option = QTextOption()
                option.setWrapMode(QTextOption.WrapMode.NoWrap)
                doc.setDefaultTextOption(option)
            doc.setDefaultFont(opt.font)
            doc.setDocumentMargin(0)
            doc.setDefaultStyleSheet(css)
            doc.setHtml(f"<body>{body}</body>")
            doc.setTextWidth(box.width())
            if len(self._docs) >= LAID_OUT:
                self._docs.clear()
            laid = self._docs[key] = (doc, doc.idealWidth() > box.width() + 0.5)
        doc, wider = laid
        # drawing a laid-out text still walks its fragments and shapes its glyphs: a repaint of the
        # list (a selection, a scroll back, a filter's answer) copies the row's text as a picture
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        shot_key = (*key, round(box.height(), 1), dpr)
        shot = self._shots.get(shot_key)
        if shot is None:
            w, h = box.width(), box.height()
            shot = QPixmap(max(1, math.ceil(w * dpr)), max(1, math.ceil(h * dpr)))
            shot.setDevicePixelRatio(dpr)
            shot.fill(Qt.GlobalColor.transparent)
            painter = QPainter(shot)
            doc.drawContents(painter, QRectF(0, 0, w, h))
            painter.end()
            if len(self._shots) >= SHOTS:
                self._shots.clear()
            self._shots[shot_key] = shot
        p.drawPixmap(box.topLeft(), shot)
        return wider
