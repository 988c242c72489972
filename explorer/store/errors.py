"""Errors the store raises, each carrying one plain sentence for the user."""

from __future__ import annotations


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
