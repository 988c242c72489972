"""Rendering the main window offscreen to a PNG (`neutrality-explorer --screenshot`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.state import Session


def _settle(rounds: int = 6) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def take_screenshot(
    session: Session,
    out: Path,
    size: tuple[int, int],
    select: list[str],
    view: str,
    zoom: list[str] | None = None,
) -> int:
    """Render a fresh window (no saved settings) at `size` to `out`; 0 on success, 1 with a sentence."""
    from explorer.model import DateError, parse_date

    span = None
    if zoom:
        try:
            first, last = parse_date(zoom[0]), parse_date(zoom[1])
        except DateError as exc:
            print(f"neutrality-explorer: --zoom: {exc}.", file=sys.stderr)
            return 1
        span = (first.lo, last.hi + 1)
    from explorer.ui.main_window import VIEW_NAMES, MainWindow

    if view not in VIEW_NAMES:
        names = ", ".join(VIEW_NAMES)
        print(
            f"neutrality-explorer: the view “{view}” is not available in this version (available: {names}).",
            file=sys.stderr,
        )
        return 1
    unknown = [e for e in select if session.columns.index_of(e) is None]
    if unknown:
        print(f"neutrality-explorer: there is no event with the id “{unknown[0]}”.", file=sys.stderr)
        return 1
    window = MainWindow(session, restore=False, persist=False)
    window.resize(*size)
    window.show()
    _settle()
    window.show_view(view)
    if span is not None:
        window.zoom_to(*span)
    if select:
        window.select_events(select)
        window.timeline.ensure_visible(select[0])
    _settle()
    image = QImage(QSize(*size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(window.palette().window().color())
    window.render(image)
    out = Path(out)
    if out.parent and not out.parent.exists():
        print(
            f"neutrality-explorer: cannot write {out}: the folder {out.parent} does not exist.",
            file=sys.stderr,
        )
        return 1
    # the stub types the format as bytes, but PySide6 refuses bytes at run time (ValueError): str it is
    if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
        print(f"neutrality-explorer: cannot write {out}.", file=sys.stderr)
        return 1
    window.close()
    return 0
