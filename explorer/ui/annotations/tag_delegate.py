"""The event table's Tags column drawn as small coloured chips."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from explorer.ui.panels.event_table import TAGS_ROLE


class TagChipDelegate(QStyledItemDelegate):
    """Paints each (name, colour) of TAGS_ROLE as a rounded chip: a tinted fill, a coloured edge and the name."""

    def paint(
        self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The cell's background as usual, then the chips left to right."""
        tags = index.data(TAGS_ROLE) or []
        if not tags:  # (its text is empty too: drawn as any cell, without PySide making QStyle's type)
            super().paint(p, option, index)
            return
        # PySide makes QStyle's Python type, with its dozen enums, on first use: 8-14 ms, which an
        # import of this module spent in the window's start although the corpus has no tags
        from PySide6.QtWidgets import QStyle

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, p, opt.widget)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = opt.font
        p.setFont(font)
        fm = QFontMetricsF(font)
        r = QRectF(option.rect).adjusted(4, 3, -4, -3)
        x = r.left()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.highlightedText().color() if selected else option.palette.text().color()
        for name, hexcolor in tags:
            color = QColor(hexcolor)
            w = fm.horizontalAdvance(name) + 14
            if x + min(w, 30) > r.right():
                break
            chip = QRectF(x, r.top(), min(w, r.right() - x), r.height())
            fill = QColor(color)
            fill.setAlpha(70)
            p.setPen(color)
            p.setBrush(fill)
            p.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            p.setBrush(color)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(chip.left() + 4, chip.center().y() - 2.5, 5, 5))
            p.setPen(text_color)
            label = fm.elidedText(name, Qt.TextElideMode.ElideRight, chip.width() - 13)
            p.drawText(chip.adjusted(11, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, label)
            x += w + 4
        p.restore()
