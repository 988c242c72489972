"""The last folder a file dialog used, remembered per purpose (import, export, share, backups, print).

Each purpose keeps its own folder in the settings (`<purpose>/folder`, the keys File > Import and Export already used), so exporting does not move
the import dialog away from where the user's data files are. A folder that has gone is forgotten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import QSettings

#: The purposes the window's file dialogs use.
PURPOSES: Final = ("import", "export", "share", "backups", "print", "open")


def last_folder(settings: QSettings, purpose: str, fallback: Path | str = "") -> str:
    """The folder last used for this purpose when it still exists, else `fallback` (or the home folder)."""
    raw = settings.value(f"{purpose}/folder")
    if raw and Path(str(raw)).is_dir():
        return str(raw)
    return str(fallback or Path.home())


def remember_folder(settings: QSettings, purpose: str, chosen: Path | str) -> None:
    """Remember the folder of a chosen file (or a chosen folder) for this purpose."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    settings.setValue(f"{purpose}/folder", str(folder))


def start_path(settings: QSettings, purpose: str, file_name: str = "") -> str:
    """Where a save dialog should start: the remembered folder, with a default file name in it."""
    folder = last_folder(settings, purpose)
    return str(Path(folder) / file_name) if file_name else folder


def safe_file_stem(title: str, fallback: str = "neutrality-explorer") -> str:
    """A file name stem from a title: letters, digits and dashes, at most 60 characters."""
    keep = "".join(c if c.isalnum() else "-" for c in title.strip().lower())
    stem = "-".join(part for part in keep.split("-") if part)[:60].strip("-")
    return stem or fallback
