"""Small text helpers shared by the formats: HTML to text, escaping, slugs, transliteration."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "cite",
}

# Cyrillic (Russian, Belarusian, Ukrainian) to ASCII, for BibTeX keys and slugs only.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіўїєґ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "i",
            "u",
            "i",
            "ye",
            "g",
        ],
        strict=True,
    )
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, paragraphs kept as blank lines."""
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def escape_html(value: str, *, attribute: bool = False) -> str:
    """HTML-escaped text: & < > always, quotes too inside an attribute value."""
    return html.escape(value, quote=attribute)


_ITALIC = re.compile(r"\*([^*\n]+)\*")


def citation_html(citation: str) -> str:
    """A citation (Markdown italics allowed) as escaped HTML with <i> for the italic parts."""
    return _ITALIC.sub(r"<i>\1</i>", escape_html(citation))


def strip_markdown(value: str) -> str:
    """A citation without its Markdown emphasis markers."""
    return _ITALIC.sub(r"\1", value)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]>])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)


def escape_markdown(value: str) -> str:
    """Plain text made safe to embed in Markdown (no accidental emphasis, links, lists or headings)."""
    # "<" as an entity: Python-Markdown, unlike CommonMark, does not take "\<" as an escape.
    escaped = _MD_SPECIAL.sub(r"\\\1", value).replace("<", "&lt;")
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def ascii_fold(value: str) -> str:
    """Latin letters only: Cyrillic transliterated, accents removed, everything else kept."""
    out = []
    for ch in value:
        low = ch.lower()
        if low in _CYRILLIC:
            t = _CYRILLIC[low].replace("-", "")
            out.append(t.capitalize() if ch != low and t else t)
        else:
            out.append(ch)
    folded = unicodedata.normalize("NFKD", "".join(out))
    return folded.encode("ascii", "ignore").decode("ascii")


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(value: str, max_length: int = 60) -> str:
    """A lowercase ASCII slug of letters, digits and hyphens ('' when nothing is left)."""
    slug = _NON_SLUG.sub("-", ascii_fold(value).lower()).strip("-")
    return slug[:max_length].rstrip("-")
