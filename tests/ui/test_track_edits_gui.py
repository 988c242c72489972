"""File > Datasets: an imported track renamed, recoloured, merged and counted with a side of the comparison."""

from __future__ import annotations

from annotation_gui import show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton, QTreeWidget
from test_sharing_gui import _click_menu_path

from explorer.formats.importer import import_file
from explorer.store import open_database
from explorer.ui.dialogs.datasets_dialog import DatasetsDialog
from explorer.ui.facets.facet_panel import FacetPanel

Left = Qt.MouseButton.LeftButton


def _import(corpus, tmp_path, name: str, track: str) -> None:
    csv = tmp_path / name
    csv.write_text(
        f"id,title,date,track\n{name}-1,March,2020-08-09,{track}\n{name}-2,Strike,2020-10,{track}\n", "utf-8"
    )
    db = open_database(corpus)
    import_file(db, csv)
    db.conn.close()


def _open_datasets(qtbot, win) -> DatasetsDialog:
    _click_menu_path(qtbot, win, "File", "Datasets…")
    dialog = win.findChild(DatasetsDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    return dialog


def _pick(qtbot, dialog: DatasetsDialog, name: str) -> None:
    tree = dialog.findChild(QTreeWidget, "trackList")
    item = next(
        tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == name
    )
    qtbot.mouseClick(tree.viewport(), Left, pos=tree.visualItemRect(item).center())
    assert tree.selectedItems() == [item]


def _rows(dialog: DatasetsDialog) -> list[tuple[str, str, str, str]]:
    tree = dialog.findChild(QTreeWidget, "trackList")
    return [tuple(tree.topLevelItem(i).text(c) for c in range(4)) for i in range(tree.topLevelItemCount())]


def test_an_imported_track_is_renamed_and_recoloured_and_a_bad_colour_is_refused(
    qtbot, tmp_path, monkeypatch
):
    corpus = make_corpus(tmp_path / "small.db")
    _import(corpus, tmp_path, "protests.csv", "Protests")
    win = show_window(qtbot, corpus)
    dialog = _open_datasets(qtbot, win)
    _pick(qtbot, dialog, "Protests")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Street protests", True))
    qtbot.mouseClick(dialog.findChild(QPushButton, "renameTrack"), Left)
    assert "Street protests" in [t.name for t in win.session.tracks]
    track = next(t.id for t in win.session.tracks if t.name == "Street protests")
    assert win.findChild(FacetPanel).item_for("track", track).text(0) == "Street protests"
    assert dialog.status.text().startswith("“Protests” is now called “Street protests”.")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("red", True))
    qtbot.mouseClick(dialog.findChild(QPushButton, "recolourTrack"), Left)
    assert dialog.status.text() == "“red” is not a colour of the form #rrggbb (for example #1b9e77)."
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("#AA3300", True))
    qtbot.mouseClick(dialog.findChild(QPushButton, "recolourTrack"), Left)
    assert _rows(dialog) == [("Street protests", "#aa3300", "2", "—")]
    assert next(t.color for t in win.session.tracks if t.name == "Street protests") == "#aa3300"
    qtbot.mouseClick(dialog.findChild(QPushButton, "undoTrackChange"), Left)
    qtbot.mouseClick(dialog.findChild(QPushButton, "undoTrackChange"), Left)
    assert _rows(dialog)[0][:2] == ("Protests", _rows(dialog)[0][1]) and _rows(dialog)[0][1] != "#aa3300"
    assert dialog.status.text() == "The track is called “Protests” again."


def test_a_second_import_merged_into_the_first_leaves_one_lane_and_undo_splits_it(
    qtbot, tmp_path, monkeypatch
):
    corpus = make_corpus(tmp_path / "small.db")
    _import(corpus, tmp_path, "a.csv", "Protests")
    _import(corpus, tmp_path, "b.csv", "Strikes")
    win = show_window(qtbot, corpus)
    lanes = len(win.session.tracks)
    dialog = _open_datasets(qtbot, win)
    _pick(qtbot, dialog, "Strikes")
    protests = next(t for t in win.session.tracks if t.name == "Protests")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (f"Protests ({protests.id})", True))
    qtbot.mouseClick(dialog.findChild(QPushButton, "mergeTrack"), Left)
    assert len(win.session.tracks) == lanes - 1 and "Strikes" not in [t.name for t in win.session.tracks]
    assert [r[:3] for r in _rows(dialog)] == [("Protests", protests.color, "4")]
    assert win.session.events.get("b.csv-1").track == protests.id
    assert win.findChild(FacetPanel).count_of("track", protests.id) == 4
    assert dialog.status.text().startswith("The 2 events of “Strikes” are now in “Protests”.")
    qtbot.mouseClick(dialog.findChild(QPushButton, "undoTrackChange"), Left)
    assert len(win.session.tracks) == lanes and win.session.events.get("b.csv-1").track != protests.id
    assert [r[2] for r in _rows(dialog)] == ["2", "2"]


def test_a_track_assigned_to_the_foreign_side_is_counted_with_it_in_the_comparison(qtbot, tmp_path):
    corpus = make_corpus(tmp_path / "small.db")
    _import(corpus, tmp_path, "kremlin.csv", "Kremlin statements")
    win = show_window(qtbot, corpus)
    win.menu_actions["compare"].trigger()
    view = win.compare.view
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.density_rows), timeout=3000)
    foreign = view.density_rows[0]
    assert foreign.series.key == "foreign"
    before = len(foreign.series)
    assert f"all {before:,} in view" in foreign.header.subtitle
    dialog = _open_datasets(qtbot, win)
    _pick(qtbot, dialog, "Kremlin statements")
    box = dialog.tracks.side
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # "Foreign side", chosen from the keyboard (activated)
    qtbot.waitUntil(lambda: _rows(dialog)[0][3] == "foreign", timeout=3000)
    assert dialog.status.text().startswith(
        "The comparison counts “Kremlin statements” with the foreign side."
    )
    qtbot.waitUntil(
        lambda: f"all {before + 2:,} in view" in view.density_rows[0].header.subtitle, timeout=3000
    )
    security = view.density_rows[1]
    assert security.series.key == "security" and "kremlin.csv-1" not in security.series.ids
    qtbot.mouseClick(dialog.findChild(QPushButton, "undoTrackChange"), Left)
    qtbot.waitUntil(lambda: f"all {before:,} in view" in view.density_rows[0].header.subtitle, timeout=3000)
    assert _rows(dialog)[0][3] == "—"
