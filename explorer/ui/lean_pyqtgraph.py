"""Import pyqtgraph without making every Qt class at once (about 0.2 s of CPU at the window's start).

PySide6 (6.7 and later) creates a Qt class's Python type the first time the class is looked up.
`pyqtgraph.Qt` keeps its own mirror modules of QtCore, QtGui and QtWidgets and fills them at import
time by copying every name of `dir(PySide6.QtX)` into them: about 720 lookups, so every type of
the three modules is created although the app uses a few dozen. Here the mirrors are given a module
`__getattr__` (PEP 562) that looks a name up in PySide6 on first use and keeps it, and, while
pyqtgraph is imported, the PySide6 modules list no names, so the copy copies none. Every name
still resolves to the same object as before, only later. A mirror module the hook does not reach
(should a pyqtgraph release lay them out differently) leaves its PySide6 module listing every name,
so pyqtgraph copies as before.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable

from explorer.lean_imports import WrappingFinder

#: pyqtgraph's mirror modules and the PySide6 module each mirrors.
MIRRORS: dict[str, str] = {
    "pyqtgraph.Qt.QtCore": "PySide6.QtCore",
    "pyqtgraph.Qt.QtGui": "PySide6.QtGui",
    "pyqtgraph.Qt.QtWidgets": "PySide6.QtWidgets",
}


def _forwarder(mirror: types.ModuleType, source: types.ModuleType) -> Callable[[str], object]:
    """A module `__getattr__` for `mirror`: the name from `source`, kept in the mirror once found."""

    def __getattr__(name: str) -> object:  # noqa: N807 (PEP 562's name)
        value = getattr(source, name)  # (AttributeError for a name Qt does not have, as before)
        setattr(mirror, name, value)
        return value

    return __getattr__


def _no_names() -> list[str]:
    return []


class _MirrorLoader(importlib.abc.Loader):
    """Loads a mirror module as pyqtgraph's own loader does, then gives it the forwarder and has
    its PySide6 module list no names until pyqtgraph is in (so the copy that follows copies none)."""

    def __init__(
        self,
        inner: importlib.abc.Loader,
        source: types.ModuleType,
        blanked: list[tuple[types.ModuleType, object]],
    ) -> None:
        self.inner = inner
        self.source = source
        self.blanked = blanked

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        """The module object, as the file's own loader makes it."""
        return self.inner.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        """Run the mirror's file, then install the forwarder and blank the source's names."""
        self.inner.exec_module(module)
        # (through the namespace: a module's __getattr__ and __dir__ are plain entries of it)
        vars(module)["__getattr__"] = _forwarder(module, self.source)
        # (PySide6 gives its modules a __dir__ of their own, put back after the import)
        self.blanked.append((self.source, vars(self.source).get("__dir__")))
        vars(self.source)["__dir__"] = _no_names


class _MirrorFinder(WrappingFinder):
    """Finds pyqtgraph's mirror modules where they are and hands them to a _MirrorLoader."""

    def __init__(self, sources: dict[str, types.ModuleType]) -> None:
        self.sources = sources
        self.blanked: list[tuple[types.ModuleType, object]] = []

    def wants(self, fullname: str) -> bool:
        """Only the mirror modules."""
        return fullname in self.sources

    def wrap(self, fullname: str, loader: importlib.abc.Loader) -> importlib.abc.Loader:
        """A _MirrorLoader around the mirror's own loader."""
        return _MirrorLoader(loader, self.sources[fullname], self.blanked)


def import_pyqtgraph() -> None:
    """Import pyqtgraph with lazily filled Qt mirrors, unless something imported it already."""
    if "pyqtgraph" in sys.modules:
        return
    finder = _MirrorFinder({mirror: importlib.import_module(name) for mirror, name in MIRRORS.items()})
    sys.meta_path.insert(0, finder)
    try:
        importlib.import_module("pyqtgraph")
    finally:
        sys.meta_path.remove(finder)
        for source, own in finder.blanked:
            if own is None:
                del vars(source)["__dir__"]
            else:
                vars(source)["__dir__"] = own
