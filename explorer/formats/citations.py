"""Citations as structured references: CSL-JSON for Zotero and reference managers (docs/export.md).

The corpus keeps each footnote as one citation string; `reference` reads its parts (authors,
title, container, publisher, pages) with a few patterns the paper's footnotes follow, keeps
the whole string in `annote`, and takes the date, URL and language from the source record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.text import strip_markdown
from explorer.model import DateError, FuzzyDate, Source, parse_date

PAPER_ID = "paper"

_BOOKISH = re.compile(r"^(?P<names>[^*]+?),\s*(?P<year>\d{4})\.\s+(?P<rest>.+)$")
_EDITORS = re.compile(r"\s*\((?:ред|рэд|ed|eds|Hrsg)\.?\)\s*$", re.IGNORECASE)
_ITALIC_FIRST = re.compile(r"^\*(?P<title>[^*]+)\*[.,]?\s*(?P<more>.*)$")
_CONTAINER = re.compile(r"^(?P<title>.+?)[,.]?\s+[“\"]?\*(?P<container>[^*]+)\*[”\"]?(?P<more>.*)$")
_PLACE = re.compile(r"(?P<place>[A-ZА-ЯЁІЎ][\w\- ]+?):\s*(?P<publisher>[^.,:]+)")
_PAGES = re.compile(r"\b(?:P|pp?|С|с)\.\s?(?P<pages>\d+(?:\s?[–-]\s?\d+)?)")
_AUTHOR_STOP = re.compile(r"(?<=\w\w)\.\s")
_NAME_WORD = re.compile(r"^[A-ZА-ЯЁІЎ][\w’'\-.]*$")
_CONNECTORS = {"и", "і", "and", "und"}
# A remark before the cited work: "… published in January 2007. See, Author. Title" (fn-12, fn-20).
_SEE = re.compile(r"(?:[.;]\s+See,?|,?\s+please\s+see,?)\s+(?=\S)")
# A treaty's registration number before its title: "No. 6564. Declaration on …" (fn-3).
_LEADING_NUMBER = re.compile(r"^No\.\s*(?P<number>\d+)\.\s+")
_ISSUE = re.compile(r"№\s?(?P<issue>\d+)")
_TREATY_SERIES = re.compile(r"\btreaty series\b", re.IGNORECASE)
_PLACE_ONLY = re.compile(r"^[A-ZА-ЯЁІЎ][\w\- ]+$")
_QUOTES = {"«": "»", "“": "”", '"': '"'}


@dataclass
class Reference:
    """A source read into the parts a reference manager wants."""

    id: str
    type: str
    title: str
    annote: str
    authors: list[dict[str, str]] = field(default_factory=list)
    editors: list[dict[str, str]] = field(default_factory=list)
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    pages: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    number: str | None = None
    genre: str | None = None
    issue: str | None = None


def person(text: str) -> dict[str, str]:
    """A CSL name from "Family, Given" or "Given Family" (a single word stays a literal)."""
    text = text.strip().strip(",")
    if "," in text:
        family, _, given = text.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    words = text.split()
    if len(words) >= 2:
        return {"family": words[-1], "given": " ".join(words[:-1])}
    return {"literal": text}


def _names_inverted(text: str) -> list[dict[str, str]]:
    """ "Reiter, Erich and Gärtner, Heinz" or "Карнер, Ш., Штельцль-Маркс, Б., и Чубарьян, А." """
    text = re.sub(r",?\s+(?:и|і|and|und)\s+", ", ", text.strip())
    tokens = [t.strip() for t in text.split(",") if t.strip()]
    if len(tokens) % 2:
        return [{"literal": text}]
    return [{"family": tokens[i], "given": tokens[i + 1]} for i in range(0, len(tokens), 2)]


def _names_direct(text: str) -> list[dict[str, str]] | None:
    """ "Siarhei Bohdan" or "Денис Лавникевич, Ирина Барамидзе, и Жанна Ульянова"; None if not names."""
    parts = [p.strip() for p in re.split(r",\s*(?:и\s+|і\s+|and\s+)?|\s+(?:и|і|and)\s+", text) if p.strip()]
    if not parts:
        return None
    for p in parts:
        words = p.split()
        if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) or w in _CONNECTORS for w in words):
            return None
        if any(ch.isdigit() for ch in p):
            return None
    return [person(p) for p in parts]


def _trimmed(title: str) -> str:
    """A title without the punctuation around it, keeping the point of a closing abbreviation ("1955 г.")."""
    title = title.strip(" ,")
    if title.endswith(".") and not re.search(r"(?:^|\s)\w{1,2}\.$", title):
        title = title[:-1]
    return title.strip(" ,")


def _container_title(m: re.Match[str]) -> str:
    """The title before an italic container, with the point _CONTAINER took off (kept after "г.")."""
    end = m.end("title")
    return _trimmed(strip_markdown(m.group("title") + m.string[end : end + 1].strip(",")))


def _unquoted(title: str) -> str:
    """A title without the quotation marks that enclose all of it ("«Беларусь, ты права!»")."""
    title = _trimmed(title)
    if len(title) > 2 and _QUOTES.get(title[0]) == title[-1] and title[0] not in title[1:-1]:
        return title[1:-1]
    return title


def _comma_authors(text: str) -> tuple[list[dict[str, str]], str] | None:
    """Names before the title, separated by commas ("Given Family, Given Family, Title, *Paper*", fn-16)."""
    parts = text.split(", ")
    names: list[dict[str, str]] = []
    for i, part in enumerate(parts[:-1]):
        found = _names_direct(part)
        if found and len(found) == 1:
            names += found
            continue
        rest = ", ".join(parts[i:])
        container = _CONTAINER.match(rest)
        # Only when a title and an italic container follow: a title alone may start with a name.
        if names and container and not container.group("title").startswith("*"):
            return names, rest
        return None
    return None


def _book(ref: Reference, book: re.Match[str]) -> Reference:
    """A citation that starts "Family, Given, 2001." : a book, an article or a chapter of an edited book."""
    names = book.group("names")
    is_editors = bool(_EDITORS.search(names))
    people = _names_inverted(_EDITORS.sub("", names))
    if is_editors:
        ref.editors = people
    else:
        ref.authors = people
    ref.date = ref.date or book.group("year")
    rest = book.group("rest")
    italic = _ITALIC_FIRST.match(rest)
    container = _CONTAINER.match(rest)
    if italic:
        ref.type, ref.title = "book", italic.group("title").strip()
        tail = italic.group("more")
    elif container:
        # A titled part inside an italic title: by editors, a chapter of their book (fn-2).
        ref.type = "chapter" if is_editors else "article-journal"
        ref.title = _container_title(container)
        ref.container = container.group("container").strip()
        tail = container.group("more")
    else:
        ref.type, ref.title = "book", strip_markdown(rest.split(". ")[0]).strip(" ,.")
        tail = rest
    place = _PLACE.search(tail)
    if place and ref.type in ("book", "chapter"):
        ref.place, ref.publisher = place.group("place").strip(), place.group("publisher").strip()
    elif ref.type == "chapter":
        first = tail.strip(" .").split(". ")[0]
        if _PLACE_ONLY.match(first):
            ref.place = first
    return ref


def reference(source: Source) -> Reference:
    """The parts of a source's citation, with its date, URL and language."""
    whole = " ".join(source.citation.split())
    ref = Reference(
        id=source.id,
        type="webpage" if source.url else "document",
        title=strip_markdown(whole),
        annote=strip_markdown(whole),
        date=source.date,
        url=source.url,
        language=source.language,
    )
    # The cited work follows a remark (kept in annote); the remark is not its title.
    see = _SEE.search(whole)
    text = whole[see.end() :] if see else whole
    numbered = _LEADING_NUMBER.match(text)
    if numbered:
        ref.number, text = numbered.group("number"), text[numbered.end() :]
    if see or numbered:
        ref.title = strip_markdown(text)
    pages = _PAGES.search(text)
    if pages:
        ref.pages = pages.group("pages").replace(" ", "")
    issue = _ISSUE.search(text)
    if issue:
        ref.issue = issue.group("issue")
    book = _BOOKISH.match(text)
    if book and not any(ch.isdigit() for ch in book.group("names")):
        return _book(ref, book)
    head, body = text, text
    split = _AUTHOR_STOP.split(text, maxsplit=1)
    names = _names_direct(split[0]) if len(split) == 2 else None
    if names:
        ref.authors, head, body = names, split[0], split[1]
    elif (listed := _comma_authors(text)) is not None:
        ref.authors, body = listed
        head = text[: len(text) - len(body)]
    italic = _ITALIC_FIRST.match(body)
    container = _CONTAINER.match(body)
    if italic:
        ref.title = italic.group("title").strip()
        ref.type = "webpage" if source.url else "book"
    elif container:
        ref.title = _unquoted(_container_title(container))
        ref.container = container.group("container").strip()
        f = _parsed(source.date)
        if _TREATY_SERIES.search(ref.container):
            ref.type = "treaty"
        elif f is not None and f.precision == "day":
            ref.type = "article-newspaper"
        else:
            ref.type = "article-journal"
        # "…, 1963. *Series*": the year the series printed it is the date, not part of the title (fn-3).
        year = re.search(r",\s*(\d{4})$", ref.title)
        if year and f is not None and str(f.start_min.year) == year.group(1):
            ref.title = ref.title[: year.start()].strip()
    elif head is not body:
        ref.title = strip_markdown(body).strip(" ,.")
    return ref


def _parsed(edtf: str | None) -> FuzzyDate | None:
    try:
        return parse_date(edtf) if edtf else None
    except DateError:
        return None


def csl_date(edtf: str | None) -> dict[str, Any] | None:
    """A CSL date at the precision known: date-parts of 1–3 numbers, season, circa, or a literal."""
    if not edtf:
        return None
    try:
        f = parse_date(edtf)
    except DateError:
        return {"literal": edtf}
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$", edtf)
    if m and not f.is_interval:
        y, mo, d, q = m.groups()
        parts = [int(y)]
        out: dict[str, Any] = {}
        if mo and 21 <= int(mo) <= 24:
            out["season"] = int(mo) - 20
        elif mo and int(mo) <= 12:
            parts.append(int(mo))
            if d:
                parts.append(int(d))
        out["date-parts"] = [parts]
        if q in ("~", "%"):
            out["circa"] = True
        return out
    if f.end_max and not f.open_start and (f.is_interval or f.precision in ("decade", "century")):
        return {"date-parts": [[f.start_min.year], [f.end_max.year]]}
    return {"literal": edtf}


def paper_reference(bundle: Bundle) -> Reference | None:
    """The paper the corpus comes from, as a report (None when the database does not name it)."""
    meta = bundle.paper
    if not meta.get("paper_title"):
        return None
    authors = json.loads(meta.get("paper_authors", "[]") or "[]")
    series = meta.get("paper_series") or None
    # "Analytical Paper 7": the kind of report and its number, each said once (not "No. 7. Analytical Paper 7").
    numbered = re.fullmatch(r"(?P<genre>.*?)\s*(?P<number>\d+)", series or "")
    genre = numbered.group("genre") if numbered else series
    number = numbered.group("number") if numbered else None
    return Reference(
        id=PAPER_ID,
        type="report",
        title=meta["paper_title"],
        annote="",
        authors=[person(a) for a in authors],
        publisher=meta.get("paper_publisher") or None,
        date=meta.get("paper_published") or None,
        url=meta.get("paper_url") or None,
        language="en",
        genre=genre or None,
        number=number,
    )


def references(bundle: Bundle, ticker: Ticker | None = None) -> list[Reference]:
    """The paper (first) and every source of the selection."""
    out = []
    paper = paper_reference(bundle)
    if paper:
        out.append(paper)
    for s in bundle.sources:
        out.append(reference(s))
        if ticker is not None:
            ticker.tick()
    return out


def csl_item(ref: Reference) -> dict[str, Any]:
    """One CSL-JSON item."""
    item: dict[str, Any] = {"id": ref.id, "type": ref.type, "title": ref.title}
    if ref.authors:
        item["author"] = ref.authors
    if ref.editors:
        item["editor"] = ref.editors
    optional = {
        "container-title": ref.container,
        "publisher": ref.publisher,
        "publisher-place": ref.place,
        "page": ref.pages,
        "URL": ref.url,
        "language": ref.language,
        "genre": ref.genre,
        "number": ref.number,
        "issue": ref.issue,
        "annote": ref.annote,
    }
    item.update({k: v for k, v in optional.items() if v})
    issued = csl_date(ref.date)
    if issued:
        item["issued"] = issued
    return item


def render_csl(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """CSL-JSON text: an array of items, the paper first."""
    items = [csl_item(r) for r in references(bundle, ticker)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
