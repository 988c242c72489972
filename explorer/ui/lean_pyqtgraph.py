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

pyqtgraph's `__init__` also star-imports every module it has (image views, colour maps, parameter
trees, a remote view over multiprocessing), half of which the window never uses. The modules in
DEFERRED are entered in `sys.modules` unrun and run when one of their names is first read, and the
package finds a deferred name on first use (its module `__getattr__`). On the project's 2-core
machine, importing pyqtgraph and the window's modules took a median 442 ms of CPU before and 389 ms
after (14 fresh interpreters each, interleaved), and the first paint on the bundled corpus came 48 ms
sooner (paired median of 20 interleaved `python -m explorer.bench.gui` runs). Every name still
resolves to the same object as before, only later.
"""

from __future__ import annotations

import builtins
import dis
import functools
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Callable

from explorer.lean_imports import WrappedLoader, WrappingFinder, insert_finders

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


class _MirrorLoader(WrappedLoader):
    """Loads a mirror module as pyqtgraph's own loader does, then gives it the forwarder and has
    its PySide6 module list no names until pyqtgraph is in (so the copy that follows copies none)."""

    def __init__(
        self,
        inner: importlib.abc.Loader,
        source: types.ModuleType,
        blanked: list[tuple[types.ModuleType, object]],
    ) -> None:
        super().__init__(inner)
        self.source = source
        self.blanked = blanked

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


#: Modules pyqtgraph's `__init__` star-imports that the window does not use at its start. Each is
#: entered in `sys.modules` but run on the first read of one of its names (`from M import X`,
#: `M.X`, `from M import *` once pyqtgraph is in, or `pg.X` for a name it exports); pyqtgraph's
#: own star import takes nothing from it. (A module another one imports a name from while
#: pyqtgraph is imported runs then, so the plot items the timeline's layout needs are not here.)
DEFERRED: tuple[str, ...] = tuple(
    "pyqtgraph." + name
    for name in (
        "graphicsItems.ArrowItem",
        "graphicsItems.BoxplotItem",
        "graphicsItems.ColorBarItem",
        "graphicsItems.CurvePoint",
        "graphicsItems.DateAxisItem",
        "graphicsItems.ErrorBarItem",
        "graphicsItems.FillBetweenItem",
        "graphicsItems.GradientEditorItem",
        "graphicsItems.GradientLegend",
        "graphicsItems.GraphItem",
        "graphicsItems.GridItem",
        "graphicsItems.HistogramLUTItem",
        "graphicsItems.ImageItem",
        "graphicsItems.IsocurveItem",
        "graphicsItems.PColorMeshItem",
        "graphicsItems.ROI",
        "graphicsItems.ScaleBar",
        "graphicsItems.TargetItem",
        "graphicsItems.VTickGroup",
        "imageview",
        "widgets.BusyCursor",
        "widgets.CheckTable",
        "widgets.ColorButton",
        "widgets.ColorMapWidget",
        "widgets.ComboBox",
        "widgets.DataFilterWidget",
        "widgets.DataTreeWidget",
        "widgets.DiffTreeWidget",
        "widgets.FeedbackButton",
        "widgets.GradientWidget",
        "widgets.GraphicsLayoutWidget",
        "widgets.HistogramLUTWidget",
        "widgets.JoystickButton",
        "widgets.LayoutWidget",
        "widgets.PlotWidget",
        "widgets.ProgressDialog",
        "widgets.RawImageWidget",
        "widgets.ScatterPlotWidget",
        "widgets.TableWidget",
        "widgets.TreeWidget",
        "widgets.ValueLabel",
        "widgets.VerticalLabel",
    )
)


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


class _DeferredLoader(WrappedLoader):
    """Makes the module as its own loader does but runs it only when one of its names is read."""

    def __init__(
        self, inner: importlib.abc.Loader, deferred: dict[str, types.ModuleType], importing: list[bool]
    ) -> None:
        super().__init__(inner)
        self.deferred = deferred
        self.importing = importing

    def exec_module(self, module: types.ModuleType) -> None:
        """Leave the module unrun, with a `__getattr__` that runs it on the first name asked for."""
        importing = self.importing

        def __getattr__(name: str) -> object:  # noqa: N807 (PEP 562's name)
            # (`from M import *` asks for __all__: pyqtgraph's own gets nothing, a later one runs M)
            if _is_dunder(name) and (name != "__all__" or importing[0]):
                raise AttributeError(name)
            _run_deferred(module)
            return getattr(module, name)

        vars(module)["__getattr__"] = __getattr__
        vars(module)["__deferred_loader__"] = self.inner
        self.deferred[module.__name__] = module


#: Held while a deferred module runs, so that a second thread asking for one of its names waits for
#: the whole module (re-entrant: a module that runs may ask for another deferred module's names).
_RUNNING = threading.RLock()


def _run_deferred(module: types.ModuleType) -> None:
    """Run a deferred module's code now (once; nothing for a module that has run). Should its code
    fail, the module leaves `sys.modules`, as a failed import does, and the error goes up."""
    with _RUNNING:
        namespace = vars(module)
        loader = namespace.pop("__deferred_loader__", None)
        if loader is None:
            return
        del namespace["__getattr__"]
        try:
            loader.exec_module(module)
        except BaseException:
            if sys.modules.get(module.__name__) is module:
                del sys.modules[module.__name__]
            raise


def _exported(module: types.ModuleType) -> list[str]:
    """The names `from module import *` binds."""
    names = vars(module).get("__all__")
    if names is not None:
        return list(names)
    return [name for name in vars(module) if not name.startswith("_")]


def _bind(package: types.ModuleType, module: types.ModuleType) -> None:
    """Run a deferred module and bind in the package what its star import would have bound there."""
    _run_deferred(module)
    namespace = vars(package)
    for exported in _exported(module):
        if exported not in namespace and hasattr(module, exported):
            namespace[exported] = getattr(module, exported)


def _package_getattr(
    package: types.ModuleType, deferred: dict[str, types.ModuleType]
) -> Callable[[str], object]:
    """A `__getattr__` for pyqtgraph itself: a name one of the deferred modules exports, found in
    the module named like it (pyqtgraph's rule: `ArrowItem` in `graphicsItems.ArrowItem`) or else
    in each in turn, run and bound in the package."""

    bound_all = False

    def __getattr__(name: str) -> object:  # noqa: N807 (PEP 562's name)
        nonlocal bound_all
        # (`from pyqtgraph import submodule` asks here first: a submodule is not a deferred name)
        if (
            not bound_all
            and not _is_dunder(name)
            and importlib.util.find_spec(f"{package.__name__}.{name}") is None
        ):
            likely = [m for full, m in deferred.items() if full.rsplit(".", 1)[-1] == name]
            for module in [*likely, *deferred.values()]:
                _bind(package, module)
                if name in vars(package):
                    return vars(package)[name]
            bound_all = True  # (every deferred name is in the package now: a miss is a miss)
        raise AttributeError(f"module {package.__name__!r} has no attribute {name!r}")

    return __getattr__


def _binding_all_first(
    package: types.ModuleType, deferred: dict[str, types.ModuleType], function: Callable[..., object]
) -> Callable[..., object]:
    """`function` (one of the package's own, which read its classes as globals: `pg.plot` names
    PlotWidget) with every deferred module run and bound before it runs."""

    @functools.wraps(function)
    def call(*args: object, **kwargs: object) -> object:
        for module in list(deferred.values()):
            _bind(package, module)
        return function(*args, **kwargs)

    return call


def _globals_read(code: types.CodeType) -> set[str]:
    """The global names a function's code reads."""
    return {ins.argval for ins in dis.get_instructions(code) if ins.opname == "LOAD_GLOBAL"}


def _defer_names(package: types.ModuleType, deferred: dict[str, types.ModuleType]) -> None:
    """Give the package the `__getattr__` that finds deferred names, and have its own functions
    bind them all before they run."""
    namespace = vars(package)
    if "__getattr__" in namespace:  # (a pyqtgraph with one of its own: everything runs now)
        for module in list(deferred.values()):
            _bind(package, module)
        return
    for name, value in list(namespace.items()):
        if isinstance(value, types.FunctionType) and value.__globals__ is namespace:
            unbound = [
                g for g in _globals_read(value.__code__) if g not in namespace and not hasattr(builtins, g)
            ]
            if unbound:  # (a global the deferred modules would have bound: `pg.plot` names PlotWidget)
                namespace[name] = _binding_all_first(package, deferred, value)
    namespace["__getattr__"] = _package_getattr(package, deferred)


class _DeferringFinder(WrappingFinder):
    """Finds the deferred modules where they are and hands them to a _DeferredLoader."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.deferred: dict[str, types.ModuleType] = {}
        self.importing = [True]  # (while pyqtgraph's __init__ runs)

    def wants(self, fullname: str) -> bool:
        """Only the deferred modules."""
        return fullname in self.names

    def wrap(self, fullname: str, loader: importlib.abc.Loader) -> importlib.abc.Loader:
        """A _DeferredLoader around the module's own loader."""
        return _DeferredLoader(loader, self.deferred, self.importing)


def import_pyqtgraph() -> None:
    """Import pyqtgraph with lazily filled Qt mirrors and the modules in DEFERRED run on first use,
    unless something imported it already."""
    if "pyqtgraph" in sys.modules:
        return
    mirrors = _MirrorFinder({mirror: importlib.import_module(name) for mirror, name in MIRRORS.items()})
    deferring = _DeferringFinder(frozenset(DEFERRED))
    insert_finders([mirrors, deferring])
    try:
        package = importlib.import_module("pyqtgraph")
        if deferring.deferred:
            _defer_names(package, deferring.deferred)
    finally:
        deferring.importing[0] = False
        sys.meta_path.remove(mirrors)
        sys.meta_path.remove(deferring)
        for source, own in mirrors.blanked:
            if own is None:
                del vars(source)["__dir__"]
            else:
                vars(source)["__dir__"] = own
