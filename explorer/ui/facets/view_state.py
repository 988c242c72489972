"""A window's view as a store ViewState, and back: filter (with the search text), zoom, lanes, selection."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from explorer.model import OPEN_HI
from explorer.store.filters import Filter
from explorer.store.views import ViewState

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


def capture_state(window: MainWindow) -> ViewState:
    """What the window shows now: the facet filter and search text, zoom, visible lanes, selection."""
    state = getattr(window, "filter_state", None)
    flt = state.filter() if state is not None else Filter()
    search = getattr(window, "search_state", None)
    if search is not None and search.query().strip():
        flt = replace(flt, query=search.query())
    d0, d1 = window.timeline.visible_range()
    lo = min(max(1, round(d0)), OPEN_HI - 1)
    hi = min(max(lo + 1, round(d1)), OPEN_HI)
    return ViewState(
        filter=flt,
        zoom=(lo, hi),
        lanes=tuple(window.session.visible_lanes()),
        selection=tuple(window.session.selection()),
    )


def apply_state(window: MainWindow, view: ViewState) -> None:
    """Restore a view: filter, search text, lanes, zoom and selection (unknown names are skipped)."""
    session = window.session
    state = getattr(window, "filter_state", None)
    if state is not None:
        state.set_filter(replace(view.filter, query=""))
    panel = getattr(window, "search_bar", None)
    if panel is not None:
        panel.set_query(view.filter.query)
    if view.lanes:
        known = [t.id for t in session.tracks]
        lanes = [t for t in view.lanes if t in known]
        if lanes:
            order = lanes + [t for t in session.lane_order() if t not in lanes]
            session.set_lane_layout(order, [t for t in known if t not in lanes])
    if view.zoom is not None:
        window.timeline.zoom_to(float(view.zoom[0]), float(view.zoom[1]))
    session.set_selection(list(view.selection))
