"""The annotation-sharing format: NDJSON, a versioned header line, then one change per line.

    {"format": "neutrality-annotations", "version": 1, "author": "Alice", "corpus_digest": "…"}
    {"op": "put", "kind": "note", "uid": "…", "author": "Alice", "modified": "…",
     "event": {"id": "belarus-joins-nam"}, "body": "…", "created": "…"}
    {"op": "delete", "kind": "note", "uid": "…", "author": "Alice", "modified": "…", "event": {…}}

The same lines make a team folder's `<author>.ndjson`, which only ever grows. A reader takes every
complete line (one ending in a newline) and reports, never fails on, a line it cannot use or a last
line still being synced (docs/sharing.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.store.atomic import write_atomic
from explorer.store.sharing import KINDS, EventRef, ShareChange

__all__ = [
    "FORMAT",
    "VERSION",
    "ShareRead",
    "append_changes",
    "change_line",
    "header_line",
    "read_share",
    "write_share",
]

FORMAT = "neutrality-annotations"
VERSION = 1


@dataclass
class ShareRead:
    """What a read found: the header, the changes, problems as sentences, and where complete lines end."""

    header: dict[str, Any]
    changes: list[ShareChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    end: int = 0
    truncated: bool = False


def header_line(author: str, corpus_digest: str | None, written: str) -> str:
    """The first line of a share file."""
    head = {"format": FORMAT, "version": VERSION, "author": author, "corpus_digest": corpus_digest}
    return json.dumps({**head, "written": written}, ensure_ascii=False) + "\n"


def _ref(ref: EventRef | None) -> dict[str, str] | None:
    if ref is None:
        return None
    return {"id": ref.id} if ref.dataset is None else {"id": ref.id, "dataset": ref.dataset}


def change_line(c: ShareChange) -> str:
    """One change as one line (ending in a newline)."""
    out: dict[str, Any] = {
        "op": c.op,
        "kind": c.kind,
        "uid": c.uid,
        "author": c.author,
        "modified": c.modified,
    }
    if c.event is not None:
        out["event"] = _ref(c.event)
    if c.target is not None:
        out["target"] = _ref(c.target)
    out.update((k, v) for k, v in c.fields.items() if k not in out)
    return json.dumps(out, ensure_ascii=False) + "\n"


def write_share(
    path: Path | str, author: str, corpus_digest: str | None, written: str, changes: list[ShareChange]
) -> Path:
    """Write a share file at once (to a temporary name, then renamed)."""
    text = header_line(author, corpus_digest, written) + "".join(map(change_line, changes))
    return write_atomic(path, text)


def append_changes(path: Path, changes: list[ShareChange], header: str | None = None) -> int:
    """Append changes (and a header first, for a new file) and fsync them as one batch; bytes written."""
    data = ((header or "") + "".join(map(change_line, changes))).encode("utf-8")
    if not data:
        return 0
    with path.open("ab") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return len(data)


def _event(value: Any, where: str) -> EventRef | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"]:
        raise ValueError(f"{where}: the field “event” must be an object with an “id”")
    dataset = value.get("dataset")
    return EventRef(value["id"], dataset if isinstance(dataset, str) and dataset else None)


def _change(obj: Any, where: str) -> ShareChange:
    if not isinstance(obj, dict):
        raise ValueError(f"{where} is not a JSON object")
    for name in ("op", "kind", "uid", "author", "modified"):
        if not isinstance(obj.get(name), str) or not obj[name]:
            raise ValueError(f"{where}: the field “{name}” is missing or not text")
    if obj["op"] not in ("put", "delete"):
        raise ValueError(f"{where}: the field “op” must be put or delete, not “{obj['op'][:20]}”")
    if obj["kind"] not in KINDS:
        raise ValueError(f"{where}: the field “kind” names no kind of annotation (“{obj['kind'][:20]}”)")
    event = _event(obj.get("event"), where)
    target = _event(obj.get("target"), where)
    table, event_col, names = KINDS[obj["kind"]]
    if event_col is not None and event is None:
        raise ValueError(f"{where}: the field “event” is missing")
    fields = {}
    if obj["op"] == "put":
        if obj["kind"] == "link" and target is None:
            raise ValueError(f"{where}: the field “target” is missing")
        for name in names:
            if name in ("lo", "hi"):
                continue
            value = obj.get(name)
            if name in ("body", "tag", "name", "date", "type") and (not isinstance(value, str) or not value):
                raise ValueError(f"{where}: the field “{name}” is missing or not text")
            fields[name] = value if value is not None or name not in ("created", "note") else ""
        if obj["kind"] == "tag":
            fields["color"] = obj.get("color")
    return ShareChange(
        obj["op"], obj["kind"], obj["uid"], obj["author"], obj["modified"], event, target, fields
    )


def read_share(path: Path, start: int = 0, *, header: dict[str, Any] | None = None) -> ShareRead:
    """Read complete lines from byte `start` on (0: the whole file, header first).

    A line that is not a change is reported with its line number and skipped; a last line without
    its newline (a colleague's sync still arriving) is left for the next read and reported.
    """
    name = path.name
    with path.open("rb") as fh:
        fh.seek(start)
        data = fh.read()
    complete = data.rfind(b"\n") + 1
    result = ShareRead(dict(header or {}), end=start + complete)
    if complete < len(data):
        result.truncated = True
        result.problems.append(
            f"{name}: the last line is incomplete (still being synced?); it was left for later."
        )
    line_no = 0 if start else 1
    for raw in data[:complete].splitlines():
        where = f"{name}, line {line_no}" if start == 0 else f"{name}, a line after byte {start}"
        line_no += 1
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            result.problems.append(f"{where} is not valid JSON; it was skipped.")
            continue
        if not result.header:
            if not isinstance(obj, dict) or obj.get("format") != FORMAT:
                result.problems.append(
                    f"{name} is not an annotation share file (its first line has no “format”: “{FORMAT}”)."
                )
                return result
            if not isinstance(obj.get("version"), int) or obj["version"] > VERSION:
                result.problems.append(
                    f"{name} was written by a newer version of Neutrality Explorer; it was not read."
                )
                return result
            result.header = obj
            continue
        try:
            result.changes.append(_change(obj, where))
        except ValueError as exc:
            result.problems.append(f"{exc}; it was skipped.")
    return result
