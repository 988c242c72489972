"""The event-loop watchdog sees a handler that holds the loop, and charges it to the step it happened in."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from explorer.ui.stall_watchdog import StallWatchdog


def test_a_blocked_event_loop_is_reported_as_a_stall_of_its_step(qtbot):
    dog = StallWatchdog(tick_ms=5)
    dog.start()
    done: list[bool] = []

    def block() -> None:
        dog.phase("blocking step")
        time.sleep(0.15)  # a handler that keeps the loop busy for 150 ms
        done.append(True)

    QTimer.singleShot(20, block)
    qtbot.waitUntil(lambda: bool(done))
    dog.phase("after")
    seen = dog.ticks
    qtbot.waitUntil(lambda: dog.ticks > seen + 2)  # the timer runs again after the block
    report = dog.stop()
    assert report.by_phase["blocking step"] >= 140
    assert report.worst_ms >= 140
    assert report.over_100ms >= 1
    assert report.ticks > 1
    assert set(report.as_dict()) >= {"stall_worst_ms", "stall_p99_ms", "stall_by_step_ms"}


def test_a_stall_spent_waiting_is_told_from_one_spent_working(qtbot):
    """Beside its wall time, each step's heaviest turn has the GUI thread's CPU time: a handler that
    waits (for a lock, a core, a disk) holds the loop as long but shows almost no CPU."""
    dog = StallWatchdog(tick_ms=5)
    dog.start()
    done: list[bool] = []

    def wait() -> None:
        dog.phase("waiting")
        time.sleep(0.15)
        done.append(True)

    QTimer.singleShot(20, wait)
    qtbot.waitUntil(lambda: bool(done))
    dog.phase("after")
    seen = dog.ticks
    qtbot.waitUntil(lambda: dog.ticks > seen + 2)
    report = dog.stop()
    assert report.by_phase["waiting"] >= 140
    assert report.cpu_by_phase["waiting"] < report.by_phase["waiting"] / 2
    assert set(report.as_dict()["stall_cpu_by_step_ms"]) >= set(report.by_phase)
