"""The permission bits of a new file: what `open` would give under the user's umask (0644 under 022).

tempfile.mkstemp makes private 0600 files; a file written through a temporary name gets these bits
before its rename, so a shared export, backup or workspace is as readable as any other new file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def new_file_mode() -> int:
    """The permission bits a newly created file gets under the current umask (0o666 & ~umask)."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def give_new_file_mode(path: Path | str) -> None:
    """Give a file made by mkstemp the mode a plain new file would have."""
    if os.name == "posix":
        os.chmod(path, new_file_mode())
