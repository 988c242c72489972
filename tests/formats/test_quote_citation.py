"""The quote with its attribution (Copy as Citation), as text and HTML, without a window."""

from __future__ import annotations

from explorer.formats.bundle import Bundle
from explorer.formats.quote_citation import DEFAULT_STYLE, citation_styles, quote_citation
from explorer.model import Event, Source, Track

PAPER = {
    "paper_title": "Elements of Neutrality",
    "paper_authors": '["Siarhei Bohdan", "Gumer Isaev"]',
    "paper_publisher": "Ostrogorski Centre",
    "paper_series": "Analytical Paper 7",
    "paper_published": "2016-10-25",
    "paper_url": "http://example.org/paper.pdf",
}


def bundle(event: Event, sources: list[Source]) -> Bundle:
    return Bundle([event], sources, [Track("t", "T")], paper=PAPER)


def test_a_named_part_of_the_paper_is_cited_by_its_name_and_markup_in_a_quote_is_escaped() -> None:
    e = Event("e", "T", "2015", "t", section="summary", quote="Say <b>no</b> & go", source_ids=["fn-1"])
    s = Source("fn-1", "Smith, John. A Book. Minsk: Belarus, 2001.", number=1)
    cited = quote_citation(e, bundle(e, [s]))
    assert cited.plain.splitlines()[0] == "“Say <b>no</b> & go” (Bohdan and Isaev 2016, summary)"
    assert "“Say &lt;b&gt;no&lt;/b&gt; &amp; go”" in cited.html
    assert cited.plain.splitlines()[3].startswith("Footnote 1: ")


def test_an_imported_event_cites_only_its_own_sources() -> None:
    e = Event("e", "Mine", "2015", "t", summary="What happened.", source_ids=["s"], origin="import:x")
    s = Source("s", "https://example.org/a", url="https://example.org/a", origin="import:x")
    cited = quote_citation(e, bundle(e, [s]))
    lines = cited.plain.splitlines()
    assert lines[0] == "“What happened.”"
    assert lines[2].startswith("Source: ") and "Bohdan" not in cited.plain


def test_an_unknown_style_falls_back_to_chicago_author_date() -> None:
    e = Event("e", "T", "2015", "t", section="3.2", quote="Q.")
    assert DEFAULT_STYLE in citation_styles()
    assert quote_citation(e, bundle(e, []), "no-such-style") == quote_citation(e, bundle(e, []))
    assert quote_citation(e, bundle(e, [])).plain.startswith("“Q.” (Bohdan and Isaev 2016, section 3.2)")
