"""Neutrality Explorer: the events of Belarusian foreign and security policy on a timeline."""

from explorer.lean_imports import import_sqlite_utils, spare_pyside_source_scan

__version__ = "0.1.0"

# Before any module of the package imports sqlite_utils (see explorer.lean_imports for why).
import_sqlite_utils()
# Before PySide6 reads the source of every module of the package (see explorer.lean_imports).
spare_pyside_source_scan()
