"""Lanes take the room their labels want, scroll when there are many, and labels go where they fit."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from pointing import click, drawn_events, settle, show, wheel, zoom
from PySide6.QtCore import QPoint, Qt

from explorer.timeline.lane_style import CUT_MARGIN, LaneStyle, elide_start


def test_twenty_lanes_keep_their_rows_and_scroll(qtbot, generated_window):
    win = generated_window
    win.resize(1024, 700)
    tl = win.timeline
    lanes = win.session.visible_lanes()
    assert len(lanes) == 20
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    rh = tl.theme.row_height
    heights = [tl.lane_span(t)[1] - tl.lane_span(t)[0] for t in lanes]
    # every lane keeps rows to draw in (no 15-pixel slivers), so together they overflow the area
    assert min(heights) >= 2 * rh
    area = tl.viewbox.height()
    assert sum(heights) > area
    assert tl.lane_scroll.isVisible()
    # the last lane starts out of sight; the wheel over the lane names brings it in
    last = lanes[-1]
    assert tl.lane_span(last)[1] > tl.viewbox.viewRange()[1][1]
    names = QPoint(20, round(tl.mapFromScene(tl.viewbox.sceneBoundingRect().center()).y()))
    for _ in range(60):
        if tl.viewbox.viewRange()[1][1] >= tl.lane_span(last)[1] - 1:
            break
        wheel(tl.viewport(), names, -1)
    y0, y1 = tl.viewbox.viewRange()[1]
    assert y0 <= tl.lane_span(last)[0] and tl.lane_span(last)[1] <= y1 + 1
    # and its events answer clicks where they are drawn
    item = tl.lane_item(last)
    in_last = [e for e in drawn_events(tl) if e in set(item.event_ids(item.current_frame().idx))]
    # (a mark alone at its pixel: the tooltip names no stack there)
    target = next(
        e for e in in_last if tl.mark_position(e) is not None and tl.hit_at(tl.mark_position(e)).stacked == 1
    )
    click(qtbot, tl, tl.mark_position(target))
    assert win.selected_event_ids() == [target]


def test_a_label_at_the_right_edge_goes_to_the_left_of_its_mark(qtbot, make_db):
    title = "A long title for the event that sits close to the right edge of the view"
    win = show(
        qtbot,
        make_db([("edge", "2014-06-28", "foreign", title), ("early", "2014-01-10", "foreign", "Early")]),
    )
    tl = win.timeline
    # the mark about 30 pixels from the right end of the lane area
    c = date(2014, 6, 28).toordinal() + 0.5
    left, right = tl.viewbox_px()
    span = 180.0
    zoom(qtbot, tl, c - span * (1 - 30 / (right - left)), c + span * 30 / (right - left))
    mark = tl.mark_position("edge")
    rect = tl.label_rect("edge")
    assert mark is not None and rect is not None
    assert rect.right() < mark.x() and rect.left() >= left
    assert mark.x() - rect.right() <= 12  # it ends next to its mark, not somewhere to the left
    # the label was worth moving: more of the title shows than the 30 pixels on the right could hold
    assert rect.width() > 60
    click(qtbot, tl, rect.center())
    assert win.selected_event_ids() == ["edge"]


def test_the_selected_event_always_has_a_label(qtbot, window):
    tl = window.timeline
    zoom(qtbot, tl, "2005-01-01", "2015-01-01")
    window.session.clear_selection()
    unlabelled = [e for e in drawn_events(tl) if tl.label_rect(e) is None and tl.mark_position(e) is not None]
    assert unlabelled, "a decade of the corpus should leave some marks without a label"
    for eid in unlabelled[:5]:
        window.session.clear_selection()
        click(qtbot, tl, tl.mark_position(eid))
        assert window.selected_event_ids() == [eid]
        rect = tl.label_rect(eid)
        assert rect is not None
        # the label is the selected event's: a click on it keeps that event selected
        click(qtbot, tl, rect.center())
        assert window.selected_event_ids() == [eid]


def test_the_timeline_shows_when_it_has_the_keyboard_focus(qtbot, window):
    tl = window.timeline
    window.activateWindow()
    window.search_field.setFocus() if hasattr(window, "search_field") else window.setFocus()
    tl.clearFocus()
    qtbot.waitUntil(lambda: not tl.hasFocus())
    colour = tl.theme.highlight.rgb()

    def corner() -> int:
        tl.viewport().repaint()
        return tl.viewport().grab().toImage().pixel(1, tl.viewport().height() // 2)

    assert corner() != colour
    tl.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tl.hasFocus)
    assert corner() == colour
    settle(qtbot, tl)


def test_every_drawn_label_reads_as_qt_elides_its_title_at_each_zoom(qtbot, generated_window):
    # labels with room for the whole title skip eliding (and keep their laid-out text across zooms):
    # what is drawn must still be exactly what Qt's eliding gives for the label's room
    tl = generated_window.timeline
    zoom(qtbot, tl, "2014-01-01", "2016-01-01")
    whole = cut = 0
    for _ in range(6):
        tl.zoom_by(0.75)
        tl.grab()
        for track in tl.session.visible_lanes():
            item = tl.lane_item(track)
            frame = item.current_frame()
            if frame is None or frame.mode != "detail":
                continue
            fm, titles = item.style.fm, tl.session.columns.titles
            for k in np.flatnonzero(frame.label_w > 0).tolist():
                row = int(item.data.rows[frame.idx[k]])
                room = int(frame.label_w[k])
                expected = fm.elidedText(titles[row], Qt.TextElideMode.ElideRight, room)
                text, width = item.style.label_text(row, frame.label_w[k])
                assert text == expected, (titles[row], room)
                assert width == fm.horizontalAdvance(expected)
                assert item.style.static_label(row, frame.label_w[k]).text() == expected
                whole += expected == titles[row]
                cut += expected != titles[row]
                # and at the rooms where the whole title just fits or just does not
                edge = int(fm.horizontalAdvance(titles[row]))
                for w in (edge - 1, edge, edge + 1):
                    assert item.style.label_text(row, w)[0] == fm.elidedText(
                        titles[row], Qt.TextElideMode.ElideRight, w
                    ), (titles[row], w)
    assert whole > 20 and cut > 20, (whole, cut)  # both kinds were checked


def titled_events(titles: list[str], prefix: str, every_days: int) -> list[tuple[str, str, str, str]]:
    """One foreign-policy event per title, from 1 January 2014, `every_days` apart."""
    return [
        (f"{prefix}{i}", (date(2014, 1, 1) + timedelta(days=every_days * i)).isoformat(), "foreign", t)
        for i, t in enumerate(titles)
    ]


def test_a_label_looks_the_same_when_first_drawn_and_when_drawn_again(qtbot, make_db):
    # a label's first drawing is plain text, later ones a laid-out QStaticText: the same pixels,
    # whatever the script (text a fallback font draws is laid out from the start)
    # (each cut short by the next one, so that each zoom gives them new texts)
    titles = [
        "Minsk hosts talks on transit and energy with its neighbours this week",
        "东亚中立会议在明斯克举行，各方讨论了过境和能源问题以及未来的合作",
        "Vilnius and Мінск sign a protocol on the border crossings and rail links",
        "A much longer title that will not fit in the room it gets here at all",
        "Riga closes the last of the talks on transit with a joint statement",
    ]
    win = show(qtbot, make_db(titled_events(titles, "e", 20)))
    tl = win.timeline
    zoom(qtbot, tl, "2013-12-01", "2014-04-15")
    for factor in (0.9, 0.8):
        tl.zoom_by(factor)  # new rooms: new label texts, drawn for the first time by the grab below
        first = tl.grab().toImage()
        again = tl.grab().toImage()
        assert first == again
    labels = {e: tl.label_rect(e) for e in (f"e{i}" for i in range(len(titles) - 1))}
    assert all(r is not None for r in labels.values()), labels
    item = tl.lane_item("foreign")
    frame = item.current_frame()
    cut = [
        item.style.label_text(int(r), w)[0]
        for r, w in zip(item.data.rows[frame.idx], frame.label_w, strict=True)
    ]
    assert sum(t.endswith("…") for t in cut) >= 3  # cut short, so new at each zoom


def test_a_label_reads_as_qt_elides_its_title_in_any_script_at_any_room(qtbot, make_db):
    # the labels skip eliding where the whole title fits (measured once per title) and keep each
    # row's last cut: whatever the script, every room must still give exactly Qt's own eliding, and
    # the width the label boxes, plates and hit-testing use must be the drawn text's
    titles = [
        "Minsk hosts talks on transit and energy",
        "Official affairs of the office: fifty-five flights",  # ligatures (fi, ff, ffi, fl)
        "Мінск і Вільня падпісалі пратакол аб мяжы",
        "东亚中立会议在明斯克举行，各方讨论了过境和能源问题",
        "Me\u0301nsk, Z\u030cilina and Ko\u0308ln sign a charter",  # combining marks
        "שיחות על מעבר גבול בין המדינות השכנות",
        "محادثات حول العبور والطاقة مع الجيران",
        "Talks in Riga, then «שלום» and Vilnius again",
        "A long form of the title\x9cShort form",  # Qt's variant separator
        "Border talks 🇱🇹 and 🇧🇾 agree on rail links",
        "X",
    ]
    win = show(qtbot, make_db(titled_events(titles, "s", 40)))
    style = win.timeline.lane_item("foreign").style
    fm, cols = style.fm, win.timeline.session.columns
    elide = Qt.TextElideMode.ElideRight
    kinds = set()
    for row in range(len(cols)):
        title = cols.titles[row]
        widest = int(fm.horizontalAdvance(title.replace("\x9c", ""))) + 3
        # rooms growing and shrinking again, whole and fractional (label rooms are float32)
        rooms = [*range(widest), *range(widest, -1, -7)]
        for room in rooms + [r + 0.5 for r in rooms[::5]]:
            expected = fm.elidedText(title, elide, int(room))
            text, width = style.label_text(row, room)
            assert text == expected, (title, room)
            assert width == (fm.horizontalAdvance(expected) if expected else 0.0), (title, room)
            drawn = style.label_to_draw(row, room)
            assert (drawn if isinstance(drawn, str) else drawn.text()) == expected, (title, room)
            kinds.add("whole" if expected == title else "cut" if expected else "none")
    assert kinds == {"whole", "cut", "none"}
    # labels drawn without being measured (the one pass for all lanes) cut them the same way
    fresh = LaneStyle(style.theme, cols)
    for row in range(len(cols)):
        title = cols.titles[row]
        for room in [*range(0, 400, 3), *range(400, -1, -11)]:
            expected = fm.elidedText(title, elide, room)
            text, width = fresh.label_cut(row, room)
            assert text == expected, (title, room)
            assert np.isnan(width) or width == (fm.horizontalAdvance(expected) if expected else 0.0)
            assert (expected != "") == (not width <= 0), (title, room)  # drawn when not empty


class _CountingMetrics:
    """A QFontMetricsF that notes the length of every text it is asked to elide."""

    def __init__(self, fm) -> None:
        self.fm = fm
        self.lengths: list[int] = []

    def elidedText(self, text, mode, width):  # noqa: N802 (Qt's name)
        self.lengths.append(len(text))
        return self.fm.elidedText(text, mode, width)


def test_eliding_a_title_from_its_start_cuts_it_where_qt_cuts_the_whole(qtbot, built_corpus):
    # a label at a new zoom is cut by laying out only its title's start: at every room, for the
    # corpus's titles, generated ones and awkward ones, the text must be Qt's own cut of the whole title
    import sqlite3

    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from explorer.bench.synth_text import synth_text

    with sqlite3.connect(built_corpus) as conn:
        titles = [t for (t,) in conn.execute("SELECT title FROM events ORDER BY id")]
    assert len(titles) > 100
    titles += synth_text(300, np.random.default_rng(3)).titles
    titles += [
        "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii then wide letters WWWWWWWWWWWWWWWW",  # all the start fits
        "Talks... then more talks... and a statement at the end of the week",  # dots like an ellipsis
        "Official affairs of the office: fifty-five flights and fiffy fluff",  # ligatures
        "AVAVAV To Tw Ty LT Wa Yo: kerning pairs across the whole of this title",
        "Мінск і Вільня падпісалі пратакол аб мяжы і чыгунцы на поўначы",  # not ASCII: whole
    ]
    fm = QFontMetricsF(QApplication.font())
    char_w = fm.horizontalAdvance("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ") / 37 * 1.12
    elide = Qt.TextElideMode.ElideRight
    spy = _CountingMetrics(fm)
    checked = shortened = 0
    for title in titles:
        for room in range(int(fm.horizontalAdvance(title)) + 3):
            chars = int(room / char_w * 1.25) + CUT_MARGIN
            spy.lengths.clear()
            text = elide_start(spy, title, room, chars)
            assert text == fm.elidedText(title, elide, room), (title, room)
            checked += 1
            shortened += spy.lengths == [min(chars, len(title))] and chars < len(title)
    # most cuts were made from the start alone (else this tests nothing new)
    assert checked > 50_000 and shortened > checked / 3, (checked, shortened)
    # however long the start laid out: a cut too near its end (where a kerning pair or a ligature
    # with the next letter may move it) is made again from the whole title
    for title in titles[-5:]:
        for room in range(0, int(fm.horizontalAdvance(title)) + 3, 2):
            expected = fm.elidedText(title, elide, room)
            for chars in range(1, len(title) + 1):
                assert elide_start(fm, title, room, chars) == expected, (title, room, chars)


def test_a_cut_label_answers_clicks_along_its_whole_drawn_width(qtbot, generated_window):
    # a zoom step draws a cut label without measuring it when its drawing needs no width (right of
    # its mark, off any bar, unselected): hit-testing must still see the whole drawn width
    win = generated_window
    tl = win.timeline
    zoom(qtbot, tl, "2014-01-01", "2016-01-01")
    tl.zoom_by(0.8)  # new rooms, so new cut texts, drawn in one pass for all lanes
    settle(qtbot, tl)
    tl.grab()
    clicked = 0
    for track in tl.session.visible_lanes():
        item = tl.lane_item(track)
        frame = item.current_frame()
        if frame is None or frame.mode != "detail":
            continue
        fm = item.style.fm
        for k in np.flatnonzero((frame.label_w > 0) & ~frame.period).tolist():
            text = item.style.elided(int(item.data.rows[frame.idx[k]]), frame.label_w[k])
            eid = item.event_ids(frame.idx[k : k + 1])[0]
            rect = tl.label_rect(eid)
            if not text.endswith("…") or rect is None or clicked >= 8:
                continue
            assert item.label_boxes(frame)[k][2] == fm.horizontalAdvance(text) + 6.0, text
            win.session.clear_selection()
            click(qtbot, tl, QPoint(rect.right() - 3, rect.center().y()))  # its last letters
            assert win.selected_event_ids() == [eid], text
            clicked += 1
    assert clicked >= 5
