"""Small text helpers shared by the formats: HTML to text, escaping, slugs, transliteration."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

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


@cache
def _text_reader() -> Callable[[str], list[str]]:
    """The pieces of text of an HTML fragment, by a parser made on first use (html.parser takes about
    1.6 ms to import, and the window's first paint reads no HTML)."""
    from html.parser import HTMLParser

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

    def read(value: str) -> list[str]:
        parser = _TextParser()
        parser.feed(value)
        parser.close()
        return parser.parts

    return read


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, paragraphs kept as blank lines."""
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    text = "".join(_text_reader()(value))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def escape_html(value: str, *, attribute: bool = False) -> str:
    """HTML-escaped text: & < > always, quotes too inside an attribute value."""
    # what html.escape does, without importing the html package at the window's open (its entity
    # table takes about 1.5 ms to load, and nothing there decodes entities)
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


def literal_html(value: str) -> str:
    """Text for a widget that guesses rich text (tooltip, label, message box), shown as written, never as HTML.

    Text without "<" or "&" is returned as it is (Qt takes it as plain text). Otherwise escaping alone is not
    enough: Qt shows "&amp;" literally when the escaped text no longer looks like HTML, so the escaped text
    is wrapped in <qt> to make it rich text whose only content is the words.
    """
    if "<" not in value and "&" not in value:
        return value
    return "<qt>" + escape_html(value).replace("\n", "<br>") + "</qt>"


def quoted(value: str, limit: int = 40) -> str:
    """A value for a sentence: in quotes, control characters as spaces, cut to `limit` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in value[: limit + 1])
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


#: The only URL schemes the app hands to the system (a browser or a mail program).
LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):(.*)", re.DOTALL)
_UNSAFE_IN_URL = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_link(url: str | None) -> str | None:
    """The URL when it may be opened (http or https with a host, or mailto), else None.

    Everything else (javascript:, file:, smb:, data:, relative or schemeless links) is shown as text only.
    Control characters and backslashes are refused too: browsers strip or rewrite them, so a link that
    looks like http here could reach the system as something else. (Spaces are kept: real citations have
    them, and they are percent-encoded on the way out.)
    """
    if not url:
        return None
    text = url.strip()
    if _UNSAFE_IN_URL.search(text):
        return None
    m = _SCHEME.fullmatch(text)
    if m is None or m.group(1).lower() not in LINK_SCHEMES:
        return None
    scheme, rest = m.group(1).lower(), m.group(2)
    if scheme == "mailto":
        return text if rest and not rest.startswith("/") else None
    try:
        host = urlsplit(text).hostname
    except ValueError:  # a malformed IPv6 address
        return None
    return text if rest.startswith("//") and host else None


def link_html(url: str | None, label: str | None = None) -> str:
    """An allowed URL as an <a> link; any other URL as escaped text that cannot be clicked."""
    shown = escape_html(label if label is not None else url or "")
    allowed = safe_link(url)
    if allowed is None:
        return shown
    return f'<a href="{escape_html(allowed, attribute=True)}">{shown}</a>'


_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def hex_color(value: object) -> str | None:
    """A colour as lower-case #rrggbb (#rgb is expanded), or None for anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _HEX_COLOR.fullmatch(text):
        return None
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text.lower()


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
