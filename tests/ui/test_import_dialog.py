"""File > Import: a valid CSV adds a lane and its events; a bad CSV shows every problem and changes
nothing; invalid rows can be skipped and are then listed; a file is imported once; Cancel works."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from export_helpers import open_dialog
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QProgressDialog, QPushButton

from explorer.ui.dialogs.import_dialog import ImportDialog

VALID = """id,title,date,track,summary
talks-1,First round of talks,2015-03-02,Diplomacy,They met.
talks-2,Second round of talks,2015-06,Diplomacy,They met again.
talks-3,A statement,2016~,Statements,Someone spoke.
"""
SOME_BAD = """title,date,track
Good one,2015-03-02,Diplomacy
Bad date,2015-13-01,Diplomacy
Good two,2016,Diplomacy
,2017,Diplomacy
"""
NO_TITLE = """what,date
x,2015
"""


def counts(db_path: Path) -> tuple[int, int]:
    with sqlite3.connect(db_path) as conn:
        return (
            conn.execute("SELECT count(*) FROM events").fetchone()[0],
            conn.execute("SELECT count(*) FROM tracks").fetchone()[0],
        )


@pytest.fixture
def import_file(qtbot, window, tmp_path, monkeypatch):
    """Choose File > Import with a file of this text; the import dialog it opens."""

    def run(text: str, name: str = "events.csv") -> ImportDialog:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
        window.menu_actions["import_events"].trigger()
        return open_dialog(qtbot, window, ImportDialog)

    return run


def close_button(dialog: ImportDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)


def test_importing_a_valid_csv_adds_a_lane_with_its_events(qtbot, window, db_path, import_file):
    events_before, tracks_before = counts(db_path)
    dialog = import_file(VALID)
    assert dialog.import_button.text() == "&Import 3 events"
    assert dialog.heading.text() == "events.csv: 3 valid events for 2 new lanes"
    assert "Diplomacy (2 events) and Statements (1 event)" in dialog.status.text()
    with qtbot.waitSignal(window.session.eventsChanged):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert counts(db_path) == (events_before + 3, tracks_before + 2)
    assert dialog.heading.text().startswith("Imported 3 events from events.csv")
    assert not dialog.import_button.isVisible()
    session, tl = window.session, window.timeline
    new = [t.id for t in session.tracks if t.name == "Diplomacy"]
    assert new and new[0] in session.visible_lanes()
    assert tl.lane_span(new[0]) is not None and tl.lane_item(new[0]).isVisible()
    assert session.columns.index_of("talks-1") is not None
    assert "Imported 3 events" in window.statusBar().currentMessage()
    qtbot.mouseClick(close_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_bad_csv_lists_every_problem_and_cancel_leaves_the_database_unchanged(
    qtbot, window, db_path, import_file
):
    before = counts(db_path)
    dialog = import_file(SOME_BAD, "bad.csv")
    problems = dialog.problem_texts()
    assert len(problems) == 2
    assert "bad.csv, line 3, date: “2015-13-01” has month 13, which does not exist." in problems
    assert any("bad.csv, line 5, title:" in p for p in problems)
    assert dialog.import_button.text() == "&Import the 2 valid rows and skip 2"
    qtbot.mouseClick(close_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert counts(db_path) == before
    assert window.session.columns.index_of("bad-1") is None


def test_skipping_invalid_rows_imports_the_rest_and_shows_what_was_skipped(
    qtbot, window, db_path, import_file
):
    events_before, _ = counts(db_path)
    dialog = import_file(SOME_BAD, "bad.csv")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert counts(db_path)[0] == events_before + 2
    assert "2 invalid items skipped" in dialog.heading.text()
    assert dialog.problems_box.title() == "Skipped (2)"
    assert any("line 3, date" in p for p in dialog.problem_texts())


def test_a_file_with_a_fatal_problem_is_refused_in_a_sentence(qtbot, window, db_path, import_file):
    before = counts(db_path)
    dialog = import_file(NO_TITLE, "notitle.csv")
    assert not dialog.import_button.isVisible()
    assert dialog.status.text().startswith("This file cannot be imported, so nothing will be written:")
    assert "title" in dialog.status.text()
    assert close_button(dialog).text() == "&Close"
    assert counts(db_path) == before


def test_the_same_file_is_imported_only_once(qtbot, window, db_path, import_file):
    first = import_file(VALID)
    qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(close_button(first), Qt.MouseButton.LeftButton)
    after_first = counts(db_path)
    second = import_file(VALID, "copy.csv")
    assert "was already imported on" in second.status.text()
    assert "nothing was written" in second.status.text()
    assert not second.import_button.isVisible()
    assert counts(db_path) == after_first


def test_cancelling_a_running_import_writes_nothing(qtbot, window, db_path, import_file):
    rows = "".join(f"row-{i},Event number {i},{1900 + i % 100},Bulk\n" for i in range(3000))
    before = counts(db_path)
    dialog = import_file("id,title,date,track\n" + rows, "bulk.csv")

    def press_cancel() -> None:
        dialog.findChild(QProgressDialog, "progressDialog").cancel()

    QTimer.singleShot(0, press_cancel)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "The import was cancelled; nothing was written."
    assert counts(db_path) == before
    assert dialog.import_button.isEnabled(), "the import can be tried again"


def test_a_read_only_database_refuses_imports_in_a_sentence(qtbot, db_path, tmp_path, monkeypatch):
    from explorer.app import MainWindow
    from explorer.state import Session

    session = Session.open(db_path, readonly=True)
    win = MainWindow(session, restore=False, persist=False)
    qtbot.addWidget(win)
    win.show()
    path = tmp_path / "events.csv"
    path.write_text(VALID, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    win.menu_actions["import_events"].trigger()
    dialog = open_dialog(qtbot, win, ImportDialog)
    assert "read-only" in dialog.status.text()
    assert not dialog.import_button.isVisible()


def test_the_problem_list_is_a_sound_model_and_can_be_copied(qtbot, qtmodeltester, window, import_file):
    from PySide6.QtGui import QGuiApplication

    dialog = import_file(SOME_BAD, "bad.csv")
    qtmodeltester.check(dialog.model)
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyProblems"), Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied == dialog.problem_texts()
    assert copied[0] == "bad.csv, line 3, date: “2015-13-01” has month 13, which does not exist."


@pytest.fixture
def worker_from_the_start(monkeypatch):
    """Large-import behaviour for small files: the worker starts while the file is read."""
    from explorer.formats import import_plan, import_write

    monkeypatch.setattr(import_write, "SIDE_BUILD_MIN", 10)
    monkeypatch.setattr(import_write, "SPECULATE_MIN_BYTES", 0)
    monkeypatch.setattr(import_plan, "WATCH_EVERY", 100)


def scratch_files(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(".neutrality-import-*"))


def test_a_large_file_is_indexed_by_the_worker_started_while_it_was_read(
    qtbot, window, db_path, import_file, worker_from_the_start
):
    """The dialog's import uses the worker fed while the file was read; afterwards it is gone."""
    rows = "".join(
        f"pipe-{i},Pipeline meeting {i},{1990 + i % 30},Energy,Gas transit zeppelin{i}\n" for i in range(2000)
    )
    dialog = import_file("id,title,date,track,summary\n" + rows, "pipes.csv")
    feed = dialog.feed
    assert feed is not None and feed.sent == 2000  # every event was handed over while reading
    with qtbot.waitSignal(window.session.eventsChanged):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.heading.text().startswith("Imported 2000 events from pipes.csv")
    assert feed.side.error is None and feed.side.process.poll() == 0
    qtbot.waitUntil(lambda: not scratch_files(db_path))
    from explorer.store.search import search

    assert [h.event_id for h in search(window.session._db, '"zeppelin123"')] == ["pipe-123"]
    window.session._db.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")


def test_closing_the_dialog_without_importing_stops_the_worker(
    qtbot, window, db_path, import_file, worker_from_the_start
):
    before = counts(db_path)
    rows = "".join(f"Meeting {i} on gas transit and tariffs,{1990 + i % 30},Energy\n" for i in range(2000))
    dialog = import_file("title,date,track\n" + rows, "meetings.csv")
    feed = dialog.feed
    assert feed is not None and scratch_files(db_path)
    qtbot.mouseClick(close_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.feed is None and feed.side.process.poll() is not None
    qtbot.waitUntil(lambda: not scratch_files(db_path))
    assert counts(db_path) == before


def test_reading_a_large_file_shows_progress_and_can_be_cancelled(
    qtbot, window, db_path, tmp_path, monkeypatch, worker_from_the_start
):
    """Cancel while File > Import reads: no dialog, nothing written, the worker stopped, a sentence said."""
    before = counts(db_path)
    path = tmp_path / "long.csv"
    path.write_text(
        "title,date\n" + "".join(f"Talks {i},{1990 + i % 30}\n" for i in range(3000)), encoding="utf-8"
    )
    seen: list[tuple[int, int]] = []

    def press_cancel() -> None:
        bar = window.findChild(QProgressDialog, "progressDialog")
        seen.append((bar.value(), bar.maximum()))
        bar.cancel()

    QTimer.singleShot(0, press_cancel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.menu_actions["import_events"].trigger()
    assert seen and 0 < seen[0][0] < seen[0][1] and abs(seen[0][1] - 3000) < 300  # estimated from the head
    assert window.findChild(ImportDialog) is None
    assert "Reading long.csv was cancelled" in window.statusBar().currentMessage()
    assert counts(db_path) == before
    qtbot.waitUntil(lambda: not scratch_files(db_path))


def test_the_dialog_previews_the_first_dates_as_they_will_be_read_before_anything_is_written(
    qtbot, window, db_path, import_file
):
    before = counts(db_path)
    dialog = import_file(VALID)
    from PySide6.QtWidgets import QTableWidget

    table = dialog.findChild(QTableWidget, "importPreview")
    assert table.isVisible()
    shown = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert shown == [
        ["First round of talks", "2 March 2015", "2015-03-02"],
        ["Second round of talks", "June 2015", "2015-06"],
        ["A statement", "c. 2016", "2016~"],
    ]
    assert counts(db_path) == before  # nothing written yet


def test_a_track_named_security_is_said_to_join_the_papers_lane(qtbot, window, db_path, import_file):
    dialog = import_file("title,date,track\nCouncil meets,2020-08~,security\nMarch,2020-08-09,Protests\n")
    assert dialog.heading.text() == "events.csv: 2 valid events for 1 new lane"
    assert "security (1 event, into the paper's “security” lane)" in dialog.status.text()


def test_a_table_sorted_by_title_places_imported_events_by_their_titles(qtbot, window, import_file):
    table = window.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    dialog = import_file(VALID)
    with qtbot.waitSignal(window.session.eventsChanged):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(close_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    model = table.proxy
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert {"First round of talks", "Second round of talks", "A statement"} <= set(titles)
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles == sorted(titles, key=str.casefold, reverse=descending)
