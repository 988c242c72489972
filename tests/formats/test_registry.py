"""The registry's writers: progress, cancellation, and no partial file on any failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.formats.bundle import Bundle
from explorer.formats.common import Cancelled
from explorer.formats.registry import FORMATS, UnknownFormat, get
from explorer.store.atomic import OutputError


def test_registry_names_every_format_with_label_and_extension() -> None:
    """The GUI builds its menu from FORMATS: each writer has a label and a dotted extension."""
    assert set(FORMATS) == {"json", "csv", "xlsx", "markdown", "timelinejs", "csl-json", "bibtex", "sqlite"}
    for name, writer in FORMATS.items():
        assert writer.name == name and writer.label and writer.extension.startswith(".")
        assert writer.binary == (name in ("sqlite", "xlsx"))
    assert (
        get("MD") is FORMATS["markdown"]
        and get("bib") is FORMATS["bibtex"]
        and get("Excel") is FORMATS["xlsx"]
    )
    with pytest.raises(UnknownFormat, match="“ods”"):
        get("ods")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_progress_is_reported_up_to_the_total(name: str, sample_bundle: Bundle, tmp_path: Path) -> None:
    """progress(done, total) ends with (total, total) for every format."""
    calls: list[tuple[int, int]] = []
    get(name).write(
        sample_bundle, tmp_path / f"out{get(name).extension}", progress=lambda d, t: calls.append((d, t))
    )
    assert calls and calls[-1] == (len(sample_bundle.events), len(sample_bundle.events))
    assert all(d <= t for d, t in calls)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_cancelling_leaves_no_file(name: str, sample_bundle: Bundle, tmp_path: Path) -> None:
    """Cancelled midway: the exception says so and neither the file nor a temporary one remains."""
    asked = {"n": 0}

    def cancelled() -> bool:
        asked["n"] += 1
        return asked["n"] > 2

    with pytest.raises(Cancelled):
        get(name).write(sample_bundle, tmp_path / "out.x", cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_a_file_gives_a_sentence_and_no_file(sample_bundle: Bundle, tmp_path: Path) -> None:
    """Writing below a regular file fails with one sentence naming the path."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=r"^Cannot write .*notes.txt/out.csv: .*\.$"):
        get("csv").write(sample_bundle, blocker / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_missing_folder_gives_a_sentence(sample_bundle: Bundle, tmp_path: Path) -> None:
    """The folder is named in the sentence."""
    with pytest.raises(OutputError, match="does not exist"):
        get("sqlite").write(sample_bundle, tmp_path / "nowhere" / "x.db")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into read-only folders"
)
def test_a_read_only_folder_gives_a_sentence(sample_bundle: Bundle, tmp_path: Path) -> None:
    """A folder without write permission: one sentence, nothing left."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="not writable|permission denied"):
            get("json").write(sample_bundle, folder / "x.json")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failing_rename_leaves_neither_file(
    sample_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename is refused, the temporary file is removed too."""

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="permission denied"):
        get("sqlite").write(sample_bundle, tmp_path / "x.db")
    assert list(tmp_path.iterdir()) == []


def test_a_binary_format_cannot_render_text(sample_bundle: Bundle) -> None:
    """render() on the SQLite writer says it writes a file."""
    with pytest.raises(ValueError, match="writes a file"):
        get("sqlite").render(sample_bundle)
