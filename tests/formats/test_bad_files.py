"""Every kind of bad file is refused with a sentence naming file, place and field, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_data import dump

from explorer.formats.importer import apply_import, plan_import
from explorer.formats.problems import ImportFailed

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad"

# file -> the place and field the message must name (besides the file name), and a word of the reason
CASES = {
    "bad_date.csv": ("line 3", "date", "month 13"),
    "not_edtf.csv": ("line 2", "date", "EDTF"),
    "open_both_ends.csv": ("line 2", "date", "open at both ends"),
    "year_out_of_range.csv": ("line 2", "date", "before the year 1"),
    "end_before_start.csv": ("line 2", "end", "before the start"),
    "start_is_range.csv": ("line 2", "start", "range"),
    "missing_title.csv": ("line 3", "title", "empty"),
    "no_title_column.csv": ("line 1", "title", "no title column"),
    "no_date_column.csv": ("line 1", "date", "neither a date column"),
    "duplicate_column.csv": ("line 1", "title", "twice"),
    "duplicate_id.csv": ("line 4", "id", "already used (line 2)"),
    "bad_id.csv": ("line 2", "id", "space"),
    "too_many_cells.csv": ("line 3", "", "3 cells but the header has 2"),
    "too_few_cells.csv": ("line 2", "", "2 cells but the header has 3"),
    "unclosed_quote.csv": ("line 3", "", "cannot be read as CSV"),
    "empty.csv": ("line 1", "", "empty"),
    "header_only.csv": ("", "", "no rows"),
    "latin1.csv": ("line 3", "byte 4", "0xE9 is not UTF-8"),
    "utf16.csv": ("line 1", "", "UTF-16"),
    "nul.csv": ("line 3", "", "NUL"),
    "not_json.json": ("line 4", "column 16", "not valid JSON"),
    "no_schema.json": ("", "", "neither a Neutrality Explorer export"),
    "newer_schema.json": ("", "schema", "newer version"),
    "json_bad_date.json": ("events[1] (line 17)", "date", "February 2001 has 28 days"),
    "json_missing_title.json": ("events[0] (line 11)", "title", "missing"),
    "json_wrong_type.json": ("events[0] (line 11)", "actors", "list of texts"),
    "json_duplicate_id.json": ("events[1] (line 17)", "id", "already used"),
    "json_unknown_source.json": ("events[0] (line 11)", "sources", "fn-99"),
    "json_link_unknown.json": ("links[0] (line 19)", "target", "zzz"),
    "tl_ancient.json": ("events[0] “The Big Bang” (line 8)", "start_date.year", "before the year 1"),
    "tl_no_year.json": ("events[0] “No year” (line 8)", "start_date.year", "missing"),
    "tl_not_number.json": ("events[0] “Roman” (line 8)", "start_date.year", "not a whole number"),
    "tl_bad_day.json": ("events[0] “Feb 30” (line 8)", "start_date.day", "no day 30"),
    "tl_end_before_start.json": ("events[0] “Backwards” (line 8)", "end_date", "before the start"),
    "tl_bad_era.json": ("eras[0] “Era” (line 18)", "start_date.month", "no month 13"),
}


def test_every_fixture_has_a_case() -> None:
    """The table above covers the whole folder (a new bad file needs its expectation)."""
    files = {p.name for p in BAD.iterdir() if p.suffix in (".csv", ".json")}
    assert files == set(CASES)
    assert len(CASES) >= 12


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_refused_with_its_sentence_and_changes_nothing(name: str, sample_db) -> None:
    """The message names file, place, field and reason; every table is unchanged afterwards."""
    where, field, reason = CASES[name]
    before = dump(sample_db)
    plan = plan_import(BAD / name)
    assert not plan.ok
    with pytest.raises(ImportFailed) as caught:
        apply_import(sample_db, plan)
    message = str(caught.value)
    expected = (
        f"{name}, {where}, {field}:"
        if where and field
        else f"{name}, {where or field}:"
        if where or field
        else f"{name}:"
    )
    assert expected in message
    assert reason in message
    assert all(str(p).endswith(".") for p in caught.value.problems)
    assert dump(sample_db) == before


def test_skipping_invalid_rows_imports_the_rest_and_lists_what_was_skipped(sample_db) -> None:
    """--skip-invalid: the valid rows are imported, the invalid ones come back as the skipped list."""
    result = apply_import(sample_db, plan_import(BAD / "duplicate_id.csv"), skip_invalid=True)
    assert result.events == 2
    assert [str(p) for p in result.skipped] == [
        "duplicate_id.csv, line 4, id: the id “a” is already used (line 2)."
    ]
    titles = {r[0] for r in sample_db.execute("SELECT title FROM events WHERE origin LIKE 'import:%'")}
    assert titles == {"First", "Second"}


def test_a_file_that_cannot_be_read_as_a_whole_is_refused_even_when_skipping(sample_db) -> None:
    """Fatal problems (encoding, header, syntax) cannot be skipped."""
    before = dump(sample_db)
    for name in ("latin1.csv", "no_title_column.csv", "not_json.json", "unclosed_quote.csv"):
        with pytest.raises(ImportFailed, match=name):
            apply_import(sample_db, plan_import(BAD / name), skip_invalid=True)
    assert dump(sample_db) == before


def test_a_file_whose_every_event_is_invalid_is_refused_when_skipping(sample_db) -> None:
    """Skipping everything leaves nothing to import, which is said plainly."""
    with pytest.raises(ImportFailed, match="none of its events is valid"):
        apply_import(sample_db, plan_import(BAD / "tl_ancient.json"), skip_invalid=True)
