"""Annotation marks as numpy arrays in column order: what the timeline and the table draw tags from."""

from __future__ import annotations

import numpy as np
import pytest
from annotation_helpers import make_corpus

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.columns import load_columns
from explorer.store.marks import FLAGGED, HAS_LINK, HAS_NOTE, HAS_TAG, argb, load_marks, update_marks


@pytest.fixture
def store(tmp_path):
    db = open_database(make_corpus(tmp_path / "m.db"))
    yield AnnotationStore(db)
    db.conn.close()


def test_tags_are_per_row_colours_in_name_order_and_bits_mark_the_rest(store):
    store.add_tag("nam-accession", "zeta", "#00ff00")
    store.add_tag("nam-accession", "Alpha", "#ff0000")
    store.add_note("union-state-1999", "note")
    store.set_assessment("referendum-2022", flagged=True)
    store.add_link("minsk-talks-2014", "nam-accession", "same issue")
    cols = load_columns(store.db)
    marks = load_marks(store.db, cols)
    nam = cols.index_of("nam-accession")
    assert marks.tag_rgb[nam].tolist() == [argb("#ff0000"), argb("#00ff00"), 0]
    assert [t.name for t in marks.tags_of(nam)] == ["Alpha", "zeta"]
    assert marks.bits[nam] == HAS_TAG | HAS_LINK
    assert marks.bits[cols.index_of("union-state-1999")] == HAS_NOTE
    assert marks.bits[cols.index_of("referendum-2022")] == FLAGGED
    assert marks.tags_of(cols.index_of("union-state-1999")) == ()


def test_updating_a_few_events_gives_what_a_full_reload_gives(store):
    store.add_tag("nam-accession", "a")
    store.add_tag("union-state-1999", "b")
    cols = load_columns(store.db)
    marks = load_marks(store.db, cols)
    store.remove_tag("nam-accession", "a")
    store.add_tag("referendum-2022", "a")
    store.add_note("nam-accession", "now a note")
    marks = update_marks(store.db, cols, marks, ["nam-accession", "referendum-2022"])
    fresh = load_marks(store.db, cols)
    assert np.array_equal(marks.tag_rgb, fresh.tag_rgb) and np.array_equal(marks.bits, fresh.bits)
    assert marks.tag_rows.tolist() == fresh.tag_rows.tolist()
    assert marks.tag_names.tolist() == fresh.tag_names.tolist()
