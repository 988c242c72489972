"""`neutrality export --format png|svg`: a figure of the timeline or the comparison, never shown on screen.

Loaded by explorer.commands.export only when a figure is asked for (the console imports no Qt
otherwise); the caller sets QT_QPA_PLATFORM=offscreen first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.model import DateError, parse_date
from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.image_export import ImageOptions, add_annotation_overlays, attribution, write_image
from explorer.ui.range_words import format_range

#: The dots per inch of a console figure: a 1920 x 1080 PNG lays out like a 1280 x 720 window.
DPI = 144.0


class FigureError(Exception):
    """A figure that cannot be made, in one sentence."""


def _range(date_from: str | None, date_to: str | None) -> tuple[float, float] | None:
    if not (date_from or date_to):
        return None
    try:
        lo = parse_date(date_from).lo if date_from else None
        hi = parse_date(date_to).hi if date_to else None
    except DateError as exc:
        raise FigureError(str(exc)) from None
    return (float(lo if lo is not None else 1), float((hi if hi is not None else 3652059) + 1))


def _show_only(session: Session, tracks: list[str]) -> None:
    """Hide every lane but the tracks named (by id or name)."""
    by_name = {t.name.casefold(): t.id for t in session.tracks} | {
        t.id.casefold(): t.id for t in session.tracks
    }
    wanted = set()
    for name in tracks:
        tid = by_name.get(name.casefold())
        if tid is None:
            raise FigureError(f"there is no track “{name}”.")
        wanted.add(tid)
    session.set_lane_layout(session.lane_order(), {t.id for t in session.tracks} - wanted)


def _measured(path: Path, kind: str) -> str:
    """The size of the written file, read back from it."""
    if kind == "png":
        image = QImage(str(path))
        return f"a {image.width()} × {image.height()} pixel PNG"
    root = ET.parse(path).getroot()
    w, h = (root.get("viewBox") or "0 0 0 0").split()[2:]
    mm = [float((root.get(k) or "0mm").removesuffix("mm")) for k in ("width", "height")]
    return f"a {round(float(w))} × {round(float(h))} SVG ({mm[0]:.0f} × {mm[1]:.0f} mm)"


def render_figure(
    db_path: Path,
    out: Path,
    kind: str,
    view: str,
    size: tuple[int, int],
    tracks: list[str] | None,
    date_from: str | None,
    date_to: str | None,
    title: str,
) -> str:
    """Write the figure; the sentence saying what was written. FigureError or StoreError (one sentence)."""
    app = QApplication.instance() or QApplication(["neutrality"])
    try:
        session = Session.open(db_path)
    except StoreError as exc:
        raise FigureError(str(exc)) from None
    try:
        if tracks:
            _show_only(session, tracks)
        span = _range(date_from, date_to)
        if view == "compare":
            written = _compare(session, out, size, span)
        else:
            written = _timeline(session, out, kind, size, span, title)
        app.processEvents()
    finally:
        session.close()
    what = "comparison" if view == "compare" else "timeline"
    return f"Wrote {written}: {_measured(written, kind)} of the {what}."


def _timeline(
    session: Session,
    out: Path,
    kind: str,
    size: tuple[int, int],
    span: tuple[float, float] | None,
    title: str,
) -> Path:
    from explorer.timeline.view import TimelineView

    options = ImageOptions(
        width=size[0], height=size[1], dpi=DPI, attribution=attribution(session.events.meta())
    )
    view = TimelineView(session)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(options.logical.toSize())
    view.show()
    QApplication.sendPostedEvents(view)
    add_annotation_overlays(view)
    if span is not None:
        view.zoom_to(*span)
    else:
        view.fit_all()
    d0, d1 = view.visible_range()
    options = ImageOptions(
        width=size[0],
        height=size[1],
        dpi=DPI,
        title=title or "Belarusian foreign and security policy",
        subtitle=format_range(d0, d1 - 1),  # (the range ends the day after its last day)
        attribution=options.attribution,
    )
    try:
        return write_image(view, options, out, kind)
    finally:
        view.hide()
        view.deleteLater()


def _compare(session: Session, out: Path, size: tuple[int, int], span: tuple[float, float] | None) -> Path:
    from explorer.ui.compare.compare_view import CompareView

    view = CompareView(session)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(*size)
    view.show()
    QApplication.sendPostedEvents(view)
    if span is not None:
        view.set_range(*span)
    try:
        return view.export_figure(out)
    finally:
        view.hide()
        view.deleteLater()
