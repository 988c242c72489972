"""Benchmarks without Qt: synthetic databases, search and import timings, and the runner.

The Qt-side measurements (frames, start-up, memory, the naive renderer) run in child processes
(explorer.bench.frames, explorer.ui.bench_gui) whose JSON this package reads.
"""
