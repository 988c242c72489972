"""`neutrality search`: full-text search over events, best matches first."""

from __future__ import annotations

import argparse
import json
import sys

from explorer.commands import add_db_option, example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "search",
        help="search events by words, names (any spelling) and phrases",
        description=(
            "Search titles, summaries, quotes, actors (with their other spellings), themes, sources, "
            'notes and tags. Words match as prefixes; use "quoted phrases", OR between words, '
            "-word to exclude, and title:, actor:, theme:, source:, note: or tag: to search one field."
        ),
        epilog=example('neutrality search Lukashenko "air defence" --limit 5'),
    )
    p.add_argument("query", nargs="+", help="words to search for (several words must all match)")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    p.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="show at most N events (default: 20)"
    )
    add_db_option(p)
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the limit must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    """Search and print."""
    from explorer.model import describe
    from explorer.paths import default_db_path
    from explorer.store import open_database
    from explorer.store.event_queries import dates_and_tracks
    from explorer.store.search import count_matches, mark_text, search

    query = " ".join(args.query)
    db = open_database(args.db or default_db_path(), readonly=True)
    try:
        hits = search(db, query, limit=args.limit)
        total = count_matches(db, query) if len(hits) == args.limit else len(hits)
        info = dates_and_tracks(db, [h.event_id for h in hits])
    finally:
        db.conn.close()
    rows = []
    for h in hits:
        edtf, date_text, track = info.get(h.event_id, ("", None, ""))
        rows.append(
            {
                "id": h.event_id,
                "rank": h.rank,
                "date": edtf,
                "date_words": date_text or (describe(edtf) if edtf else ""),
                "track": track,
                "title": mark_text(h.title, "", ""),
                "field": h.field,
                "snippet": mark_text(h.snippet, "", ""),
                "snippet_html": h.snippet_html(),
            }
        )
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for row, h in zip(rows, hits, strict=True):
            print(f"{row['id']}  ({row['date_words']})  {row['title']}")
            print(f"    {row['field']}: {mark_text(h.snippet)}")
    if not hits:
        print(f"No events match “{query}”.", file=sys.stderr)
    elif not args.json:
        print(f"{len(hits)} of {total} matching events.", file=sys.stderr)
    return 0
