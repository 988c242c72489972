"""Where the app's bundled files are: the corpus database, its sources, icons and style sheets.

In an installed wheel they are package data (`explorer/data`, `explorer/assets`, mapped from
the repository's top-level `data/` and `resources/` by pyproject.toml); they are found through
importlib.resources so the app never relies on the current directory. (The resources/ folder is
installed as `explorer.assets` because `explorer.resources` is this module.)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_DB_NAME = "neutrality.db"


_SOURCE_FALLBACK = {"explorer.data": "data", "explorer.assets": "resources"}


def _package_dir(package: str) -> Path:
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / _SOURCE_FALLBACK[package]).is_dir():
        # A source checkout (or a worktree put first on PYTHONPATH): its own folders, not those an
        # editable install of some other checkout maps the packages to.
        return root / _SOURCE_FALLBACK[package]
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        # Running from a source checkout without an install: the top-level folders themselves.
        return Path(__file__).resolve().parent.parent / _SOURCE_FALLBACK[package]


def data_dir() -> Path:
    """The folder holding neutrality.db and corpus/."""
    return _package_dir("explorer.data")


def resources_dir() -> Path:
    """The folder holding icons, the desktop-entry template and style sheets."""
    return _package_dir("explorer.assets")


def bundled_db() -> Path:
    """The bundled corpus database (read-only: never written by the app)."""
    return data_dir() / BUNDLED_DB_NAME


def corpus_dir() -> Path:
    """The reviewable corpus sources (YAML) the bundled database is built from."""
    return data_dir() / "corpus"


def resource(name: str) -> Path:
    """A file under resources/ by relative name, e.g. 'icons/neutrality-explorer.svg'."""
    return resources_dir() / name
