"""A window's view as a store ViewState, and back: filter (with the search text), zoom, lanes, selection."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from explorer.model import OPEN_HI

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.state.filters import FilterState
    from explorer.store.views import ViewState
    from explorer.timeline.view import TimelineView
    from explorer.ui.search.search_panel import SearchBar


class ViewParts(NamedTuple):
    """What a saved view captures and puts back: the session's lanes and selection, the timeline's
    zoom, the facet filter and the search bar's text."""

    session: Session
    timeline: TimelineView
    filters: FilterState
    search: SearchBar


def capture_state(parts: ViewParts) -> ViewState:
    """What the window shows now: the facet filter and search text, zoom, visible lanes, selection."""
    from explorer.store.views import ViewState  # (with the first saved view, not the window's start)

    flt = parts.filters.filter()
    query = parts.search.state.query()
    if query.strip():
        flt = replace(flt, query=query)
    d0, d1 = parts.timeline.visible_range()
    lo = min(max(1, round(d0)), OPEN_HI - 1)
    hi = min(max(lo + 1, round(d1)), OPEN_HI)
    return ViewState(
        filter=flt,
        zoom=(lo, hi),
        lanes=tuple(parts.session.visible_lanes()),
        selection=tuple(parts.session.selection()),
    )


def apply_state(parts: ViewParts, view: ViewState) -> None:
    """Restore a view: filter, search text, lanes, zoom and selection (unknown names are skipped)."""
    session = parts.session
    parts.filters.set_filter(replace(view.filter, query=""))
    parts.search.set_query(view.filter.query)
    if view.lanes:
        known = [t.id for t in session.tracks]
        lanes = [t for t in view.lanes if t in known]
        if lanes:
            order = lanes + [t for t in session.lane_order() if t not in lanes]
            session.set_lane_layout(order, [t for t in known if t not in lanes])
    if view.zoom is not None:
        parts.timeline.zoom_to(float(view.zoom[0]), float(view.zoom[1]))
    session.set_selection(list(view.selection))
