"""Benchmarks: synthetic databases, search and import timings, and the runner (none of them import Qt).

The Qt-side measurements (frames, start-up, memory, the naive renderer) run in child processes
(explorer.bench.frames, explorer.bench.gui: the only modules here that import Qt and the app) whose JSON
this package reads.
"""
