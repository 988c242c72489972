"""User search text to a safe FTS5 MATCH expression. No Qt.

Grammar (forgiving: nothing a user types raises): words are prefix-matched, "quoted phrases" are
exact, OR (or |) between two terms accepts either, -term or NOT term excludes, AND is implied,
`field:word` searches one field (title, summary, quote, actor, theme, source, note, tag). Every
term reaches FTS5 as a double-quoted string, so FTS5 syntax typed by a user is only text.

With a database, `compile_query` also widens terms: a word that is an actor's name or alias also
matches every other spelling of that actor, and a long prefix is replaced by the words of the index
that start with it (one FTS5 prefix query over 4+ letters merges every such word's list at each use).
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

#: The index columns in order; "annotations" holds the user's notes and tags.
FIELDS = ("title", "summary", "quote", "actors", "themes", "sources", "annotations")

#: Words a user may put before a colon to search one field ("title:minsk", "tag:later").
COLUMN_PREFIXES = {
    "title": "title",
    "summary": "summary",
    "quote": "quote",
    "actor": "actors",
    "actors": "actors",
    "theme": "themes",
    "themes": "themes",
    "source": "sources",
    "sources": "sources",
    "note": "annotations",
    "notes": "annotations",
    "tag": "annotations",
    "tags": "annotations",
}

#: A prefix of at least this many letters is expanded through the index's vocabulary...
EXPAND_MIN_LETTERS = 4
#: ...when it stands for at most this many words (else FTS5 merges the prefix itself).
MAX_EXPANSION = 24
_MAX_VARIANTS = 4
_COLUMN_RE = re.compile(r"^([A-Za-z]+):(.*)$", re.S)
_VOCAB = "temp.neutrality_search_terms"


@dataclass(frozen=True, slots=True)
class Term:
    """One word or quoted phrase of a query, maybe limited to one column."""

    text: str
    phrase: bool = False
    column: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as required groups (an AND of ORs) and excluded terms."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def fts(self, db: sqlite_utils.Database | None = None) -> str | None:
        """The FTS5 MATCH expression (widened when a database is given), None if nothing to search."""
        ctx = _Context(db)
        groups = [g for g in (_group_sql(g, ctx) for g in self.groups) if g]
        if not groups:
            return None
        expr = " AND ".join(groups)
        excluded = [s for s in (_term_sql(t, ctx) for t in self.excluded) if s]
        if excluded:
            expr = f"({expr}) NOT ({' OR '.join(excluded)})"
        return expr


# --- folding ----------------------------------------------------------------------------------------


def _is_token_char(c: str) -> bool:
    cat = unicodedata.category(c)
    return cat[0] in "LN" or cat == "Co"


def _has_token(text: str) -> bool:
    """True when unicode61 would find a token in the text (a letter, a number or a private-use char)."""
    return any(_is_token_char(c) for c in text)


def fold(text: str) -> tuple[str, bool]:
    """Text folded as the index folds it (lower case, Latin diacritics removed), and whether that is sure.

    Latin letters with no decomposition (ø, ł, ß, ſ) are kept but reported as unsure, since the
    tokenizer maps a few of them differently; Cyrillic and Greek keep their marks (ё, й, ў, ά).
    """
    out = []
    sure = True
    for c in unicodedata.normalize("NFC", text).lower():
        if ord(c) < 128:
            out.append(c)
            continue
        cat = unicodedata.category(c)
        if cat == "Mn":
            sure = False
            continue
        if _is_token_char(c) and unicodedata.name(c, "").startswith("LATIN"):
            base = unicodedata.normalize("NFD", c)
            if len(base) > 1 or not base.isascii():
                sure = sure and base[0].isascii()
                out.append(base[0])
                continue
        out.append(c)
    return "".join(out), sure


def _alias_key(text: str) -> str:
    return " ".join(fold(text)[0].replace("ё", "е").split())


# --- parsing ------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Control characters and lone surrogates become spaces (FTS5 and UTF-8 choke on them)."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _lex(text: str) -> list[tuple[str, str, bool]]:
    """Split into (kind, text, negated) items; kind is 'word', 'phrase' or 'or'."""
    items: list[tuple[str, str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        i += negated
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            items.append(("phrase", text[i + 1 : end], negated))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        if word.endswith(":") and j < n and text[j] == '"':
            end = text.find('"', j + 1)
            end = n if end < 0 else end
            items.append(("phrase", word + text[j + 1 : end], negated))
            i = end + 1
        else:
            items.append(("or" if word in ("OR", "|") and not negated else "word", word, negated))
            i = j
    return items


def _term(kind: str, text: str) -> Term | None:
    column = None
    m = _COLUMN_RE.match(text)
    if m and m.group(1).lower() in COLUMN_PREFIXES:
        column, text = COLUMN_PREFIXES[m.group(1).lower()], m.group(2)
    text = " ".join(text.split())
    if not _has_token(text):
        return None
    return Term(text=text, phrase=kind == "phrase", column=column)


def parse_query(text: str) -> ParsedQuery:
    """Read user text into groups and exclusions; never raises."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = negate_next = False
    for kind, raw, negated in _lex(_clean(text or "")):
        if kind == "or":
            pending_or = bool(groups)
            continue
        if kind == "word" and raw in ("AND", "NOT"):
            negate_next = raw == "NOT"
            continue
        term = _term(kind, raw)
        negated, negate_next = negated or negate_next, False
        if term is None:
            continue
        if negated:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


class WordMatcher:
    """Would a query have matched a word? `typed` asks about the user's own words, calling about any spelling."""

    def __init__(self, prefixes: set[str], exact: set[str], alias_words: set[str]) -> None:
        self.prefixes, self.exact, self.alias_words = prefixes, exact, alias_words
        # A page of hits asks about the same words again and again (an actor's name and aliases in
        # every event it is in, each asked `typed` and then `__call__`): each word is folded once.
        self._keys: dict[str, str] = {}

    @staticmethod
    def _key(word: str) -> str:
        return fold(word)[0].replace("ё", "е")

    def _folded(self, word: str) -> str:
        key = self._keys.get(word)
        if key is None:
            key = self._keys[word] = self._key(word)
        return key

    def typed(self, word: str) -> bool:
        """True when the word is one the user typed (or starts with a word typed without quotes)."""
        w = self._folded(word)
        return w in self.exact or any(w.startswith(p) for p in self.prefixes)

    def __call__(self, word: str) -> bool:
        """True when the word was typed or is part of another spelling of an actor the user named."""
        return self.typed(word) or self._folded(word) in self.alias_words


def word_matcher(db: sqlite_utils.Database | None, text: str) -> WordMatcher:
    """A test of single words against a query, for marking matches in Python (the lists of a hit)."""
    parsed = parse_query(text)
    ctx = _Context(db)
    prefixes: set[str] = set()
    exact: set[str] = set()
    alias_words: set[str] = set()
    for term in (t for g in parsed.groups for t in g):
        for word in _tokens(term.text):
            (exact if term.phrase else prefixes).add(WordMatcher._key(word))
        for spelling in ctx.spellings(term.text):
            alias_words.update(WordMatcher._key(w) for w in _tokens(spelling))
    return WordMatcher(prefixes, exact, alias_words)


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression for user text without widening, None when nothing is searchable."""
    return parse_query(text).fts()


def compile_query(db: sqlite_utils.Database, text: str) -> str | None:
    """A safe FTS5 MATCH expression for user text, widened by actor aliases and the index's words."""
    return parse_query(text).fts(db)


# --- FTS5 text ----------------------------------------------------------------------------------------


class _ConnectionCache:
    """Alias map and prefix expansions of one connection, valid while the database is unchanged."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn  # held, so that its id cannot be reused while cached
        self.key: tuple[int, int] = (-1, -1)
        self.aliases: dict[str, list[str]] | None = None
        self.words: dict[str, list[str] | None] = {}
        self.vocab_ok: bool | None = None

    def refresh(self) -> None:
        """Forget everything when this or another connection has written since the last look."""
        key = (self.conn.total_changes, int(self.conn.execute("PRAGMA data_version").fetchone()[0]))
        if key != self.key:
            self.key, self.aliases, self.words = key, None, {}


_CACHES: dict[int, _ConnectionCache] = {}


class _Context:
    """What widening needs from a database: the actors' spellings and the index's words."""

    def __init__(self, db: sqlite_utils.Database | None) -> None:
        self.cache: _ConnectionCache | None = None
        if db is not None:
            conn = db.conn
            cache = _CACHES.get(id(conn))
            if cache is None or cache.conn is not conn:
                if len(_CACHES) >= 8:
                    _CACHES.pop(next(iter(_CACHES)))
                cache = _CACHES[id(conn)] = _ConnectionCache(conn)
            cache.refresh()
            self.cache = cache

    def spellings(self, text: str) -> list[str]:
        """Every spelling of the actors that `text` names (empty when it names none)."""
        if self.cache is None:
            return []
        if self.cache.aliases is None:
            self.cache.aliases = _load_aliases(self.cache.conn)
        return self.cache.aliases.get(_alias_key(text), [])

    def words_starting(self, prefix: str) -> list[str] | None:
        """The index's words that start with a folded prefix; None if too many or unavailable."""
        cache = self.cache
        if cache is None or cache.vocab_ok is False:
            return None
        if prefix not in cache.words:
            if len(cache.words) > 512:
                cache.words.clear()
            cache.words[prefix] = _vocabulary(cache, prefix)
        return cache.words[prefix]


def _load_aliases(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Folded spelling -> every spelling of the actors that go by it."""
    out: dict[str, list[str]] = {}
    for name, aliases in conn.execute("SELECT name, aliases FROM actors"):
        try:
            spellings = [name, *(a for a in json.loads(aliases or "[]") if isinstance(a, str))]
        except (ValueError, TypeError):
            spellings = [name]
        for s in spellings:
            known = out.setdefault(_alias_key(s), [])
            known += [x for x in spellings if x not in known]
    return out


def _vocabulary(cache: _ConnectionCache, prefix: str) -> list[str] | None:
    """Words of the index starting with `prefix` (via an fts5vocab table in temp), None if too many."""
    try:
        if cache.vocab_ok is None:
            cache.conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} USING fts5vocab(main, events_fts, 'row')"
            )
            cache.vocab_ok = True
        rows = cache.conn.execute(
            f"SELECT term FROM {_VOCAB} WHERE term >= ? AND term < ? LIMIT ?",
            [prefix, prefix + "\U0010ffff", MAX_EXPANSION + 1],
        ).fetchall()
    except sqlite3.Error:
        cache.vocab_ok = False
        return None
    return None if len(rows) > MAX_EXPANSION else [r[0] for r in rows]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _variants(text: str) -> list[str]:
    """The text and its spellings with е and ё swapped in its first two such letters."""
    folded = text.replace("ё", "е").replace("Ё", "Е")
    spots = [i for i, c in enumerate(folded) if c in "еЕ"][:2]
    out = []
    for combo in itertools.product((False, True), repeat=len(spots)):
        chars = list(folded)
        for spot, yo in zip(spots, combo, strict=True):
            if yo:
                chars[spot] = "ё" if chars[spot] == "е" else "Ё"
        out.append("".join(chars))
    if text not in out:
        out.insert(0, text)
    return out[:_MAX_VARIANTS]


def _word_sql(text: str, prefix: bool, ctx: _Context) -> list[str]:
    """One spelling as FTS5 strings: a prefix term, or the index's words that start with it."""
    if not prefix:
        return [_quoted(text)]
    folded, sure = fold(text)
    letters = [c for c in folded if _is_token_char(c)]
    if sure and len(letters) == len(folded) and len(folded) >= EXPAND_MIN_LETTERS:
        words = ctx.words_starting(folded)
        if words is not None:
            return [_quoted(w) for w in words]
    return [_quoted(text) + "*"]


def _spelling_sql(spellings: Sequence[str], already: Sequence[str]) -> list[str]:
    """An actor's other spellings as exact strings, leaving out a phrase that holds a word already sought.

    ("Alexander Lukashenko" adds nothing once "Lukashenko" is there, and a phrase costs more.)
    """
    words = {fold(s)[0].strip('"') for s in already if " " not in s}
    words |= {fold(s)[0] for s in spellings if _has_token(s) and len(_tokens(s)) == 1}
    out = []
    for s in spellings:
        tokens = _tokens(s)
        if tokens and (len(tokens) == 1 or not words.intersection(fold(t)[0] for t in tokens)):
            out.append(_quoted(" ".join(s.split())))
    return out


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def _term_sql(term: Term, ctx: _Context) -> str:
    """One term as FTS5: quoted strings ORed together, maybe behind a column filter."""
    letters = sum(1 for c in term.text if _is_token_char(c))
    prefix = not term.phrase and letters >= 2
    alternatives: list[str] = []
    for variant in _variants(term.text):
        alternatives += _word_sql(variant, prefix, ctx)
    alternatives += _spelling_sql(ctx.spellings(term.text), alternatives)
    # No word of the index starts with any spelling: keep one prefix term, which matches nothing.
    unique: dict[str, str] = {}
    for a in alternatives:
        unique.setdefault(fold(a)[0], a)
    alternatives = list(unique.values()) or [_quoted(term.text) + "*"]
    expr = alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
    if term.column:
        expr = f"{term.column} : {expr if expr.startswith('(') else '(' + expr + ')'}"
    return expr


def _group_sql(group: Sequence[Term], ctx: _Context) -> str:
    parts = [s for s in (_term_sql(t, ctx) for t in group) if s]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
