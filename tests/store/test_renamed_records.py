"""A corpus record's `renamed_from` carries the user's annotations from its old id on the next open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explorer.corpus import CorpusError, load_corpus
from explorer.corpus.build import build_database
from explorer.store.annotations import AnnotationStore
from explorer.store.workspace import start_workspace

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
OLD = "officials-invoke-neutrality-since-independence-1991"
NEW = "officials-cite-neutrality-since-independence-1991"
FILE = "03-foreign-policy.yaml"


def _rename(root: Path, renamed_from: str) -> None:
    f = root / "events" / FILE
    text = f.read_text(encoding="utf-8")
    assert f"- id: {OLD}\n" in text
    f.write_text(text.replace(f"- id: {OLD}\n", f"- id: {NEW}\n  renamed_from: {renamed_from}\n"), "utf-8")


def test_a_note_on_a_renamed_record_follows_it_on_the_next_open(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    bundled = tmp_path / "bundled.db"
    build_database(root, bundled)
    ws_path, backups = tmp_path / "workspace.db", tmp_path / "backups"
    ws = start_workspace(ws_path, bundled, backups=backups)
    notes = AnnotationStore(ws.db)
    notes.add_note(OLD, "check the 1994 constitution")
    notes.add_tag(OLD, "principle")
    ws.close(backups=backups)

    _rename(root, f"[{OLD}]")
    assert load_corpus(root).id_map == {OLD: NEW}
    build_database(root, bundled)
    ws = start_workspace(ws_path, bundled, backups=backups)
    try:
        said = " ".join(ws.notices)
        assert "1 note and 1 tag moved from renamed records." in said
        assert "no longer in the corpus" not in said
        notes = AnnotationStore(ws.db)
        assert [n.body for n in notes.notes_for(NEW)] == ["check the 1994 constitution"]
        assert notes.orphans() == []
    finally:
        ws.close(backups=backups)


@pytest.mark.parametrize(
    ("renamed_from", "message"),
    [
        ("[Not A Slug]", "field renamed_from: must be a list of earlier ids"),
        (f"[{NEW}]", f"field renamed_from: “{NEW}” is the record's own id"),
        ("[belarus-begins-implementing-neutrality-clause]", "is still the id of a record in"),
    ],
)
def test_a_bad_renamed_from_is_refused_naming_file_record_and_field(
    tmp_path: Path, renamed_from: str, message: str
) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    _rename(root, renamed_from)
    with pytest.raises(
        CorpusError, match=f"{FILE}, event {NEW}, {message}" if "still" not in message else message
    ):
        load_corpus(root)


def test_a_placement_on_a_renamed_record_follows_it_and_one_on_a_kept_record_stays(tmp_path: Path) -> None:
    from explorer.store.events import extra_tracks
    from explorer.store.placements import set_placements

    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    bundled = tmp_path / "bundled.db"
    build_database(root, bundled)
    ws_path, backups = tmp_path / "workspace.db", tmp_path / "backups"
    ws = start_workspace(ws_path, bundled, backups=backups)
    other = "belarus-begins-implementing-neutrality-clause"
    set_placements(AnnotationStore(ws.db), [OLD, other], add=["security"])
    ws.close(backups=backups)

    _rename(root, f"[{OLD}]")
    build_database(root, bundled)
    ws = start_workspace(ws_path, bundled, backups=backups)
    try:
        placed = extra_tracks(ws.db, [OLD, NEW, other])
        assert placed == {NEW: ["security"], other: ["security"]}
    finally:
        ws.close(backups=backups)
