"""What the comparison gives out: the numbers behind its plots as CSV, and the whole view as a figure.

A part of CompareView (compare_view.py), whose numbers, rows and widgets these read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QFileDialog

from explorer.ui.compare.export import export_numbers
from explorer.ui.compare.figure import figure_rect, write_figure
from explorer.ui.errors import show_error
from explorer.ui.image_export import attribution

if TYPE_CHECKING:
    from explorer.ui.compare.compare_view import CompareView


class CompareOutput:
    """Export Numbers and Export Figure of the comparison (the toolbar's buttons and their methods)."""

    @property
    def _view(self) -> CompareView:
        """The comparison this is a part of."""
        return cast("CompareView", self)

    def export_numbers(self, base: str | Path) -> list[Path]:
        """Write the numbers behind every plot next to `base` (see explorer.ui.compare.export)."""
        v = self._view
        if v._dirty or v._present_pending:
            v._rebuild_timer.stop()
            v.rebuild()
        return export_numbers(base, v.density, v.cumulative, v.lead_lag, v.importance)

    def _on_export_button_clicked(self) -> None:
        v = self._view
        path, _ = QFileDialog.getSaveFileName(
            v, "Export Numbers", str(Path.home() / "comparison.csv"), "CSV files (*.csv)"
        )
        if not path:
            return
        try:
            written = v.export_numbers(path)
        except OSError as exc:
            show_error(v, f"The numbers could not be written to {path} ({exc.strerror or exc}).")
            return
        names = ", ".join(p.name for p in written)
        v.exported.emit(f"Wrote {len(written)} files: {names}.")

    def ready_to_draw(self) -> None:
        """Bring the numbers and rows up to date and let them paint now (a figure or a print draws
        them at once, without a turn of the event loop)."""
        v = self._view
        if v._dirty:
            v.rebuild()
        v._paint_rows()
        for row in v.rows:
            row.flush_range()

    def export_figure(self, path: str | Path) -> Path:
        """Write the title, the sentence, the charts, Table two and the attribution as a .png or .svg figure."""
        v = self._view
        v.ready_to_draw()
        rect = figure_rect(v, v.sentence, v.split)
        credit = attribution(v.session.events.meta())
        if "Neutrality Explorer" not in credit:
            credit += " Figure: Neutrality Explorer."
        return write_figure(v, rect, path, v.figure_title(), credit)

    def figure_title(self) -> str:
        """The compared series and the years shown ("Foreign policy vs National security, 1992–2016")."""
        v = self._view
        names = " vs ".join(s.label for s in v.specs()) or "Comparison"
        d0, d1 = v.visible_range()
        # the years most of which are shown (the view pads its range by a few months each side)
        first, last = (date.fromordinal(max(1, min(int(d), 3652059))).year for d in (d0 + 183, d1 - 183))
        return f"{names}, {first}" + (f"–{last}" if last != first else "")

    def _on_figure_button_clicked(self) -> None:
        v = self._view
        path, _ = QFileDialog.getSaveFileName(
            v,
            "Export Figure",
            str(Path.home() / "comparison.png"),
            "PNG image (*.png);;SVG drawing (*.svg)",
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".png", ".svg"):
            path += ".png"
        try:
            written = v.export_figure(path)
        except OSError as exc:
            show_error(v, f"The figure could not be written to {path} ({exc.strerror or exc}).")
            return
        v.exported.emit(f"Wrote {written.name}.")
