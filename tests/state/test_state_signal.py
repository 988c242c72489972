"""The state's own Signal: called like a direct Qt connection, safe for receivers that go away."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable

import pytest

from explorer.state.signal import Signal


class Receiver:
    def __init__(self) -> None:
        self.got: list[tuple] = []

    def on_two(self, a: object, b: object) -> None:
        self.got.append((a, b))

    def on_none(self) -> None:
        self.got.append(())


def test_slots_run_in_the_order_connected_and_take_as_many_arguments_as_they_accept() -> None:
    sig = Signal("changed")
    order: list[str] = []
    r = Receiver()
    sig.connect(lambda *args: order.append(f"all {args}"))
    sig.connect(r.on_two)
    sig.connect(r.on_none)
    sig.connect(lambda a: order.append(f"one {a}"))
    sig.emit(1, 2)
    assert order == ["all (1, 2)", "one 1"]
    assert r.got == [(1, 2), ()]


def test_a_bound_method_is_held_weakly_and_a_function_strongly() -> None:
    sig = Signal()
    r = Receiver()
    sig.connect(r.on_none)
    calls: list[int] = []
    sig.connect(lambda: calls.append(1))
    assert sig.receivers() == 2
    del r
    gc.collect()
    sig.emit()
    assert calls == [1], "the lambda is kept though nothing else holds it"
    assert sig.receivers() == 1, "the collected receiver was dropped, not called"


def test_disconnect_stops_one_slot_and_a_second_disconnect_says_so() -> None:
    sig = Signal("selectionChanged")
    r = Receiver()
    sig.connect(r.on_none)
    sig.disconnect(r.on_none)
    sig.emit()
    assert r.got == []
    with pytest.raises(RuntimeError, match="not connected to selectionChanged"):
        sig.disconnect(r.on_none)


def test_a_failing_slot_is_reported_like_a_qt_slot_and_the_others_still_run(monkeypatch) -> None:
    sig = Signal()
    after: list[str] = []
    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: reported.append(exc))

    def broken() -> None:
        raise ValueError("slot failed")

    sig.connect(broken)
    sig.connect(lambda: after.append("ran"))
    sig.emit()
    assert after == ["ran"]
    assert [str(e) for e in reported] == ["slot failed"]


def test_a_slot_may_disconnect_itself_while_the_signal_is_emitted() -> None:
    sig = Signal()
    seen: list[str] = []

    def once() -> None:
        seen.append("once")
        sig.disconnect(once)

    sig.connect(once)
    sig.emit()
    sig.emit()
    assert seen == ["once"]


def test_emitting_from_a_worker_thread_is_refused_with_a_sentence() -> None:
    sig = Signal("eventsChanged")
    called: list[int] = []
    sig.connect(lambda: called.append(1))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            sig.emit()
        except RuntimeError as exc:
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert called == []
    assert len(errors) == 1 and "eventsChanged was emitted from a worker thread" in str(errors[0])


def test_connecting_something_that_cannot_be_called_is_refused() -> None:
    with pytest.raises(TypeError, match="can only be connected to a callable"):
        Signal("changed").connect("not a function")  # type: ignore[arg-type]


def test_the_code_object_shortcut_counts_arguments_as_inspect_does() -> None:
    """Plain functions and methods are counted from their code object; every kind of callable the
    ui connects must get the answer `inspect.signature` gives (a wrong count drops or adds arguments)."""
    import functools

    from explorer.state.signal import _positional_limit, _signature_limit

    class Kinds:
        def none(self) -> None: ...
        def two(self, a: object, b: object = 2, *, key: object = 3) -> None: ...
        def star(self, a: object, *rest: object) -> None: ...
        def only(self, a: object, /, b: object) -> None: ...
        @classmethod
        def klass(cls, a: object) -> None: ...
        @staticmethod
        def static(a: object, b: object) -> None: ...

    def no_args() -> None: ...

    @functools.wraps(Kinds.two)
    def wrapper(*args: object) -> None: ...

    k = Kinds()
    bound_empty = types_method(no_args, k)
    callables: list[Callable[..., object]] = [
        k.none, k.two, k.star, k.only, k.klass, k.static, Kinds.two, Kinds.static, no_args,
        lambda: None, lambda a, b=1: None, lambda *a: None, lambda a, **kw: None,
        functools.partial(Kinds.static, 1), wrapper, print, len, bound_empty,
    ]  # fmt: skip
    for fn in callables:
        assert _positional_limit(fn) == _signature_limit(fn), fn
    # and the answers themselves, so the comparison cannot pass with both paths wrong
    plain = (k.none, k.two, k.star, k.only, k.klass, no_args)
    assert [_positional_limit(f) for f in plain] == [0, 2, None, 2, 1, 0]


def types_method(fn: Callable[..., object], obj: object) -> Callable[..., object]:
    """fn bound to obj as a method, whatever its arguments."""
    import types

    return types.MethodType(fn, obj)
