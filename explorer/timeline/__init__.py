"""The pyqtgraph timeline: date axis, lanes, uncertainty bands, overview strip and legend."""
