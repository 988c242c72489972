"""State between the store and the widgets: the Session facade and its typed services. No Qt.

`Session` (explorer.state.session) holds what the user looks at (selection, focus, filter and
search masks, lane layout) and owns one small service per kind of data: `events`, `filters`,
`search`, `views`, `annotations`, `datasets`, `sharing`. They are the only GUI code that calls
explorer.store, explorer.formats and explorer.analysis; each announces its changes through
`explorer.state.signal.Signal`s that widgets connect to as to Qt signals.
"""

from __future__ import annotations

from explorer.state.session import PAIRED_LANES, IdsOrMask, Session, default_lane_order
from explorer.state.signal import Signal

__all__ = ["PAIRED_LANES", "IdsOrMask", "Session", "Signal", "default_lane_order"]
