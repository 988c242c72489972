"""Every event's place in the order of one of its texts, as the event table sorts by it (no Qt).

The Tags column is ordered the same way (`tag_ranks`). The table keeps these ranks per text (made on its first sort by it), so a filter or the other direction
sorts by numbers. A large table's ranks are made on a thread (`text_ranks_elsewhere`), which reads the
texts through a connection of its own; the store does the reading and the ordering in short turns of
the GIL (`store/text_ranks.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from explorer.model import Tag
from explorer.store.columns import EventColumns
from explorer.store.marks import AnnotationMarks
from explorer.store.text_ranks import dense_ranks, whole_text_elsewhere

#: The order of the date precisions, finest first (an unknown one after them all).
PRECISION_RANK = {
    "day": 0,
    "month": 1,
    "season": 2,
    "quarter": 3,
    "half": 4,
    "year": 5,
    "decade": 6,
    "century": 7,
}
UNKNOWN_PRECISION = 9
#: The texts a table sorts by: titles without regard to case, precisions finest first, EDTF as written.
TEXTS = ("title", "precision", "date")


def tags_key(tags: Sequence[Tag]) -> str:
    """The Tags column's sort key: tagged events first, then by their tags' names."""
    return ("0" if tags else "1") + ", ".join(t.name.casefold() for t in tags)


def tag_ranks(marks: AnnotationMarks, n: int) -> np.ndarray:
    """Every one of `n` events' place in the Tags column's order (see `tags_key`), equal keys sharing one."""
    keys = [tags_key(())] * n  # (only the tagged rows' keys differ)
    for r in np.unique(marks.tag_rows).tolist():
        keys[r] = tags_key(marks.tags_of(r))
    return dense_ranks(keys)


def text_ranks(whole_text: Callable[[str], np.ndarray], text: str) -> np.ndarray:
    """Every event's place in the order of one of TEXTS, equal texts sharing one; `whole_text` reads
    that column of every event in row order (`EventColumns.whole_text`)."""
    if text not in TEXTS:
        raise ValueError(f"the table does not sort by {text}")
    values = whole_text(text).tolist()
    if text == "precision":
        return np.fromiter(
            (PRECISION_RANK.get(p, UNKNOWN_PRECISION) for p in values), dtype=np.int32, count=len(values)
        )
    return dense_ranks([t.casefold() for t in values] if text == "title" else values)


def text_ranks_elsewhere(columns: EventColumns, path: Path, text: str) -> np.ndarray:
    """`text_ranks` for a thread: the texts read from `path`, the database the columns came from,
    through a connection of its own."""
    return text_ranks(lambda name: whole_text_elsewhere(columns, path, name), text)
