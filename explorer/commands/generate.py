"""`neutrality generate`: a reproducible synthetic database for benchmarks and demonstrations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from explorer.commands import example


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "generate",
        help="write a synthetic database of N events (same seed, same content)",
        description="Write a synthetic database with realistic text, actors with aliases, themes, dates of "
        "every EDTF precision, bursts of events and named periods. The same seed gives the same content.",
        epilog=example("neutrality generate --events 1000000 --lanes 20 --seed 1 -o big.db"),
    )
    p.add_argument("--events", type=int, required=True, metavar="N", help="number of events")
    p.add_argument("--lanes", type=int, default=20, metavar="K", help="number of lanes (tracks; default 20)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.db", help="database to write")
    p.add_argument("--force", action="store_true", help="replace FILE.db if it exists")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate and report."""
    from explorer.bench.synth import generate
    from explorer.commands import CommandError

    if args.events < 0:
        raise CommandError("--events must be 0 or more.")
    if args.lanes < 1:
        raise CommandError("--lanes must be 1 or more.")
    out: Path = args.output
    if out.exists() and not args.force:
        raise CommandError(f"{out} already exists; pass --force to replace it.")
    if out.exists() and out.is_dir():
        raise CommandError(f"{out} is a folder, not a database file.")
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist.")

    def say(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr)

    result = generate(out, args.events, lanes=args.lanes, seed=args.seed, force=args.force, progress=say)
    if not args.quiet:
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.stages.items())
        print(
            f"Wrote {out}: {result.events:,} events in {result.lanes} lanes (seed {args.seed}) "
            f"in {result.seconds:.1f} s ({stages})."
        )
    return 0
