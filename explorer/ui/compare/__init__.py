"""The comparison view: density, cumulative counts, lead and lag, and Table two on one time axis.

`compare_view.CompareView` is the widget (in the "compareDock" dock); `install.CompareFeature`, built by
the MainWindow, adds the dock and connects View > Compare Tracks; `MainWindow.show_view("compare")`
brings it up for `--view compare` screenshots.
"""
