"""What every reader and writer shares: export options, progress reporting and cancellation."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: progress(done, total): called now and then during a long export or import.
ProgressFn = Callable[[int, int], None]
#: cancelled() -> True asks the running export or import to stop (nothing is written).
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """The user cancelled an export or import; nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    """Choices a writer honours; every field has the documented default (docs/export.md)."""

    title: str | None = None
    csv_bom: bool = True
    formula_guard: bool = True
    include_notes: bool = True


class Ticker:
    """Counts work items, reports progress every `step` items and raises Cancelled when asked."""

    def __init__(
        self,
        total: int,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
        step: int | None = None,
    ) -> None:
        self.total = max(int(total), 0)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled
        self.step = step or max(1, self.total // 100)
        self._next = 0

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("Cancelled; nothing was written.")

    def tick(self, n: int = 1) -> None:
        """Count `n` finished items; report and check for cancellation every `step` items."""
        self.done += n
        if self.done >= self._next:
            self._next = self.done + self.step
            self.check()
            if self.progress is not None:
                self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        """Report completion."""
        self.check()
        if self.progress is not None:
            self.progress(self.total, self.total)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while millions of small objects are made (they hold no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
