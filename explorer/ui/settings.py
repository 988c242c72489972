"""Where the GUI keeps its settings: QSettings, in an INI file under $NEUTRALITY_EXPLORER_HOME when set.

Tests and portable installs set NEUTRALITY_EXPLORER_HOME, so they never read or write the real
user's settings; otherwise the platform's native store is used, under the organisation and
application names that `explorer.app` sets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

SETTINGS_FILE = "settings.ini"


def make_settings() -> QSettings:
    """The settings store for this run."""
    home = os.environ.get("NEUTRALITY_EXPLORER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(home) / SETTINGS_FILE), QSettings.Format.IniFormat)
    return QSettings()


def read_json(settings: QSettings, key: str, default: Any = None) -> Any:
    """A value stored as JSON text (lists and numbers survive every backend the same way)."""
    raw = settings.value(key)
    if raw is None or raw == "":
        return default
    try:
        return json.loads(str(raw))
    except ValueError:
        return default


def write_json(settings: QSettings, key: str, value: Any) -> None:
    """Store a value as JSON text."""
    settings.setValue(key, json.dumps(value))
