"""The bench's stall sampler: while the watchdog has not run for a while, it notes where the GUI
thread is, and reports each step's worst stall with its most sampled places."""

from __future__ import annotations

import time

from explorer.bench.stall_sampler import StallSampler


def test_a_stall_is_recorded_with_the_phase_it_happened_in_and_where_the_thread_was() -> None:
    last = [time.perf_counter()]
    sampler = StallSampler(lambda: last[0], threshold_ms=10, period_ms=1)
    sampler.phase = "busy step"
    sampler.start()
    try:
        began = time.perf_counter()
        deadline = began + 10
        # the "GUI thread" holds on for 80 ms, and until the sampler has seen it (a loaded machine)
        while (time.perf_counter() - began < 0.08 or not sampler.in_stall) and time.perf_counter() < deadline:
            pass
        last[0] = time.perf_counter()  # the watchdog runs again: the stall is over
        deadline = time.perf_counter() + 5
        while not sampler.stalls and time.perf_counter() < deadline:
            time.sleep(0.005)
    finally:
        sampler.stop()
    assert sampler.counts() == {"busy step": 1}
    worst = sampler.worst()["busy step"][0]
    assert worst["ms"] >= 70
    assert worst["where"] and all("%" in w for w in worst["where"])  # (test code: no app frames)
