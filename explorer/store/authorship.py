"""Who wrote an annotation: the local author's display name, kept in the workspace's meta table.

The GUI keeps the same name in its settings and writes it here at start and from Preferences,
so the app and the console agree (docs/sharing.md).
"""

from __future__ import annotations

import uuid

import sqlite_utils

from explorer.store.migrations import AUTHORED, default_author

__all__ = ["clean_author", "default_author", "ensure_author", "local_author", "new_uid", "set_local_author"]

#: Longest display name kept (longer ones are cut).
MAX_AUTHOR = 80


def new_uid() -> str:
    """A new stable annotation id (a random UUID)."""
    return str(uuid.uuid4())


def clean_author(name: str) -> str:
    """A display name with its spaces tidied and control characters removed ('' when nothing is left)."""
    text = "".join(c for c in name if c.isprintable())
    return " ".join(text.split())[:MAX_AUTHOR]


def local_author(db: sqlite_utils.Database) -> str:
    """The name this workspace's user writes under (the account's name until one is chosen)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'author'").fetchone()
    return str(row[0]) if row and row[0] else default_author()


def set_local_author(db: sqlite_utils.Database, name: str) -> int:
    """Choose the local display name; the user's own annotations take it too. Returns rows renamed.

    Annotations already received from someone of the new name stay theirs; renaming onto the
    name of a colleague whose annotations are here is refused with ValueError.
    """
    new = clean_author(name)
    if not new:
        raise ValueError("The author's name is empty.")
    old = local_author(db)
    if new == old:
        return 0
    for table, _kind in AUTHORED:
        if db.execute(f"SELECT 1 FROM {table} WHERE author = ? LIMIT 1", [new]).fetchone():
            raise ValueError(f"“{new}” is already the name of a colleague whose annotations are here.")
    renamed = 0
    with db.atomic():
        for table, _kind in AUTHORED:
            renamed += db.execute(
                f"UPDATE {table} SET author = ? WHERE author = ? OR author = ''", [new, old]
            ).rowcount
        db.execute("UPDATE tombstones SET author = ? WHERE author = ?", [new, old])
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('author', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [new],
        )
    return renamed


def ensure_author(db: sqlite_utils.Database) -> str:
    """Record the local name in meta if none is yet, and give it to rows written without one; the name.

    The bundled corpus carries no name (every user's workspace starts from it), so a workspace
    takes its user's name on first use.
    """
    name = local_author(db)
    if db.execute("SELECT 1 FROM meta WHERE key = 'author'").fetchone() and not any(
        db.execute(f"SELECT 1 FROM {t} WHERE author = '' LIMIT 1").fetchone() for t, _k in AUTHORED
    ):
        return name
    with db.atomic():
        db.execute("INSERT INTO meta (key, value) VALUES ('author', ?) ON CONFLICT(key) DO NOTHING", [name])
        for table, _kind in AUTHORED:
            db.execute(f"UPDATE {table} SET author = ? WHERE author = ''", [name])
    return name
