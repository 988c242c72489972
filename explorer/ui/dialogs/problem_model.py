"""A table model of import problems and warnings: file, where, field, reason (any number of rows)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from explorer.formats.problems import Problem
from explorer.formats.text import literal_html

HEADERS = ("File", "Where", "Field", "Problem")
_PLACED = re.compile(r"^(\w+\[\d+\](?: \(line \d+\))?)(?:, ([\w.]+))?: (.*)$", re.DOTALL)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    """One line of the table: a problem (fatal or not) or a warning."""

    file: str
    where: str
    field: str
    reason: str
    kind: str  # "fatal", "problem" or "warning"
    text: str  # the whole sentence, as the console prints it

    def sentence(self) -> str:
        """The row as one sentence (file, where, field: reason)."""
        return self.text


def rows_for(problems: list[Problem], warnings: list[str], file: str) -> list[Row]:
    """Problems first (in file order), then warnings without the repeated file name."""
    out = [
        Row(
            p.file,
            p.where or "whole file",
            p.field,
            _capital(p.reason),
            "fatal" if p.fatal else "problem",
            str(p),
        )
        for p in problems
    ]
    for text in warnings:
        # a replaced value is reported as a Problem's sentence: "file, where (line n), field: reason."
        m = _PLACED.match(text.removeprefix(f"{file}, ")) if text.startswith(f"{file}, ") else None
        where, field, reason = m.groups() if m else ("", "", text.removeprefix(f"{file}: "))
        out.append(Row(file, where, field or "", _capital(reason), "warning", f"Warning: {text}"))
    return out


def _capital(reason: str) -> str:
    """A reason as a sentence of its own: a capital letter and a full stop."""
    reason = reason.strip().rstrip(".")
    return reason[:1].upper() + reason[1:] + "."


class ProblemModel(QAbstractTableModel):
    """Read-only rows of problems with an icon for their kind and the whole sentence as tooltip."""

    def __init__(self, icons: dict[str, QIcon]) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._icons = icons

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        """The row's data."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of rows (none below a row)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """File, where, field, problem."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, the kind's icon in the first column, and the sentence as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.file, row.where, row.field, row.reason)[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icons.get(row.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_html(row.sentence())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 4
        ):
            return HEADERS[section]
        return None
