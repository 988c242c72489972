"""The program: screenshots from the command line, databases it cannot open, unexpected errors, About."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from explorer import app

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"


def run_gui(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEUTRALITY_EXPLORER_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_screenshot_writes_a_png_of_the_requested_size(tmp_path, db_path, isolated_home):
    out = tmp_path / "shot.png"
    done = run_gui(
        "--screenshot", str(out), "--size", "1280x800", "--select", MOSCOW, str(db_path), home=isolated_home
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    small = image.scaled(160, 100)
    colours = {small.pixel(x, y) for x in range(160) for y in range(100)}
    assert len(colours) > 40, "the screenshot is not blank"


def test_screenshot_of_a_view_that_is_not_installed_says_so(tmp_path, db_path, isolated_home):
    done = run_gui(
        "--screenshot", str(tmp_path / "c.png"), "--view", "gantt", str(db_path), home=isolated_home
    )
    assert done.returncode == 1
    assert "not available" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "c.png").exists()


def test_screenshot_zoom_shows_another_span_than_the_whole(tmp_path, db_path, isolated_home):
    whole, zoomed = tmp_path / "whole.png", tmp_path / "zoomed.png"
    for out, extra in ((whole, []), (zoomed, ["--zoom", "1990", "2017"])):
        done = run_gui(
            "--screenshot", str(out), "--size", "1200x700", *extra, str(db_path), home=isolated_home
        )
        assert done.returncode == 0, done.stderr
    a, b = QImage(str(whole)), QImage(str(zoomed))
    assert (b.width(), b.height()) == (1200, 700)
    assert a != b, "zooming to 1990-2017 must change what the timeline shows"


def test_screenshot_zoom_with_an_impossible_date_is_one_sentence(tmp_path, db_path, isolated_home):
    done = run_gui(
        "--screenshot",
        str(tmp_path / "z.png"),
        "--zoom",
        "2015-02-30",
        "2016",
        str(db_path),
        home=isolated_home,
    )
    assert done.returncode == 1
    assert "February 2015 has 28 days" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "z.png").exists()


@pytest.fixture
def captured(monkeypatch):
    """Sentences shown with QMessageBox.critical instead of a real dialog."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: said.append(text))
    return said


def test_a_corrupt_database_gives_a_dialog_not_a_crash(qtbot, tmp_path, captured):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not a database at all\n" * 20)
    assert app.main([str(bad)]) == 1
    assert len(captured) == 1
    assert str(bad) in captured[0] and "not" in captured[0] and "Traceback" not in captured[0]


def test_a_damaged_sqlite_file_gives_a_dialog(qtbot, tmp_path, db_path, captured):
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    bad = tmp_path / "damaged.db"
    bad.write_bytes(bytes(data))
    assert app.main([str(bad)]) == 1
    assert len(captured) == 1 and str(bad) in captured[0]


def test_a_missing_database_gives_a_dialog(qtbot, tmp_path, captured):
    missing = tmp_path / "nowhere.db"
    assert app.main([str(missing)]) == 1
    assert captured == [f"{missing} does not exist."]


def test_a_database_from_a_newer_version_gives_a_dialog(qtbot, tmp_path, captured):
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert app.main([str(newer)]) == 1
    assert "newer version" in captured[0]


def test_unexpected_errors_are_a_sentence_and_a_logged_traceback(qtbot, captured, isolated_home):
    from explorer.ui import errors

    errors.install_excepthook()
    try:
        raise ValueError("the frobnicator is empty")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(captured) == 1
    assert "the frobnicator is empty" in captured[0] and "Traceback" not in captured[0]
    log = isolated_home / "logs" / "neutrality-explorer.log"
    assert "Traceback" in log.read_text() and "ValueError" in log.read_text()
    sys.excepthook = sys.__excepthook__


def test_the_application_is_named_and_has_its_icon(qtbot):
    from PySide6.QtGui import QGuiApplication

    app.make_application()
    assert QGuiApplication.desktopFileName() == "neutrality-explorer"
    assert QGuiApplication.applicationName() == "neutrality-explorer"
    from explorer.resources import resource

    if resource("icons/neutrality-explorer.svg").exists():
        assert not QGuiApplication.windowIcon().isNull()


def test_the_application_lets_the_gui_thread_have_the_gil_soon_after_it_asks(qtbot):
    # Qt takes the GIL again for every call into Python (each table cell, slot, item paint): with a
    # thread at work each call waited up to the switch interval, 5 ms by default
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        app.make_application()
        assert sys.getswitchinterval() <= 0.001
        sys.setswitchinterval(0.0001)  # a host that asked for shorter turns keeps them
        app.make_application()
        assert sys.getswitchinterval() == pytest.approx(0.0001, abs=2e-6)  # (kept in whole microseconds)
    finally:
        sys.setswitchinterval(before)


#: Paints one large half-transparent fill in a fresh process, the app's (argv "app") or plain Qt's,
#: then names the process's threads. Qt's GUI thread pool names its threads "Thread (pooled)".
FILLS = """
import json, os, sys
from pathlib import Path
os.environ.pop("QT_NO_GUI_THREADPOOL", None)
if sys.argv[1] == "app":
    from explorer.app import make_application
    make_application()
else:
    from PySide6.QtWidgets import QApplication
    qt = QApplication([])
from PySide6.QtGui import QColor, QImage, QPainter
image = QImage(1600, 1000, QImage.Format.Format_ARGB32_Premultiplied)
p = QPainter(image)
p.fillRect(0, 0, 1600, 1000, QColor(10, 20, 30, 128))
p.end()
print("CORNER " + json.dumps(hex(image.pixel(1599, 999))))
tasks = Path("/proc/self/task")
print("THREADS " + json.dumps([(tasks / t / "comm").read_text().strip() for t in os.listdir(tasks)]))
"""


def _threads_after_a_large_fill(kind: str) -> tuple[str, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", FILLS, kind], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = {line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1]) for line in done.stdout.splitlines()}
    return lines["CORNER"], lines["THREADS"]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="names threads from /proc (Linux)")
def test_the_application_paints_its_fills_itself_without_handing_them_to_qt_threads():
    # Qt cuts a large fill into pieces for its GUI thread pool and waits for them; on the timeline's
    # frames the hand-off cost more than the fill, so the app's process turns the pool off
    corner, threads = _threads_after_a_large_fill("plain")
    if "Thread (pooled)" not in threads:
        pytest.skip("this Qt paints large fills on the calling thread anyway (no GUI thread pool)")
    app_corner, app_threads = _threads_after_a_large_fill("app")
    assert app_corner == corner  # the same fill was painted
    assert "Thread (pooled)" not in app_threads


def test_about_names_the_paper_and_the_versions(qtbot, window):
    from explorer.ui.dialogs.about import AboutDialog

    dialog = AboutDialog(window.session.events.meta(), window)
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    for words in ("Elements of Neutrality", "Siarhei Bohdan", "Gumer Isaev", "2016", "belarusdigest.com"):
        assert words in text
    for name in ("Qt", "PySide6", "pyqtgraph", "SQLite"):
        assert f">{name}<" in text


def test_menus_have_standard_shortcuts_and_tips(qtbot, window):
    from PySide6.QtGui import QKeySequence

    acts = window.menu_actions
    assert acts["open"].shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert acts["quit"].shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert acts["zoom_in"].shortcut() == QKeySequence(QKeySequence.StandardKey.ZoomIn)
    titles = [m.text().replace("&", "") for m in window.menuBar().actions()]
    assert titles[:4] == ["File", "Edit", "View", "Help"]
    for name in acts.names():
        assert acts[name].objectName() == name and acts[name].statusTip()


def test_status_bar_counts_events_and_names_the_range(qtbot, window):
    total = len(window.session.columns)
    undated = int((~window.session.columns.dated).sum())
    assert window.shown_label.text() == f"{total} events shown" + (f" ({undated} undated)" if undated else "")
    window.zoom_to("1990-01-01", "2000-01-01")
    assert window.range_label.text() == "1990 – 2000"
    window.session.set_lane_hidden("context", True)
    assert "of" in window.shown_label.text()
