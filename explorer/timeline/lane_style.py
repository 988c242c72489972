"""What all lanes of one timeline share: theme, label widths, elided labels and marker pixmaps."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPen,
    QPixmap,
    QStaticText,
)

from explorer.store.columns import EventColumns
from explorer.timeline.lane_data import MARK_RADIUS, LaneFrame
from explorer.timeline.theme import Theme, with_alpha

_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
#: What Qt's eliding ends a cut text with ("..." where the font has no "…")
_ELLIPSIS = ("…", "...")

#: How many characters past a cut a title's start must run for Qt to cut it there as it cuts the
#: whole title (see `elide_start`): the cut character's advance depends on the next one (kerning,
#: ligatures), and this leaves three more.
CUT_MARGIN = 4
#: Characters per pixel of room to lay out, as a share of what the generous `LaneStyle._char_w` says
#: fit: most titles' letters are narrower, so this rarely falls short (then the whole title is elided).
_START_SHARE = 1.25


def elide_start(fm: QFontMetricsF, title: str, width: float, chars: int) -> str:
    """`fm.elidedText(title, ElideRight, width)`, laying out only the title's first `chars` characters.

    Qt lays out the whole title to cut it, however little of it fits (about a third of a label's
    cost at a new zoom). Its cut keeps the characters whose advances, each with its kerning against
    the next character, fit with the ellipsis, so a start of the title cut at least `CUT_MARGIN`
    characters before its end is cut where the whole title is. Otherwise (the start fits, or the cut
    comes too near its end) and for text outside ASCII (clusters, bidirectional text, fallback fonts),
    the whole title is elided.
    """
    if chars < len(title) and title.isascii():
        start = title[:chars]
        text = fm.elidedText(start, _ELIDE_RIGHT, width)
        ellipsis = 1 if text.endswith("…") else 3 if text.endswith("...") else 0
        if ellipsis and text != start and len(text) - ellipsis <= chars - CUT_MARGIN:
            return text
    return fm.elidedText(title, _ELIDE_RIGHT, width)


#: Up to this many events, every title is read at once when the first lanes are laid out in detail
#: (see `read_titles`; 10,000 titles take 15-20 ms, once).
ALL_TITLES = 10_000


class LaneStyle:
    """What all lanes of one view share: theme, label widths, elided labels and marker pixmaps."""

    def __init__(self, theme: Theme, columns: EventColumns) -> None:
        self.theme = theme
        self.columns = columns
        self.fm = QFontMetricsF(theme.font)
        #: Metrics of the small font (the "+N dated more vaguely" line), made once, not per lane per frame.
        self.small_fm = QFontMetricsF(theme.small_font)
        # a generous per-character width, so an estimate rarely falls short of the drawn text
        self._char_w = self.fm.horizontalAdvance("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ") / 37 * 1.12
        self._all_titles_read = False
        self._elided: dict[int, tuple[int, str, float]] = {}
        #: Each row's whole title and its drawn width (NaN until measured: see `label_cut`): a label
        #: with room for it all is the title as it is, at whatever zoom, without eliding (and keeps its
        #: QStaticText, laid out once).
        self._whole: dict[int, tuple[str, float]] = {}
        #: Per row, the label text last drawn and its QStaticText (None until it is drawn a second time).
        self._static: dict[int, tuple[str, QStaticText | None]] = {}
        self._notes: dict[str, QStaticText] = {}
        self._note_w: dict[str, float] = {}
        self._pixmaps: dict[tuple[int, str, float], QPixmap] = {}
        #: Brushes and pens by colour and alpha: made once, not per lane per frame (a QColor, QBrush
        #: or QPen made in Python costs more than the fill it is used for).
        self._brushes: dict[tuple[int, int], QBrush] = {}
        self._pens: dict[tuple[int, int, float, bool], QPen] = {}
        self._inks: dict[tuple[tuple[str, ...], float], LaneInks] = {}
        self.version = 0

    def set_theme(self, theme: Theme) -> None:
        """Draw with another theme (light or dark): markers and fades are made again."""
        self.theme = theme
        self.small_fm = QFontMetricsF(theme.small_font)
        self._note_w.clear()
        self._pixmaps.clear()
        self._brushes.clear()
        self._pens.clear()
        self._inks.clear()
        self.version += 1

    def inks(self, track_ids: tuple[str, ...], dpr: float) -> LaneInks:
        """The pens, brushes and pixmaps of some lanes (top to bottom), made once per set of lanes and theme."""
        key = (track_ids, dpr)
        found = self._inks.get(key)
        if found is None:
            if len(self._inks) > 64:  # lanes shown, hidden and reordered many times: start again
                self._inks.clear()
            found = self._inks[key] = LaneInks(self, track_ids, dpr)
        return found

    def brush(self, color: QColor, alpha: int = 255) -> QBrush:
        """A solid brush of `color` with the given alpha (cached)."""
        key = (color.rgba(), alpha)
        found = self._brushes.get(key)
        if found is None:
            found = self._brushes[key] = QBrush(with_alpha(color, alpha))
        return found

    def pen(self, color: QColor, width: float, alpha: int = 255, cosmetic: bool = False) -> QPen:
        """A solid pen of `color` with the given alpha and width (cached)."""
        key = (color.rgba(), alpha, width, cosmetic)
        found = self._pens.get(key)
        if found is None:
            found = self._pens[key] = QPen(with_alpha(color, alpha), width)
            found.setCosmetic(cosmetic)
        return found

    def label_widths(self, rows: np.ndarray) -> np.ndarray:
        """Label widths of some rows, estimated from their length (eliding measures the real text)."""
        cols = self.columns
        if not self._all_titles_read and len(cols) <= ALL_TITLES:
            self._read_all_titles()  # (not for the widths: the labels of a small timeline will need them)
        # the lengths were read with the columns: no title is read for a label never drawn
        return (cols.title_lengths(rows).astype(np.float64) * self._char_w + 2.0).astype(np.float32)

    def read_titles(self, rows: list[int]) -> None:
        """Read the titles of rows about to be labelled that are not measured yet, in one query
        (`label_text` would otherwise read them one by one)."""
        if self._all_titles_read:  # (the titles' column keeps up to TEXT_CACHE rows: all of them)
            return
        whole = self._whole
        missing = [r for r in rows if r not in whole]
        if len(missing) > 1:
            if len(self.columns) <= ALL_TITLES:
                self._read_all_titles()
            else:
                self.columns.titles.take(np.array(missing, dtype=np.int64))

    def _read_all_titles(self) -> None:
        """Read every title of a small timeline at once, when its first lanes are laid out in detail.

        Between paints a query costs 0.1-0.4 ms however few rows it reads (the paint has pushed the
        database's code and pages out of the processor's caches), so the labels of each zoom reading
        their titles cost that on most steps; 10,000 titles cost 15-20 ms once, most often at the
        window's open (where the label widths' reads took about 14 ms before the title lengths were kept).
        """
        self._all_titles_read = True
        self.columns.titles.take(np.arange(len(self.columns)))

    def elided(self, row: int, width: float) -> str:
        """The title of a row cut to `width` pixels with an ellipsis."""
        return self.label_cut(row, width)[0]

    def label_text(self, row: int, width: float) -> tuple[str, float]:
        """The title of a row cut to `width` pixels, and its drawn width (both measured once per width)."""
        text, advance = self.label_cut(row, width)
        if advance != advance:  # NaN: a cut title not measured yet
            advance = self.fm.horizontalAdvance(text)
            self._elided[row] = (int(width), text, advance)
        return text, advance

    def label_cut(self, row: int, width: float) -> tuple[str, float]:
        """The title of a row cut to `width` pixels, and its drawn width, NaN for a cut title not
        measured yet (`label_text` measures it).

        A zoom gives most labels a new room, so a new cut text, and measuring it costs about 5 µs a
        label; most labels (right of their mark, off their bar, unselected) need their width only
        for hit-testing, which may never come before the next zoom. A cut text ends with the
        ellipsis, so it is drawn (its width is more than 0) whatever its width. A title squeezed
        below its estimated width when first labelled is not measured whole either (about 10 µs in
        a paint): it is most likely cut, and Qt's eliding makes the same test (the text comes back
        as it is when it fits, and the title is measured then).
        """
        key = int(width)
        whole = self._whole.get(row)
        if whole is None:
            title = self.columns.titles[row]
            if not title or "\x9c" in title:
                # (a title holding Qt's "\x9c" variant separator is measured otherwise: always elided)
                whole = (title, math.inf)
            elif len(title) > 1 and width < len(title) * self._char_w:
                whole = (title, math.nan)  # (not measured yet)
            else:
                whole = (title, self.fm.horizontalAdvance(title))
            self._whole[row] = whole
        if whole[1] <= key:
            # Qt's elidedText gives the text as it is when its width is at most the room (the same
            # measure as horizontalAdvance): a new zoom's new room needs no eliding for such a label
            return whole
        hit = self._elided.get(row)
        if hit is not None and hit[0] == key:
            return hit[1], hit[2]
        text = elide_start(self.fm, whole[0], key, int(key / self._char_w * _START_SHARE) + CUT_MARGIN)
        if text == whole[0] and whole[1] != whole[1]:
            # a title not measured yet fits this room after all: measured, it skips eliding from here
            whole = self._whole[row] = (text, self.fm.horizontalAdvance(text))
            return whole
        advance = math.nan if text.endswith(_ELLIPSIS) else self.fm.horizontalAdvance(text) if text else 0.0
        self._elided[row] = (key, text, advance)
        return text, advance

    def static_label(self, row: int, width: float) -> QStaticText:
        """The elided title as a QStaticText: laid out once per text, not shaped again at every frame or zoom."""
        text = self.label_cut(row, width)[0]
        hit = self._static.get(row)
        if hit is not None and hit[1] is not None and (hit[0] is text or hit[0] == text):
            return hit[1]
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)  # a title with "<" is not markup
        self._static[row] = (text, static)
        return static

    def label_to_draw(self, row: int, width: float) -> QStaticText | str:
        """The elided title to draw on screen: plain text the first time it is drawn, a QStaticText after.

        A zoom gives many labels a new room, so a new text, drawn once per step; laying it out as a
        QStaticText costs more than drawing it as text, and pays off only from its second drawing
        (a pan, a repaint). Both draw the same pixels (`drawText` at the baseline, `drawStaticText` at
        the top: see lane_labels.paint_labels) for text the label font draws itself; text that may need
        a fallback font (outside ASCII but for eliding's "…": CJK, for one, sits on another baseline in
        a QStaticText) is laid out as a QStaticText from the first drawing, so it never moves.
        """
        text = self.label_cut(row, width)[0]
        hit = self._static.get(row)
        if hit is None or not (hit[0] is text or hit[0] == text):
            if not (text.isascii() or (text[-1] == "…" and text[:-1].isascii())):
                return self.static_label(row, width)
            self._static[row] = (text, None)
            return text
        if hit[1] is not None:
            return hit[1]
        return self.static_label(row, width)

    def note_width(self, text: str) -> float:
        """The width of a short note in the small font (measured once per text)."""
        w = self._note_w.get(text)
        if w is None:
            w = self._note_w[text] = self.small_fm.horizontalAdvance(text)
        return w

    def vague_note(self, frame: LaneFrame, right: float) -> tuple[QRectF, str]:
        """Where a frame's "+N dated more vaguely" text goes (device pixels, the view's right edge at
        `right`) and the text."""
        text = f"+{frame.vague} dated more vaguely than this view"
        fm = self.small_fm
        w = self.note_width(text)
        base = frame.top + frame.height - 8.0
        return QRectF(right - w - 14, base - fm.ascent() - 1, w + 8, fm.height() + 1), text

    def static_note(self, text: str) -> QStaticText:
        """A short note in the small font (the "+N dated more vaguely" line), laid out once per text."""
        hit = self._notes.get(text)
        if hit is None:
            hit = self._notes[text] = QStaticText(text)
            hit.setTextFormat(Qt.TextFormat.PlainText)
        return hit

    def fade(self, color: QColor, alpha: int) -> QPixmap:
        """A 256x1 strip from `alpha` to transparent in a colour, to be stretched over open ends."""
        key = (color.rgba(), f"fade{alpha}", 1.0)
        pm = self._pixmaps.get(key)
        if pm is None:
            pm = QPixmap(256, 1)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            grad = QLinearGradient(0, 0, 256, 0)
            grad.setColorAt(0.0, with_alpha(color, alpha))
            grad.setColorAt(1.0, with_alpha(color, 0))
            p.fillRect(0, 0, 256, 1, QBrush(grad))
            p.end()
            self._pixmaps[key] = pm
        return pm

    def marker(self, color: QColor, kind: str, dpr: float) -> QPixmap:
        """A pre-rendered marker: 'exact' (filled), 'approx' (ring) or 'halo' (selection ring)."""
        # keyed by the colour's 32-bit value (its hex name, as before, cost a string per lane per frame)
        key = (color.rgba(), kind, dpr)
        pm = self._pixmaps.get(key)
        if pm is not None:
            return pm
        r = MARK_RADIUS
        side = int(math.ceil((2 * r + 10) * dpr))
        pm = QPixmap(side, side)
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = side / dpr / 2.0
        self.paint_marker(p, QPointF(c, c), color, kind)
        p.end()
        self._pixmaps[key] = pm
        return pm

    def paint_marker(self, p: QPainter, centre: QPointF, color: QColor, kind: str) -> None:
        """Draw one marker as shapes (for pixmaps, and for vector output such as SVG)."""
        r = MARK_RADIUS
        if kind == "halo":
            p.setPen(QPen(self.theme.highlight, 2.4))
            p.setBrush(QBrush(with_alpha(self.theme.highlight, 60)))
            p.drawEllipse(centre, r + 3.2, r + 3.2)
        elif kind == "exact":
            p.setPen(QPen(color.darker(135), 1.2))
            p.setBrush(QBrush(color))
            p.drawEllipse(centre, r, r)
        else:
            p.setPen(QPen(color, 1.8))
            p.setBrush(QBrush(self.theme.background))
            p.drawEllipse(centre, r - 0.6, r - 0.6)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(with_alpha(color, 120)))
            p.drawEllipse(centre, r * 0.38, r * 0.38)


class LaneInks:
    """Per-lane pens, brushes, markers and label inks of some lanes in one theme, as lists by lane.

    A paint of all lanes looked each of them up per lane and per style (a colour's 32-bit value and a
    dict look-up each, a few thousand a second); the lists are made once per set of lanes and theme.
    """

    def __init__(self, style: LaneStyle, track_ids: tuple[str, ...], dpr: float) -> None:
        theme = style.theme
        self.style = style
        self._dpr = dpr
        self.colors = [theme.lane_color(t) for t in track_ids]
        #: The opaque colour one period bar shows, the label pens on the background and on such a bar.
        self.bar_fills = [theme.bar_fill(t) for t in track_ids]
        self.on_background = [theme.label_color_for(t, theme.background) for t in track_ids]
        self.on_plate = [theme.label_color_for(t, f) for t, f in zip(track_ids, self.bar_fills, strict=True)]
        self.plate_brushes = [style.brush(f) for f in self.bar_fills]
        self._brushes: dict[int, list[QBrush]] = {}
        self._pens: dict[tuple[float, int, bool], list[QPen]] = {}
        self._markers: dict[str, list[QPixmap]] = {}
        self._fades: dict[int, list[QPixmap]] = {}

    def brushes(self, alpha: int) -> list[QBrush]:
        """Each lane's solid brush at `alpha`."""
        found = self._brushes.get(alpha)
        if found is None:
            found = self._brushes[alpha] = [self.style.brush(c, alpha) for c in self.colors]
        return found

    def pens(self, width: float, alpha: int = 255, cosmetic: bool = False) -> list[QPen]:
        """Each lane's solid pen."""
        key = (width, alpha, cosmetic)
        found = self._pens.get(key)
        if found is None:
            found = self._pens[key] = [self.style.pen(c, width, alpha, cosmetic) for c in self.colors]
        return found

    def markers(self, kind: str) -> list[QPixmap]:
        """Each lane's marker pixmap of a kind ('exact', 'approx', 'halo')."""
        found = self._markers.get(kind)
        if found is None:
            found = self._markers[kind] = [self.style.marker(c, kind, self._dpr) for c in self.colors]
        return found

    def fades(self, alpha: int) -> list[QPixmap]:
        """Each lane's open-end strip from `alpha` to transparent."""
        found = self._fades.get(alpha)
        if found is None:
            found = self._fades[alpha] = [self.style.fade(c, alpha) for c in self.colors]
        return found
