"""Errors the store raises, each carrying one plain sentence for the user."""

from __future__ import annotations

import errno
import sqlite3


def unreadable(path: object, exc: OSError, kind: str) -> str:
    """The sentence for a file that could not be opened for reading: missing, a folder, or else why.

    `kind` names what the file should have been ("a file to import").
    """
    if isinstance(exc, FileNotFoundError):
        return f"{path} does not exist."
    if isinstance(exc, IsADirectoryError):
        return f"{path} is a folder, not {kind}."
    return f"{path} cannot be read ({exc.strerror or exc})."


class StoreError(Exception):
    """A problem with a database file, described in one sentence."""


class DatabaseMissing(StoreError):
    """The file does not exist."""


class NotADatabase(StoreError):
    """The file is not an SQLite database, or it is damaged."""


class DatabaseTooNew(StoreError):
    """The file was written by a newer version of the app."""


class MigrationFailed(StoreError):
    """An upgrade of the schema failed; the file was left as it was."""


class ReadOnlyDatabase(StoreError):
    """A write was attempted on a database opened read-only."""


class DatabaseLocked(StoreError):
    """Another program holds the database."""


class UnknownEvent(StoreError):
    """No event has the given id."""


class InvalidAnnotation(StoreError, ValueError):
    """An annotation that cannot be saved as given (stars out of range, a bad date or colour...)."""


class WriteFailed(StoreError):
    """A write the disk or the database refused (full, read-only, busy); nothing was changed."""


class DatabaseDamaged(WriteFailed):
    """A write found the file damaged; `cause` is SQLite's error, for explorer.store.recovery to check."""

    def __init__(self, sentence: str, cause: BaseException) -> None:
        super().__init__(sentence)
        self.cause = cause


class DiskFull(WriteFailed):
    """The disk (or the user's quota) is full."""


# SQLite's primary result codes (the low byte of sqlite_errorcode).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def _sqlite_kind(exc: sqlite3.Error) -> str:
    """What went wrong, as one word, from the result code or (older builds) the message."""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL or "disk is full" in text:
        return "full"
    if primary == _SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return "readonly"
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "is locked" in text:
        return "busy"
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return "damaged"
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return "io"
    if primary == _SQLITE_CANTOPEN or "unable to open" in text:
        return "cantopen"
    return "other"


def _os_kind(exc: OSError) -> str:
    """What went wrong, as one word, from the errno."""
    return {
        errno.ENOSPC: "full",
        errno.EDQUOT: "quota",
        errno.EFBIG: "toobig",
        errno.EROFS: "readonly",
        errno.EACCES: "denied",
        errno.EPERM: "denied",
        errno.EIO: "io",
        errno.ENOENT: "missing",
        errno.EISDIR: "folder",
    }.get(exc.errno or 0, "other")


def failure_kind(exc: BaseException) -> str | None:
    """One word for a failed write or open (full, quota, readonly, busy, damaged, ...); None for other errors."""
    if isinstance(exc, sqlite3.Error):
        return _sqlite_kind(exc)
    if isinstance(exc, OSError):
        return _os_kind(exc)
    return None


def failure_sentence(
    exc: BaseException, path: object = None, *, unchanged: str = "nothing was changed"
) -> str | None:
    """One plain sentence for an OSError or SQLite error met while writing `path`; None for other errors.

    The one place that words disk-full, read-only, busy and damaged failures, for the console and the window.
    """
    kind = failure_kind(exc)
    if kind is None:
        return None
    sentence = _sentence(kind, exc, path, unchanged)
    return sentence[0].upper() + sentence[1:] if sentence.startswith("the ") else sentence


def _sentence(kind: str, exc: BaseException, path: object, unchanged: str) -> str:
    if path is None and isinstance(exc, OSError) and exc.filename:
        path = exc.filename
    what = str(path) if path else "the database" if isinstance(exc, sqlite3.Error) else "the file"
    if kind == "full":
        return f"The disk is full: could not write {what}; {unchanged}."
    if kind == "quota":
        return f"Your disk quota is used up: could not write {what}; {unchanged}."
    if kind == "toobig":
        return f"{what} would be larger than this system allows a file to be; {unchanged}."
    if kind == "readonly":
        return f"{what} is read-only (or on a read-only disk), so it cannot be written; {unchanged}."
    if kind == "denied":
        return f"Permission denied: you may not write {what}; {unchanged}."
    if kind == "busy":
        return (
            f"{what} is busy: another program (perhaps a running import) is writing to it; "
            f"try again when it has finished ({unchanged})."
        )
    if kind == "damaged":
        return f"{what} is damaged and cannot be used as it is; {unchanged}."
    if kind == "io":
        return f"The disk reported an error while writing {what}; {unchanged}."
    if kind == "missing":
        return f"{what} does not exist, or its folder does not; {unchanged}."
    if kind == "folder":
        return f"{what} is a folder, not a file; {unchanged}."
    if kind == "cantopen":
        return f"{what} cannot be opened; {unchanged}."
    reason = ((exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__).rstrip(
        "."
    )
    if reason[:1].isupper() and reason[1:2].islower():  # "Not a directory" reads as part of the sentence
        reason = reason[0].lower() + reason[1:]
    return f"Cannot write {what}: {reason}; {unchanged}."


def write_failed(exc: BaseException, path: object = None) -> StoreError:
    """The StoreError to raise for a failed write: DiskFull, ReadOnlyDatabase, DatabaseLocked or WriteFailed."""
    sentence = failure_sentence(exc, path) or str(exc)
    kind = failure_kind(exc)
    if kind in ("full", "quota"):
        return DiskFull(sentence)
    if kind == "readonly":
        return ReadOnlyDatabase(sentence)
    if kind == "busy":
        return DatabaseLocked(sentence)
    if kind == "damaged":
        return DatabaseDamaged(sentence, exc)
    return WriteFailed(sentence)
