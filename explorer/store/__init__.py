"""SQLite storage through sqlite-utils: connection, migrations, events, annotations, search. No Qt."""

from explorer.store.db import SCHEMA_VERSION, open_database, open_memory, schema_version
from explorer.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    ReadOnlyDatabase,
    StoreError,
    UnknownEvent,
)
from explorer.store.events import EventStore

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseLocked",
    "DatabaseMissing",
    "DatabaseTooNew",
    "EventStore",
    "MigrationFailed",
    "NotADatabase",
    "ReadOnlyDatabase",
    "StoreError",
    "UnknownEvent",
    "open_database",
    "open_memory",
    "schema_version",
]
