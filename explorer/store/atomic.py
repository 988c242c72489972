"""Writing output files safely: to a temporary name in the same folder, then a rename.

On any failure the temporary file and its SQLite sidecars (-journal, -wal, -shm) are removed and
whatever was at the target before stays as it was. The file gets the mode a plain `open` would give
it under the user's umask (0644 under 022), not mkstemp's private 0600, so a shared export is readable.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from explorer.store.errors import StoreError, failure_sentence
from explorer.store.file_mode import give_new_file_mode

#: What a failed export says about the target's earlier contents.
UNCHANGED = "nothing was written and any earlier file there is unchanged"


class OutputError(OSError):
    """An output file could not be written; the message is one plain sentence."""


def remove_partial(tmp: Path) -> None:
    """Remove a temporary file and the SQLite sidecars a writer may have left beside it."""
    for extra in (tmp, *(Path(f"{tmp}{suffix}") for suffix in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            extra.unlink()


def write_atomic(path: Path | str, data: str | bytes | Callable[[Path], None]) -> Path:
    """Write text, bytes, or whatever a writer callback puts at a temporary path, then rename.

    Nothing is left behind on failure: neither a partial file nor the temporary one. Raises
    OutputError with one sentence when the disk is full, the folder read-only, and so on.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise OutputError(f"Cannot write {target}: the folder {folder} does not exist.")
    if target.is_dir():
        raise OutputError(f"Cannot write {target}: it is a folder.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise OutputError(f"Cannot write {target}: the folder {folder} is not writable.") from None
    except OSError as exc:
        raise OutputError(failure_sentence(exc, target, unchanged=UNCHANGED) or str(exc)) from None
    tmp = Path(tmp_name)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
                fh.flush()
                os.fsync(fh.fileno())
        give_new_file_mode(tmp)
        os.replace(tmp, target)
    except OutputError:
        remove_partial(tmp)
        raise
    except PermissionError:
        remove_partial(tmp)
        raise OutputError(f"Cannot write {target}: permission denied.") from None
    except (OSError, sqlite3.Error) as exc:
        remove_partial(tmp)
        raise OutputError(failure_sentence(exc, target, unchanged=UNCHANGED) or str(exc)) from None
    except StoreError as exc:
        # a database writer's own sentence names the temporary file: word the cause for the target
        remove_partial(tmp)
        cause = exc.__cause__ or exc.__context__
        sentence = failure_sentence(cause, target, unchanged=UNCHANGED) if cause else None
        raise OutputError(sentence or f"Cannot write {target}; {UNCHANGED}.") from None
    except BaseException:
        remove_partial(tmp)
        raise
    return target
