"""Synthetic titles, summaries, quotes, actors, themes and sources for n events."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from explorer.bench.words import (
    ACTORS,
    COMMON,
    OBJECTS,
    PLACES,
    SELECTIVE_RATE,
    SELECTIVE_TERM,
    THEMES,
    VERBS,
    pseudo_words,
)

#: Made-up proper names: the long tail of rare terms that real text has.
RARE_WORDS = 20000

Links = tuple[list[int], list[str], list[int]]


@dataclass
class SynthText:
    """Column lists (one item per event) and the reference rows they point to."""

    titles: list[str]
    summaries: list[str]
    quotes: list[str | None]
    fts_actors: list[str]
    fts_themes: list[str]
    fts_sources: list[str]
    actor_rows: list[tuple[str, str, str]]
    theme_rows: list[tuple[str, str, str]]
    source_rows: list[tuple[str, str, str, str]]
    event_actors: Links
    event_themes: Links
    event_sources: Links


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _clauses(count: int, common: list[str], rare: list[str], rng: np.random.Generator) -> list[str]:
    """Sentences of 5-9 words: mostly everyday topical words, with a Zipf tail of proper names."""
    shape = (count, 9)
    words = [*common, *rare]
    idx = np.where(
        rng.random(shape) < 0.75,
        rng.choice(len(common), size=shape, p=_zipf(len(common), 0.9)),
        len(common) + rng.choice(len(rare), size=shape, p=_zipf(len(rare), 1.0)),
    ).tolist()
    lengths = rng.integers(5, 10, size=count).tolist()
    return [" ".join(words[i] for i in row[:k]) + "." for row, k in zip(idx, lengths, strict=True)]


def _links(n: int, picks: list[np.ndarray], valid: list[np.ndarray], names: list[str]) -> Links:
    """(event index, name, position) rows from up to three picks per event, in event order."""
    ev, ref, pos = [], [], []
    position = np.zeros(n, dtype=np.int64)
    for pick, ok in zip(picks, valid, strict=True):
        sel = np.flatnonzero(ok)
        ev.append(sel)
        ref.append(pick[sel])
        pos.append(position[sel])
        position[sel] += 1
    e, r, p = np.concatenate(ev), np.concatenate(ref), np.concatenate(pos)
    order = np.lexsort((p, e))
    return e[order].tolist(), [names[i] for i in r[order].tolist()], p[order].tolist()


def _fts(strings: list[str], picks: list[np.ndarray], valid: list[np.ndarray]) -> list[str]:
    """The space-joined index text of each event's picks."""
    table = [*strings, ""]
    cols = [np.where(ok, pick, len(strings)).tolist() for pick, ok in zip(picks, valid, strict=True)]
    if len(cols) == 1:
        return [table[a] for a in cols[0]]
    if len(cols) == 2:
        return [f"{table[a]} {table[b]}" for a, b in zip(*cols, strict=True)]
    return [f"{table[a]} {table[b]} {table[c]}" for a, b, c in zip(*cols, strict=True)]


def synth_text(n: int, rng: np.random.Generator) -> SynthText:
    """All text columns for n events, deterministic for a given generator state."""
    rare = pseudo_words(RARE_WORDS, rng)
    pool = [
        c[0].upper() + c[1:]
        for c in _clauses(int(min(max(n, 500), 40000)), list(COMMON), [*PLACES, *rare], rng)
    ]

    # Actors: one to three per event, the big ones far more often.
    names = [a[0] for a in ACTORS]
    a_p = _zipf(len(ACTORS), 0.8)
    count = rng.choice(3, size=n, p=[0.5, 0.35, 0.15]) + 1
    a0, a1, a2 = (rng.choice(len(ACTORS), size=n, p=a_p) for _ in range(3))
    ok1 = (count >= 2) & (a1 != a0)
    ok2 = (count >= 3) & (a2 != a0) & (a2 != a1)
    a_picks, a_ok = [a0, a1, a2], [np.ones(n, dtype=bool), ok1, ok2]
    actor_fts = [f"{name} {' '.join(aliases)}" for name, _kind, aliases in ACTORS]

    t0, t1 = rng.integers(0, len(THEMES), size=n), rng.integers(0, len(THEMES), size=n)
    t_ok = [np.ones(n, dtype=bool), (rng.random(n) < 0.4) & (t1 != t0)]
    theme_fts = [f"{label} {tid}" for tid, label in THEMES]

    n_sources = int(min(max(n // 500, 20), 2000))
    src_years = rng.integers(1991, 2025, size=n_sources).tolist()
    src_words = rng.integers(0, len(rare), size=(n_sources, 3)).tolist()
    source_rows = [
        (
            f"src-{i + 1:04d}",
            f"{rare[w[0]]}, “{rare[w[1]]} and the {COMMON[10 + i % 80]} question”, {rare[w[2]]} Press, {y}",
            f"https://example.org/{y}/{rare[w[1]].lower()}-{i + 1}",
            str(y),
        )
        for i, (w, y) in enumerate(zip(src_words, src_years, strict=True))
    ]
    s0 = rng.integers(0, n_sources, size=n)
    s_ok = [rng.random(n) < 0.5]
    source_fts = [f"{r[1]} {r[2]}" for r in source_rows]

    verbs = rng.integers(0, len(VERBS), size=n).tolist()
    objects = rng.integers(0, len(OBJECTS), size=n).tolist()
    places = rng.integers(0, len(PLACES), size=n).tolist()
    suffix = rng.integers(0, 4, size=n).tolist()
    tails = ("", " in {}", " after talks in {}", " during a visit to {}")
    titles = [
        names[a] + " " + VERBS[v] + " " + OBJECTS[o] + tails[s].format(PLACES[p])
        for a, v, o, p, s in zip(a0.tolist(), verbs, objects, places, suffix, strict=True)
    ]
    c = rng.integers(0, len(pool), size=(n, 3)).T.tolist()
    summaries = [f"{pool[x]} {pool[y]} {pool[z]}" for x, y, z in zip(*c, strict=True)]
    for i in np.flatnonzero(rng.random(n) < SELECTIVE_RATE).tolist():
        summaries[i] += f" The {SELECTIVE_TERM} papers were cited."
    q = rng.integers(0, len(pool), size=n).tolist()
    has_quote = (rng.random(n) < 0.15).tolist()
    quotes = [f"“{pool[x]}”" if h else None for x, h in zip(q, has_quote, strict=True)]

    return SynthText(
        titles=titles,
        summaries=summaries,
        quotes=quotes,
        fts_actors=_fts(actor_fts, a_picks, a_ok),
        fts_themes=_fts(theme_fts, [t0, t1], t_ok),
        fts_sources=_fts(source_fts, [s0], s_ok),
        actor_rows=[(nm, kind, json.dumps(list(al), ensure_ascii=False)) for nm, kind, al in ACTORS],
        theme_rows=[(tid, label, "") for tid, label in THEMES],
        source_rows=source_rows,
        event_actors=_links(n, a_picks, a_ok, names),
        event_themes=_links(n, [t0, t1], t_ok, [t[0] for t in THEMES]),
        event_sources=_links(n, [s0], s_ok, [r[0] for r in source_rows]),
    )
