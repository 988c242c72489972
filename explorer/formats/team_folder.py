"""A team folder: each author appends their own changes to `<author>.ndjson`; everyone reads the rest.

No server and no locking across machines: a file is only ever appended to, and only by its author,
so a sync engine (a network drive, Dropbox, Syncthing, git) can copy it at any moment. Each
colleague's file is read from where the last read stopped (kept in the workspace), up to its last
complete line, so every complete change arrives exactly once (docs/sharing.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from explorer.formats.share_format import append_changes, header_line, read_share
from explorer.store.authorship import ensure_author
from explorer.store.changes import now
from explorer.store.sharing import (
    MergeReport,
    author_changes,
    corpus_digest_of,
    get_state,
    merge_changes,
    set_state,
)

__all__ = ["TeamSync", "author_file", "sync_folder"]

_UNSAFE = re.compile(r"[^\w.@+-]+")


def author_file(folder: Path, author: str) -> Path:
    """The file an author writes in the team folder (their name made safe for any file system)."""
    stem = _UNSAFE.sub("-", author).strip(".-") or "author"
    return folder / f"{stem}.ndjson"


@dataclass
class TeamSync:
    """One sync: how many own changes were written, what was merged, what was received and any problems."""

    written: int = 0
    merged: MergeReport = field(default_factory=MergeReport)
    received: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        """One line for the status bar or the console."""
        out = f"{self.written} of your changes written to the team folder; "
        if self.received:
            out += self.merged.sentence()
        else:
            out += "nothing new from colleagues."
        if self.problems:
            out += " " + " ".join(self.problems)
        return out


def _write_own(db: sqlite_utils.Database, folder: Path, me: str) -> int:
    """Append the local author's changes not written yet (all of them when the file is new)."""
    path = author_file(folder, me)
    sent: dict[str, str] = get_state(db, "sent", {}) if path.exists() else {}
    pending = [c for c in author_changes(db, me) if sent.get(f"{c.op}:{c.uid}") != c.modified]
    head = None if path.exists() and path.stat().st_size else header_line(me, corpus_digest_of(db), now())
    if not pending and head is None:
        return 0
    append_changes(path, pending, head)
    sent.update({f"{c.op}:{c.uid}": c.modified for c in pending})
    set_state(db, "sent", sent)
    return len(pending)


def sync_folder(db: sqlite_utils.Database, folder: Path) -> TeamSync:
    """Write own changes, then read every colleague's file from where the last read stopped and merge."""
    result = TeamSync()
    if not folder.is_dir():
        result.problems.append(f"The team folder {folder} does not exist or is not a folder.")
        return result
    me = ensure_author(db)
    own = author_file(folder, me)
    try:
        result.written = _write_own(db, folder, me)
    except OSError as exc:
        result.problems.append(f"Your changes could not be written to {own} ({exc.strerror or exc}).")
    offsets: dict[str, dict] = get_state(db, "offsets", {})
    changes = []
    for path in sorted(folder.glob("*.ndjson")):
        if path.name == own.name:
            continue
        seen = offsets.get(path.name, {})
        start = int(seen.get("end", 0))
        try:
            size = path.stat().st_size
            if size < start:  # replaced by a shorter file: read it again (uids make that harmless)
                start, seen = 0, {}
            if size == start:
                continue
            read = read_share(path, start, header=seen.get("header"))
        except OSError as exc:
            result.problems.append(
                f"{path.name} could not be read ({exc.strerror or exc}); it will be tried again."
            )
            continue
        result.problems += read.problems
        changes += read.changes
        offsets[path.name] = {"end": read.end, "header": read.header}
    result.merged = merge_changes(db, changes)
    result.received = [c.uid for c in changes]
    # the offsets are kept only after the merge committed: a crash in between reads the lines again
    set_state(db, "offsets", offsets)
    return result
