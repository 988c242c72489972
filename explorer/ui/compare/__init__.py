"""The comparison view: density, cumulative counts, lead and lag, and Table two on one time axis.

`compare_view.CompareView` is the widget (in the "compareDock" dock); `install.install(window)` adds
the dock, View > Compare Tracks and the "compare" named view for `--view compare` screenshots.
"""
