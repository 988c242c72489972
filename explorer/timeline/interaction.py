"""How the timeline answers a person: clicks, rubber bands, double-clicks, keys and hover tooltips.

A mixin of TimelineView (kept apart so each module reads in one sitting): it uses the view's
session, viewbox, lane items and public zoom methods, and changes nothing but the selection
and the visible range.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPen, QStatusTipEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from explorer.formats.text import escape_html
from explorer.store.columns import INTERVAL
from explorer.timeline.hit_test import Hit
from explorer.timeline.theme import with_alpha

if TYPE_CHECKING:
    from explorer.timeline.lane_item import LaneItem
    from explorer.timeline.view import TimelineView

    _Base = TimelineView
else:
    _Base = object


class TimelineInteraction(_Base):
    """Mouse, keyboard and hover behaviour of the timeline."""

    # --- selection by mouse (called by the view box) -----------------------------------------------
    def _on_mark_clicked(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        eid = self.event_at(self.mapFromScene(pos))
        ctrl = bool(modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
        if eid is None:
            if not ctrl:
                self.session.clear_selection()
        elif ctrl:
            self.session.toggle_selected(eid)
        else:
            self.session.set_selection([eid])
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def _on_band_dragged(self, start: QPointF, end: QPointF, finished: bool, add: bool) -> None:
        vb = self.viewbox
        p0, p1 = vb.mapSceneToView(start), vb.mapSceneToView(end)
        rect = QRectF(p0, p1).normalized()
        if not finished:
            self._band.setRect(rect)
            self._band.setPen(QPen(self.theme.highlight, 0))
            self._band.setBrush(with_alpha(self.theme.highlight, 40))
            self._band.show()
            return
        self._band.hide()
        #: The day range of the last finished rubber band (a period can be made from it).
        self.last_band = (rect.left(), rect.right())
        ids = self._events_in_band(rect, self.mapFromScene(QRectF(start, end).normalized()).boundingRect())
        if add:
            self.session.add_to_selection(ids)
        else:
            self.session.set_selection(ids)
        n = len(ids)
        # say what the band took, and by which rule (a long period only when most of it is inside)
        QApplication.sendEvent(
            self,
            QStatusTipEvent(
                f"Selected {n} event{'s' if n != 1 else ''}: marks inside the band, "
                "and periods with most of their length inside it."
            ),
        )

    def _events_in_band(self, rect: QRectF, band_px: QRect) -> list[str]:
        """Events whose drawn mark lies in the band, or periods with most of their bar inside its days."""
        out: list[str] = []
        for t, (y0, y1) in self._spans.items():
            item = self._items.get(t)
            if item is None or not (y0 < rect.bottom() and y1 > rect.top()):
                continue
            local = item.data.in_range(rect.left(), rect.right())
            frame = item.current_frame()
            if frame is not None and frame.mode == "detail" and len(local):
                # where the lane is drawn in detail, its rows count too: only those the band covers
                k = np.searchsorted(frame.idx, local)
                k = np.minimum(k, max(len(frame.idx) - 1, 0))
                drawn = frame.idx[k] == local
                ys = frame.y[k]
                local = local[drawn & (ys >= band_px.top() - 2) & (ys <= band_px.bottom() + 2)]
            out.extend(item.event_ids(local))
        return out

    # --- keyboard ----------------------------------------------------------------------------------
    def keyPressEvent(self, ev: QKeyEvent) -> None:
        """Arrows walk lanes and events, +/- zoom, Home/End jump, Enter activates."""
        key = ev.key()
        handled = True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_in_lane(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step_lane(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(0.5)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(2.0)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._jump(first=key == Qt.Key.Key_Home)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.session.current():
                self.eventActivated.emit(self.session.current())
        else:
            handled = False
        if handled:
            ev.accept()
        else:
            super().keyPressEvent(ev)

    def _current_lane_and_local(self) -> tuple[str, int | None]:
        visible = self.session.visible_lanes()
        cur = self.session.current()
        found = self._event_frame_point(cur) if cur else None
        if found is None:
            return (visible[0] if visible else ""), None
        return found[0].track_id, found[1]

    def _go(self, item: LaneItem, local: int) -> None:
        eid = str(self.session.columns.ids[item.data.rows[local]])
        self.session.set_selection([eid])
        self.ensure_visible(eid)

    def _step_in_lane(self, step: int) -> None:
        lane, local = self._current_lane_and_local()
        item = self._items.get(lane)
        if item is None or not len(item.data):
            return
        if local is None:
            d0, d1 = self.visible_range()
            vis = item.data.visible(d0, d1)
            local = int(vis[0] if step > 0 else vis[-1]) if len(vis) else 0
        else:
            local = int(np.clip(local + step, 0, len(item.data) - 1))
        self._go(item, local)

    def _step_lane(self, step: int) -> None:
        visible = self.session.visible_lanes()
        lane, local = self._current_lane_and_local()
        if lane not in visible:
            return
        src = self._items[lane]
        d0, d1 = self.visible_range()
        here = float(src.data.centre[local]) if local is not None else (d0 + d1) / 2
        s = visible.index(lane) + step
        while 0 <= s < len(visible):
            item = self._items[visible[s]]
            if len(item.data):
                self._go(item, int(np.argmin(np.abs(item.data.centre - here))))
                return
            s += step

    def _jump(self, first: bool) -> None:
        lane, _ = self._current_lane_and_local()
        item = self._items.get(lane)
        if item is not None and len(item.data):
            self._go(item, 0 if first else len(item.data) - 1)

    # --- hover --------------------------------------------------------------------------------------
    def viewportEvent(self, ev: QEvent) -> bool:
        """Show an event's full title and date as a tooltip."""
        if ev.type() == QEvent.Type.ToolTip:
            hit = self.hit_at(ev.pos())  # type: ignore[attr-defined]
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(ev.globalPos(), self.tooltip_for(hit), self.viewport())  # type: ignore[attr-defined]
            return True
        return super().viewportEvent(ev)

    def tooltip_for(self, hit: Hit) -> str:
        """The hover text for what is drawn at a point: the top event's title, date, lane and kind."""
        event_id = hit.event_id
        cols = self.session.columns
        row = cols.index_of(event_id)
        assert row is not None
        track = self.session.track(cols.track_ids[int(cols.lane[row])])
        try:
            words = self.session.events.get(event_id).date_words
        except Exception:
            words = ""
        kind = "period" if cols.flags[row] & INTERVAL else "event"
        title = escape_html(str(cols.titles[row]))
        lane = escape_html(track.name) if track else ""
        text = f"<b>{title}</b><br>{escape_html(words)} · {lane} · {kind}"
        if hit.stacked > 1:
            text += f"<br><i>{hit.stacked} events here</i> (zoom in to tell them apart)"
        return text

    def wheelEvent(self, ev: QWheelEvent) -> None:
        """The wheel over the lane names scrolls the lanes (when they overflow); over the lanes it zooms."""
        if self.lane_scroll.isVisible() and ev.position().x() < self._lane_area().left():
            self.scroll_lanes(-ev.angleDelta().y() / 120.0 * 3 * self.theme.row_height)
            ev.accept()
            return
        super().wheelEvent(ev)

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        """Remember the keys held as the button goes down (Shift starts a rubber band)."""
        self.press_modifiers = ev.modifiers()
        super().mousePressEvent(ev)

    def mouseDoubleClickEvent(self, ev: QMouseEvent) -> None:
        """Double-click zooms in around the pointer."""
        if ev.button() == Qt.MouseButton.LeftButton:
            centre = self.viewbox.mapSceneToView(self.mapToScene(ev.position().toPoint())).x()
            self.zoom_by(0.5, centre)
            ev.accept()
            return
        super().mouseDoubleClickEvent(ev)

    def mouseMoveEvent(self, ev: object) -> None:
        """A pointing hand over marks."""
        super().mouseMoveEvent(ev)  # type: ignore[arg-type]
        if not ev.buttons():  # type: ignore[attr-defined]
            over = self.event_at(ev.position())  # type: ignore[attr-defined]
            self.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor
            )
