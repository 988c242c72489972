"""The paper's Table two as numbers: importance for Belarus, Russia and the West per event. No Qt.

Each row keeps the paper's words ("high", "mediate", "middle to high (since the early 2010s)") and a
score from explorer.model.importance_score (1 low … 3 high, NaN when not rated), with the event's
anchor day (the middle of its possible start, as everywhere in explorer.analysis).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import sqlite_utils

from explorer.model import PARTIES, PARTY_NAMES, importance_score
from explorer.store.event_days import importance_rows

__all__ = ["ImportancePoint", "ImportanceTable", "importance_table"]


@dataclass(frozen=True)
class ImportancePoint:
    """One row of Table two: its event, anchor day, and the words and scores per party."""

    row: int
    event_id: str
    label: str
    day: float
    words: dict[str, str]

    def score(self, party: str) -> float:
        """The numeric score for a party (NaN when the word is not on the scale)."""
        value = importance_score(self.words.get(party))
        return float("nan") if value is None else value


@dataclass(frozen=True, eq=False)
class ImportanceTable:
    """Table two in table order, as a heatmap matrix and as a series over time per party."""

    points: tuple[ImportancePoint, ...]
    parties: tuple[str, ...] = PARTIES

    @property
    def row_labels(self) -> list[str]:
        """The paper's label of each row, in table order."""
        return [p.label for p in self.points]

    @property
    def column_labels(self) -> list[str]:
        """Belarus, Russia, the West."""
        return [PARTY_NAMES[p] for p in self.parties]

    def matrix(self) -> np.ndarray:
        """Scores, rows = events in table order, columns = parties (NaN where not rated)."""
        return np.array(
            [[p.score(party) for party in self.parties] for p in self.points], dtype=float
        ).reshape(len(self.points), len(self.parties))

    def words(self) -> list[list[str]]:
        """The paper's words in the same shape as matrix(), for cell labels."""
        return [[p.words.get(party, "") for party in self.parties] for p in self.points]

    def series(self, party: str) -> tuple[np.ndarray, np.ndarray]:
        """Anchor days and scores of the rated events for one party, in date order."""
        pts = sorted((p for p in self.points if not np.isnan(p.score(party))), key=lambda p: (p.day, p.row))
        return np.array([p.day for p in pts], dtype=float), np.array(
            [p.score(party) for p in pts], dtype=float
        )

    def to_csv_rows(self) -> list[list[Any]]:
        """Header and one row per event: row, id, label, date, then word and score per party."""
        head: list[Any] = ["row", "event_id", "label", "date"]
        for party in self.parties:
            head += [party, f"{party}_score"]
        rows: list[list[Any]] = [head]
        for p in self.points:
            line: list[Any] = [p.row, p.event_id, p.label, date.fromordinal(int(p.day)).isoformat()]
            for party in self.parties:
                s = p.score(party)
                line += [p.words.get(party, ""), "" if np.isnan(s) else s]
            rows.append(line)
        return rows


def importance_table(db: sqlite_utils.Database) -> ImportanceTable:
    """Table two from the `importance` table, in the paper's row order."""
    rows = importance_rows(db)
    points = tuple(
        ImportancePoint(r[0], r[1], r[2], float(r[6]), dict(zip(PARTIES, r[3:6], strict=True))) for r in rows
    )
    return ImportanceTable(points)
