"""Timing helpers, the machine description and child processes that answer in JSON. No Qt."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

#: Marks the line of a child's stdout that holds its JSON answer.
JSON_MARK = "BENCH-JSON "


class Unmeasured(Exception):
    """A measurement that cannot be taken here; the message is the reason reported with null."""


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50 and p95 of timings in milliseconds, rounded to microseconds."""
    a = np.asarray(samples_ms, dtype=float)
    return {"p50": round(float(np.percentile(a, 50)), 3), "p95": round(float(np.percentile(a, 95)), 3)}


def time_calls(fn: Callable[[], object], repeat: int, *, warmup: int = 2) -> list[float]:
    """Milliseconds of `repeat` calls of fn after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or the platform's guess)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    """What the figures were taken on: CPU, cores, OS and library versions."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "qt": _version("PySide6-Essentials") or _version("PySide6"),
        "pyqtgraph": _version("pyqtgraph"),
        "numpy": np.__version__,
        "sqlite": sqlite3.sqlite_version,
        "qpa": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        # Other work on the machine inflates every figure; the load says how quiet it was.
        "load_avg_1m_at_start": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def child_env() -> dict[str, str]:
    """The environment for Qt children: offscreen rendering, no stray settings."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("PYTHONUNBUFFERED", "1")
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None and "PYTHONPYCACHEPREFIX" not in env:
        # An installed app starts from compiled bytecode; without it every start would compile the
        # app's modules again (about 0.2 s). The bytecode goes to a folder of the bench's own, not
        # into the source tree that asked for none.
        env["PYTHONPYCACHEPREFIX"] = str(_pycache_dir())
    return env


def _pycache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("neutrality-explorer", "NeutralityExplorer")) / "bench-pycache"


def run_child(module: str, args: Sequence[str], *, timeout: float) -> dict[str, Any]:
    """Run `python -m module args` and return the JSON object it prints after JSON_MARK.

    Raises Unmeasured with the child's last words when it fails, times out or prints no answer.
    """
    cmd = [sys.executable, "-m", module, *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=child_env())
    except subprocess.TimeoutExpired:
        raise Unmeasured(f"{module} did not finish within {timeout:.0f} s") from None
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(JSON_MARK):
            answer: dict[str, Any] = json.loads(line[len(JSON_MARK) :])
            if answer.get("error"):
                raise Unmeasured(str(answer["error"]))
            return answer
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    raise Unmeasured(f"{module} exited with status {proc.returncode}: {tail}")


def emit(answer: dict[str, Any]) -> None:
    """Print a child's JSON answer on its own marked line (the parent reads the last one)."""
    sys.stdout.write(JSON_MARK + json.dumps(answer) + "\n")
    sys.stdout.flush()


def rss_mb() -> float | None:
    """This process's resident set size in MiB, from /proc/self/status VmRSS."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024.0, 1)
    except OSError:
        pass
    return None
