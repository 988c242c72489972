"""Counting words for sentences the user reads."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """'1 event', '2 events', '1,200 notes' (a regular plural: the noun plus s)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
