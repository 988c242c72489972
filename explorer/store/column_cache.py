"""A file of the event columns kept between runs, so a large database opens without a table scan. No Qt.

`load_columns` reads every event's numbers with one scan (about 1.5 s at a million events). The
arrays it builds are written to a cache file in the user's cache folder (never beside the
database: the bundled corpus may sit in a read-only folder, and a shared team folder should not
fill with caches), named by a hash of the database's path, and read back on the next start when
the database has not changed since.

Why the check is sufficient. A cache records the state of the database's files when the columns
were read: the main file's device, inode, size, mtime and ctime, the same for a non-empty
write-ahead log, the schema version (`PRAGMA user_version`) and the cache's own format and query
version. Every committed write changes one of them: in WAL mode a commit appends frames to the
`-wal` file (its mtime and ctime move; a checkpoint then writes the main file), in rollback mode the
commit writes the main file, and replacing the file (a restore, a copy over it) changes its inode.
`ctime` cannot be set from user space, so a tool that restores an old mtime (`touch -d`,
`rsync -t`) still changes it. What file times cannot tell apart are two writes within one tick of
the file system's clock: a cache is therefore only written when the files' times are at least
`RACY_S` seconds old (as git does for its index), and only when the state after the scan equals
the state before it, so no commit can fall between what was read and what was recorded. A WAL of
zero bytes is counted as absent: SQLite creates one each time a connection opens the file and
deletes it at the last close, without changing what the database holds.

A cache that is missing, damaged (bad magic, short, wrong checksum), of another format or of
another state is ignored and written again after the scan; nothing is ever raised to the caller.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils

#: Databases with fewer events are read by SQL every time (the scan takes under ~0.1 s).
MIN_EVENTS = 20_000
#: A file written less than this many seconds ago may change again within one tick of its clock.
RACY_S = 2.0
#: Caches kept at most (the least recently written go first): each is about 29 MB at a million events.
KEEP = 6
#: Bump when the layout of the file or the meaning of a column changes.
FORMAT = 2
_MAGIC = b"NXCOLS01"
_ALIGN = 64
#: The arrays kept, in order (EventColumns field names).
ARRAYS = ("num", "lane", "lo", "hi", "start_max", "end_min", "flags", "extra_rows", "extra_lane", "title_len")


def cache_dir() -> Path:
    """The folder of column caches: under $NEUTRALITY_EXPLORER_HOME when set, else the user cache folder."""
    override = os.environ.get("NEUTRALITY_EXPLORER_HOME")
    if override:
        return Path(override) / "cache" / "columns"
    import platformdirs

    return Path(platformdirs.user_cache_dir("neutrality-explorer", "NeutralityExplorer")) / "columns"


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The main file of a connection, None for an in-memory or temporary database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file).resolve() if file else None
    return None


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def file_state(db: sqlite_utils.Database, path: Path, query_tag: str) -> dict[str, Any] | None:
    """What a cache must match: the files' identities and times, the schema and the code's version."""
    main = _stat(path)
    if main is None:
        return None
    wal = _stat(Path(f"{path}-wal"))
    if wal is not None and wal[2] == 0:  # an empty log holds nothing (see the module's docstring)
        wal = None
    user_version = int(db.execute("PRAGMA user_version").fetchone()[0])
    return {"format": FORMAT, "query": query_tag, "main": main, "wal": wal, "user_version": user_version}


def is_settled(state: dict[str, Any], now_ns: int | None = None) -> bool:
    """True when every file time in the state is at least RACY_S old (so a later write shows)."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    times = [t for f in (state["main"], state["wal"]) if f is not None for t in f[3:5]]
    return all(now_ns - t >= RACY_S * 1e9 for t in times)


def cache_path(path: Path) -> Path:
    """The cache file of a database file (by a hash of its resolved path)."""
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return cache_dir() / f"{digest}.columns"


def read(path: Path, state: dict[str, Any]) -> tuple[dict[str, np.ndarray], tuple[str, ...]] | None:
    """The arrays and track ids of a cache made in exactly this state, else None."""
    try:
        with cache_path(path).open("rb") as fh:
            # read straight into one writable buffer (read() and then bytearray() copied it twice)
            blob = bytearray(os.fstat(fh.fileno()).st_size)
            if fh.readinto(blob) != len(blob):
                return None
    except OSError:
        return None
    try:
        if blob[: len(_MAGIC)] != _MAGIC:
            return None
        (head_len,) = struct.unpack_from("<Q", blob, len(_MAGIC))
        start = len(_MAGIC) + 8
        head = json.loads(bytes(blob[start : start + head_len]))
        if head.get("state") != state or head.get("size") != len(blob):
            return None
        body = start + head_len
        if zlib.crc32(memoryview(blob)[body:]) != head["crc"]:
            return None
        arrays = {}
        for name, dtype, count, offset in head["arrays"]:
            # views into the one buffer (a bytearray, so the arrays are writable like fresh ones)
            arrays[name] = np.frombuffer(blob, dtype=np.dtype(dtype), count=count, offset=offset)
        if set(arrays) != set(ARRAYS):
            return None
        return arrays, tuple(head["tracks"])
    except (ValueError, KeyError, TypeError, struct.error):
        return None


def write(path: Path, state: dict[str, Any], arrays: dict[str, np.ndarray], tracks: tuple[str, ...]) -> bool:
    """Write a cache atomically (temporary name, then rename); False when it could not be written."""
    target = cache_path(path)
    layout: list[tuple[str, str, int, int]] = []  # name, dtype, count, offset in the body
    raws: list[bytes] = []
    offset = 0
    for name in ARRAYS:
        a = np.ascontiguousarray(arrays[name])
        layout.append((name, a.dtype.str, int(a.size), offset))
        raws.append(a.tobytes())
        offset += -(-a.nbytes // _ALIGN) * _ALIGN
    body = bytearray(offset)
    for (_name, _dtype, _count, at), raw in zip(layout, raws, strict=True):
        body[at : at + len(raw)] = raw
    crc = zlib.crc32(body)

    def header(base: int) -> bytes:
        # offsets are from the start of the file, so they depend on the header's own padded length
        placed = [[n, d, c, o + base] for n, d, c, o in layout]
        doc = {"state": state, "tracks": list(tracks), "crc": crc, "arrays": placed, "size": base + len(body)}
        return json.dumps(doc).encode()

    base = _ALIGN
    while len(_MAGIC) + 8 + len(header(base)) > base:
        base += _ALIGN
    text = header(base).ljust(base - len(_MAGIC) - 8)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            fh.write(_MAGIC + struct.pack("<Q", len(text)) + text + body)
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    _prune(target.parent, KEEP)
    return True


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the `keep` most recently written caches (databases come and go; caches should not pile up)."""
    try:
        found = sorted(folder.glob("*.columns"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in found[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruning at the same time, or a file already gone: nothing to do
