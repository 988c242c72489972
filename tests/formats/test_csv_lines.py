"""Problems in a CSV name the line the row starts on, past quoted cells that span lines and blank rows."""

from __future__ import annotations

from pathlib import Path

from explorer.formats.importer import plan_import


def test_problems_name_the_first_line_of_their_row_after_multi_line_cells_and_blank_rows(
    tmp_path: Path,
) -> None:
    """The reading loop counts lines itself (no generator in between): each problem keeps its line."""
    path = tmp_path / "lines.csv"
    path.write_text(
        "id,title,date\n"
        'a,"First, over\ntwo lines",2001\n'  # lines 2-3
        "\n"  # line 4: blank, skipped without a problem
        "b,,2002\n"  # line 5: no title
        "c,Third,2003,extra\n"  # line 6: a cell too many
        'd,"Fourth\nstill fourth",2004\n'  # lines 7-8
        "e,Fifth,2005-13\n"  # line 9: no month 13
        'f,"Unclosed,2006\n',  # line 10: the CSV breaks here
        encoding="utf-8",
    )
    plan = plan_import(path)
    assert [e.id for e in plan.events] == ["a", "d"]
    assert plan.events[0].title == "First, over\ntwo lines"
    assert [(p.where, p.field) for p in plan.problems] == [
        ("line 5", "title"),
        ("line 6", ""),
        ("line 9", "date"),
        ("line 10", ""),
    ]
    assert "4 cells but the header has 3" in plan.problems[1].reason
    assert "cannot be read as CSV" in plan.problems[3].reason and plan.problems[3].fatal
