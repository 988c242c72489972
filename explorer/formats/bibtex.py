"""BibTeX for the selection's sources and the paper: valid, escaped, with unique keys."""

from __future__ import annotations

import re

from explorer.formats.bundle import Bundle
from explorer.formats.citations import Reference, references
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.text import ascii_fold
from explorer.model import DateError, parse_date

ENTRY_TYPES = {
    "report": "techreport",
    "book": "book",
    "article-newspaper": "article",
    "article-journal": "article",
    "webpage": "online",
    "document": "misc",
}
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


def entry(ref: Reference, key: str) -> str:
    """One BibTeX entry."""
    kind = ENTRY_TYPES.get(ref.type, "misc")
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(_name(n) for n in ref.authors)))
    if ref.editors:
        fields.append(("editor", " and ".join(_name(n) for n in ref.editors)))
    fields.append(("title", escape(ref.title)))
    if ref.container:
        fields.append(("journal", escape(ref.container)))
    if ref.type == "report":
        if ref.publisher:
            fields.append(("institution", escape(ref.publisher)))
        if ref.series:
            fields.append(("type", escape(re.sub(r"\s*\d+$", "", ref.series))))
        if ref.number:
            fields.append(("number", escape(ref.number)))
    else:
        if ref.publisher:
            fields.append(("publisher", escape(ref.publisher)))
        if ref.place:
            fields.append(("address", escape(ref.place)))
    if ref.pages:
        fields.append(("pages", escape(ref.pages.replace("–", "--"))))
    if ref.date:
        try:
            f = parse_date(ref.date)
            fields.append(("year", str(f.start_min.year)))
            if f.precision in ("day", "month") and not f.is_interval:
                fields.append(("month", str(f.start_min.month)))
            if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", ref.date) and int((ref.date + "-01")[5:7]) <= 12:
                fields.append(("date", ref.date))
        except DateError:
            fields.append(("note", escape(ref.date)))
    if ref.url:
        fields.append(("url", escape_url(ref.url)))
    if ref.language:
        fields.append(("langid", LANGIDS.get(ref.language, escape(ref.language))))
    if ref.annote:
        fields.append(("annote", escape(ref.annote)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """The BibTeX file: the paper first, then the sources in footnote order."""
    refs = references(bundle, ticker)
    keys = unique_keys(refs)
    head = "% BibTeX export from Neutrality Explorer (UTF-8; biblatex fields date, langid, url).\n\n"
    return head + "\n".join(entry(r, k) for r, k in zip(refs, keys, strict=True))
