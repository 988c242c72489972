"""Writing output files safely: to a temporary name in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputError(OSError):
    """An output file could not be written; the message is one plain sentence."""


def write_atomic(path: Path | str, data: str | bytes | Callable[[Path], None]) -> Path:
    """Write text, bytes, or whatever a writer callback puts at a temporary path, then rename.

    Nothing is left behind on failure: neither a partial file nor the temporary one.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise OutputError(f"Cannot write {target}: the folder {folder} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise OutputError(f"Cannot write {target}: the folder {folder} is not writable.") from None
    except OSError as exc:
        raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
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
        if target.is_dir():
            raise OutputError(f"Cannot write {target}: it is a folder.")
        os.replace(tmp, target)
    except OutputError:
        tmp.unlink(missing_ok=True)
        raise
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Cannot write {target}: permission denied.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
