"""Keep start-up lean: import sqlite-utils without the pandas it would load for nothing, nor the scan
for its plugins. No Qt.

sqlite-utils imports pandas whenever it is installed (`sqlite_utils.db` tries it at import time),
only to map `pandas.Timestamp` to TEXT when such values are inserted. The app never inserts pandas
values, and importing pandas costs about half a second, more than the rest of the window's
imports on the bundled corpus. While sqlite-utils is imported, `pandas` is made unfindable; once it
is in, pandas imports as usual for whoever wants it (the tests' client checks do). Its date
parser, `dateutil.parser` (13 ms, used only by sqlite-utils' `parsedate` recipes, which the app
never calls), is loaded lazily (`importlib.util.LazyLoader`): on its first use, not at import.

Once PySide6 is in, each import statement has shiboken look at the module it returns: one it has not
seen has its whole source file read and searched for "PySide6" (its check for `from __feature__
import ...`, PYSIDE-2029), 0.1-0.3 ms a module and some 140 of the package's at the window's start.
`spare_pyside_source_scan` tells it in advance that the package's modules, and pyqtgraph's, select
no feature.

numpy's OpenBLAS starts a worker thread per further core when numpy is imported, and the workers
spin while they wait for work: about 0.1 s of CPU on the second core, beside the window's start
(`cpu_first_paint_s` of `python -m explorer.bench.gui` 0.61-0.64 s with them, 0.51-0.55 s without).
sqlite-utils brings numpy in, so this happens at the package's import. The app does no linear
algebra (its arrays are compared, sorted, counted and gathered, none of it through BLAS), so
`quiet_blas_threads` asks for no workers before numpy is imported, unless the environment names a
number (a host that imported numpy first keeps its threads).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import MutableMapping, Sequence


class _HidePandas(importlib.abc.MetaPathFinder):
    """A finder that refuses pandas (and only pandas) while it is on sys.meta_path."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Raise ImportError for pandas; let every other import through."""
        if fullname == "pandas" or fullname.startswith("pandas."):
            raise ImportError("pandas is not loaded with sqlite-utils (see explorer.lean_imports)")
        return None


class WrappingFinder(importlib.abc.MetaPathFinder):
    """A finder for the modules `wants` names: found where they are, their loader wrapped by `wrap`."""

    def wants(self, fullname: str) -> bool:
        """Whether this finder handles the module."""
        raise NotImplementedError

    def wrap(self, fullname: str, loader: importlib.abc.Loader) -> importlib.abc.Loader:
        """The loader to use instead of the module's own."""
        raise NotImplementedError

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """The module's ordinary spec with its loader wrapped; None for every other module."""
        if not self.wants(fullname):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = self.wrap(fullname, spec.loader)
        return spec


class WrappedLoader(importlib.abc.Loader):
    """A loader that makes the module as the module's own loader (`inner`) does; a subclass says how
    (and when) it runs."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        """The module object, as the file's own loader makes it."""
        return self.inner.create_module(spec)


class _LoadOnFirstUse(WrappingFinder):
    """Gives the named modules a LazyLoader: they run when an attribute is first read."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def wants(self, fullname: str) -> bool:
        """Only the named modules."""
        return fullname in self.names

    def wrap(self, fullname: str, loader: importlib.abc.Loader) -> importlib.abc.Loader:
        """A LazyLoader around the module's own loader."""
        return importlib.util.LazyLoader(loader)


#: Modules sqlite-utils imports that the app does not use (loaded lazily while it is imported).
LAZY = frozenset({"dateutil.parser"})


def import_sqlite_utils() -> None:
    """Import sqlite_utils once, with pandas hidden unless something already imported it (and
    numpy, which it brings in, without spinning BLAS workers: `quiet_blas_threads`)."""
    quiet_blas_threads()
    if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
        return
    finders = [_HidePandas(), _LoadOnFirstUse(LAZY - set(sys.modules))]
    sys.meta_path[:0] = finders
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for finder in finders:
            sys.meta_path.remove(finder)
    skip_plugin_scan()


def skip_plugin_scan() -> None:
    """Tell sqlite-utils its plugins are loaded, so its first Database does not scan every installed
    distribution's entry points (importlib.metadata and the scan: about 40 ms of the window's start).

    The app uses no sqlite-utils plugins (they add `sqlite-utils` commands and connection hooks), and
    one that happened to be installed would otherwise change what the app's connections do.
    """
    plugins = sys.modules.get("sqlite_utils.plugins")
    if plugins is not None and "_plugins_loaded" in vars(plugins):  # (else: another layout, left alone)
        vars(plugins)["_plugins_loaded"] = True


#: The packages whose modules shiboken need not read: none of them selects a PySide feature (this
#: package, and pyqtgraph, which supports PyQt as well and has no `__feature__` import in any release
#: the project allows: about 30 ms of the window's start).
PACKAGES = ("explorer", "pyqtgraph")


def _in_packages(name: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in PACKAGES)


def _pyside_feature_dict() -> MutableMapping[str, int] | None:
    """shiboken's table of modules and the PySide features they chose; None before PySide6 is
    imported, or when a PySide6 laid out otherwise has none (then nothing is skipped)."""
    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None) if feature is not None else None
    return known if isinstance(known, dict) else None


class _NoFeatureScan(importlib.abc.MetaPathFinder):
    """Enters the package's modules in shiboken's table as they are found (0: no feature), so that
    shiboken does not read their source; finds nothing itself."""

    def __init__(self) -> None:
        self.caught_up = False

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Note the package's module (and, the first time PySide6 is in, those imported before it)."""
        if _in_packages(fullname):
            known = _pyside_feature_dict()
            if known is not None:
                if not self.caught_up:
                    self.caught_up = True
                    for name in list(sys.modules):
                        if _in_packages(name):
                            known.setdefault(name, 0)
                known.setdefault(fullname, 0)
        return None


def insert_finders(finders: list[importlib.abc.MetaPathFinder]) -> None:
    """Put `finders` first on sys.meta_path, after the one that only takes note of modules for
    shiboken (so the modules they find are noted too)."""
    at = next((i + 1 for i, finder in enumerate(sys.meta_path) if isinstance(finder, _NoFeatureScan)), 0)
    sys.meta_path[at:at] = finders


def spare_pyside_source_scan() -> None:
    """Install the finder that spares shiboken reading the package's source (once per process)."""
    if not any(isinstance(finder, _NoFeatureScan) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoFeatureScan())


def quiet_blas_threads() -> None:
    """Before numpy is imported: no OpenBLAS worker threads (they spin at start), unless the
    environment names a number; once numpy is in, nothing changes."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
