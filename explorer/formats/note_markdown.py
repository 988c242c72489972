"""A note's Markdown as safe HTML: raw HTML shown as text, no images fetched, only harmless link targets.

Shared by the notes view (explorer.ui.annotations) and the exports that hold HTML (TimelineJS), so a
note looks the same everywhere and a note can never run script in a browser that shows an export.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Literal

import markdown
from markdown.treeprocessors import Treeprocessor

#: Link targets kept: the web, mail, and places inside the document; anything else (javascript:,
#: data:, file:) loses its href and stays as text.
_SAFE_HREF = re.compile(r"^(?:https?:|mailto:|#|/(?!/)|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    """Removes link targets that are not web, mail or in-document addresses."""

    def run(self, root: ET.Element) -> None:
        for a in root.iter("a"):
            href = "".join((a.get("href") or "").split())
            if not _SAFE_HREF.match(href):
                a.attrib.pop("href", None)


def _markdown(output_format: Literal["html", "xhtml"]) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "nl2br"], output_format=output_format)
    # Raw HTML in a note is shown as text, never interpreted; images are not fetched.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in ("image_link", "image_reference", "short_image_ref"):
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 5)  # after inline links exist
    return md


_MD = {"html": _markdown("html"), "xhtml": _markdown("xhtml")}


def render_markdown(text: str, xhtml: bool = False) -> str:
    """A note's Markdown as HTML (well-formed XHTML if asked); its own HTML escaped, unsafe links dropped."""
    md = _MD["xhtml" if xhtml else "html"]
    md.reset()
    return md.convert(text)
