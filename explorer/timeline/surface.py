"""What the timeline's parts need from each other and from the session, as small Protocols.

The view (`view.TimelineView`) composes the lanes, the interaction controller, the lane sizer and
the overlays; each of those sees the view only through one of these Protocols, so no module of the
package imports the view but the view's own users, and the timeline never imports `explorer.ui`.
`TimelineSession` is what the timeline reads from the window's Session (whatever layer holds it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget

if TYPE_CHECKING:
    from explorer.model import Event, Link, Period, Track
    from explorer.store.columns import EventColumns
    from explorer.store.marks import AnnotationMarks
    from explorer.timeline.hit_test import Hit
    from explorer.timeline.lane_item import LaneItem
    from explorer.timeline.placement import DrawnMark
    from explorer.timeline.theme import Theme

#: The delay (ms) of work put off to a later turn of the event loop, here and in the window. A zero
#: timer is a posted event, which Qt runs in the same pass as the handler that posted it, before any
#: timer or input: the window would stand still for both at once. One millisecond lets input, paints
#: and other timers in between (docs/architecture.md).
NEXT_TURN_MS = 1


class AnnotationSource(Protocol):
    """The session's annotations as the timeline draws them: tag colours per row, periods, links."""

    def marks(self) -> AnnotationMarks: ...  # noqa: D102

    def periods(self) -> list[Period]: ...  # noqa: D102

    def links(self) -> list[Link]: ...  # noqa: D102


class SessionSignal(Protocol):
    """One of the session's change signals (explorer.state's Signal): connect a slot, or drop it."""

    def connect(self, slot: Callable[..., object]) -> Callable[..., object]: ...  # noqa: D102

    def disconnect(self, slot: Callable[..., object] | None = None) -> None: ...  # noqa: D102


class EventLookup(Protocol):
    """The session's events service as the timeline uses it: one event's details."""

    def get(self, event_id: str) -> Event: ...  # noqa: D102


class TimelineSession(Protocol):
    """What the timeline reads from, and changes in, the window's Session."""

    @property
    def columns(self) -> EventColumns: ...  # noqa: D102

    @property
    def tracks(self) -> list[Track]: ...  # noqa: D102

    @property
    def annotations(self) -> AnnotationSource: ...  # noqa: D102

    @property
    def closed(self) -> bool: ...  # noqa: D102

    @property
    def events(self) -> EventLookup: ...  # noqa: D102

    # signals, one per kind of change
    @property
    def selectionChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def currentChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def filterChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def hitsChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def lanesChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def eventsChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def annotationsChanged(self) -> SessionSignal: ...  # noqa: D102, N802

    @property
    def aboutToClose(self) -> SessionSignal: ...  # noqa: D102, N802

    def track(self, track_id: str) -> Track | None: ...  # noqa: D102

    def shown_mask(self) -> np.ndarray: ...  # noqa: D102

    def shown_lane_counts(self) -> np.ndarray: ...  # noqa: D102

    def selected_mask(self) -> np.ndarray: ...  # noqa: D102

    def hit_mask(self) -> np.ndarray | None: ...  # noqa: D102

    def visible_lanes(self) -> list[str]: ...  # noqa: D102

    def selection(self) -> Sequence[str]: ...  # noqa: D102

    def current(self) -> str: ...  # noqa: D102

    def set_selection(self, ids: Iterable[str], current: str | None = None) -> None: ...  # noqa: D102

    def add_to_selection(self, ids: Iterable[str]) -> None: ...  # noqa: D102

    def toggle_selected(self, event_id: str) -> None: ...  # noqa: D102

    def clear_selection(self) -> None: ...  # noqa: D102


class TimelineSurface(Protocol):
    """What the interaction controller needs from the view: where things are drawn, and zoom and pan."""

    @property
    def theme(self) -> Theme: ...  # noqa: D102

    def visible_range(self) -> tuple[float, float]: ...  # noqa: D102

    def zoom_by(self, factor: float, centre: float | None = None) -> None: ...  # noqa: D102

    def ensure_visible(self, event_id: str) -> None: ...  # noqa: D102

    def lane_item(self, track_id: str) -> LaneItem | None: ...  # noqa: D102

    def lane_span(self, track_id: str) -> tuple[float, float] | None: ...  # noqa: D102

    def placement(self, event_id: str, track: str | None = None) -> tuple[LaneItem, int] | None: ...  # noqa: D102

    def hit_at(self, pos: QPoint | QPointF) -> Hit | None: ...  # noqa: D102

    def event_at(self, pos: QPoint | QPointF) -> str | None: ...  # noqa: D102

    def viewport_point(self, scene: QPointF) -> QPoint: ...  # noqa: D102

    def day_at(self, pos: QPointF) -> float: ...  # noqa: D102

    def lane_area(self) -> QRect: ...  # noqa: D102

    def lanes_overflow(self) -> bool: ...  # noqa: D102

    def scroll_lanes(self, pixels: float) -> None: ...  # noqa: D102

    def add_overlay(self, item: QGraphicsItem, z: float) -> None: ...  # noqa: D102

    def viewport(self) -> QWidget: ...  # noqa: D102

    def setFocus(self, reason: Qt.FocusReason) -> None: ...  # noqa: D102, N802


class OverlayHost(Protocol):
    """What period bands and link curves need from the view they are drawn over."""

    @property
    def theme(self) -> Theme: ...  # noqa: D102

    @property
    def session(self) -> TimelineSession: ...  # noqa: D102

    @property
    def lanesLaidOut(self) -> SessionSignal: ...  # noqa: D102, N802

    def lane_span(self, track_id: str) -> tuple[float, float] | None: ...  # noqa: D102

    def drawn_mark(self, row: int) -> DrawnMark | None: ...  # noqa: D102

    def viewportTransform(self) -> QTransform: ...  # noqa: D102, N802


class SizingHost(Protocol):
    """What the lane sizer needs from the view: the zoom, the lane items and the lane area."""

    @property
    def theme(self) -> Theme: ...  # noqa: D102

    def visible_range(self) -> tuple[float, float]: ...  # noqa: D102

    def viewbox_px(self) -> tuple[float, float]: ...  # noqa: D102

    def viewbox_rect(self) -> QRect: ...  # noqa: D102

    def lane_item(self, track_id: str) -> LaneItem | None: ...  # noqa: D102
