"""`neutrality build-corpus`: regenerate data/neutrality.db from data/corpus/."""

from __future__ import annotations

import argparse
from pathlib import Path

from explorer.commands import example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "build-corpus",
        help="rebuild the bundled database from the corpus files",
        description="Rebuild the corpus database from the reviewable YAML files, deterministically.",
        epilog=example("neutrality build-corpus --corpus data/corpus -o data/neutrality.db"),
    )
    p.add_argument(
        "--corpus", type=Path, default=None, help="corpus folder (default: the bundled data/corpus)"
    )
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="database to write (default: data/neutrality.db)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build and report."""
    from explorer.commands import CommandError
    from explorer.corpus import CorpusError, build_database
    from explorer.resources import bundled_db, corpus_dir

    root = args.corpus or corpus_dir()
    out = args.output or bundled_db()
    try:
        corpus = build_database(root, out)
    except CorpusError as exc:
        raise CommandError(f"the corpus in {root} has problems:\n{exc}") from None
    undated = f" (and {len(corpus.undated)} undated)" if corpus.undated else ""
    print(
        f"Wrote {out}: {len(corpus.events)} dated events{undated}, {len(corpus.sources)} sources,"
        f" {len(corpus.actors)} actors."
    )
    return 0
