"""One app instance per workspace: an exclusive lock file beside it, no Qt.

The lock is an OS advisory lock (flock on POSIX, msvcrt on Windows) on `<workspace>.lock`, which
also holds the owner's process id so a second instance can say who has it. The OS drops the lock
when its process dies, so a lock left by a crashed instance is simply taken over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from types import TracebackType

from explorer.store.errors import StoreError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


class WorkspaceInUse(StoreError):
    """Another running instance holds the workspace."""


class LockUnavailable(StoreError):
    """No lock file can be made beside the workspace (a read-only folder): it can be opened read-only."""


def pid_alive(pid: int) -> bool:
    """True when a process with this id is running (POSIX; on Windows it answers False)."""
    if pid <= 0 or sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


def _try_lock(fd: int) -> bool:
    """Lock without waiting; False when another holder has it."""
    try:
        if sys.platform == "win32":  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            # No advisory locks here (some network folders): trust the process id in the file.
            holder = _read_pid(fd)
            return holder is None or holder == os.getpid() or not pid_alive(holder)
        raise


class InstanceLock:
    """An exclusive, non-blocking lock on a workspace for this process (a context manager)."""

    def __init__(self, workspace: Path | str) -> None:
        self.workspace = Path(workspace)
        self.path = self.workspace.with_name(self.workspace.name + ".lock")
        self._fd: int | None = None
        #: The process id of a previous owner that died holding the lock, if there was one.
        self.took_over: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise WorkspaceInUse with a sentence naming the holder."""
        if self._fd is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LockUnavailable(
                f"Cannot create the folder {self.path.parent}: {exc.strerror or exc}."
            ) from None
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
                    raise LockUnavailable(
                        f"Cannot create the lock file {self.path}: {exc.strerror or exc}."
                    ) from None
                raise StoreError(f"Cannot create the lock file {self.path}: {exc.strerror or exc}.") from None
            if not _try_lock(fd):
                holder = _read_pid(fd)
                os.close(fd)
                who = f" (process {holder})" if holder else ""
                raise WorkspaceInUse(
                    f"{self.workspace} is already open in another Neutrality Explorer{who}; "
                    "switch to that window, or close it and try again."
                )
            # The previous owner may have removed the file between our open and our lock.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        else:  # pragma: no cover - only under heavy contention
            raise WorkspaceInUse(f"{self.workspace} is being opened by another program; try again.")
        previous = _read_pid(fd)
        if previous and previous != os.getpid():
            self.took_over = previous
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        """Give the lock up and remove the lock file."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            if sys.platform == "win32":  # pragma: no cover
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
