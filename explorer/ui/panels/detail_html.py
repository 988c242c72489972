"""The detail panel's rich text for one event, with colours taken from the palette."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette

from explorer.formats.text import escape_html, hex_color, link_html
from explorer.model import PARTIES, PARTY_NAMES, Event, Source, Track, importance_score

#: The lane swatch's colour when the workspace holds something that is not #rrggbb (an old or edited file).
FALLBACK_COLOR = "#888888"

_EMPHASIS = re.compile(r"\*(.+?)\*")
_URL = re.compile(r"(https?://[^\s<>\"]+)")


class Colors(NamedTuple):
    """The few colours the rich text needs (a named tuple: cheaper to make at import than a frozen
    dataclass, equal and hashable the same way)."""

    text: str
    muted: str
    link: str
    rule: str
    quote_bg: str
    accent: str

    @classmethod
    def from_palette(cls, pal: QPalette) -> Colors:
        """Colours for a light or dark palette."""
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)

        def mix(t: float) -> str:
            c = QColor.fromRgbF(
                base.redF() + (text.redF() - base.redF()) * t,
                base.greenF() + (text.greenF() - base.greenF()) * t,
                base.blueF() + (text.blueF() - base.blueF()) * t,
            )
            return c.name()

        return cls(
            text=text.name(),
            muted=mix(0.6),
            link=pal.color(QPalette.ColorRole.Link).name(),
            rule=mix(0.18),
            quote_bg=mix(0.05),
            accent=pal.color(QPalette.ColorRole.Highlight).name(),
        )


def esc(text: str | None) -> str:
    """HTML-escaped text (the formats' one escaping helper, quotes included)."""
    return escape_html(text or "", attribute=True)


def citation_html(text: str) -> str:
    """A citation with *emphasis* in italics and bare http(s) URLs as links."""
    out = _EMPHASIS.sub(r"<i>\1</i>", esc(text))
    return _URL.sub(r'<a href="\1">\1</a>', out)


def attribution(meta: dict[str, str], section: str | None) -> str:
    """“Bohdan and Isaev 2016, section 3.1” from the database's meta table."""
    try:
        authors = json.loads(meta.get("paper_authors", "[]"))
    except ValueError:
        authors = []
    surnames = [a.split()[-1] for a in authors if a.strip()]
    if len(surnames) > 2:
        who = f"{surnames[0]} et al."
    else:
        who = " and ".join(surnames) or "the source"
    year = (meta.get("paper_published") or "")[:4]
    where = (
        f", section {section}" if section and section[0].isdigit() else (f", {section}" if section else "")
    )
    return f"{who} {year}".strip() + where


def importance_html(event: Event, colors: Colors) -> str:
    """The paper's Table two ratings as three rows of pips (filled up to the rating)."""
    imp = event.importance
    if imp is None:
        return ""
    rows = []
    for party in PARTIES:
        word = imp.as_dict()[party]
        score = importance_score(word) or 0.0
        pips = "".join(
            f'<span style="color:{colors.accent if score >= i - 0.25 else colors.rule}">&#9679;</span>'
            for i in (1, 2, 3)
        )
        rows.append(
            f"<tr><td style='padding-right:10px'>{PARTY_NAMES[party]}</td>"
            f"<td style='font-size:large; padding-right:8px'>{pips}</td>"
            f"<td style='color:{colors.muted}'>{esc(word)}</td></tr>"
        )
    return (
        f"<h4>Importance (the paper's Table two, row {imp.row})</h4>"
        f"<p style='color:{colors.muted}; margin-top:0'>{esc(imp.label)}</p>"
        f"<table cellspacing='0' cellpadding='1'>{''.join(rows)}</table>"
    )


def event_html(
    event: Event,
    track: Track | None,
    sources: list[Source],
    theme_labels: dict[str, str],
    meta: dict[str, str],
    colors: Colors,
    also: Sequence[Track] = (),
) -> str:
    """The whole detail text for one event (`also`: the other tracks an event on several lanes is on)."""
    c = colors
    parts = [
        f"<style>a {{ color: {c.link}; }} h4 {{ margin-bottom: 2px; margin-top: 14px; }}</style>",
        f"<h2 style='margin-bottom:4px'>{esc(event.title)}</h2>",
        f"<p style='margin-top:0'><b>{esc(event.date_words)}</b>"
        f"&nbsp;&nbsp;<span style='color:{c.muted}; font-family:monospace'>{esc(event.date)}</span></p>"
        if not event.undated
        # no EDTF to show: say plainly why the record is not on the date axis
        else f"<p style='margin-top:0'><b>{esc(event.date_words)}</b>&nbsp;&nbsp;<span style='color:{c.muted}'>"
        "the source gives no date; listed under “Undated”, not drawn on the date axis</span></p>",
    ]
    facts = []
    if track is not None:
        color = hex_color(track.color) or FALLBACK_COLOR
        facts.append(f"<span style='color:{color}'>&#9632;</span> {esc(track.name)}")
    for other in also:  # drawn in those lanes too, with the shared marker
        color = hex_color(other.color) or FALLBACK_COLOR
        facts.append(f"also on <span style='color:{color}'>&#9632;</span> {esc(other.name)}")
    facts.append(event.kind)
    if event.section:
        label = f"section {event.section}" if event.section[0].isdigit() else event.section
        facts.append(f"the paper's {esc(label)}")
    parts.append(f"<p style='color:{c.muted}'>{' &nbsp;·&nbsp; '.join(facts)}</p>")
    if event.summary:
        parts.append(f"<p>{esc(event.summary)}</p>")
    if event.quote:
        parts.append(
            f"<table width='100%' cellspacing='0' cellpadding='8' style='margin-top:6px'>"
            f"<tr><td style='background:{c.quote_bg}; border-left: 3px solid {c.accent}'>"
            f"<i>“{esc(event.quote)}”</i>"
            f"<br><span style='color:{c.muted}'>— {esc(attribution(meta, event.section))}</span>"
            f"</td></tr></table>"
        )
    parts.append(importance_html(event, c))
    if sources:
        items = []
        for s in sources:
            number = f"{s.number}. " if s.number is not None else ""
            link = f" {link_html(s.url)}" if s.url else ""
            items.append(f"<li>{number}{citation_html(s.citation)}{link}</li>")
        parts.append(f"<h4>Sources</h4><ul style='margin-left:-20px'>{''.join(items)}</ul>")
    if event.actors:
        parts.append(f"<h4>Actors</h4><p>{esc(', '.join(event.actors))}</p>")
    if event.themes:
        labels = [theme_labels.get(t, t) for t in event.themes]
        parts.append(f"<h4>Themes</h4><p>{esc(', '.join(labels))}</p>")
    parts.append(f"<p style='color:{c.muted}; font-size:small'>id: {esc(event.id)}</p>")
    return "".join(parts)
