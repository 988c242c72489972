"""A watchdog on the GUI event loop: how long the loop went without running a short timer.

A `QTimer` set to fire every few milliseconds can only fire when the event loop is free; any
handler, paint or layout that holds the loop delays it. Each delay beyond the interval is a stall
the user would feel as a frozen window. Nested loops (a modal dialog's `exec()`) keep serving it.

Beside each delay, the GUI thread's own CPU time over it is kept (`time.thread_time`): on a shared
machine a stall's wall time grows with the load, its CPU time much less, so the two together tell
work on the GUI thread from time it spent waiting for a core.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer

#: How often the watchdog asks to run (ms): short enough to see 10 ms stalls, cheap enough not to cause any.
TICK_MS = 5


@dataclass
class StallReport:
    """Stalls in milliseconds: the delays of every tick beyond its interval, and per named phase the worst."""

    ticks: int
    worst_ms: float
    p99_ms: float
    over_100ms: int
    by_phase: dict[str, float] = field(default_factory=dict)
    #: per phase, the most CPU time the GUI thread spent between two ticks
    cpu_by_phase: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """For a JSON answer."""
        return {
            "stall_ticks": self.ticks,
            "stall_worst_ms": self.worst_ms,
            "stall_p99_ms": self.p99_ms,
            "stall_over_100ms": self.over_100ms,
            "stall_by_step_ms": self.by_phase,
            "stall_cpu_by_step_ms": self.cpu_by_phase,
        }


class StallWatchdog(QObject):
    """Measures how late a fast repeating timer fires; `phase(name)` labels what the app is doing."""

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._tick_ms = tick_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0.0
        self._last_cpu = 0.0
        self._delays: list[float] = []
        self._phase = "start"
        self._worst: dict[str, float] = {}
        self._worst_cpu: dict[str, float] = {}

    def start(self) -> None:
        """Begin measuring from now."""
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()

    def stop(self) -> StallReport:
        """Stop and report."""
        self._timer.stop()
        self._on_timer_timeout()  # a stall still under way at the end counts too
        delays = np.asarray(self._delays or [0.0])
        return StallReport(
            ticks=len(self._delays),
            worst_ms=round(float(delays.max()), 1),
            p99_ms=round(float(np.percentile(delays, 99)), 1),
            over_100ms=int((delays > 100.0).sum()),
            by_phase={k: round(v, 1) for k, v in self._worst.items()},
            cpu_by_phase={k: round(v, 1) for k, v in self._worst_cpu.items()},
        )

    @property
    def ticks(self) -> int:
        """How many times the timer has fired (or a phase began) so far."""
        return len(self._delays)

    @property
    def last_tick(self) -> float:
        """When the timer last ran (`time.perf_counter` seconds): a sampler on another thread reads it."""
        return self._last

    def phase(self, name: str) -> None:
        """Name what happens from now on (a stall is charged to the phase in which it ended)."""
        self._on_timer_timeout()
        self._phase = name
        self._worst.setdefault(name, 0.0)
        self._worst_cpu.setdefault(name, 0.0)

    def _on_timer_timeout(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        delay = max(0.0, (now - self._last) * 1000.0 - self._tick_ms)
        busy = (cpu - self._last_cpu) * 1000.0
        self._last, self._last_cpu = now, cpu
        self._delays.append(delay)
        if delay > self._worst.get(self._phase, 0.0):
            self._worst[self._phase] = delay
        if busy > self._worst_cpu.get(self._phase, 0.0):
            self._worst_cpu[self._phase] = busy
