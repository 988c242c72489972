"""Search: prefixes, case and diacritics, actor aliases, ranking, snippets, filters, and hostile input."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model import Actor, Event, Source, Track
from explorer.store import open_memory, search_pages
from explorer.store.events import write_actors, write_events, write_sources, write_tracks
from explorer.store.fts import rebuild_fts, reindex_events
from explorer.store.search import (
    MARK_END,
    MARK_START,
    count_matches,
    fts_query,
    mark_html,
    mark_text,
    parse_query,
    search,
    search_ids,
)

LUKASHENKA = Actor(
    "Alyaksandr Lukashenka",
    "person",
    ("Lukashenka", "Lukashenko", "Alexander Lukashenko", "Лукашенко", "Лукашэнка", "Аляксандр Лукашэнка"),
)
SAJUDIS = Actor("Sąjūdis", "organisation", ("Sajudis", "Lithuanian Reform Movement"))


def _event(id: str, title: str, date: str = "2000-01-01", track: str = "foreign", **kw) -> Event:
    return Event(id=id, title=title, date=date, track=track, **kw)


EVENTS = [
    _event("zubr-title", "Zubr rallies in Minsk", summary="Young activists march.", date="2001-03-25"),
    _event(
        "zubr-quote",
        "Youth groups meet",
        summary="A meeting.",
        quote="They called themselves zubr, after the bison.",
    ),
    _event(
        "lukashenka-text",
        "Lukashenka calls for balance",
        summary="The president speaks of East and West.",
        actors=["Alyaksandr Lukashenka"],
        date="1995-01",
    ),
    _event(
        "actor-only",
        "A presidential decree on air defence",
        summary="The decree orders a joint system.",
        actors=["Alyaksandr Lukashenka"],
        track="security",
        date="2009",
    ),
    _event(
        "footnote-only",
        "A Russian newspaper reports",
        summary="An interview about the airbase.",
        source_ids=["fn1"],
        date="2015-10-06",
        track="context",
    ),
    _event(
        "linkevicius", "Linkevičius says Belarus is one with Russia", date="2016-02-03", track="reactions"
    ),
    _event(
        "sajudis",
        "Lithuanian movement calls for neutrality",
        summary="Sąjūdis demanded military neutrality in 1989.",
        actors=["Sąjūdis"],
        date="1989",
        track="context",
    ),
    _event(
        "fyodorov",
        "Фёдоров about the bloc",
        summary="An analyst's view.",
        date="2015-04-19",
        track="reactions",
    ),
    _event("unrelated", "Oil arrives from Venezuela", summary="Tankers dock in Odessa.", date="2010-05"),
]


@pytest.fixture
def db():
    """A small database whose answers are known."""
    d = open_memory()
    with d.atomic():
        write_tracks(
            d,
            [
                Track(t, t.title(), position=i)
                for i, t in enumerate(["foreign", "security", "context", "reactions"])
            ],
        )
        write_actors(d, [LUKASHENKA, SAJUDIS])
        write_sources(
            d, [Source("fn1", "Лукашенко: авиабаза нам не нужна, Коммерсантъ, 6 октября 2015 года", number=1)]
        )
        write_events(d, EVENTS)
        rebuild_fts(d)
    yield d
    d.conn.close()


def ids(db, query: str, **kw) -> set[str]:
    return {h.event_id for h in search(db, query, **kw)}


def test_words_match_as_prefixes(db) -> None:
    assert ids(db, "zub") == {"zubr-title", "zubr-quote"}
    assert ids(db, "linkev") == {"linkevicius"}
    assert "footnote-only" in ids(db, "Лукаш")


@pytest.mark.parametrize("query", ["LINKEVICIUS", "linkevičius", "Linkevicius", "LinkeviČius"])
def test_case_and_latin_diacritics_are_folded(db, query: str) -> None:
    assert ids(db, query) == {"linkevicius"}


def test_sajudis_without_diacritics_finds_sajudis(db) -> None:
    assert ids(db, "sajudis") == {"sajudis"}
    assert ids(db, "Sąjūdis") == {"sajudis"}


def test_cyrillic_case_is_folded_and_yo_matches_ye_both_ways(db) -> None:
    assert ids(db, "ЛУКАШЕНКО") == ids(db, "лукашенко")
    assert ids(db, "Федоров") == {"fyodorov"}
    assert ids(db, "Фёдоров") == {"fyodorov"}


def test_lukashenko_lukashenka_and_cyrillic_spelling_find_the_same_events(db) -> None:
    found = [set(search_ids(db, q)) for q in ("Lukashenko", "Lukashenka", "Лукашенко", "Лукашэнка")]
    assert found[0] == found[1] == found[2] == found[3]
    # by the actor's aliases (actor-only), by the text (lukashenka-text), by a Russian footnote (footnote-only)
    assert found[0] == {"lukashenka-text", "actor-only", "footnote-only"}


def test_an_alias_is_found_through_the_actors_column_without_widening(db) -> None:
    # fts_query does not widen: "Lukashenko" reaches the actor-only event through the indexed aliases alone.
    expr = fts_query("Lukashenko")
    rows = db.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ?", [expr]).fetchall()
    nums = {r[0] for r in rows}
    actor_only = db.execute("SELECT num FROM events WHERE id = 'actor-only'").fetchone()[0]
    assert actor_only in nums


def test_a_title_hit_outranks_a_quote_hit(db) -> None:
    hits = search(db, "zubr")
    assert [h.event_id for h in hits] == ["zubr-title", "zubr-quote"]
    assert [h.rank for h in hits] == [1, 2]


def test_snippets_mark_the_matched_words_and_name_their_field(db) -> None:
    hit = search(db, "bison")[0]
    assert hit.field == "quote"
    assert f"{MARK_START}bison{MARK_END}" in hit.snippet
    assert "<b>bison</b>" in hit.snippet_html()
    assert mark_text(hit.snippet, "*", "*").count("*bison*") == 1


def test_a_match_only_in_the_actors_names_the_actor_and_the_spelling(db) -> None:
    hit = next(h for h in search(db, "Lukashenko") if h.event_id == "actor-only")
    assert hit.field == "actors"
    assert mark_text(hit.snippet) == "[Alyaksandr Lukashenka] (Lukashenko)"


def test_a_page_of_hits_naming_one_actor_folds_its_spellings_once_not_once_a_hit(monkeypatch) -> None:
    # A page of hits found through one actor marks that actor's names in every hit: the same few
    # words asked about again and again (about 2,400 folds for a page of 200 at 1,000 events).
    from explorer.store import search_query

    folded: list[str] = []
    real_fold = search_query.fold

    def counting_fold(text: str) -> tuple[str, bool]:
        folded.append(text)
        return real_fold(text)

    monkeypatch.setattr(search_query, "fold", counting_fold)

    def folds_for_a_page_of(n: int) -> int:
        d = open_memory()
        write_tracks(d, [Track("security", "Security policy", "#2a6", 0)])
        write_actors(d, [LUKASHENKA])
        events = [_event(f"e{i}", f"Step {i}", track="security", actors=[LUKASHENKA.name]) for i in range(n)]
        write_events(d, events)
        rebuild_fts(d)
        folded.clear()
        hits = search(d, "Lukashenko")
        assert len(hits) == n
        assert {mark_text(h.snippet) for h in hits} == {"[Alyaksandr Lukashenka] (Lukashenko)"}
        return len(folded)

    assert folds_for_a_page_of(30) == folds_for_a_page_of(2)


def test_a_match_in_a_footnote_is_shown_from_the_sources(db) -> None:
    hit = search(db, "Коммерсантъ")[0]
    assert hit.event_id == "footnote-only"
    assert hit.field == "sources"
    assert f"{MARK_START}Коммерсантъ{MARK_END}" in hit.snippet


def test_mark_html_escapes_the_text_around_the_marks() -> None:
    assert mark_html(f"a < b & {MARK_START}c{MARK_END}") == "a &lt; b &amp; <b>c</b>"


def test_phrases_or_exclusion_and_fields(db) -> None:
    assert ids(db, '"military neutrality"') == {"sajudis"}
    assert ids(db, '"neutrality military"') == set()
    assert ids(db, "zubr OR linkevicius") == {"zubr-title", "zubr-quote", "linkevicius"}
    assert ids(db, "zubr -bison") == {"zubr-title"}
    assert ids(db, "zubr NOT bison") == {"zubr-title"}
    assert ids(db, "title:zubr") == {"zubr-title"}
    assert ids(db, "quote:zubr") == {"zubr-quote"}


def test_notes_and_tags_are_searched_once_reindexed(db) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO notes (event_id, body, created, modified) VALUES ('unrelated', 'Compare Nord Stream', '', '')"
        )
        db.execute("INSERT INTO tags (name) VALUES ('energy-watch')")
        db.execute("INSERT INTO event_tags (event_id, tag, created) VALUES ('unrelated', 'energy-watch', '')")
        reindex_events(db, ["unrelated"])
    assert ids(db, "nord stream") == {"unrelated"}
    assert ids(db, "note:nord") == {"unrelated"}
    assert ids(db, "tag:energy") == {"unrelated"}
    hit = search(db, "nord")[0]
    assert hit.field == "annotations"


def test_filters_around_the_match(db) -> None:
    assert ids(db, "Lukashenko", track="security") == {"actor-only"}
    assert ids(db, "Lukashenko", track=["security", "foreign"]) == {"actor-only", "lukashenka-text"}
    june = (date(2009, 6, 1).toordinal(), date(2009, 6, 30).toordinal())
    assert ids(db, "Lukashenko", date_range=june) == {"actor-only"}
    assert ids(db, "Lukashenko", within_ids=["footnote-only", "zubr-title"]) == {"footnote-only"}
    assert ids(db, "Lukashenko", within_ids=[]) == set()
    assert count_matches(db, "Lukashenko") == 3
    assert count_matches(db, "Lukashenko", track="security") == 1


def test_paging_and_limits(db) -> None:
    first = search(db, "Lukashenko", limit=2)
    rest = search(db, "Lukashenko", limit=2, offset=2)
    assert len(first) == 2 and len(rest) == 1
    assert {h.event_id for h in first + rest} == ids(db, "Lukashenko")
    assert [h.rank for h in rest] == [3]
    assert search(db, "Lukashenko", limit=0) == []
    assert search_ids(db, "Lukashenko", limit=1) == [first[0].event_id]


def test_search_ids_keeps_the_signature_the_export_command_calls() -> None:
    sig = inspect.signature(search_ids)
    assert list(sig.parameters) == ["db", "query", "limit"]
    assert sig.parameters["limit"].default is None


@pytest.fixture
def many():
    """Forty events sharing a word, on two tracks, one per month."""
    d = open_memory()
    events = [
        _event(
            f"e{i:02d}",
            f"Common step {i}",
            date=f"{2000 + i // 12}-{i % 12 + 1:02d}",
            track="foreign" if i % 4 else "security",
        )
        for i in range(40)
    ]
    with d.atomic():
        write_tracks(d, [Track("foreign", "Foreign"), Track("security", "Security")])
        write_events(d, events)
        rebuild_fts(d)
    yield d
    d.conn.close()


@pytest.mark.parametrize("window, widest", [(3, 6), (5, 40), (1000, 1000)])
def test_a_ranking_window_still_returns_every_hit_once(many, monkeypatch, window: int, widest: int) -> None:
    monkeypatch.setattr(search_pages, "RANK_WINDOW", window)
    monkeypatch.setattr(search_pages, "MAX_WINDOW", widest)
    monkeypatch.setattr(search_pages, "SMALL_SET", 0)
    expected = {f"e{i:02d}" for i in range(40) if i % 4 == 0}
    pages = [search(many, "common", track="security", limit=4, offset=o) for o in range(0, 12, 4)]
    got = [h.event_id for page in pages for h in page]
    assert sorted(got) == sorted(expected)
    within = [f"e{i:02d}" for i in range(0, 40, 7)]
    assert {h.event_id for h in search(many, "common", within_ids=within)} == set(within)


def test_a_small_id_set_is_looked_up_event_by_event(many) -> None:
    within = ["e01", "e02", "e39"]
    assert [h.rank for h in search(many, "common", within_ids=within)] == [1, 2, 3]
    assert {h.event_id for h in search(many, "step", within_ids=within)} == set(within)


@pytest.mark.parametrize(
    "kw",
    [
        {"within_ids": [f"e{i:02d}" for i in range(0, 40, 3)]},
        {"within_ids": [f"e{i:02d}" for i in range(0, 40, 3)], "track": "foreign"},
        {"where_track": "security"},
        {
            "where_track": "foreign",
            "date_range": (date(2001, 1, 1).toordinal(), date(2002, 6, 30).toordinal()),
        },
    ],
)
def test_a_small_set_s_pages_are_the_same_scanning_the_matches_or_looking_each_event_up(
    many, monkeypatch, kw: dict
) -> None:
    from explorer.store.filters import Filter

    kw = dict(kw)
    if "where_track" in kw:
        kw["where"] = Filter(track=(kw.pop("where_track"),))
    statements: list[str] = []
    many.conn.set_trace_callback(statements.append)

    def pages(per_event: int) -> list[list[tuple[str, int, str]]]:
        monkeypatch.setattr(search_pages, "SCAN_PER_EVENT", per_event)
        statements.clear()
        got = [
            [(h.event_id, h.rank, h.title) for h in search(many, "step", limit=3, offset=o, **kw)]
            for o in range(0, 15, 3)
        ]
        return got

    looked_up = pages(0)  # never scan
    assert not any("FROM events_fts CROSS JOIN events" in sql for sql in statements)
    scanned = pages(10**6)  # always scan
    assert any("FROM events_fts CROSS JOIN events" in sql for sql in statements)
    assert scanned == looked_up
    assert sum(map(len, scanned)) > 3  # (more than one page of hits)
    many.conn.set_trace_callback(None)


NASTY = [
    "",
    " ",
    '"',
    '""',
    '"""',
    "*",
    "**",
    "a*",
    "(",
    ")",
    "()",
    ":",
    "title:",
    'title:"',
    "-",
    "--",
    '-"',
    "^",
    "^lukash",
    "NEAR",
    "NEAR(a b)",
    "NEAR(a b, 2)",
    "AND(",
    "AND",
    "OR",
    "NOT",
    "OR OR OR",
    "a OR",
    "OR a",
    "a AND OR NOT b",
    "{title}: x",
    "{title summary}: x",
    "col:x",
    "- -x -",
    "x\x00y",
    "\x00",
    "'; DROP TABLE events; --",
    "😀 лукашенко 😀",
    "\u0301",
    "e\u0301",
    "\ud800",
    "a" * 5000,
    " ".join(["w"] * 300),
    "+",
    "rowid:1",
    "events_fts",
    "lukash* OR (zubr AND",
    '"unterminated phrase',
    "ё",
    "ЁЁЁЁЁЁЁЁЁЁЁЁЁ",
]


@pytest.mark.parametrize("query", NASTY)
def test_fts5_syntax_in_a_query_never_raises(db, query: str) -> None:
    hits = search(db, query)
    assert isinstance(hits, list)
    assert count_matches(db, query) >= 0
    assert isinstance(search_ids(db, query), list)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(db, query: str) -> None:
    search(db, query, limit=5)
    expr = fts_query(query)
    if expr is not None:
        db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", [expr]).fetchone()


def test_nothing_searchable_finds_nothing(db) -> None:
    for query in ["", "   ", "***", "-zubr", "NOT zubr", '""']:
        assert parse_query(query).fts() is None
        assert search(db, query) == []


def test_a_facet_filter_keeps_only_the_events_it_passes(db) -> None:
    from explorer.store.filters import Filter

    assert ids(db, "Lukashenko", where=Filter(track=("security",))) == {"actor-only"}
    assert ids(db, "Lukashenko", where=Filter(actor=("Alyaksandr Lukashenka",))) == {
        "lukashenka-text",
        "actor-only",
    }
    assert ids(db, "Lukashenko", where=Filter(query="airbase")) == {"footnote-only"}
    assert ids(db, "Lukashenko", where=Filter(), track="context") == {"footnote-only"}
    assert ids(db, "Lukashenko", where=Filter(), within_ids=["actor-only", "zubr-title"]) == {"actor-only"}
    assert count_matches(db, "Lukashenko", where=Filter(track=("foreign", "security"))) == 2
    hit = search(db, "Lukashenko", where=Filter(track=("security",)))[0]
    assert hit.field == "actors" and hit.rank == 1


@pytest.mark.parametrize("window, widest", [(3, 6), (5, 40)])
def test_a_facet_filter_with_a_ranking_window_returns_every_hit_once(
    many, monkeypatch, window: int, widest: int
) -> None:
    from explorer.store.filters import Filter

    monkeypatch.setattr(search_pages, "RANK_WINDOW", window)
    monkeypatch.setattr(search_pages, "MAX_WINDOW", widest)
    monkeypatch.setattr(search_pages, "SMALL_SET", 0)
    expected = {f"e{i:02d}" for i in range(40) if i % 4 == 0}
    pages = [
        search(many, "common", where=Filter(track=("security",)), limit=4, offset=o) for o in range(0, 12, 4)
    ]
    got = [h.event_id for page in pages for h in page]
    assert sorted(got) == sorted(expected)
    assert all(MARK_START in h.title for page in pages for h in page)


@pytest.mark.parametrize("window, widest", [(3, 6), (5, 40), (8, 8), (1000, 1000)])
@pytest.mark.parametrize("facet", [False, True])
def test_a_date_range_window_from_the_first_dated_match_still_returns_every_hit_once(
    many, monkeypatch, window: int, widest: int, facet: bool
) -> None:
    from explorer.store.filters import Filter

    monkeypatch.setattr(search_pages, "RANK_WINDOW", window)
    monkeypatch.setattr(search_pages, "MAX_WINDOW", widest)
    monkeypatch.setattr(search_pages, "SMALL_SET", 0)
    span = (date(2001, 1, 1).toordinal(), date(2002, 12, 31).toordinal())
    expected = {f"e{i:02d}" for i in range(12, 36)}
    assert search_pages.date_start(many, span) is not None
    kw = {"where": Filter(date_range=span)} if facet else {"date_range": span}
    pages = [search(many, "common", limit=4, offset=o, **kw) for o in range(0, 28, 4)]
    got = [h.event_id for page in pages for h in page]
    assert sorted(got) == sorted(expected)
    assert [h.rank for h in pages[1]] == [5, 6, 7, 8]
