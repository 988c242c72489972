"""How the timeline answers a person: clicks, rubber bands, double-clicks, keys and hover tooltips.

`TimelineInteraction` is composed by the view: it hears the view box's `clicked` and `bandDragged`
signals, is handed the view's key, wheel and mouse events, and sees the view only through the
`TimelineSurface` Protocol. It changes nothing but the selection and the visible range, and says
what else happened through its own signals (`activated`, `bandSelected`, `message`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsRectItem, QToolTip

from explorer.formats.text import escape_html
from explorer.store.columns import INTERVAL
from explorer.store.errors import UnknownEvent
from explorer.timeline.hit_test import Hit
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.surface import TimelineSession, TimelineSurface
from explorer.timeline.theme import with_alpha
from explorer.timeline.viewbox import TimelineViewBox

#: Where the rubber band is drawn among the view's items (above lanes and links).
Z_BAND = 100


class TimelineInteraction(QObject):
    """Mouse, keyboard and hover behaviour of the timeline."""

    #: Enter on the current event.
    activated = Signal(str)
    #: A finished rubber band: its first and last day (a period can be made from it).
    bandSelected = Signal(float, float)
    #: A sentence for the status bar (what a rubber band took, and by which rule).
    message = Signal(str)

    def __init__(self, surface: TimelineSurface, session: TimelineSession, viewbox: TimelineViewBox) -> None:
        super().__init__()
        self._surface = surface
        self._session = session
        self._viewbox = viewbox
        self._band = QGraphicsRectItem()
        self._band.hide()
        surface.add_overlay(self._band, Z_BAND)
        viewbox.clicked.connect(self._on_viewbox_clicked)
        viewbox.bandDragged.connect(self._on_viewbox_bandDragged)

    # --- selection by mouse ----------------------------------------------------------------------
    def _on_viewbox_clicked(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        eid = self._surface.event_at(self._surface.viewport_point(pos))
        ctrl = bool(modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
        if eid is None:
            if not ctrl:
                self._session.clear_selection()
        elif ctrl:
            self._session.toggle_selected(eid)
        else:
            self._session.set_selection([eid])
        self._surface.setFocus(Qt.FocusReason.MouseFocusReason)

    def _on_viewbox_bandDragged(self, start: QPointF, end: QPointF, finished: bool, add: bool) -> None:
        p0, p1 = self._viewbox.mapSceneToView(start), self._viewbox.mapSceneToView(end)
        rect = QRectF(p0, p1).normalized()
        if not finished:
            highlight = self._surface.theme.highlight
            self._band.setRect(rect)
            self._band.setPen(QPen(highlight, 0))
            self._band.setBrush(with_alpha(highlight, 40))
            self._band.show()
            return
        self._band.hide()
        a, b = self._surface.viewport_point(start), self._surface.viewport_point(end)
        ids = self.events_in_band(rect, QRect(a, b).normalized())
        if add:
            self._session.add_to_selection(ids)
        else:
            self._session.set_selection(ids)
        self.bandSelected.emit(rect.left(), rect.right())
        n = len(ids)
        self.message.emit(
            f"Selected {n} event{'s' if n != 1 else ''}: marks inside the band, "
            "and periods with most of their length inside it."
        )

    def events_in_band(self, rect: QRectF, band_px: QRect) -> list[str]:
        """Events whose drawn mark lies in the band, or periods with most of their bar inside its days.

        `rect` is the band in view units (days by lane pixels), `band_px` in viewport pixels.
        """
        out: list[str] = []
        for t in self._session.visible_lanes():
            span = self._surface.lane_span(t)
            item = self._surface.lane_item(t)
            if span is None or item is None or not (span[0] < rect.bottom() and span[1] > rect.top()):
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
        # an event on several lanes the band covers is one event, listed once
        return list(dict.fromkeys(out))

    # --- keyboard ----------------------------------------------------------------------------------
    def key_pressed(self, ev: QKeyEvent) -> bool:
        """Arrows walk lanes and events, +/- zoom, Home/End jump, Enter activates; False if not ours."""
        key = ev.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_in_lane(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step_lane(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._surface.zoom_by(0.5)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._surface.zoom_by(2.0)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._jump(first=key == Qt.Key.Key_Home)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._session.current():
                self.activated.emit(self._session.current())
        else:
            return False
        return True

    def _current_lane_and_local(self) -> tuple[str, int | None]:
        visible = self._session.visible_lanes()
        cur = self._session.current()
        found = self._surface.placement(cur) if cur else None
        if found is None:
            return (visible[0] if visible else ""), None
        return found[0].track_id, found[1]

    def _go(self, item: LaneItem, local: int) -> None:
        eid = item.event_ids(np.array([local]))[0]
        self._session.set_selection([eid])
        self._surface.ensure_visible(eid)

    def _step_in_lane(self, step: int) -> None:
        lane, local = self._current_lane_and_local()
        item = self._surface.lane_item(lane)
        if item is None or not len(item.data):
            return
        if local is None:
            d0, d1 = self._surface.visible_range()
            vis = item.data.visible(d0, d1)
            local = int(vis[0] if step > 0 else vis[-1]) if len(vis) else 0
        else:
            local = int(np.clip(local + step, 0, len(item.data) - 1))
        self._go(item, local)

    def _step_lane(self, step: int) -> None:
        visible = self._session.visible_lanes()
        lane, local = self._current_lane_and_local()
        src = self._surface.lane_item(lane)
        if lane not in visible or src is None:
            return
        d0, d1 = self._surface.visible_range()
        here = float(src.data.centre[local]) if local is not None else (d0 + d1) / 2
        s = visible.index(lane) + step
        while 0 <= s < len(visible):
            item = self._surface.lane_item(visible[s])
            if item is not None and len(item.data):
                self._go(item, int(np.argmin(np.abs(item.data.centre - here))))
                return
            s += step

    def _jump(self, first: bool) -> None:
        lane, _ = self._current_lane_and_local()
        item = self._surface.lane_item(lane)
        if item is not None and len(item.data):
            self._go(item, 0 if first else len(item.data) - 1)

    # --- hover, wheel and double-click ---------------------------------------------------------------
    def show_tooltip(self, ev: QHelpEvent) -> None:
        """Show the full title and date of what is drawn under the pointer, or hide the tooltip."""
        hit = self._surface.hit_at(ev.pos())
        if hit is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(ev.globalPos(), self.tooltip_for(hit), self._surface.viewport())

    def tooltip_for(self, hit: Hit) -> str:
        """The hover text for what is drawn at a point: the top event's title, date, lane and kind."""
        cols = self._session.columns
        row = cols.index_of(hit.event_id)
        if row is None:
            return ""
        track = self._session.track(cols.track_ids[int(cols.lane[row])])
        try:
            words = self._session.events.get(hit.event_id).date_words
        except UnknownEvent:
            words = ""
        kind = "period" if cols.flags[row] & INTERVAL else "event"
        title = escape_html(str(cols.titles[row]))
        lane = escape_html(track.name) if track else ""
        text = f"<b>{title}</b><br>{escape_html(words)} · {lane} · {kind}"
        if hit.stacked > 1:
            text += f"<br><i>{hit.stacked} events here</i> (zoom in to tell them apart)"
        return text

    def wheel(self, ev: QWheelEvent) -> bool:
        """The wheel over the lane names scrolls the lanes when they overflow; False to let it zoom."""
        if self._surface.lanes_overflow() and ev.position().x() < self._surface.lane_area().left():
            self._surface.scroll_lanes(-ev.angleDelta().y() / 120.0 * 3 * self._surface.theme.row_height)
            return True
        return False

    def pressed(self, ev: QMouseEvent) -> None:
        """Remember the keys held as the button goes down (Shift starts a rubber band)."""
        self._viewbox.press_modifiers = ev.modifiers()

    def double_clicked(self, ev: QMouseEvent) -> bool:
        """Double-click zooms in around the pointer; False for other buttons."""
        if ev.button() != Qt.MouseButton.LeftButton:
            return False
        self._surface.zoom_by(0.5, self._surface.day_at(ev.position()))
        return True

    def moved(self, ev: QMouseEvent) -> None:
        """A pointing hand over marks while no button is held."""
        if ev.buttons() == Qt.MouseButton.NoButton:
            over = self._surface.event_at(ev.position())
            self._surface.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor
            )
