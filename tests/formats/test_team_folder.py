"""A team folder written by three processes at once while a fourth workspace reads it."""

from __future__ import annotations

import multiprocessing as mp
import uuid
from pathlib import Path

from explorer.formats.share_format import change_line, header_line
from explorer.formats.team_folder import author_file, sync_folder
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.authorship import set_local_author
from explorer.store.sharing import EventRef, ShareChange

E1 = "belarus-refuses-russian-airbase-2015"
PER_WRITER = 60


def _writer(folder: str, author: str, start: mp.synchronize.Event, uids: mp.Queue, truncate: bool) -> None:
    """Append notes line by line, each line in two writes (as a sync engine may deliver it)."""
    start.wait()
    path = author_file(Path(folder), author)
    with path.open("ab") as fh:
        fh.write(header_line(author, None, "2026-01-01T00:00:00.000Z").encode())
        fh.flush()
        for i in range(PER_WRITER):
            uid = str(uuid.uuid4())
            c = ShareChange(
                "put",
                "note",
                uid,
                author,
                f"2026-01-01T00:00:{i:02d}.000Z",
                EventRef(E1),
                None,
                {"body": f"{author} {i}", "created": "2026-01-01T00:00:00.000Z", "modified": ""},
            )
            line = change_line(c).encode()
            fh.write(line[: len(line) // 2])
            fh.flush()
            fh.write(line[len(line) // 2 :])
            fh.flush()
            uids.put(uid)
        if truncate:  # the last change only half arrived: it must never be merged
            fh.write(line[: len(line) // 2].replace(uid.encode(), b"half-" + uid.encode()[5:]))
            fh.flush()
    uids.put(None)


def test_every_complete_change_from_three_concurrent_writers_arrives_exactly_once(
    corpus_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    db = open_database(corpus_db)
    set_local_author(db, "Bob")
    ctx = mp.get_context("spawn")
    now, later = ctx.Event(), ctx.Event()
    uids: mp.Queue = ctx.Queue()
    writers = [
        ctx.Process(target=_writer, args=(str(folder), "Alice", now, uids, False)),
        ctx.Process(target=_writer, args=(str(folder), "Carol", now, uids, True)),
        ctx.Process(target=_writer, args=(str(folder), "Dave", later, uids, False)),  # appears mid-read
    ]
    for w in writers:
        w.start()
    now.set()
    received: list[str] = []
    problems: list[str] = []
    written: list[str] = []
    finished = 0
    syncs = 0
    while finished < len(writers):
        result = sync_folder(db, folder)
        received += result.received
        problems += result.problems
        syncs += 1
        if syncs == 2:
            later.set()  # Dave's file appears between two reads
        while not uids.empty():
            uid = uids.get()
            finished += uid is None
            if uid is not None:
                written.append(uid)
    for w in writers:
        w.join(timeout=60)
        assert w.exitcode == 0
    final = sync_folder(db, folder)
    received += final.received
    problems += final.problems
    assert len(written) == 3 * PER_WRITER
    assert sorted(received) == sorted(written)  # every complete change, each exactly once
    assert any("Carol.ndjson: the last line is incomplete" in p for p in problems)
    store = AnnotationStore(db)
    by = {}
    for n in store.notes_for(E1):
        by[n.author] = by.get(n.author, 0) + 1
    assert by == {"Alice": PER_WRITER, "Carol": PER_WRITER, "Dave": PER_WRITER}
    assert (
        not (folder / "Bob.ndjson").read_text(encoding="utf-8").count("\n") > 1
    )  # Bob wrote only his header


def test_own_changes_are_appended_once_and_a_colleague_reads_them_with_names(
    corpus_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    copies = []
    for name in ("Alice", "Bob"):
        path = tmp_path / f"{name}.db"
        path.write_bytes(corpus_db.read_bytes())
        db = open_database(path)
        set_local_author(db, name)
        copies.append(db)
    alice, bob = copies
    store = AnnotationStore(alice)
    note = store.add_note(E1, "first").after[0]
    assert sync_folder(alice, folder).written == 1
    assert sync_folder(alice, folder).written == 0  # nothing new: nothing appended
    store.update_note(note.id, "second")
    store.add_tag(E1, "airbase")
    assert sync_folder(alice, folder).written == 2
    lines = (folder / "Alice.ndjson").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # header, first, second, tag: append-only
    result = sync_folder(bob, folder)
    assert result.merged.sentence().startswith("1 note and 1 tag from Alice added, 1 updated")
    assert [(n.author, n.body) for n in AnnotationStore(bob).notes_for(E1)] == [("Alice", "second")]
    store.delete_note(note.id)
    sync_folder(alice, folder)
    assert sync_folder(bob, folder).merged.removed == 1
    assert AnnotationStore(bob).notes_for(E1) == []
