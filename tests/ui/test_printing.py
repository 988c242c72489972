"""File > Export PDF through its dialog: the timeline, the comparison and the brief become readable PDFs
with the chosen page size and orientation (read back with pdftotext/pdfinfo when present, else by a
tiny parser of the PDF's page objects)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from annotation_gui import show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.ui.printing import PrintSetupDialog


def _pages(pdf: bytes) -> int:
    """Page objects in a PDF (the tiny parser)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def _media_box(pdf: bytes) -> tuple[float, float]:
    m = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert m, "no MediaBox in the PDF"
    return float(m.group(1)), float(m.group(2))


def _text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be read back")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _export_through_dialog(qtbot, win, path: Path, what: int, page: str, portrait: bool, title: str) -> None:
    win.printing.actions["export_pdf"].trigger()
    found: list = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, PrintSetupDialog) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=3000)
    dialog: PrintSetupDialog = found[0]
    dialog.what.setCurrentIndex(what)
    dialog.page.setCurrentText(page)
    dialog.orientation.setCurrentIndex(1 if portrait else 0)
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, title)
    assert dialog.file is not None
    dialog.file.selectAll()
    qtbot.keyClicks(dialog.file, str(path))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
    qtbot.waitUntil(path.exists, timeout=10000)


def test_timeline_to_a4_landscape_pdf_reads_back(qtbot, db_path: Path, tmp_path: Path) -> None:
    win = show_window(qtbot, db_path)
    win.zoom_to("1990-01-01", "2016-12-31")
    out = tmp_path / "timeline.pdf"
    _export_through_dialog(qtbot, win, out, 0, "A4", False, "Neutrality on paper")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and _pages(data) == 1
    width, height = _media_box(data)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    assert win.statusBar().currentMessage() == f"Wrote 1 page to {out}."
    text = _text(out)
    assert "Neutrality on paper" in text and "Ostrogorski Centre" in text
    assert "Foreign" in text  # a lane's name, drawn as text


def test_brief_is_paginated_on_letter_portrait(qtbot, db_path: Path, tmp_path: Path) -> None:
    win = show_window(qtbot, db_path)
    out = tmp_path / "brief.pdf"
    _export_through_dialog(qtbot, win, out, 2, "Letter", True, "All the events")
    data = out.read_bytes()
    assert _pages(data) > 3  # the whole corpus does not fit on one page
    assert tuple(round(v) for v in _media_box(data)) == (612, 792)
    text = _text(out)
    assert "All the events" in text and "Belarus" in text
    assert "<a id=" not in text and "(#source-" not in text  # the file's anchors are not printed as text
    assert win.settings.value("print/title") == "All the events"


def test_comparison_prints_with_its_title(qtbot, db_path: Path, tmp_path: Path) -> None:
    win = show_window(qtbot, db_path)
    out = tmp_path / "compare.pdf"
    _export_through_dialog(qtbot, win, out, 1, "A3", False, "Side by side")
    data = out.read_bytes()
    assert _pages(data) == 1 and tuple(round(v) for v in _media_box(data)) == (1191, 842)
    assert "Side by side" in _text(out)
