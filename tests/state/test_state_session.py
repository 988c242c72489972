"""The Session facade without a display: selection, lanes, masks, events, import, close; one signal per change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.formats.importer import plan_import
from explorer.state import Session
from explorer.store import UnknownEvent

ROOT = Path(__file__).resolve().parents[2]
EVENTS = [
    ("f-1", "2014-03-01", "foreign", "Talks in Minsk"),
    ("s-1", "2014-05-02", "security", "Joint exercise near the border"),
    ("f-2", "2015-02-12", "foreign", "Minsk agreement signed"),
    ("c-1", "2016", "context", "Sanctions eased"),
]


@pytest.fixture
def session(make_db):
    s = Session.open(make_db(EVENTS))
    yield s
    s.close()


def record(signal) -> list[tuple]:
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    return got


def test_the_state_package_loads_and_works_without_qt() -> None:
    code = (
        "import sys\n"
        "from explorer.state import Session\n"
        "from explorer.resources import bundled_db\n"
        "s = Session.open(bundled_db())\n"
        "s.search.set_query('Minsk', immediately=True)\n"
        "assert s.search.count() > 0\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')]\n"
        "print(loaded)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_selection_and_focus_change_once_and_say_so(session: Session) -> None:
    chosen = record(session.selectionChanged)
    focus = record(session.currentChanged)
    session.set_selection(["f-2", "nope", "f-1"])
    assert session.selection() == ["f-2", "f-1"], "unknown ids are left out"
    assert session.current() == "f-2"
    session.set_selection(["f-2", "f-1"])
    session.toggle_selected("f-2")
    assert chosen == [(["f-2", "f-1"],), (["f-1"],)]
    assert focus == [("f-2",), ("f-1",)]
    assert session.selected_mask().sum() == 1


def test_selecting_rows_is_selecting_their_ids_without_looking_them_up(session: Session, monkeypatch) -> None:
    """Select All Shown selects by rows: the same selection, mask, focus and signals as by ids."""
    session.set_lane_hidden("security", True)
    shown = np.flatnonzero(session.shown_mask())
    by_ids = session.columns.ids[shown].tolist()
    session.set_selection(by_ids)
    want = (session.selection(), session.selected_mask().copy(), session.current())
    session.clear_selection()
    chosen = record(session.selectionChanged)
    cols = type(session.columns)
    for name in ("known_ids", "mask_of", "rows_of"):  # a million ids looked up twice was the freeze
        monkeypatch.setattr(cols, name, lambda *a, _n=name: pytest.fail(f"{_n} was called"))
    session.select_all_shown()
    assert session.selection() == want[0] == by_ids and len(by_ids) == 3
    assert np.array_equal(session.selected_mask(), want[1])
    assert session.current() == want[2] == by_ids[0]
    session.select_all_shown()  # the same again: no second signal
    assert chosen == [(by_ids,)]
    # a row given twice keeps its first place; another current event is kept when it is selected
    session.select_rows(np.array([shown[2], shown[0], shown[2]]), current=by_ids[0])
    assert session.selection() == [by_ids[2], by_ids[0]] and session.current() == by_ids[0]
    assert int(session.selected_mask().sum()) == 2
    session.select_rows(np.zeros(0, dtype=np.int64))
    assert session.selection() == [] and session.current() == "" and not session.selected_mask().any()


def test_a_selection_made_by_rows_reads_its_ids_once_and_only_when_iterated(
    session: Session, monkeypatch
) -> None:
    """Select All Shown keeps rows: its count, membership and first ids need no whole-column read;
    the list of ids is read once, when a command iterates it, and it behaves as that list."""
    shown = np.flatnonzero(session.shown_mask())
    by_ids = session.columns.ids[shown].tolist()
    cls = type(session.columns)
    whole = cls.whole_text
    reads: list[str] = []
    monkeypatch.setattr(cls, "whole_text", lambda cols, c: (reads.append(c), whole(cols, c))[1])
    from explorer.store import columns

    monkeypatch.setattr(columns, "WHOLE_COLUMN", 2)  # (a million rows read whole; here four)
    chosen = record(session.selectionChanged)
    session.select_all_shown()
    picked = session.selection()
    assert len(picked) == len(by_ids) == 4 and picked and reads == []
    assert by_ids[2] in picked and "no-such-event" not in picked and None not in picked
    assert picked[0] == by_ids[0] and picked[-1] == by_ids[-1] and reads == []
    assert chosen[0][0] is picked, "the views get the same immutable sequence"
    assert picked == by_ids and list(picked) == by_ids and picked[1:3] == by_ids[1:3]
    assert reads == ["id"]
    list(picked)
    assert reads == ["id"], "read once"
    # Ctrl-click on a selected event takes it out; another one adds it at the end
    session.toggle_selected(by_ids[1])
    assert session.selection() == [by_ids[0], by_ids[2], by_ids[3]]
    session.select_all_shown()
    session.set_lane_hidden("security", True)
    rest = np.flatnonzero(session.shown_mask())
    session.select_rows(rest[:1])
    session.add_to_selection([by_ids[3]])
    assert session.selection() == [session.columns.ids[int(rest[0])], by_ids[3]]
    assert int(session.selected_mask().sum()) == 2


def test_hiding_a_lane_and_a_filter_narrow_what_is_shown(session: Session) -> None:
    lanes = record(session.lanesChanged)
    assert session.lane_order()[:2] == ["foreign", "security"], "the compared pair comes first"
    assert session.shown_count() == 4
    session.set_lane_hidden("context", True)
    session.set_lane_hidden("context", True)
    assert len(lanes) == 1 and session.shown_count() == 3
    session.set_filter(["f-1", "c-1"])
    assert session.shown_count() == 1
    with pytest.raises(ValueError, match="one entry per event"):
        session.set_filter(np.ones(2, dtype=bool))


def test_one_event_is_loaded_on_demand_and_an_unknown_one_is_refused(session: Session) -> None:
    assert session.events.get("s-1").title == "Joint exercise near the border"
    assert session.events.get("s-1") is session.events.get("s-1"), "kept once loaded"
    with pytest.raises(UnknownEvent):
        session.events.get("missing")
    assert session.track("security") is not None and session.track("nope") is None


def test_an_import_reloads_the_columns_keeps_the_selection_and_tells_once(
    session: Session, tmp_path: Path
) -> None:
    session.set_selection(["f-1"])
    session.set_filter(["f-1"])
    changed = record(session.eventsChanged)
    csv = tmp_path / "protests.csv"
    csv.write_text("id,title,date,track\np-1,March,2020-08-09,Protests\n", encoding="utf-8")
    plan = plan_import(csv)
    session.events.check_import(plan)
    session.events.apply_import(plan)
    assert changed == [()]
    assert len(session.columns) == 5 and session.selection() == ["f-1"]
    assert session.filter_mask() is None, "a reload drops the old mask (filters put theirs back)"
    new = next(t for t in session.tracks if t.name == "Protests")
    assert new.id in session.visible_lanes(), "a new track becomes a visible lane"
    bundle = session.events.export_bundle(["p-1"])
    assert [e.id for e in bundle.events] == ["p-1"]


def test_close_warns_first_and_twice_is_harmless(make_db) -> None:
    s = Session.open(make_db(EVENTS, name="close.db"))
    warned = record(s.aboutToClose)
    s.close()
    s.close()
    assert warned == [()] and s.closed
