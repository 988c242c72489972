"""A day range in words, for the status bar, print subtitles and export previews."""

from __future__ import annotations

from datetime import date


def format_range(d0: float, d1: float) -> str:
    """A visible day range in words at a precision that suits its length."""
    a = date.fromordinal(max(1, int(d0)))
    b = date.fromordinal(max(1, int(d1)))
    span = d1 - d0
    if span > 365 * 8:
        return f"{a.year} – {b.year}"
    if span > 120:
        return f"{a:%b} {a.year} – {b:%b} {b.year}"
    return f"{a.day} {a:%b} {a.year} – {b.day} {b:%b} {b.year}"
