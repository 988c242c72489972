"""The bundled database and an exported subset served by Datasette (started here on 127.0.0.1, a free port)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explorer.formats.bundle import gather
from explorer.formats.datasette_meta import metadata_path, write_datasette_metadata
from explorer.formats.registry import get
from explorer.store import open_database
from explorer.store.periods_links import PeriodLinkStore

pytest.importorskip("datasette", reason="Datasette is not installed (pip install datasette; the test extra)")

AIRBASE = "airbase-idea-emerges-2009"
AIRBASE_SOURCE = "fn-34"


class Server:
    """A datasette process serving some files; get() reads a path from it."""

    def __init__(self, files: list[Path], metadata: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        cmd = [sys.executable, "-m", "datasette", "serve", *map(str, files), "--metadata", str(metadata)]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/-/versions.json")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"datasette did not start: {self.proc.stderr.read()[-2000:]!r}"
                    ) from None
                time.sleep(0.2)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=20) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def rows(self, path: str) -> list[dict]:
        status, body = self.get(path + ("&" if "?" in path else "?") + "_shape=array")
        assert status == 200, path
        return json.loads(body)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.hrefs.append(href)


def links(html: str, database: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    return {h.split("#")[0] for h in parser.hrefs if h.startswith(f"/{database}/") and "?" not in h}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """A fresh corpus build (as the next bundled database will be), the committed bundled database, a
    workspace made from it with an annotated event, and a subset of the corpus with a period."""
    from explorer.corpus import build_database
    from explorer.resources import bundled_db, corpus_dir
    from explorer.store.annotations import AnnotationStore
    from explorer.store.workspace import ensure_workspace

    folder = tmp_path_factory.mktemp("datasette")
    corpus = folder / "corpus.db"
    build_database(corpus_dir(), corpus)
    work = folder / "work.db"
    shutil.copyfile(corpus, work)
    db = open_database(work)
    PeriodLinkStore(db).add_period("Talks on an airbase", "2013-04/..", "")
    PeriodLinkStore(db).add_period("Winter", "2014-01-05/2014-02-20", "")
    ids = [r[0] for r in db.execute("SELECT id FROM events WHERE track = 'security'")]
    subset = get("sqlite").write(gather(db, ids), folder / "subset.db")
    db.close()
    bundled = folder / "bundled.db"  # the committed file as it is
    shutil.copyfile(bundled_db(), bundled)
    workspace = ensure_workspace(bundled, folder / "workspace.db")
    db = open_database(workspace)
    AnnotationStore(db).add_note(AIRBASE, "Ask about the airbase talks")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    paper = dict(sqlite3.connect(corpus).execute("SELECT key, value FROM meta").fetchall())
    meta = json.loads(metadata_path(subset).read_text())
    for path in (corpus, bundled, workspace):
        meta["databases"].update(
            json.loads(write_datasette_metadata(path, paper).read_text(encoding="utf-8"))["databases"]
        )
    every = folder / "all.json"
    every.write_text(json.dumps(meta), encoding="utf-8")
    server = Server([corpus, subset, bundled, workspace], every)
    try:
        yield server, subset
    finally:
        server.stop()


@pytest.mark.parametrize("database", ["bundled", "workspace", "corpus", "subset"])
def test_search_finds_events_through_the_declared_index(served, database: str) -> None:
    server, _ = served
    everything = server.rows(f"/{database}/events.json?_size=max")
    found = server.rows(f"/{database}/events.json?_search=airbase&_size=max")
    assert 0 < len(found) < len(everything)
    assert AIRBASE in {r["id"] for r in found}
    assert AIRBASE in {r["id"] for r in server.rows(f"/{database}/events_iso.json?_search=airbase")}


@pytest.mark.parametrize("database", ["corpus", "subset"])
def test_an_events_page_lists_its_actors_themes_and_sources(served, database: str) -> None:
    server, _ = served
    (row,) = server.rows(f"/{database}/event_details.json?id={AIRBASE}")
    assert row["actors"] == "Dmitry Medvedev; Russia; Belarus"
    assert "Russian military presence" in row["themes"]
    assert row["sources"].endswith("<http://www.interfax.ru/russia/467833>")
    assert (row["start"], row["end"]) == ("2009-01-01", "2009-12-31")


def test_iso_dates_sit_beside_day_numbers_and_an_open_end_is_empty(served) -> None:
    server, _ = served
    rows = server.rows("/corpus/events_iso.json?_size=max")
    open_ended = [r for r in rows if r["hi"] == 3652059]
    assert open_ended and all(r["end"] is None for r in open_ended)
    dated = next(r for r in rows if r["id"] == AIRBASE)
    assert (dated["start"], dated["end"], dated["lo"]) == ("2009-01-01", "2009-12-31", 733408)


def test_the_subsets_periods_have_iso_dates(served) -> None:
    server, _ = served
    periods = {r["name"]: (r["start"], r["end"]) for r in server.rows("/subset/periods_iso.json")}
    assert periods == {"Talks on an airbase": ("2013-04-01", None), "Winter": ("2014-01-05", "2014-02-20")}


@pytest.mark.parametrize("database", ["corpus", "subset"])
def test_the_links_of_the_pages_an_analyst_reads_resolve(served, database: str) -> None:
    """Every link to a row or table from the database page, the event views, actors and sources."""
    server, _ = served
    pages = [f"/{database}", f"/{database}/event_details", f"/{database}/events_iso", f"/{database}/actors"]
    pages += [f"/{database}/sources", f"/{database}/event_details?id={AIRBASE}"]
    seen: set[str] = set()
    for page in pages:
        status, html = server.get(page)
        assert status == 200, page
        seen |= links(html, database)
    assert any(re.match(rf"/{database}/sources/fn-\d+$", h) for h in seen) or database == "corpus"
    broken = [h for h in sorted(seen) if server.get(h)[0] == 404]
    assert not broken, broken


@pytest.mark.parametrize("database", ["bundled", "workspace", "corpus", "subset"])
def test_an_events_row_page_lists_its_actors_themes_and_sources(served, database: str) -> None:
    """Datasette counts the rows that reference the event's primary key (its id, from schema 9)."""
    server, subset = served
    event = AIRBASE if database != "subset" else _a_listed_event(subset)
    status, html = server.get(f"/{database}/events/{event}")
    assert status == 200
    for table in ("event_actors", "event_themes", "event_sources"):
        assert re.search(rf"[1-9]\d* rows?</a>\s*from event_id in {table}\b", html), table
    actors = server.rows(f"/{database}/event_actors.json?event_id={event}")
    assert actors and all(r["event_id"] == event for r in actors)
    if event == AIRBASE:
        assert [r["actor"] for r in sorted(actors, key=lambda r: r["position"])] == [
            "Dmitry Medvedev",
            "Russia",
            "Belarus",
        ]
        sources = server.rows(f"/{database}/sources.json?id={AIRBASE_SOURCE}")
        assert [r["source_id"] for r in server.rows(f"/{database}/event_sources.json?event_id={event}")] == [
            AIRBASE_SOURCE
        ]
        assert sources[0]["url"] == "http://www.interfax.ru/russia/467833"


def _a_listed_event(subset: Path) -> str:
    """An event of the subset with actors, themes and sources."""
    with sqlite3.connect(subset) as conn:
        (event,) = conn.execute(
            "SELECT id FROM events WHERE id IN (SELECT event_id FROM event_actors)"
            " AND id IN (SELECT event_id FROM event_themes) AND id IN (SELECT event_id FROM event_sources)"
            " ORDER BY num LIMIT 1"
        ).fetchone()
    return str(event)


@pytest.mark.parametrize("database", ["bundled", "workspace", "corpus", "subset"])
def test_every_link_of_an_events_row_page_resolves(served, database: str) -> None:
    """The row page's links (its track, the lists counted, the list rows) and the lists' links back."""
    server, subset = served
    event = AIRBASE if database != "subset" else _a_listed_event(subset)
    status, html = server.get(f"/{database}/events/{event}")
    assert status == 200
    parser = _Links()
    parser.feed(html)
    hrefs = {h.split("#")[0] for h in parser.hrefs if h.startswith(f"/{database}/")}
    assert {
        f"/{database}/event_actors?event_id={event}",
        f"/{database}/event_sources?event_id={event}",
    } <= hrefs
    status, listing = server.get(f"/{database}/event_actors?event_id={event}")
    assert status == 200
    back = {h for h in links(listing, database) if h.startswith(f"/{database}/events/")}
    assert back == {f"/{database}/events/{event}"}
    hrefs |= links(listing, database)
    broken = [h for h in sorted(hrefs) if server.get(h)[0] != 200]
    assert not broken, broken


def test_the_export_writes_the_metadata_and_says_how_to_serve_it(served) -> None:
    _, subset = served
    meta = json.loads(metadata_path(subset).read_text(encoding="utf-8"))
    tables = meta["databases"][subset.stem]["tables"]
    assert tables["events"]["fts_table"] == "events_fts" and tables["events"]["fts_pk"] == "num"
    assert meta["source_url"].startswith("http")
