"""Mechanical checks of a record against the paragraph its quote comes from.

What a reader can check by eye, done by rule: a summary adds no evaluative superlative the paragraph
lacks, a date is no more precise than the paragraph's own date phrases (unless the record's note
cites the footnote or quotes the passage that dates it), and every actor is named there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.model import parse_date

__all__ = [
    "SUPERLATIVES",
    "Paragraph",
    "actor_named",
    "date_problems",
    "paragraph_of",
    "superlative_problems",
]

#: Evaluative superlatives a summary may use only when its paragraph does.
SUPERLATIVES = (
    "clearest",
    "boldest",
    "most",
    "least",
    "best",
    "worst",
    "greatest",
    "biggest",
    "strongest",
    "largest",
    "sharpest",
    "starkest",
    "deepest",
    "closest",
    "firmest",
    "loudest",
    "foremost",
    "unprecedented",
)

# How the paper names a state or bloc besides its name and aliases: capitals as metonyms and
# adjectives. They count as a mention for the actor check but are not aliases: "Minsk Dialogue" or a
# summit venue must not tag a record with the state.
REFERENCES: dict[str, tuple[str, ...]] = {
    "Belarus": ("Minsk",),
    "Russia": ("Moscow", "Kremlin"),
    "Ukraine": ("Kyiv", "Ukrainian"),
    "Turkey": ("Ankara", "Turkish", "Istanbul"),
    "China": ("Beijing", "Chinese"),
    "Georgia": ("Tbilisi", "Georgian"),
    "Armenia": ("Yerevan",),
    "Azerbaijan": ("Baku",),
    "Israel": ("Tel-Aviv",),
    "Iran": ("Tehran", "Iranian"),
    "Finland": ("Helsinki", "Finnish", "Finish"),
    "Sweden": ("Swedish",),
    "Soviet Union": ("Soviet",),
    "USA": ("US", "American"),
    "Kazakhstan": ("Kazakh",),
    "Kyrgyzstan": ("Kyrgyz",),
    "Laos": ("Laotian",),
    "Venezuela": ("Venezuelan",),
    "Lithuania": ("Lithuanian",),
    "Germany": ("German",),
    "the West": ("Western", "West"),
    "European Union": ("European Union", "EU"),
    "Supreme Soviet of Belarus": ("parliament", "Supreme Soviet"),
    "Belarusian opposition": ("opposition",),
    # The paper's "the Belarusian leader" and the Belarusian footnotes' inflected forms.
    "Alyaksandr Lukashenka": ("Belarusian leader", "Belarusian and Georgian leaders", "Лукашэнк", "Лукашенк"),
    "Mikheil Saakashvili": ("Georgian leader",),
}

_TERMINAL = tuple('.!?:”")»')
# English, and the genitive forms of the Russian and Belarusian footnotes.
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|студзеня|лютага|сакавіка|красавіка|траўня|чэрвеня|ліпеня|жніўня|верасня|кастрычніка"
    "|лістапада|снежня"
)
# Date phrases with the rank of their precision (lower is finer); a year~ counts as 4.5.
_PHRASES: tuple[tuple[float, re.Pattern[str]], ...] = (
    (0, re.compile(rf"\b\d{{1,2}} (?:{_MONTHS})\b|\b(?:{_MONTHS}) \d{{1,2}}\b")),
    (1, re.compile(rf"\b(?:{_MONTHS})\b")),
    (2, re.compile(r"\b(?:spring|summer|autumn|winter)\b", re.I)),
    (3, re.compile(r"\b(?:early|late|mid|first half of|second half of)[- ](?:19|20)\d\d\b(?!s)", re.I)),
    (4, re.compile(r"(?<![\d-])(?:1[89]|20)\d\d(?!\d|s)")),
    (
        4.5,
        re.compile(
            r"\b(?:early|late|mid)[- ]?(?:19|20)\d0s\b|\b(?:around|roughly|about) (?:19|20)\d\d", re.I
        ),
    ),
    # A named war dates "during" or "after" it to its years.
    (4, re.compile(r"\bWWII\b|\bSecond World War\b")),
    # Counting back from the paper's own year (2016): "over the past decade", "a decade ago".
    (4, re.compile(r"\b(?:past|last) (?:two )?decades?\b|\bdecade ago\b", re.I)),
    (5, re.compile(r"(?:19|20)\d0s\b|\bcentury\b|\bCold war\b", re.I)),
)
_POINT_RE = re.compile(r"^(?P<y>[0-9X]{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?(?P<q>[~?%])?$")
_NAMES = {0: "a day", 1: "a month", 2: "a season", 3: "part of a year", 4: "a year", 4.5: "part of a decade"}


@dataclass(frozen=True)
class Paragraph:
    """The paragraph a quote stands in, with the text of the footnotes it cites."""

    text: str
    footnotes: dict[int, str]


def _kind(line: str, paper: str) -> str:
    s = line.strip()
    if not s:
        return "blank"
    if s.startswith("<sup>"):
        return "footnote"
    if s.startswith("#") or s == "---":
        return "heading"
    if "\t" in s or s.startswith("*Table"):
        return "table"
    if "Photo:" in s or "Image:" in s or line.endswith("  "):
        return "caption"
    if s.startswith("**") and s.endswith("**"):
        return "pullquote"
    if not s.endswith(_TERMINAL) and paper.count(s[:40]) > 1:
        return "pullquote"
    return "text"


def paragraph_of(quote: str, paper: str) -> Paragraph:
    """The paragraph holding `quote`, joined across page breaks, and its cited footnotes."""
    lines = paper.splitlines()
    at = next((i for i, line in enumerate(lines) if quote in line), None)
    if at is None:
        raise ValueError("the quote is not within one line of the paper")
    kinds = [_kind(line, paper) for line in lines]
    if kinds[at] == "table":
        start = max(i for i in range(at + 1) if lines[i].strip().startswith("*Table"))
        body = [lines[start], lines[start + 2], lines[at]]
    elif kinds[at] in ("caption", "pullquote", "footnote"):
        body = [lines[at]]
    else:
        body = [lines[at]]
        texts = [i for i, k in enumerate(kinds) if k == "text"]
        pos = texts.index(at)
        j = pos
        while j > 0 and not lines[texts[j - 1]].strip().endswith(_TERMINAL):
            j -= 1
            body.insert(0, lines[texts[j]])
        j = pos
        while j + 1 < len(texts) and not lines[texts[j]].strip().endswith(_TERMINAL):
            j += 1
            body.append(lines[texts[j]])
    text = " ".join(s.strip() for s in body)
    notes = {}
    for n in map(int, re.findall(r"<sup>(\d+)</sup>", text)):
        notes[n] = footnote_text(paper, n)
    return Paragraph(text=text, footnotes=notes)


def footnote_text(paper: str, number: int) -> str:
    """The citation line of footnote `number`."""
    marker = f"<sup>{number}</sup> "
    return next((ln for ln in paper.splitlines() if ln.startswith(marker)), "")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _own_words(summary: str) -> str:
    """The summary without its quotations and cross-links (those are the paper's or other records')."""
    body = summary.split(" See also ")[0]
    return re.sub(r"“[^”]*”|\"[^\"]*\"", " ", body)


def superlative_problems(summary: str, paragraph: Paragraph) -> list[str]:
    """Superlatives in the summary's own words that the paragraph does not use."""
    found = _words(_own_words(summary)) & set(SUPERLATIVES)
    return sorted(w for w in found - _words(paragraph.text))


def _rank_of_point(text: str) -> float | None:
    m = _POINT_RE.match(text.strip().strip("."))
    if not m:
        return None
    if "X" in m.group("y"):
        return 5
    if m.group("d"):
        return 0
    if m.group("m"):
        month = int(m.group("m"))
        return 1 if month <= 12 else (2 if month <= 39 else 3)
    return 4.5 if m.group("q") in ("~", "%") else 4


def date_rank(edtf: str) -> float:
    """The finest precision any side of an EDTF date claims (0 a day ... 5 a decade)."""
    s = edtf.strip()
    parts = re.split(r"/|,|\.\.", s.strip("[]{}"))
    ranks = [r for p in parts if p and (r := _rank_of_point(p)) is not None]
    if not ranks:
        parse_date(s)  # raises for what is not a date at all
        return 6
    return min(ranks)


def phrase_rank(text: str) -> float:
    """The finest date phrase in a text (6 when it has none)."""
    ranks = [rank for rank, rx in _PHRASES if rx.search(text)]
    return min(ranks, default=6)


def date_problems(
    edtf: str, summary: str, footnotes: list[int], paragraph: Paragraph, paper: str
) -> list[str]:
    """A sentence when the date is finer than anything its paragraph, cited footnote or quoted passage says."""
    rank = date_rank(edtf)
    if phrase_rank(paragraph.text) <= rank:
        return []
    for n in map(int, re.findall(r"footnote (\d+)", summary)):
        if n in footnotes and phrase_rank(footnote_text(paper, n)) <= rank:
            return []
    for quoted in re.findall(r"“([^”]+)”|\"([^\"]+)\"", summary):
        q = next(x for x in quoted if x)
        if q in paper and phrase_rank(q) <= rank:
            return []
    return [f"the date {edtf} claims {_NAMES.get(rank, 'a date')}, finer than its paragraph's dates"]


def actor_named(
    actor: str, aliases: tuple[str, ...], paragraph: Paragraph, footnotes: list[int], paper: str
) -> bool:
    """True when the actor is named in the paragraph or its footnotes by name, alias or reference."""
    haystack = " ".join(
        [paragraph.text, *paragraph.footnotes.values(), *(footnote_text(paper, n) for n in footnotes)]
    )
    for name in (actor, *aliases, *REFERENCES.get(actor, ())):
        if re.search(rf"(?<!\w){re.escape(name)}", haystack, re.I if len(name) > 3 else 0):
            return True
    return False
