"""Random bytes and random CSV rows: the importer raises nothing but ImportFailed and changes nothing when it does."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_data import dump, fill

from explorer.formats.importer import apply_import, plan_import
from explorer.formats.problems import ImportFailed
from explorer.store import open_memory

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADERS = [
    "title",
    "date",
    "start",
    "end",
    "id",
    "track",
    "actors",
    "tags",
    "summary",
    "sources",
    "notes",
    "extra",
]
CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "2001",
            "2015-13",
            "2014/..",
            "../..",
            "2016/2014",
            "199X",
            "2015-23",
            "-0500",
            "",
            ";",
            "'=1",
            "\\;",
        ]
    ),
)


def _try(data: bytes, name: str) -> None:
    """Import `data` as a file called `name` into a sample database; only ImportFailed may escape."""
    db = fill(open_memory())
    try:
        before = dump(db)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            try:
                apply_import(db, plan_import(path))
            except ImportFailed as exc:
                assert str(exc)
                assert dump(db) == before
    finally:
        db.conn.close()


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.json", "x.tsv", "x"]))
def test_random_bytes_only_ever_give_an_import_error(data: bytes, name: str) -> None:
    """Whatever the bytes, the outcome is an import or ImportFailed with the database untouched."""
    _try(data, name)


@SETTINGS
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=8),
)
def test_random_csv_rows_only_ever_give_an_import_error(header: list[str], rows: list[list[str]]) -> None:
    """Well-quoted CSV with random cells, widths and column sets never raises anything else."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    _try(out.getvalue().encode("utf-8"), "rows.csv")


@SETTINGS
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(
                    [
                        "schema",
                        "events",
                        "id",
                        "title",
                        "date",
                        "track",
                        "start_date",
                        "end_date",
                        "year",
                        "month",
                        "day",
                        "text",
                        "headline",
                        "eras",
                        "tracks",
                        "sources",
                        "links",
                        "notes",
                        "periods",
                    ]
                ),
                inner,
                max_size=5,
            ),
        ),
        max_leaves=25,
    )
)
def test_random_json_only_ever_gives_an_import_error(doc: object) -> None:
    """Random JSON shaped like our files or TimelineJS never raises anything but ImportFailed."""
    import json

    _try(json.dumps(doc).encode("utf-8"), "doc.json")
    if isinstance(doc, dict):
        _try(json.dumps({"schema": "neutrality-explorer/events@1", **doc}).encode("utf-8"), "doc.json")
