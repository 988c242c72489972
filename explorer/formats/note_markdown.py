"""A note's Markdown as safe HTML: raw HTML shown as text, no images fetched, only the links the app's link policy allows.

Shared by the notes view (explorer.ui.annotations) and the exports that hold HTML (TimelineJS), so a
note looks the same everywhere and a note can never run script in a browser that shows an export.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Literal

import markdown
from markdown.treeprocessors import Treeprocessor

from explorer.formats.text import safe_link


class _InertLinks(Treeprocessor):
    """Links outside the app's one link policy (javascript:, file:, smb:...) become plain text."""

    def run(self, root: ET.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href") or ""
            if safe_link(href) is None:
                a.tag = "span"
                a.attrib.clear()
                if href and href != "".join(a.itertext()):
                    a.tail = f" ({href})" + (a.tail or "")  # the address stays readable as text


def _markdown(output_format: Literal["html", "xhtml"]) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "nl2br"], output_format=output_format)
    # Raw HTML in a note is shown as text, never interpreted; images are not fetched.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in ("image_link", "image_reference", "short_image_ref"):
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_InertLinks(md), "inert_links", -1)  # after the escapes are undone
    return md


_MD = {"html": _markdown("html"), "xhtml": _markdown("xhtml")}


def render_markdown(text: str, xhtml: bool = False) -> str:
    """A note's Markdown as HTML (well-formed XHTML if asked); its own HTML escaped, disallowed links as text."""
    md = _MD["xhtml" if xhtml else "html"]
    md.reset()
    return md.convert(text)
