"""A full disk on the console: export (every format), import and annotate say one sentence, exit 1,
leave no partial or temporary file, and keep earlier files and data as they were."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from annotation_helpers import make_corpus
from cli_helpers import rows, run

from explorer.cli import main
from explorer.formats.registry import FORMATS
from explorer.resources import bundled_db

NAM = "nam-accession"


def one_sentence(err: str, command: str, start: str) -> None:
    """stderr is one line, `neutrality COMMAND: <start>...`, without a traceback."""
    assert err.count("\n") == 1, err
    assert err.startswith(f"neutrality {command}: {start}"), err
    assert "Traceback" not in err and "Error" not in err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the bundled corpus (large enough that a subset outgrows a capped file)."""
    if not bundled_db().exists():
        pytest.skip("the bundled corpus database is not built")
    target = tmp_path / "source" / "corpus.db"
    target.parent.mkdir()
    shutil.copyfile(bundled_db(), target)
    return target


#: Writers that write their file through a library of their own (a zip archive), which the in-process
#: fault layer cannot reach; the kernel's file-size limit below covers them.
OWN_WRITERS = {"xlsx"}


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - OWN_WRITERS))
def test_export_to_a_full_disk_is_one_sentence_and_keeps_the_earlier_file(
    fmt: str,
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    full_disk_for_files: None,
    full_database: Callable[..., None],
) -> None:
    out = tmp_path / "out" / f"export{FORMATS[fmt].extension}"
    out.parent.mkdir()
    out.write_bytes(b"the earlier export")
    full_database(suffix=".part", pages=58)  # the subset database: room for its schema, not its events
    code, stdout, err = run(capsys, "export", "--format", fmt, "--db", str(corpus), "-o", str(out))
    assert code == 1 and stdout == ""
    one_sentence(err, "export", f"The disk is full: could not write {out}; nothing was written")
    assert [p.name for p in out.parent.iterdir()] == [out.name], "no temporary file or -wal/-shm is left"
    assert out.read_bytes() == b"the earlier export"


def test_annotate_on_a_full_disk_is_one_sentence_and_keeps_earlier_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_database: Callable[..., None]
) -> None:
    db = make_corpus(tmp_path / "mine.db")
    assert run(capsys, "annotate", NAM, "--note", "kept", "--db", str(db))[0] == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    full_database(db)
    long_note = "A note longer than a page of the database. " * 200
    code, out, err = run(capsys, "annotate", NAM, "--note", long_note, "--tag", "t", "--db", str(db))
    assert code == 1 and out == ""
    one_sentence(err, "annotate", f"The disk is full: could not write {db}; nothing was changed.")
    assert rows(db, "SELECT body FROM notes") == [("kept",)]
    assert rows(db, "SELECT * FROM event_tags") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_import_on_a_full_disk_is_one_sentence_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_database: Callable[..., None]
) -> None:
    db = make_corpus(tmp_path / "mine.db")
    assert run(capsys, "annotate", NAM, "--note", "kept", "--db", str(db))[0] == 0
    events = rows(db, "SELECT id, title FROM events ORDER BY id")
    source = tmp_path / "many.csv"
    source.write_text(
        "title,date,summary\n"
        + "".join(f"Event {i},2015-01-{i % 28 + 1:02d},{'words ' * 40}\n" for i in range(300))
    )
    full_database(db)
    code, out, err = run(capsys, "import", str(source), "--db", str(db))
    assert code == 1 and out == ""
    one_sentence(err, "import", f"The disk is full: could not write {db}; nothing of many.csv was imported.")
    assert rows(db, "SELECT id, title FROM events ORDER BY id") == events
    assert rows(db, "SELECT body FROM notes") == [("kept",)]
    assert rows(db, "SELECT count(*) FROM tracks WHERE origin != 'corpus'") == [(0,)]


def _small_file_limit() -> None:
    """In the child: files may not grow past 64 KiB, and going past is an error, not a signal."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.parametrize("fmt", ["json", "sqlite", *sorted(OWN_WRITERS)])
def test_a_real_file_size_limit_in_a_child_gives_a_sentence_and_no_partial_file(
    fmt: str, corpus: Path, tmp_path: Path
) -> None:
    """The kernel refuses the writes (RLIMIT_FSIZE, as a full disk would): no traceback, nothing left."""
    import os
    import subprocess
    import sys

    out = tmp_path / "out" / f"export{FORMATS[fmt].extension}"
    out.parent.mkdir()
    out.write_bytes(b"the earlier export")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "NEUTRALITY_EXPLORER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "explorer.cli",
            "export",
            "--format",
            fmt,
            "--db",
            str(corpus),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_small_file_limit,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("neutrality export: "), done.stderr
    assert str(out) in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    assert out.read_bytes() == b"the earlier export"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_export_to_standard_output_on_a_full_disk_is_one_sentence(tmp_path: Path) -> None:
    """A redirect to a full disk (/dev/full answers every write with ENOSPC) is reported, not ignored."""
    import os
    import subprocess
    import sys

    db = make_corpus(tmp_path / "mine.db")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "NEUTRALITY_EXPLORER_HOME": str(tmp_path / "home")}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "explorer.cli", "export", "--format", "csv", "--db", str(db)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == (
        "neutrality export: The disk is full: could not write standard output; what was written there is incomplete.\n"
    )


def test_a_writer_that_fails_leaves_neither_its_file_nor_its_sqlite_sidecars(tmp_path: Path) -> None:
    """A database writer that dies with its -wal and -shm open (a full disk mid-commit) leaves nothing."""
    from explorer.store.atomic import OutputError, write_atomic

    target = tmp_path / "subset.db"
    target.write_bytes(b"the earlier subset")

    def writer(tmp: Path) -> None:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()
        assert Path(f"{tmp}-wal").exists() and Path(f"{tmp}-shm").exists()
        raise sqlite3.OperationalError("database or disk is full")  # while the connection still holds them

    with pytest.raises(OutputError) as caught:
        write_atomic(target, writer)
    assert str(caught.value) == (
        f"The disk is full: could not write {target}; nothing was written and any earlier file there is unchanged."
    )
    assert [p.name for p in tmp_path.iterdir()] == ["subset.db"]
    assert target.read_bytes() == b"the earlier subset"


def test_an_unexpected_fault_is_one_sentence_and_debug_shows_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    """A bug of ours reaches the console as one sentence; NEUTRALITY_DEBUG=1 lets the traceback through."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("explorer.formats.registry.write_atomic", broken)
    out = tmp_path / "x.json"
    code, _, err = run(capsys, "export", "--format", "json", "--db", str(corpus), "-o", str(out))
    assert code == 1 and err.count("\n") == 1 and "ZeroDivisionError" in err and "Traceback" not in err
    monkeypatch.setenv("NEUTRALITY_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["export", "--format", "json", "--db", str(corpus), "-o", str(out)])
