"""Where user data live: the workspace database, its backups and settings. No Qt.

The folder is the platform's user data directory (platformdirs), or $NEUTRALITY_EXPLORER_HOME
when set (tests and portable installs use it). The console command and the GUI share it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "neutrality-explorer"
APP_AUTHOR = "NeutralityExplorer"
WORKSPACE_NAME = "workspace.db"


def user_data_dir() -> Path:
    """The folder for the workspace and its backups (not created here)."""
    override = os.environ.get("NEUTRALITY_EXPLORER_HOME")
    if override:
        return Path(override)
    import platformdirs  # (3-4 ms at import: only when the folder is not given, not at every start)

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def workspace_path() -> Path:
    """The user's workspace database (may not exist yet)."""
    return user_data_dir() / WORKSPACE_NAME


def backups_dir() -> Path:
    """The folder of rotating automatic backups."""
    return user_data_dir() / "backups"


def default_db_path() -> Path:
    """The database commands read when not given --db: the workspace once it exists, else the corpus.

    A workspace moved aside as damaged is not silently replaced by the corpus: its path is returned,
    so the command says what happened and how to restore it.
    """
    ws = workspace_path()
    if ws.exists() or ws.with_name(ws.name + ".damaged").exists():
        return ws
    from explorer.resources import bundled_db

    return bundled_db()
