"""BibTeX for the selection's sources and the paper: valid, escaped, with unique keys."""

from __future__ import annotations

import re

from explorer.formats.bundle import Bundle
from explorer.formats.citations import Reference, references
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.text import ascii_fold
from explorer.model import DateError, parse_date

#: The publisher of a book whose citation names none: ISBD's "sine nomine", as library catalogues write it.
NO_PUBLISHER = "[s.n.]"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LANGIDS = {
    "en": "english",
    "ru": "russian",
    "be": "belarusian",
    "uk": "ukrainian",
    "de": "german",
    "pl": "polish",
}

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(k) for k in _SPECIAL))
_STOP_WORDS = {
    "the",
    "a",
    "an",
    "of",
    "on",
    "and",
    "in",
    "to",
    "for",
    "o",
    "v",
    "na",
    "i",
    "po",
    "ob",
    "z",
    "u",
}


def escape(value: str) -> str:
    """Text safe inside a braced BibTeX value (LaTeX specials escaped, braces balanced)."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], " ".join(value.split()))


def escape_url(url: str) -> str:
    """A URL for the verbatim url field: only braces and backslashes need care."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _name(n: dict[str, str]) -> str:
    if "literal" in n:
        return "{" + escape(n["literal"]) + "}"
    return f"{escape(n['family'])}, {escape(n['given'])}" if n.get("given") else escape(n["family"])


def _word(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(value).lower())


def base_key(ref: Reference) -> str:
    """authoryearword (bohdan2015china), wordyear without an author (nato2016), else the source id."""
    people = ref.authors or ref.editors
    who = ""
    if people:
        first = people[0]
        who = _word(first.get("family") or first.get("literal", "").split(" ")[0])
    year = ""
    if ref.date:
        m = re.match(r"\d{4}", ref.date)
        year = m.group(0) if m else ""
    words = [w for w in (_word(x) for x in ref.title.split()) if w and w not in _STOP_WORDS]
    word = words[0][:20] if words else ""
    if who:
        return f"{who}{year}{word}"
    if word:
        return f"{word}{year}"
    return _word(ref.id) or "ref"


def unique_keys(refs: list[Reference]) -> list[str]:
    """A key per reference, suffixed a, b, c ... where two would be equal."""
    keys, seen = [], set()
    for ref in refs:
        base = re.sub(r"[^A-Za-z0-9_:-]", "", base_key(ref)) or "ref"
        key, n = base, 0
        while key in seen:
            n += 1
            key = f"{base}{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}-{n}"
        seen.add(key)
        keys.append(key)
    return keys


def entry_type(ref: Reference) -> str:
    """The BibTeX type for a reference: one that standard styles (plain, biblatex) render with what it has.

    BibTeX's plain style needs an author for @article and @incollection, an author or editor for
    @book and @inbook; an item without one is @online (with a URL) or @misc, which need nothing.
    """
    people = bool(ref.authors or ref.editors)
    if ref.type == "report":
        return "techreport" if ref.publisher else "misc"
    if ref.type == "book":
        return "book" if people else "misc"
    if ref.type == "chapter" and ref.container:
        if ref.authors:
            return "incollection"
        if ref.editors:
            return "inbook"
    if ref.type in ("article-newspaper", "article-journal") and ref.authors and ref.container:
        return "article"
    return "online" if ref.url else "misc"


def _date_fields(edtf: str) -> list[tuple[str, str]]:
    """year, month (a BibTeX month macro, bare) and the biblatex ISO date where the date allows."""
    try:
        f = parse_date(edtf)
    except DateError:
        return [("note", "{" + escape(edtf) + "}")]
    fields = [("year", "{" + str(f.start_min.year) + "}")]
    if f.precision in ("day", "month") and not f.is_interval:
        fields.append(("month", MONTHS[f.start_min.month - 1]))
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", edtf) and int((edtf + "-01")[5:7]) <= 12:
        fields.append(("date", "{" + edtf + "}"))
    return fields


def entry(ref: Reference, key: str) -> str:
    """One BibTeX entry, typed by what the reference is (docs/export.md, Citations)."""
    kind = entry_type(ref)
    fields: list[tuple[str, str]] = []

    def add(name: str, value: str | None, *, braced_twice: bool = False) -> None:
        if value:
            # Double braces keep a title's capitals as written (plain would lower-case "Belarusian").
            fields.append((name, "{{" + value + "}}" if braced_twice else "{" + value + "}"))

    if ref.authors:
        add("author", " and ".join(_name(n) for n in ref.authors))
    if ref.editors:
        add("editor", " and ".join(_name(n) for n in ref.editors))
    container = escape(ref.container) if ref.container else None
    add("title", escape(ref.title), braced_twice=True)
    if kind == "article":
        add("journal", container)
        if ref.type == "article-newspaper":
            add("entrysubtype", "newspaper")
        add("number", ref.issue)
    elif kind in ("inbook", "incollection"):
        # biblatex's reading, which pandoc and Zotero share: the part is the title, the book the booktitle.
        add("booktitle", container)
    elif kind == "online":
        # The publisher of an @online item in biblatex and pandoc (one field: pandoc joins two with ";").
        add("organization", container)
    elif kind == "misc":
        add("howpublished", container)
    if kind == "techreport":
        add("institution", escape(ref.publisher or ""))
        add("type", escape(ref.genre or ""))
        add("number", escape(ref.number or ""))
    elif kind in ("book", "inbook", "incollection"):
        add("publisher", escape(ref.publisher or ("" if kind == "incollection" else NO_PUBLISHER)))
        add("address", escape(ref.place or ""))
    else:
        add("publisher", escape(ref.publisher or ""))
        add("address", escape(ref.place or ""))
        if kind != "article":
            add("number", escape(ref.number or ""))
    if ref.pages:
        add("pages", escape(ref.pages.replace("–", "--")))
    if ref.date:
        fields += _date_fields(ref.date)
    if ref.url:
        add("url", escape_url(ref.url))
    if ref.language:
        add("langid", LANGIDS.get(ref.language, escape(ref.language)))
    if ref.annote:
        add("annote", escape(ref.annote))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The BibTeX file: the paper first, then the sources in footnote order."""
    refs = references(bundle, ticker)
    keys = unique_keys(refs)
    head = "% BibTeX export from Neutrality Explorer (UTF-8; biblatex fields date, langid, url).\n\n"
    return head + "\n".join(entry(r, k) for r, k in zip(refs, keys, strict=True))
