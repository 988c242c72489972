"""The session's services without a display: filters, search, annotations with undo, views, datasets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from explorer.formats.importer import import_file
from explorer.state import Session
from explorer.store import open_database
from explorer.store.filters import Filter
from explorer.store.fts import rebuild_fts
from explorer.store.views import ViewError, ViewState

EVENTS = [
    ("f-1", "2014-03-01", "foreign", "Talks in Minsk"),
    ("s-1", "2014-05-02", "security", "Joint exercise near Minsk"),
    ("f-2", "2015-02-12", "foreign", "Agreement signed in Minsk"),
    ("c-1", "2016", "context", "Sanctions eased"),
]


@pytest.fixture
def session(make_db):
    path = make_db(EVENTS)
    db = open_database(path)
    rebuild_fts(db)  # make_db writes the events only; the search needs their index
    db.conn.close()
    s = Session.open(path)
    yield s
    s.close()


def record(signal) -> list[tuple]:
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    return got


def shown_ids(session: Session) -> list[str]:
    return sorted(session.columns.ids[session.shown_mask()].tolist())


def test_a_facet_filter_hides_events_and_is_put_back_after_a_reload(session: Session) -> None:
    changed = record(session.filters.changed)
    session.filters.set_values("track", ["foreign"])
    session.filters.set_values("track", ["foreign"])
    assert changed == [()], "the same filter twice is one change"
    assert shown_ids(session) == ["f-1", "f-2"]
    assert session.filters.summary() == "Track: Foreign"
    session.events.reload()
    assert shown_ids(session) == ["f-1", "f-2"], "the filter survives a reload"
    session.filters.clear()
    assert len(shown_ids(session)) == 4 and not session.filters.is_active()


def test_typing_waits_until_flushed_and_the_search_counts_only_shown_events(session: Session) -> None:
    pending = record(session.search.queryPending)
    results = record(session.search.resultsChanged)
    session.search.set_query("Minsk")
    assert session.search.pending() and pending == [()] and results == []
    session.search.flush()
    assert not session.search.pending() and session.search.count() == 3
    assert session.hit_mask() is not None and int(session.hit_mask().sum()) == 3
    session.filters.set_values("track", ["security"])
    assert session.search.count() == 1, "the search runs again when the filter changes"
    assert [h.event_id for h in session.search.hits()] == ["s-1"]


def test_stepping_through_hits_wraps_around_and_says_which_hit(session: Session) -> None:
    stepped = record(session.search.stepped)
    session.search.set_query("Minsk", immediately=True)
    ids = [session.search.step(1) for _ in range(4)]
    assert ids[0] == ids[3] and len(set(ids[:3])) == 3
    assert [s[0] for s in stepped] == ids
    session.search.clear()
    assert session.hit_mask() is None and session.search.step(1) is None


def test_annotation_writes_are_undone_and_redone_with_one_signal_each(session: Session) -> None:
    notes = session.annotations
    changed = record(session.annotationsChanged)
    note = notes.add_note("f-1", "first", merge_key="typing")
    notes.update_note(note.id, "first draft", merge_key="typing")
    notes.add_tag("f-1", "minsk")
    assert [n.body for n in notes.notes_for("f-1")] == ["first draft"]
    stack = notes.undo_stack
    assert stack.count() == 2, "successive edits of one note are one step"
    stack.undo()
    assert notes.tags_for("f-1") == []
    stack.undo()
    assert notes.notes_for("f-1") == []
    stack.redo()
    assert [n.body for n in notes.notes_for("f-1")] == ["first draft"]
    assert all(ids == (["f-1"],) for ids in changed) and len(changed) == 6


def test_a_bulk_edit_is_one_undo_step_and_periods_have_their_own_signal(session: Session) -> None:
    from explorer.store.bulk import BulkEdit

    periods = record(session.periodsChanged)
    session.annotations.bulk(["f-1", "f-2", "s-1"], BulkEdit(add_tags=("talks",)))
    session.annotations.add_period("Talks", "2014-03/2015-02")
    assert session.annotations.undo_stack.count() == 2
    session.annotations.undo_stack.undo()
    session.annotations.undo_stack.undo()
    assert all(session.annotations.tags_for(e) == [] for e in ("f-1", "f-2", "s-1"))
    assert periods == [(), ()] and session.annotations.periods() == []


def test_views_are_kept_renamed_and_read_from_files_with_one_signal_each(
    session: Session, tmp_path: Path
) -> None:
    views = session.views
    changed = record(views.changed)
    state = ViewState(
        filter=Filter(track=("foreign",)), zoom=(735000, 736000), lanes=("foreign",), selection=()
    )
    views.save("Foreign", state)
    views.rename("Foreign", "Foreign only")
    path = views.export("Foreign only", tmp_path / "v.json")
    views.delete("Foreign only")
    view, missing = views.read_file(path)
    assert (view.name, missing) == ("Foreign only", [])
    assert [v.name for v in views.all()] == ["Foreign only"]
    assert len(changed) == 4
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ViewError, match="bad.json"):
        views.read_file(tmp_path / "bad.json")


def test_the_services_made_on_first_use_are_made_once_so_their_signals_keep_their_listeners(
    session: Session,
) -> None:
    # (views, datasets and sharing are made when first asked for, not with the session)
    changed = record(session.views.changed)
    state = ViewState(filter=Filter(), zoom=None, lanes=(), selection=())
    session.views.save("Everything", state)  # asked for again: the same service, the same signal
    assert len(changed) == 1
    assert session.datasets is session.datasets and session.sharing is session.sharing
    removed = record(session.datasets.changed)
    assert session.datasets.all() == [] and removed == []


def test_removing_a_dataset_reloads_the_events_and_restoring_brings_them_back(
    session: Session, tmp_path: Path
) -> None:
    csv = tmp_path / "protests.csv"
    csv.write_text("id,title,date,track\np-1,March,2020-08-09,Protests\n", encoding="utf-8")
    import_file(session._db, csv)
    session.events.reload()
    events = record(session.eventsChanged)
    (info,) = session.datasets.all()
    backup = session.datasets.remove(info.id)
    assert len(session.columns) == 4 and session.datasets.all() == []
    assert session.datasets.restore(backup, info.id) == 1
    assert len(session.columns) == 5 and len(events) == 2


def test_typing_still_waiting_when_the_database_closes_is_dropped(make_db) -> None:
    s = Session.open(make_db(EVENTS, name="closing.db"))
    s.search.set_query("Minsk")
    s.close()
    s.search.flush()  # the search field's timer firing late
    assert not s.search.pending() and s.search.count() == 0


def test_a_filter_shows_the_right_events_when_date_order_differs_from_file_order(make_db) -> None:
    """The facet columns run in file order (num), the session's in date order: the filter's mask goes
    from one to the other through a map made once, and shows exactly the events that pass."""
    import numpy as np

    from explorer.store.filters import filtered_nums

    events = [
        ("late", "2019-01-01", "foreign", "Late"),
        ("early", "2001-01-01", "security", "Early"),
        ("mid", "2010-06-01", "foreign", "Mid"),
        ("first", "1999-05-05", "foreign", "First"),
        ("next", "2011-01-01", "security", "Next"),
    ]
    db = open_database(make_db(events))
    session = Session(db, None)
    for flt in (
        Filter(track=("foreign",)),
        Filter(date_range=(date(2005, 1, 1).toordinal(), date(2012, 1, 1).toordinal())),
        Filter(track=("security",), date_range=(date(2000, 1, 1).toordinal(), date(2010, 1, 1).toordinal())),
    ):
        session.filters.set_filter(flt)
        expected = session.columns.mask_of_nums(filtered_nums(db, flt))
        assert np.array_equal(session.filter_mask(), expected), flt
    assert shown_ids(session) == ["early"]
    session.events.reload()  # new columns: a new map
    assert shown_ids(session) == ["early"]


def test_a_filter_change_searches_again_without_redrawing_the_same_matches(session: Session) -> None:
    """The list and the count follow the filter; the matches marked on the timeline are the same, so
    the views are not told about new hits (each lane's hits were built again for nothing)."""
    session.search.set_query("Minsk", immediately=True)
    assert session.search.count() == 3
    hits = record(session.hitsChanged)
    results = record(session.search.resultsChanged)
    session.filters.set_values("track", ["foreign"])
    assert session.search.count() == 2 and results, "searched again for the filter"
    assert hits == []
    session.search.set_query("Sanctions", immediately=True)
    assert len(hits) == 1, "other matches are marked"
    assert sorted(session.columns.ids[session.hit_mask()].tolist()) == ["c-1"]


def test_a_search_run_here_lists_its_first_hits_at_once_and_the_rest_on_a_later_turn(border_db: Path) -> None:
    """The snippets of a page of hits are worked out with it: a search in the GUI thread lists the
    first FIRST_PAGE hits and asks for the rest of the page on a later turn (the ui's `post`)."""
    from explorer.state.search import BY_DATE, FIRST_PAGE, PAGE
    from explorer.store.search import search_ids

    path = border_db
    s = Session.open(path)
    try:
        posted: list = []
        s.search.use_worker(posted.append)
        results = record(s.search.resultsChanged)
        s.search.set_query("border", immediately=True)
        assert len(s.search.hits()) == FIRST_PAGE and s.search.count() == 240 and len(posted) == 1
        focus = s.search.step(1)  # a hit in focus before the rest arrives stays in focus
        posted.pop()()
        ranked = search_ids(s._db, "border", limit=PAGE)
        assert [h.event_id for h in s.search.hits()] == ranked and len(ranked) == 240
        assert s.search.hits()[s.search.position()].event_id == focus
        assert len(results) == 2
        s.search.set_order(BY_DATE)
        assert len(s.search.hits()) == 240  # every hit, in date order

        # the rest of an older search's page is dropped once a newer search has run
        s.search.set_query("talks", immediately=True)
        stale = posted.pop()
        s.search.set_query("round", immediately=True)
        newest = [h.event_id for h in s.search.hits()]
        stale()
        assert [h.event_id for h in s.search.hits()] == newest and len(newest) == FIRST_PAGE
    finally:
        s.close()
