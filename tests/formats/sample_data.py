"""A fixed selection for format tests: every date precision, tricky text, sources, notes, tags, periods, links."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from explorer.model import Actor, Event, Importance, Source, Theme, Track, parse_date
from explorer.store import open_database
from explorer.store.events import write_actors, write_events, write_sources, write_themes, write_tracks
from explorer.store.fts import rebuild_fts

PAPER = {
    "paper_title": "Elements of Neutrality in Belarusian Foreign Policy and National Security Policy",
    "paper_authors": json.dumps(["Siarhei Bohdan", "Gumer Isaev"]),
    "paper_publisher": "Ostrogorski Centre",
    "paper_series": "Analytical Paper 7",
    "paper_published": "2016-10-25",
    "paper_url": "http://belarusdigest.com/papers/belarusneutrality.pdf",
}
TRACKS = [
    Track("foreign", "Foreign policy", "Steps of foreign policy.", "#2f6fb3", 0),
    Track("security", "National security", "Defence.", "#c0503a", 1),
    Track("context", "Other states and context", "Context.", "#5b8a3a", 2),
]
SOURCES = [
    Source(
        "fn-1",
        "Reiter, Erich and Gärtner, Heinz, 2001. *Small States and Alliances*. Berlin: Springer. P. 6.",
        1,
        None,
        "en",
        "2001",
        "2",
    ),
    Source(
        "fn-4",
        "Constitution of {Moldova}. Article 11 & 100% #1 neutral_state ~ ^",
        4,
        "http://www.presedinte.md/eng/titul1?a=1&b=50%25",
        "en",
        None,
        "2",
    ),
    Source(
        "fn-8",
        "Александр Курьянович. Принятие Декларации о государственном суверенитете, *Naviny.by*, "
        "27 июля 2009 года",
        8,
        "http://naviny.by/rubrics/politic/2009/07/27/ic_articles_112_163750/",
        "ru",
        "2009-07-27",
        "3.1",
    ),
    Source(
        "fn-14",
        "Siarhei Bohdan. China As An Epic Failure Of Belarusian Foreign Policy, *Belarus Digest*, "
        "14 September 2015",
        14,
        "http://belarusdigest.com/story/china-23225",
        "en",
        "2015-09-14",
        "3.2",
    ),
]
ACTORS = [
    Actor("Belarus", "state", ("Беларусь",)),
    Actor("Russia", "state", ("Россия",)),
    Actor("Smith; Jones & Co", "organisation"),
]
THEMES = [Theme("nuclear", "Nuclear weapons"), Theme("nam", "Non-Aligned Movement")]
EVENTS = [
    Event(
        "nuclear-arms-leave-1996",
        "Russia removes its last nuclear weapons from Belarus",
        "1996-11-27",
        "security",
        "The last warheads leave.",
        "27 November 1996",
        "3.1",
        "On 27 November 1996, Russia removed all its nuclear arms from Belarus.",
        [1],
        ["fn-1"],
        ["Belarus", "Russia"],
        ["nuclear"],
        Importance(1, "Nuclear arms", "high", "low", "mediate"),
    ),
    Event(
        "nam-membership-1998",
        "Belarus joins the Non-Aligned Movement",
        "1998-09",
        "foreign",
        "Full membership.",
        None,
        "3.1",
        None,
        [8, 14],
        ["fn-8", "fn-14"],
        ["Belarus"],
        ["nam"],
    ),
    Event(
        "tricky-text-2015",
        "Minsk <talks> & *stars* [x](y)",
        "2015-23",
        "foreign",
        "=SUM(A1) looks like a formula; so does\n+this on a new line.",
        None,
        "summary",
        None,
        [1],
        ["fn-1", "fn-4"],
        ["Smith; Jones & Co", "Belarus"],
    ),
    Event("decade-1990s", "Post-Soviet decade", "199X", "context", "A decade.", "the 1990s"),
    Event(
        "open-since-2014",
        "Belarus declines to take sides",
        "2014/..",
        "security",
        "Since 2014.",
        "since 2014",
        "4.2",
        "Minsk refused to take sides.",
        [],
        [],
        ["Belarus"],
    ),
    Event("around-2006", "First signs of neutrality", "2006~", "foreign", "Around 2006.", "Around 2006"),
]
NOTES = [
    ("nuclear-arms-leave-1996", "# My heading\nCheck *this* against the treaty.", "2024-01-02T10:00:00"),
    ("nuclear-arms-leave-1996", "Second note; with a semicolon.", "2024-01-03T10:00:00"),
    ("tricky-text-2015", "@mention and =formula", "2024-01-04T10:00:00"),
]
TAGS = {"key": "#d62728", "later": "#1f77b4"}
EVENT_TAGS = [("nuclear-arms-leave-1996", "key"), ("tricky-text-2015", "key"), ("open-since-2014", "later")]
PERIODS = [
    ("Rapprochement with the West", "2008/2010", "Thaw.", "#f2c94c"),
    ("Since Crimea", "2014/..", "", "#aaaaaa"),
]
LINKS = [("nam-membership-1998", "nuclear-arms-leave-1996", "consequence of", "Same decade.")]


def fill(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """Write the sample into an empty database with the app's schema."""
    now = "2024-01-01T00:00:00"
    with db.atomic():
        db.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(PAPER.items()))
        write_tracks(db, TRACKS)
        write_sources(db, SOURCES)
        write_actors(db, ACTORS)
        write_themes(db, THEMES)
        write_events(db, EVENTS)
        db.conn.executemany(
            "INSERT INTO notes (event_id, body, created, modified) VALUES (?, ?, ?, ?)",
            [(e, b, c, c) for e, b, c in NOTES],
        )
        db.conn.executemany("INSERT INTO tags (name, color) VALUES (?, ?)", sorted(TAGS.items()))
        db.conn.executemany(
            "INSERT INTO event_tags (event_id, tag, created) VALUES (?, ?, ?)",
            [(e, t, now) for e, t in EVENT_TAGS],
        )
        db.execute(
            "INSERT INTO assessments (event_id, flagged, stars, belarus, modified) VALUES (?, 1, 3, 'high', ?)",
            ["nuclear-arms-leave-1996", now],
        )
        for name, date, note, color in PERIODS:
            f = parse_date(date)
            db.execute(
                "INSERT INTO periods (name, date, lo, hi, note, color, created, modified)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [name, date, f.lo, f.hi, note, color, now, now],
            )
        db.conn.executemany(
            "INSERT INTO links (source_event, target_event, type, note, created) VALUES (?, ?, ?, ?, ?)",
            [(*link, now) for link in LINKS],
        )
        rebuild_fts(db)
    return db


def make_sample(path: Path) -> Path:
    """A sample database file at `path`."""
    db = open_database(path, create=True)
    fill(db)
    db.close()
    return path


def dump(db: sqlite_utils.Database) -> dict[str, list[tuple[object, ...]]]:
    """The content of every table (FTS shadow tables included), rows sorted, for before/after comparison."""
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in sorted(names)}


def cancel_after(checks: int):
    """A `cancelled` callback that asks to stop from its (checks + 1)-th call on."""
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > checks

    return cancelled
