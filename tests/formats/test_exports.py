"""Each export format on the fixed sample, read back with a real reader."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import markdown
import pytest

from explorer.formats import clipboard
from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions
from explorer.formats.csv_format import COLUMNS, split_list
from explorer.formats.registry import FORMATS, get
from explorer.store import EventStore, open_database

CSL_TYPES = {
    "report",
    "book",
    "article-newspaper",
    "article-journal",
    "webpage",
    "document",
    "chapter",
    "treaty",
}


def render(bundle: Bundle, name: str, **options: object) -> str:
    return get(name).render(bundle, ExportOptions(**options))  # type: ignore[arg-type]


def html_tree(fragment: str) -> ET.Element:
    """An HTML fragment parsed as XML (it must be well-formed to parse)."""
    return ET.fromstring(f"<div>{fragment}</div>")


# --- CSV --------------------------------------------------------------------------------------------------------


def test_csv_has_a_header_and_one_row_per_event_in_date_order(sample_bundle: Bundle) -> None:
    """The header is the documented column list; rows follow the selection's date order."""
    rows = list(csv.DictReader(io.StringIO(render(sample_bundle, "csv", csv_bom=False))))
    assert list(rows[0].keys()) == list(COLUMNS)
    assert [r["id"] for r in rows] == sample_bundle.ids


def test_csv_dates_are_edtf_with_earliest_and_latest_iso_days(sample_bundle: Bundle) -> None:
    """A season gives its first and last day; an open end leaves `latest` empty."""
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(render(sample_bundle, "csv", csv_bom=False)))}
    autumn = rows["tricky-text-2015"]
    assert (autumn["date"], autumn["earliest"], autumn["latest"], autumn["precision"]) == (
        "2015-23",
        "2015-09-01",
        "2015-11-30",
        "season",
    )
    assert rows["open-since-2014"]["latest"] == "" and rows["open-since-2014"]["open_end"] == "true"
    assert rows["decade-1990s"]["earliest"] == "1990-01-01"


def test_csv_lists_join_with_semicolons_and_escape_them(sample_bundle: Bundle) -> None:
    """An actor whose name holds "; " survives the join; notes and sources are lists too."""
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(render(sample_bundle, "csv", csv_bom=False)))}
    tricky = rows["tricky-text-2015"]
    assert split_list(tricky["actors"]) == ["Smith; Jones & Co", "Belarus"]
    assert tricky["actors"] == "Smith\\; Jones & Co; Belarus"
    notes = split_list(rows["nuclear-arms-leave-1996"]["notes"])
    assert notes == ["# My heading\nCheck *this* against the treaty.", "Second note; with a semicolon."]
    assert split_list(rows["nam-membership-1998"]["sources"])[1].endswith(
        "<http://belarusdigest.com/story/china-23225>"
    )


def test_csv_guards_cells_a_spreadsheet_would_run_as_formulas(sample_bundle: Bundle) -> None:
    """A cell starting with = + - @ gets a leading apostrophe unless the guard is turned off."""
    guarded = {r["id"]: r for r in csv.DictReader(io.StringIO(render(sample_bundle, "csv", csv_bom=False)))}
    assert guarded["tricky-text-2015"]["summary"].startswith("'=SUM(A1)")
    assert guarded["tricky-text-2015"]["notes"].startswith("'@mention")
    raw = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(render(sample_bundle, "csv", csv_bom=False, formula_guard=False)))
    }
    assert raw["tricky-text-2015"]["summary"].startswith("=SUM(A1)")


def test_csv_file_starts_with_a_bom_only_when_asked(sample_bundle: Bundle, tmp_path: Path) -> None:
    """With the BOM, utf-8-sig readers and spreadsheets see clean UTF-8 (Cyrillic included)."""
    out = get("csv").write(sample_bundle, tmp_path / "x.csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["id"] == "decade-1990s"
    assert "Беларусь" not in data.decode("utf-8-sig")  # aliases are not exported, names are
    assert not render(sample_bundle, "csv", csv_bom=False).startswith("\ufeff")


# --- JSON -------------------------------------------------------------------------------------------------------


def test_json_follows_the_documented_schema_with_annotations(sample_bundle: Bundle) -> None:
    """Schema id, events with notes and tags, used tags with colours, periods and links."""
    doc = json.loads(render(sample_bundle, "json"))
    assert doc["schema"] == "neutrality-explorer/events@1"
    assert set(doc) >= {"paper", "tracks", "events", "sources", "tags", "periods", "links"}
    event = next(e for e in doc["events"] if e["id"] == "nuclear-arms-leave-1996")
    assert event["tags"] == ["key"] and len(event["notes"]) == 2
    assert event["assessment"] == {
        "flagged": True,
        "stars": 3,
        "belarus": "high",
        "russia": None,
        "west": None,
    }
    assert event["importance"] == {"belarus": "high", "russia": "low", "west": "mediate"}
    assert {t["name"] for t in doc["tags"]} == {"key", "later"}
    assert [p["date"] for p in doc["periods"]] == ["2008/2010", "2014/.."]
    assert doc["links"] == [
        {
            "source": "nam-membership-1998",
            "target": "nuclear-arms-leave-1996",
            "type": "consequence of",
            "note": "Same decade.",
        }
    ]


def test_json_without_notes_leaves_them_out(sample_bundle: Bundle) -> None:
    """include_notes=False empties every event's notes."""
    doc = json.loads(render(sample_bundle, "json", include_notes=False))
    assert all(e["notes"] == [] for e in doc["events"])


# --- Markdown ---------------------------------------------------------------------------------------------------


def test_markdown_brief_has_a_heading_per_event_and_one_source_numbering(sample_bundle: Bundle) -> None:
    """A title, one level-2 heading per event, and sources numbered once across the brief."""
    text = render(sample_bundle, "markdown", title="Brief")
    tree = html_tree(markdown.markdown(text))
    assert [h.text for h in tree.iter("h1")] == ["Brief"]
    headings = ["".join(h.itertext()) for h in tree.iter("h2")]
    assert headings[-1] == "Sources" and len(headings) == len(sample_bundle.events) + 1
    assert "Minsk <talks> & *stars* [x](y)" in headings  # escaped, shown literally
    # fn-1 is cited by two events and numbered once
    listing = text.split("## Sources", 1)[1]
    assert listing.count("Small States and Alliances") == 1
    assert "Sources: [\\[1\\]](#source-1)\n" in text
    assert "Sources: [\\[2\\]](#source-2), [\\[3\\]](#source-3)" in text
    assert "Sources: [\\[1\\]](#source-1), [\\[4\\]](#source-4)" in text
    numbers = [line.split(".", 1)[0] for line in listing.strip().splitlines()]
    assert all(f'<a id="source-{n}"></a>' in listing for n in numbers)
    assert numbers == [str(i) for i in range(1, len(sample_bundle.sources) + 1)]


def test_markdown_brief_gives_date_words_quote_section_and_notes(sample_bundle: Bundle) -> None:
    """The date in words, the quote with its section, and the notes with their headings demoted."""
    text = render(sample_bundle, "markdown")
    assert "**27 November 1996** · National security" in text
    assert "**autumn 2015** · Foreign policy" in text
    assert "> On 27 November 1996, Russia removed all its nuclear arms from Belarus." in text
    assert "> — the paper, section 3.1" in text
    assert "#### My heading" in text and "\n# My heading" not in text


# --- TimelineJS -------------------------------------------------------------------------------------------------


def test_timelinejs_gives_only_the_date_parts_known(sample_bundle: Bundle) -> None:
    """Day, month and year precision map to parts; a season spans its months; an open end has no end."""
    doc = json.loads(render(sample_bundle, "timelinejs"))
    by_id = {e["unique_id"]: e for e in doc["events"]}
    assert by_id["nuclear-arms-leave-1996"]["start_date"] == {"year": 1996, "month": 11, "day": 27}
    assert by_id["nam-membership-1998"]["start_date"] == {"year": 1998, "month": 9}
    assert "end_date" not in by_id["nam-membership-1998"]
    assert by_id["tricky-text-2015"]["start_date"] == {"year": 2015, "month": 9}
    assert by_id["tricky-text-2015"]["end_date"] == {"year": 2015, "month": 11}
    assert by_id["tricky-text-2015"]["display_date"] == "autumn 2015"
    assert by_id["decade-1990s"]["start_date"] == {"year": 1990} and by_id["decade-1990s"]["end_date"] == {
        "year": 1999
    }
    assert (
        by_id["open-since-2014"]["start_date"] == {"year": 2014}
        and "end_date" not in by_id["open-since-2014"]
    )
    assert by_id["around-2006"]["display_date"] == "c. 2006 (“Around 2006”)"


def test_timelinejs_groups_eras_and_escaped_text(sample_bundle: Bundle) -> None:
    """Tracks become groups, periods eras; headline and text are well-formed escaped HTML with quote and sources."""
    doc = json.loads(render(sample_bundle, "timelinejs"))
    assert {e["group"] for e in doc["events"]} == {
        "Foreign policy",
        "National security",
        "Other states and context",
    }
    assert [e["text"]["headline"] for e in doc["eras"]] == ["Rapprochement with the West", "Since Crimea"]
    assert doc["eras"][1]["end_date"] == {"year": 2015}  # an open period runs to the latest event
    for event in doc["events"]:
        assert all(isinstance(v, int) for v in event["start_date"].values())
        html_tree(event["text"]["headline"])
        html_tree(event["text"]["text"])
    tricky = next(e for e in doc["events"] if e["unique_id"] == "tricky-text-2015")
    assert tricky["text"]["headline"] == "Minsk &lt;talks&gt; &amp; *stars* [x](y)"
    nuclear = next(e for e in doc["events"] if e["unique_id"] == "nuclear-arms-leave-1996")
    tree = html_tree(nuclear["text"]["text"])
    assert "Russia removed all its nuclear arms" in "".join(tree.find("blockquote").itertext())  # type: ignore[union-attr]
    assert [i.find("i").text for i in tree.iter("li")] == ["Small States and Alliances"]  # type: ignore[union-attr]


# --- citations --------------------------------------------------------------------------------------------------


def check_csl(items: list[dict]) -> None:
    """A structural check of CSL-JSON items (ids, types, names, dates)."""
    assert isinstance(items, list) and items
    assert len({i["id"] for i in items}) == len(items)
    for item in items:
        assert isinstance(item["id"], str) and item["type"] in CSL_TYPES and isinstance(item["title"], str)
        for role in ("author", "editor"):
            for name in item.get(role, []):
                assert set(name) <= {"family", "given", "literal"} and (
                    name.get("family") or name.get("literal")
                )
        if "issued" in item:
            issued = item["issued"]
            assert "date-parts" in issued or "literal" in issued
            for parts in issued.get("date-parts", []):
                assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)
        for key in ("URL", "language", "container-title", "publisher"):
            assert key not in item or isinstance(item[key], str)


def test_csl_json_lists_the_paper_and_every_source(sample_bundle: Bundle) -> None:
    """The paper first (a report), then each source with its type, date at its precision, language and URL."""
    items = json.loads(render(sample_bundle, "csl-json"))
    check_csl(items)
    assert [i["id"] for i in items] == ["paper", "fn-1", "fn-4", "fn-8", "fn-14"]
    by_id = {i["id"]: i for i in items}
    assert by_id["paper"]["type"] == "report"
    assert by_id["paper"]["author"] == [
        {"family": "Bohdan", "given": "Siarhei"},
        {"family": "Isaev", "given": "Gumer"},
    ]
    assert by_id["fn-1"]["type"] == "book" and by_id["fn-1"]["issued"] == {"date-parts": [[2001]]}
    assert by_id["fn-1"]["publisher"] == "Springer" and by_id["fn-1"]["publisher-place"] == "Berlin"
    assert by_id["fn-8"]["type"] == "article-newspaper" and by_id["fn-8"]["container-title"] == "Naviny.by"
    assert by_id["fn-8"]["issued"] == {"date-parts": [[2009, 7, 27]]} and by_id["fn-8"]["language"] == "ru"
    assert by_id["fn-4"]["type"] == "webpage" and "issued" not in by_id["fn-4"]


def test_bibtex_parses_with_unique_keys_and_escaped_values(sample_bundle: Bundle) -> None:
    """bibtexparser reads every entry; keys are unique; LaTeX specials are escaped."""
    text = render(sample_bundle, "bibtex")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) == len(sample_bundle.sources) + 1
    entries = {e.key: e for e in library.entries}
    paper = entries["bohdan2016elements"]
    assert paper.entry_type == "techreport" and paper["institution"] == "Ostrogorski Centre"
    moldova = next(e for e in library.entries if "Moldova" in e["title"])
    assert (
        # braced twice: styles keep its capitals as written
        moldova["title"] == r"{Constitution of \{Moldova\}. Article 11 \& 100\% \#1 neutral\_state \~{} \^{}}"
    )
    assert moldova["url"] == "http://www.presedinte.md/eng/titul1?a=1&b=50%25"
    assert entries["reiter2001small"]["author"] == "Reiter, Erich and Gärtner, Heinz"


# --- SQLite subset ----------------------------------------------------------------------------------------------


def test_sqlite_subset_holds_only_the_selection_and_opens_everywhere(sample_db, tmp_path: Path) -> None:
    """The file has the app's schema, the chosen events with their evidence and annotations, one file, FTS."""
    from explorer.formats.bundle import gather

    bundle = gather(sample_db, ["nuclear-arms-leave-1996", "nam-membership-1998"])
    out = get("sqlite").write(bundle, tmp_path / "subset.db")
    assert not Path(f"{out}-wal").exists()
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert {r[0] for r in conn.execute("SELECT id FROM events")} == set(bundle.ids)
        assert {r[0] for r in conn.execute("SELECT id FROM sources")} == {"fn-1", "fn-8", "fn-14"}
        assert {r[0] for r in conn.execute("SELECT id FROM tracks")} == {"foreign", "security"}
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM links").fetchone()[0] == 1
        assert conn.execute("SELECT tag FROM event_tags").fetchall() == [("key",)]
        assert conn.execute("SELECT aliases FROM actors WHERE name = 'Russia'").fetchone()[0] == '["Россия"]'
        hits = conn.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH 'Россия'").fetchall()
        assert len(hits) == 1
    finally:
        conn.close()
    db = open_database(out)  # opens in the app: right schema version, no migration needed
    assert EventStore(db).ids() == bundle.ids
    db.close()


# --- clipboard --------------------------------------------------------------------------------------------------


def test_clipboard_markdown_lists_events_and_numbered_sources(sample_bundle: Bundle) -> None:
    """One bullet per event with date words and source numbers, then the sources."""
    text = clipboard.as_markdown(sample_bundle)
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(sample_bundle.events)
    assert (
        bullets[1]
        == "- **27 November 1996** — Russia removes its last nuclear weapons from Belarus (National security) [1]"
    )
    assert "1. Reiter, Erich" in text


def test_clipboard_tsv_pastes_into_a_spreadsheet(sample_bundle: Bundle) -> None:
    """Tab-separated with a header; no tabs or line breaks inside cells; formulas guarded."""
    lines = clipboard.as_tsv(sample_bundle).splitlines()
    assert lines[0].split("\t") == list(clipboard.TSV_COLUMNS)
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == len(sample_bundle.events) and all(len(r) == len(clipboard.TSV_COLUMNS) for r in rows)
    tricky = next(r for r in rows if r[0] == "tricky-text-2015")
    assert tricky[7] == "'=SUM(A1) looks like a formula; so does +this on a new line."


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_exports_an_empty_selection(name: str, tmp_path: Path) -> None:
    """No events is not an error for any format."""
    empty = Bundle(events=[], sources=[], tracks=[])
    out = get(name).write(empty, tmp_path / f"empty{get(name).extension}")
    assert out.exists()
