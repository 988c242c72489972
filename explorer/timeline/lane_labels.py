"""The labels of every lane on screen in one pass (for the LaneLayer), as each LaneItem draws its own.

Label boxes and the plates under labels lying on their own bar are worked out for all lanes'
frames at once and kept on each frame (`LaneFrame.label_box`, `label_plate`: hit-testing reads
them), the plates go out as one array with one drawRects per lane colour, then the texts one by
one: unselected first, then the selected (a label forced over a crowd must not vanish under its
neighbours'). Lanes do not overlap, so this looks the same as lane by lane.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from explorer.store.columns import OPEN_END
from explorer.timeline.lane_batches import BatchPainter, rect_array
from explorer.timeline.lane_data import LaneFrame
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.lane_style import LaneInks, LaneStyle

_NO_PEN = Qt.PenStyle.NoPen


def _boxes(style: LaneStyle, lanes: list[tuple[LaneItem, LaneFrame]]) -> None:
    """Fill in `label_box` of frames that lack it, as `LaneItem.label_boxes` does one by one."""
    fs = [f for _, f in lanes]
    label_w = np.concatenate([f.label_w for f in fs])
    boxes = np.full((len(label_w), 4), np.nan)
    which = np.flatnonzero(label_w > 0)
    if len(which):
        text_h = style.fm.height()
        rows = np.concatenate([item.data.rows[f.idx] for item, f in lanes])[which].tolist()
        rooms = label_w[which].tolist()
        style.read_titles(rows)
        # widths of the elided titles, measured once per title and room (LaneStyle.label_cut), NaN
        # for a cut title not measured yet: only labels left of their mark (whose box starts at
        # their width) and on a bar (whose plate ends there) are measured now, the others when
        # hit-testing or a selection needs them (LaneItem.label_boxes, paint_labels)
        widths = np.array([style.label_cut(r, w)[1] for r, w in zip(rows, rooms, strict=True)])
        left = np.concatenate([f.label_left for f in fs])[which]
        later = np.isnan(widths)
        need = np.flatnonzero(later & (left | np.concatenate([f.period for f in fs])[which]))
        if len(need):
            widths[need] = [style.label_text(rows[i], rooms[i])[1] for i in need.tolist()]
        x = np.concatenate([f.label_x for f in fs])[which]
        x[left] += label_w[which][left] - widths[left]  # a label left of its mark ends next to it
        y = np.concatenate([f.y for f in fs])
        drawn = ~(widths <= 0)  # (a cut title not measured yet is drawn: it ends with the ellipsis)
        boxes[which[drawn], 0] = x[drawn] - 3.0
        boxes[which[drawn], 1] = y[which[drawn]] - text_h / 2.0 - 1.0
        boxes[which[drawn], 2] = widths[drawn] + 6.0
        boxes[which[drawn], 3] = text_h + 2.0
    start = 0
    for f in fs:
        f.label_box = boxes[start : start + len(f.idx)]
        start += len(f.idx)


def _plates(lanes: list[tuple[LaneItem, LaneFrame]]) -> None:
    """Fill in `label_plate` of frames that lack it, as `LaneItem.label_plates` does one by one."""
    fs = [f for _, f in lanes]
    boxes = np.concatenate([f.label_box for f in fs if f.label_box is not None])
    x, w = boxes[:, 0], boxes[:, 2]
    open_end = np.concatenate([(item.data.flags[f.idx] & OPEN_END) != 0 for item, f in lanes])
    x0 = np.concatenate([f.x0 for f in fs])
    x1 = np.concatenate([f.x1 for f in fs])
    sx = np.concatenate([f.sx for f in fs])
    ex = np.concatenate([f.ex for f in fs])
    period = np.concatenate([f.period for f in fs])
    # from the start of its possible range: beside the bar, other bars and open ends stack up too
    lo = np.maximum(x, x0 + 1.0)
    hi = np.minimum(x + w, np.where(open_end, x1, np.maximum(ex, sx + 2.0)))
    with np.errstate(invalid="ignore"):
        on = period & (hi > lo)  # NaN boxes (no label) compare False
    start = 0
    for f in fs:
        end = start + len(f.idx)
        f.label_plate = (lo[start:end], hi[start:end], on[start:end])
        start = end


def paint_labels(
    p: QPainter, batch: BatchPainter, lanes: list[tuple[LaneItem, LaneFrame]], inks: LaneInks | None = None
) -> None:
    """Plates and texts of the labels of detail frames (the transform reset, on a raster device)."""
    style = lanes[0][0].style
    if inks is None:
        inks = style.inks(tuple(item.track_id for item, _ in lanes), 1.0)
    theme = style.theme
    missing = [(item, f) for item, f in lanes if f.label_box is None]
    if missing:
        _boxes(style, missing)
    missing = [(item, f) for item, f in lanes if f.label_plate is None]
    if missing:
        _plates(missing)
    fs = [f for _, f in lanes]
    picks = [item.selected_in(f) for item, f in lanes]
    for (item, f), picked_in in zip(lanes, picks, strict=True):
        if picked_in.any():
            item.measure_labels(f, picked_in)  # a selected label's highlight spans its width
    boxes = np.concatenate([f.label_box for f in fs if f.label_box is not None])
    show = ~np.isnan(boxes[:, 0])
    if not show.any():
        return
    n = len(lanes)
    lane = np.repeat(np.arange(n), [len(f.idx) for f in fs])
    sel = np.concatenate(picks)
    lo = np.concatenate([f.label_plate[0] for f in fs if f.label_plate is not None])
    hi = np.concatenate([f.label_plate[1] for f in fs if f.label_plate is not None])
    on = np.concatenate([f.label_plate[2] for f in fs if f.label_plate is not None])
    batch.antialias(p, True)
    p.setFont(theme.font)
    on_background = inks.on_background
    on_plate = inks.on_plate
    has_plate = on & ~sel
    at = np.flatnonzero(has_plate)
    if len(at):
        # inset by a pixel so the bar's outline stays visible above and below the plate
        plates = rect_array(lo[at], boxes[at, 1] + 2.0, hi[at] - lo[at], 0.0)
        plates[:, 3] = boxes[at, 3] - 4.0
        p.setPen(_NO_PEN)
        bounds = np.searchsorted(lane[at], np.arange(n + 1))
        batch.rect_groups(p, plates, bounds, inks.plate_brushes, antialiased=True)
    shown = np.flatnonzero(show)
    order = np.concatenate([shown[~sel[shown]], shown[sel[shown]]])
    # the loop reads plain lists: a numpy scalar per label and field costs more than the drawing
    rows = np.concatenate([item.data.rows[f.idx] for item, f in lanes])[order].tolist()
    rooms = np.concatenate([f.label_w for f in fs])[order].tolist()
    xs, tops, ws, hs = boxes[order].T.tolist()
    plated = has_plate[order].tolist()
    picked = sel[order].tolist()
    lanes_of = lane[order].tolist()
    highlight = style.brush(theme.highlight)
    label_to_draw = style.label_to_draw
    ascent = style.fm.ascent()
    pen: QColor | None = None
    for k, row in enumerate(rows):
        x, top = xs[k], tops[k]
        if picked[k]:
            p.setPen(_NO_PEN)
            p.setBrush(highlight)
            p.drawRoundedRect(QRectF(x, top, ws[k], hs[k]), 3, 3)
            p.setPen(theme.highlight_text)
            pen = None
        else:
            ink = on_plate[lanes_of[k]] if plated[k] else on_background[lanes_of[k]]
            if ink is not pen:
                p.setPen(ink)
                pen = ink
        label = label_to_draw(row, rooms[k])
        if isinstance(label, str):  # its first drawing: as text, from the baseline
            p.drawText(QPointF(x + 3.0, top + 1.0 + ascent), label)
        else:
            p.drawStaticText(QPointF(x + 3.0, top + 1.0), label)
