"""The hit list's rows are rich text: each is laid out and drawn once, and a repaint of the list
(a selection, a scroll back, a filter's answer with the same rows) copies the drawn rows; counted,
not timed, and the picture is the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLineEdit


def test_a_repaint_of_the_hit_list_draws_no_rich_text_again(qtbot, window, monkeypatch):
    field = window.findChild(QLineEdit, "searchField")
    field.setFocus()
    qtbot.keyClicks(field, "Russia")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    state = window.search.state
    qtbot.waitUntil(
        lambda: not state.pending() and not state.running() and len(state.hits()) > 5, timeout=5000
    )
    view = window.search.results.list
    drawn: list[int] = []
    real = QTextDocument.drawContents
    monkeypatch.setattr(
        QTextDocument, "drawContents", lambda doc, p, rect=None: (drawn.append(1), real(doc, p, rect))
    )
    first = view.viewport().grab().toImage()
    model = view.model()
    area = view.viewport().rect()
    rows = sum(1 for r in range(model.rowCount()) if view.visualRect(model.index(r, 0)).intersects(area))
    assert rows > 3, "the list shows several rows"
    assert len(drawn) <= 2 * rows
    drawn.clear()
    again = view.viewport().grab().toImage()
    assert drawn == [], "a repaint copies the drawn rows"
    assert again == first
    # selecting a row draws that row's texts in the selected colours, the rest are copied
    rect = view.visualRect(view.model().index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.selectionModel().isRowSelected(1))
    drawn.clear()
    selected = view.viewport().grab().toImage()
    assert selected != first
    assert 0 < len(drawn) < 2 * rows, "the selected row is drawn anew, the rows left as they were are copied"
