"""A lane's own labels: where each drawn label lies, the plate under a label on its bar, and drawing them.

The lane item (lane_item.py) uses these for hit-testing and the selection's highlight, and draws its
labels itself where the layer's one pass for all lanes (lane_labels.py) does not: a dimmed lane, a
lane of another row height, SVG and PDF (plain text there, laid-out text on screen).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from explorer.store.columns import OPEN_END
from explorer.timeline.lane_batches import BatchPainter, rect_array
from explorer.timeline.lane_data import LaneData, LaneFrame
from explorer.timeline.lane_style import LaneStyle

_NO_PEN = Qt.PenStyle.NoPen


class LaneLabels:
    """The labels of one lane's frames (a part of LaneItem, which holds what these read)."""

    style: LaneStyle
    data: LaneData
    track_id: str
    _batch: BatchPainter
    _vector: bool

    def label_boxes(self, frame: LaneFrame) -> np.ndarray:
        """(x, y, w, h) of each drawn label of a frame in device pixels, NaN where none (cached on the frame)."""
        boxes = frame.label_box
        if boxes is not None:
            # the labels' pass (lane_labels) leaves some widths to be measured when asked for
            self.measure_labels(frame)
            return boxes
        boxes = np.full((len(frame.idx), 4), np.nan)
        text_h = self.style.fm.height()
        which = np.flatnonzero(frame.label_w > 0)
        if not len(which):
            frame.label_box = boxes
            return boxes
        rows = self.data.rows[frame.idx[which]].tolist()
        rooms = frame.label_w[which].tolist()
        self.style.read_titles(rows)
        # widths of the elided titles, measured once per title and room (LaneStyle.label_text)
        widths = np.array([self.style.label_text(r, w)[1] for r, w in zip(rows, rooms, strict=True)])
        x = frame.label_x[which].copy()
        if len(frame.label_left):
            left = frame.label_left[which]
            x[left] += frame.label_w[which][left] - widths[left]  # a label left of its mark ends next to it
        drawn = widths > 0
        boxes[which[drawn], 0] = x[drawn] - 3.0
        boxes[which[drawn], 1] = frame.y[which[drawn]] - text_h / 2.0 - 1.0
        boxes[which[drawn], 2] = widths[drawn] + 6.0
        boxes[which[drawn], 3] = text_h + 2.0
        frame.label_box = boxes
        return boxes

    def measure_labels(self, frame: LaneFrame, which: np.ndarray | None = None) -> None:
        """Put the widths of a frame's drawn labels (or of `which`) not measured yet into its label boxes."""
        boxes = frame.label_box
        if boxes is None or not len(boxes):
            return
        later = np.isnan(boxes[:, 2]) & ~np.isnan(boxes[:, 0])
        at = np.flatnonzero(later if which is None else later & which)
        if len(at):
            rows = self.data.rows[frame.idx[at]].tolist()
            rooms = frame.label_w[at].tolist()
            label_text = self.style.label_text
            boxes[at, 2] = [label_text(r, w)[1] + 6.0 for r, w in zip(rows, rooms, strict=True)]

    def label_plates(self, frame: LaneFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Left and right of the plate under each label of a frame lying on its own bar, and which have one.

        A period's label sits on its own bar, which overlapping bars of the same lane make denser
        (on a dark background, lighter) than one bar: a plate of one bar's colour under the text keeps
        the fill the pen was chosen for (cached on the frame).
        """
        if frame.label_plate is not None:
            return frame.label_plate
        boxes = self.label_boxes(frame)
        x, w = boxes[:, 0], boxes[:, 2]
        open_end = (self.data.flags[frame.idx] & OPEN_END) != 0
        # from the start of its possible range: beside the bar, other bars and open ends stack up too
        lo = np.maximum(x, frame.x0 + 1.0)
        hi = np.minimum(x + w, np.where(open_end, frame.x1, np.maximum(frame.ex, frame.sx + 2.0)))
        with np.errstate(invalid="ignore"):
            on = frame.period & (hi > lo)  # NaN boxes (no label) compare False
        frame.label_plate = (lo, hi, on)
        return frame.label_plate

    def label_ink(self, frame: LaneFrame, i: int) -> tuple[QColor, QRectF | None]:
        """The pen of an unselected label of a frame, and the plate drawn under it where it lies on its bar.

        Pens come from `Theme.label_color_for` (cached per lane and fill); plates from `label_plates`.
        """
        theme = self.style.theme
        lo, hi, on = self.label_plates(frame)
        if not on[i]:
            return theme.label_color_for(self.track_id, theme.background), None
        _, top, _, h = self.label_boxes(frame)[i].tolist()
        ink = theme.label_color_for(self.track_id, theme.bar_fill(self.track_id))
        # inset by a pixel so the bar's outline stays visible above and below the plate
        return ink, QRectF(float(lo[i]), top + 2.0, float(hi[i] - lo[i]), h - 4.0)

    def _paint_labels(self, p: QPainter, f: LaneFrame, keep: np.ndarray, sel: np.ndarray) -> None:
        theme = self.style.theme
        boxes = self.label_boxes(f)
        show = keep & ~np.isnan(boxes[:, 0]) if len(boxes) else keep & False
        if not show.any():
            return
        self._batch.antialias(p, True)
        ascent = self.style.fm.ascent()
        p.setFont(theme.font)
        plate = theme.bar_fill(self.track_id)
        on_background = theme.label_color_for(self.track_id, theme.background)
        on_plate = theme.label_color_for(self.track_id, plate)
        lo, hi, on = self.label_plates(f)
        # selected labels last: one forced over a crowd must not vanish under its neighbours' labels
        order = np.flatnonzero(show)
        order = np.concatenate([order[~sel[order]], order[sel[order]]])
        # the loop reads plain lists: a numpy scalar per label and field costs more than the drawing
        rows = self.data.rows[f.idx[order]].tolist()
        rooms = f.label_w[order].tolist()
        xs, tops, ws, hs = boxes[order].T.tolist()
        has_plate = on[order] & ~sel[order]
        picked = sel[order].tolist()
        if has_plate.any():
            # the plates of unselected labels in one call: each lies under its own label's text only
            # (a label ends before the next item of its row begins), so they may all go first;
            # inset by a pixel so the bar's outline stays visible above and below the plate
            at = order[has_plate]
            plates = rect_array(lo[at], boxes[at, 1] + 2.0, hi[at] - lo[at], 0.0)
            plates[:, 3] = boxes[at, 3] - 4.0
            p.setPen(_NO_PEN)
            p.setBrush(self.style.brush(plate))
            self._batch.fill_antialiased(p, plates)
        plated = has_plate.tolist()
        # on screen, text laid out once (QStaticText); SVG and PDF get plain text
        static = not self._vector
        pen: QColor | None = None
        for k, row in enumerate(rows):
            x, top = xs[k], tops[k]
            if picked[k]:
                p.setPen(_NO_PEN)
                p.setBrush(self.style.brush(theme.highlight))
                p.drawRoundedRect(QRectF(x, top, ws[k], hs[k]), 3, 3)
                p.setPen(theme.highlight_text)
                pen = None
            else:
                ink = on_plate if plated[k] else on_background
                if ink is not pen:
                    p.setPen(ink)
                    pen = ink
            if static:
                p.drawStaticText(QPointF(x + 3.0, top + 1.0), self.style.static_label(row, rooms[k]))
            else:
                p.drawText(QPointF(x + 3.0, top + 1.0 + ascent), self.style.elided(row, rooms[k]))
