"""How fast the host is right now, run as a child of `neutrality bench`: prints one JSON answer.

    python -m explorer.bench.host

The same code measured on the same machine moved by 1.5-3x within one evening (a shared virtual
machine slowing down with nothing else running on it), so a figure alone cannot say whether the code
or the host changed. Each bench run measures, at its start and its end, four small fixed pieces of
work the timeline's frames are made of: filling a 1600x1000 image, drawing a label's text, plain
Python and a SQLite query. Against the same probes of another run they say how much of a difference
is the host's (benchmarks/README.md, "Host speed"). Each figure is the median of several rounds.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter  # noqa: E402

from explorer.bench.measure import emit  # noqa: E402
from explorer.store.speed_probe import QueryProbe  # noqa: E402

ROUNDS = 7
LABEL = "Belarus signs a treaty on air defence in Minsk"


def _median_per_call(fn: Callable[[], None], calls: int) -> float:
    """Median over ROUNDS of the seconds one call of `fn` takes, each round timing `calls` calls."""
    times = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - t0) / calls)
    return statistics.median(times)


def probe() -> dict[str, float]:
    """The four figures: fill (ms), label text (µs), Python (ms), SQLite (ms)."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    img = QImage(1600, 1000, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    white = QColor(255, 255, 255)
    whole = QRectF(0, 0, 1600, 1000)
    p.setFont(QFont(QGuiApplication.font()))
    n = [0]

    def text() -> None:
        n[0] += 1
        p.drawText(QPointF(10 + n[0] % 400, 20 + n[0] % 900), f"{LABEL} {n[0] % 97}")

    try:
        fill_s = _median_per_call(lambda: p.fillRect(whole, white), 30)
        text_s = _median_per_call(text, 300)
    finally:
        p.end()

    def python() -> None:
        total = 0
        for i in range(100_000):
            total += i & 7

    query = QueryProbe()
    python_s = _median_per_call(python, 3)
    sql_s = _median_per_call(query.run, 5)
    query.close()
    del app
    return {
        "fill_ms": round(fill_s * 1e3, 3),
        "text_us": round(text_s * 1e6, 2),
        "python_ms": round(python_s * 1e3, 2),
        "sql_ms": round(sql_s * 1e3, 3),
    }


if __name__ == "__main__":
    emit(probe())
