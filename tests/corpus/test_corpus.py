"""The corpus: every quote from the paper, every date honest, both tables exact, all 46 footnotes,
and the committed database equal to a fresh build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.corpus import build_database, check_against_paper, content_dump, load_corpus
from explorer.model import parse_date

# This checkout's corpus and database, not an installed copy's: an editable install maps the
# package data to whichever checkout was installed, which need not be the one under test.
DATA = Path(__file__).resolve().parents[2] / "data"


def corpus_dir() -> Path:
    return DATA / "corpus"


def bundled_db() -> Path:
    return DATA / "neutrality.db"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(corpus_dir())


def _table(paper_text: str, caption: str) -> list[list[str]]:
    """The tab-separated rows that follow a table's caption in the paper."""
    start = paper_text.index(caption)
    rows = []
    for line in paper_text[start:].splitlines()[1:]:
        if "\t" in line:
            rows.append(line.split("\t"))
        elif rows and line.strip():
            break
    return rows[1:]  # without the header row


def test_the_corpus_holds_well_over_a_hundred_records(corpus) -> None:
    assert len(corpus.events) > 150
    assert {e.track for e in corpus.events} == {"foreign", "security", "concepts", "context", "reactions"}


def test_every_quote_is_an_exact_substring_of_the_paper(corpus, paper_text: str) -> None:
    problems = check_against_paper(corpus, paper_text)
    assert problems == []
    for e in corpus.events:
        assert e.quote and len(e.quote) <= 300, e.id


def test_summaries_are_our_own_words(corpus, paper_text: str) -> None:
    """No summary repeats a run of ten or more of the paper's words."""
    words = re.findall(r"\w+", paper_text.lower())
    runs = {" ".join(words[i : i + 10]) for i in range(len(words) - 9)}
    for e in corpus.events:
        sw = re.findall(r"\w+", e.summary.lower())
        copied = [" ".join(sw[i : i + 10]) for i in range(len(sw) - 9) if " ".join(sw[i : i + 10]) in runs]
        assert not copied, f"{e.id} copies the paper: {copied[0]}"


def test_every_date_parses_and_its_bounds_are_right(corpus) -> None:
    for e in corpus.events:
        f = parse_date(e.date)
        assert f.start_min <= f.start_max, e.id
        if f.end_max is not None:
            assert f.start_min <= f.end_max, e.id
        if e.date_text and re.fullmatch(r"\d{1,2} \w+ \d{4}", e.date_text):
            assert f.exact_day, f"{e.id}: a day in the text must be a day in EDTF"
        if f.precision == "day":
            assert re.search(r"\b\d{1,2}\b", e.date_text or ""), f"{e.id}: a day the paper does not give"


@pytest.mark.parametrize(
    ("phrase", "edtf"),
    [
        ("27 November 1996", "1996-11-27"),
        ("autumn 2015", "2015-23"),
        ("May 2010 – June 2012", "2010-05/2012-06"),
        ("15 January 2016", "2016-01-15"),
    ],
)
def test_known_dates_keep_the_papers_precision(corpus, phrase: str, edtf: str) -> None:
    assert any(e.date == edtf for e in corpus.events), f"no event dated {edtf} ({phrase})"


def test_table_two_is_reproduced_exactly(corpus, paper_text: str) -> None:
    rows = _table(paper_text, "Table two. Major elements of neutrality")
    assert len(rows) == 11
    ours = sorted((e.importance for e in corpus.events if e.importance), key=lambda i: i.row)
    assert [i.row for i in ours] == list(range(1, 12))
    for imp, (label, belarus, russia, west) in zip(ours, rows, strict=True):
        assert (imp.label, imp.belarus, imp.russia, imp.west) == (label, belarus, russia, west)


def test_table_one_is_reproduced_exactly(corpus, paper_text: str) -> None:
    rows = _table(paper_text, "Table one. Examples of Belarus' neutral foreign policy")
    assert len(rows) == 4
    ours = sorted((e for e in corpus.events if e.table_one), key=lambda e: e.table_one.row)
    assert [(e.table_one.partners, e.table_one.time_span) for e in ours] == [tuple(r) for r in rows]
    assert all(parse_date(e.date).is_interval for e in ours), "Table one's relationships are periods"


def test_all_46_footnotes_are_sources_with_the_papers_urls(corpus, paper_text: str) -> None:
    assert [s.number for s in corpus.sources] == list(range(1, 47))
    unescaped = paper_text.replace("\\_", "_")
    for s in corpus.sources:
        marker = f"<sup>{s.number}</sup> "
        line = next(ln for ln in unescaped.splitlines() if ln.startswith(marker))
        urls = re.findall(r"https?://[^\s<>\]\)]+", line)
        if urls:
            assert s.url in urls, f"footnote {s.number}"
        else:
            assert s.url is None, f"footnote {s.number} has no URL in the paper"
        assert s.language in {"en", "ru", "be", "uk", "de"}


def test_every_footnote_is_cited_by_some_event(corpus) -> None:
    cited = {n for e in corpus.events for n in e.footnotes}
    assert cited == set(range(1, 47))


def test_the_committed_database_equals_a_fresh_build(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    build_database(corpus_dir(), fresh)
    assert content_dump(fresh) == content_dump(bundled_db())


def test_the_build_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build_database(corpus_dir(), a)
    build_database(corpus_dir(), b)
    assert content_dump(a) == content_dump(b)
