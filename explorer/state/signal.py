"""A small Qt-free signal: the state services announce changes through it and the widgets subscribe.

It behaves like a direct Qt connection, so widgets connect to it as they connect to Qt signals:

- `emit(*args)` calls every slot in the order connected, at once, on the emitting thread; a slot
  that takes fewer arguments gets the first ones (as Qt does), so `changed.connect(self.refresh)` works.
- A bound method is held weakly: a receiver that is garbage collected is dropped, never called.
- A receiver that wraps a native Qt object is checked before each call (through the binding's own
  `shiboken6.isValid`, looked up only when the ui has loaded it: this module imports no Qt), so a
  slot of a widget whose C++ side was deleted is dropped instead of raising "already deleted".
- Emitting from another thread than the one that made the signal raises: widgets may only be
  touched on the GUI thread, so workers hand their results to the GUI thread before state changes.
- A slot that raises does not stop the others or the emitter: the error goes to `sys.excepthook`, as
  Qt does with a Python slot (the app shows it as a sentence; pytest-qt fails the test with it).
"""

from __future__ import annotations

import inspect
import sys
import threading
import types
import weakref
from collections.abc import Callable
from typing import Any

Slot = Callable[..., object]


def _positional_limit(fn: Slot) -> int | None:
    """How many positional arguments a callable takes (None: any number or unknown)."""
    # A plain function or method answers from its code object: `inspect.signature` costs some 25 us
    # a call, and the window connects about sixty slots while it opens (1.4 ms of its first paint).
    func = fn.__func__ if isinstance(fn, types.MethodType) else fn
    if (
        type(func) is types.FunctionType
        and not hasattr(func, "__wrapped__")  # (a decorator's wrapper: its signature is the wrapped one's)
        and not hasattr(func, "__signature__")
    ):
        code = func.__code__
        if code.co_flags & inspect.CO_VARARGS:
            return None
        n = code.co_argcount - (1 if func is not fn else 0)
        if n >= 0:  # (a method made of a function without arguments: inspect's own answer)
            return n
    return _signature_limit(fn)


def _signature_limit(fn: Slot) -> int | None:
    """`_positional_limit` as `inspect.signature` tells it, for every other callable."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin (a Qt method, say) without a readable signature
        return None
    n = 0
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            return None
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            n += 1
    return n


def _native_alive(obj: object) -> bool:
    """False when obj wraps a Qt object whose C++ side is gone (the ui's binding decides)."""
    shiboken = sys.modules.get("shiboken6")
    if shiboken is None:
        return True
    wrapper = getattr(shiboken, "Object", None)
    if wrapper is None or not isinstance(obj, wrapper):
        return True
    return bool(shiboken.isValid(obj))


class _Connection:
    """One connected slot: a strong reference to a function, or a weak one to a method's object."""

    __slots__ = ("_fn", "_obj", "_name", "_limit")

    def __init__(self, slot: Slot) -> None:
        self._limit = _positional_limit(slot)
        owner = getattr(slot, "__self__", None)
        self._obj: weakref.ref[Any] | None = None
        self._fn: Slot | None = slot
        self._name = ""
        if owner is not None and not inspect.ismodule(owner):
            try:
                self._obj = weakref.ref(owner)
            except TypeError:  # an object that cannot be weakly referenced: keep it
                return
            self._fn = getattr(slot, "__func__", None)  # a Python method: call the function on obj
            self._name = getattr(slot, "__name__", "")  # a builtin method: look it up on obj
            if self._fn is None and not self._name:
                self._obj, self._fn = None, slot

    def target(self) -> Slot | None:
        """The callable to call now, or None when its receiver is gone."""
        if self._obj is None:
            return self._fn
        obj = self._obj()
        if obj is None or not _native_alive(obj):
            return None
        if self._fn is not None:
            return types.MethodType(self._fn, obj)
        fn: Slot = getattr(obj, self._name)
        return fn

    def call(self, fn: Slot, args: tuple[Any, ...]) -> None:
        """Call with as many of the signal's arguments as the slot takes."""
        fn(*(args if self._limit is None else args[: self._limit]))

    def same(self, slot: Slot) -> bool:
        """True when this connection is for that slot."""
        fn = self.target()
        return fn is not None and (fn == slot or fn is slot)


class Signal:
    """A list of slots called in order by `emit`; see the module's docstring for the rules."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._connections: list[_Connection] = []
        self._thread = threading.get_ident()

    def __repr__(self) -> str:
        return f"<Signal {self.name or '?'} with {len(self._connections)} slot(s)>"

    def connect(self, slot: Slot) -> Slot:
        """Call slot on every emit (bound methods are held weakly); returns slot, so it decorates."""
        if not callable(slot):
            raise TypeError(f"{self.name or 'a signal'} can only be connected to a callable, not {slot!r}")
        self._connections.append(_Connection(slot))
        return slot

    def disconnect(self, slot: Slot | None = None) -> None:
        """Stop calling slot (every slot when None); RuntimeError when it was not connected."""
        if slot is None:
            self._connections.clear()
            return
        for i, c in enumerate(self._connections):
            if c.same(slot):
                del self._connections[i]
                return
        raise RuntimeError(f"{slot!r} is not connected to {self.name or 'this signal'}")

    def receivers(self) -> int:
        """How many slots are connected and still alive."""
        return sum(1 for c in self._connections if c.target() is not None)

    def emit(self, *args: Any) -> None:
        """Call every live slot with the arguments, in the order they were connected."""
        if threading.get_ident() != self._thread:
            raise RuntimeError(
                f"{self.name or 'A state signal'} was emitted from a worker thread; "
                "state changes only on the GUI thread."
            )
        dead = False
        for c in list(self._connections):  # a slot may connect or disconnect others
            fn = c.target()
            if fn is None:
                dead = True
                continue
            try:
                c.call(fn, args)
            except Exception:  # noqa: BLE001 - reported like a failing Qt slot; the rest still run
                sys.excepthook(*sys.exc_info())
        if dead:
            self._connections = [c for c in self._connections if c.target() is not None]
