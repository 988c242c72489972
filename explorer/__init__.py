"""Neutrality Explorer: the events of Belarusian foreign and security policy on a timeline."""

from explorer.lean_imports import import_sqlite_utils

__version__ = "0.1.0"

# Before any module of the package imports sqlite_utils (see explorer.lean_imports for why).
import_sqlite_utils()
