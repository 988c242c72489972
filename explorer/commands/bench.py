"""`neutrality bench`: measure frames, search, import, start-up and memory on synthetic data."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from explorer.commands import example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "bench",
        help="measure the performance targets on a synthetic database",
        description="Generate (or reuse from the cache) a synthetic database of N events and measure every "
        "performance target: timeline frames, search, CSV import, start-up, memory, and a naive "
        "one-item-per-event renderer for comparison. Figures that cannot be taken are null with a reason.",
        epilog=example("neutrality bench --events 100000 --json > bench.json")
        + "\n  neutrality bench --sizes 176,1000,10000,100000,1000000",
    )
    p.add_argument(
        "--events", type=int, default=1_000_000, metavar="N", help="number of events (default 1000000)"
    )
    p.add_argument(
        "--sizes",
        default=None,
        metavar="N,N,...",
        help="measure at each of these sizes instead of --events: medians of --runs interleaved runs with min-max",
    )
    p.add_argument("--runs", type=int, default=3, metavar="R", help="runs per size with --sizes (default 3)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument(
        "--keep", type=Path, default=None, metavar="DIR", help="keep the working files (CSV, imported db)"
    )
    p.add_argument(
        "--cache-dir", type=Path, default=None, metavar="DIR", help="where generated databases are kept"
    )
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("frames", "start", "session", "naive"),
        help="leave out a group of Qt measurements (repeatable)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print the table or the JSON."""
    from explorer.bench.report import table
    from explorer.bench.runner import run_bench
    from explorer.commands import CommandError

    if args.events < 1:
        raise CommandError("--events must be 1 or more.")
    if args.keep is not None and args.keep.exists() and not args.keep.is_dir():
        raise CommandError(f"{args.keep} is a file, not a folder.")

    def say(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    if args.sizes is not None:
        return _run_sizes(args, say)
    answer = run_bench(args.events, cache=args.cache_dir, keep=args.keep, say=say, skip=tuple(args.skip))
    if args.keep is not None:
        (args.keep / "bench.json").write_text(json.dumps(answer, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(answer, indent=2) if args.json else table(answer))
    return 0


def _run_sizes(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    """`--sizes`: every size, --runs times, interleaved; a table of medians with their spread."""
    from explorer.bench.sizes import parse_sizes, run_sizes, sizes_table
    from explorer.commands import CommandError

    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.runs < 1:
        raise CommandError("--runs must be 1 or more.")
    result = run_sizes(
        sizes, runs=args.runs, cache=args.cache_dir, keep=args.keep, say=say, skip=tuple(args.skip)
    )
    if args.keep is not None:
        (args.keep / "bench-sizes.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else sizes_table(result))
    return 0
