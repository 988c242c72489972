"""Errors the store raises, each carrying one plain sentence for the user."""

from __future__ import annotations


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
