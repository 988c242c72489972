"""Where the GUI thread is while a stall lasts: a thread samples its Python stack (bench only).

    sampler = StallSampler(watchdog_last=lambda: watchdog.last_tick, threshold_ms=30)

While the watchdog has not run for `threshold_ms`, every `period_ms` the sampler records the GUI
thread's innermost frames of the app (explorer.*), grouped into one stall until the watchdog runs
again. Unlike cProfile it adds no cost to the GUI thread's own calls, so the figures stay true; a
C call that holds the GIL is seen as the Python line that made it, once it returns.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from types import FrameType

#: Frames of these files are the app's own (the innermost of them names what is being done).
OWN = "/explorer/"


def _where(frame: FrameType | None, depth: int = 3) -> str:
    """The innermost app frames of a stack as 'file:function < caller < caller'."""
    names: list[str] = []
    while frame is not None and len(names) < depth:
        path = frame.f_code.co_filename
        if OWN in path:
            short = path.rsplit(OWN, 1)[1].removesuffix(".py")
            names.append(f"{short}:{frame.f_code.co_name}")
        frame = frame.f_back
    return " < ".join(names) or "(Qt or library code)"


class StallSampler:
    """Samples the main thread's stack while `last_tick()` (perf_counter seconds) is older than the threshold."""

    def __init__(self, last_tick: Callable[[], float], threshold_ms: float = 30.0, period_ms: float = 2.0):
        self._last_tick = last_tick
        self._threshold = threshold_ms / 1000.0
        self._period = period_ms / 1000.0
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
        #: finished stalls: (phase, length in ms, where -> samples)
        self.stalls: list[tuple[str, float, Counter[str]]] = []
        self.phase = ""
        #: samples of the stall under way (None between stalls)
        self._current: Counter[str] | None = None

    def start(self) -> None:
        """Begin sampling."""
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join(1.0)

    def worst(self, per_phase: int = 1, lines: int = 4) -> dict[str, list[dict[str, object]]]:
        """Per phase its longest stalls with their most sampled places, for a JSON answer."""
        out: dict[str, list[dict[str, object]]] = {}
        for phase, ms, where in sorted(self.stalls, key=lambda s: -s[1]):
            found = out.setdefault(phase, [])
            if len(found) < per_phase:
                total = sum(where.values()) or 1
                top = [f"{100 * n // total}% {w}" for w, n in where.most_common(lines)]
                found.append({"ms": round(ms, 1), "where": top})
        return out

    @property
    def in_stall(self) -> bool:
        """True while a stall is being sampled."""
        return self._current is not None

    def counts(self) -> dict[str, int]:
        """How many stalls over the threshold each phase had."""
        out: dict[str, int] = {}
        for phase, _ms, _where in self.stalls:
            out[phase] = out.get(phase, 0) + 1
        return out

    def _run(self) -> None:
        began = 0.0
        phase = ""
        while not self._stop.wait(self._period):
            last = self._last_tick()
            late = time.perf_counter() - last
            current = self._current
            if late >= self._threshold:
                if current is None or began != last:
                    if current is not None:
                        self.stalls.append((phase, (last - began) * 1000.0, current))
                    current, began, phase = Counter(), last, self.phase
                frame = sys._current_frames().get(self._main or 0)
                current[_where(frame)] += 1
                self._current = current
            elif current is not None:
                self.stalls.append((phase, (last - began) * 1000.0, current))
                self._current = None
