"""The date axes never show pyqtgraph's axis title, so its rich text is not laid out; shown, it is."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsTextItem

from explorer.timeline.date_axis import DateAxisItem
from explorer.timeline.theme import theme_from_palette


def test_the_hidden_title_is_never_given_html_and_the_axis_keeps_its_height(qapp, monkeypatch) -> None:
    set_html: list[str] = []
    original = QGraphicsTextItem.setHtml
    monkeypatch.setattr(
        QGraphicsTextItem, "setHtml", lambda item, html: (set_html.append(html), original(item, html))
    )
    axis = DateAxisItem(theme_from_palette(), orientation="top")
    axis.setRange(700_000, 730_000)
    axis.setTextPen("#202020")
    assert set_html == []  # nothing shows it, nothing laid out
    assert not axis.label.isVisible()
    assert axis.height() > 0


def test_a_title_asked_for_is_set_and_shown(qapp) -> None:
    axis = DateAxisItem(theme_from_palette(), orientation="bottom", compact=True)
    bare = axis.height()
    axis.setLabel("Days")
    assert axis.label.isVisible()
    assert axis.label.toPlainText().strip() == "Days"
    axis.setTextPen("#c00000")  # a later change re-sets the shown title
    assert "#c00000" in axis.label.toHtml()
    axis.showLabel(False)
    assert not axis.label.isVisible()
    assert axis.height() == bare
