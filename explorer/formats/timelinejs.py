"""TimelineJS3 JSON: tracks as groups, user periods as eras, dates with only the parts known."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from explorer.formats.bundle import Bundle
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.markdown import date_in_words, paper_words
from explorer.formats.note_markdown import render_markdown
from explorer.formats.text import citation_html, escape_html
from explorer.model import Event, Media, Period, parse_date

_POINT = re.compile(r"^(?P<y>[0-9X]{4})(?:-(?P<m>[0-9X]{2})(?:-(?P<d>[0-9X]{2}))?)?[~?%]?$")
# Sub-year groupings (EDTF 21-41): first and last month, as in explorer.model.dates.
_GROUP_MONTHS = {
    **{c: (m, m + 2) for c, m in zip(range(21, 29), (3, 6, 9, 12, 3, 6, 9, 12), strict=True)},
    29: (9, 11),
    30: (12, 14),
    31: (3, 5),
    32: (6, 8),
    33: (1, 3),
    34: (4, 6),
    35: (7, 9),
    36: (10, 12),
    37: (1, 4),
    38: (5, 8),
    39: (9, 12),
    40: (1, 6),
    41: (7, 12),
}

Parts = dict[str, int]


def _day_parts(d: date) -> Parts:
    return {"year": d.year, "month": d.month, "day": d.day}


def point_parts(text: str, side: str) -> Parts | None:
    """The TimelineJS date parts of one EDTF point, at its precision; `side` is 'start' or 'end'.

    A season or other part of a year becomes its first (start) or last (end) month; a decade or
    century its first or last year. None when the point is not a plain EDTF date.
    """
    m = _POINT.match(text.strip())
    if not m:
        return None
    ys, ms, ds = m.group("y"), m.group("m"), m.group("d")
    if "X" in ys:
        stem = ys.rstrip("X")
        if "X" in stem:
            return None
        n = 4 - len(stem)
        year = int(stem + ("0" if side == "start" else "9") * n)
        return {"year": max(year, 1)}
    year = int(ys)
    if ms is None or ms == "XX":
        return {"year": year}
    month = int(ms)
    if month in _GROUP_MONTHS:
        first, last = _GROUP_MONTHS[month]
        if side == "start":
            return {"year": year, "month": first}
        return {"year": year + (last - 1) // 12, "month": (last - 1) % 12 + 1}
    if ds is None or ds == "XX":
        return {"year": year, "month": month}
    return {"year": year, "month": month, "day": int(ds)}


def date_parts(edtf: str) -> tuple[Parts, Parts | None]:
    """Start and end parts for an EDTF date (end None for a single point or an open end)."""
    s = edtf.strip()
    if s.startswith(("[", "{")):
        items = [p.strip().strip(".") for p in re.split(r",|\.\.", s[1:-1]) if p.strip().strip(".")]
        if items:
            start, end = point_parts(items[0], "start"), point_parts(items[-1], "end")
            if start and end:
                return start, (end if end != start else None)
    elif "/" in s:
        left, _, right = s.partition("/")
        open_start, open_end = left in ("", ".."), right in ("", "..")
        a = None if open_start else point_parts(left, "start")
        b = None if open_end else point_parts(right, "end")
        if open_start and b:
            return b, None
        if a and (b or open_end):
            return a, b
    else:
        start = point_parts(s, "start")
        end = point_parts(s, "end")
        if start:
            return start, (end if end != start else None)
    f = parse_date(s)
    return _day_parts(f.start_min), (
        _day_parts(f.end_max) if f.end_max and f.end_max != f.start_min else None
    )


def _event_text(event: Event, bundle: Bundle, sources: dict[str, Any], notes: bool) -> str:
    html = []
    if event.summary:
        html.append(f"<p>{escape_html(event.summary)}</p>")
    if event.quote:
        where = (
            f" (section {escape_html(event.section)})" if event.section and event.section != "summary" else ""
        )
        html.append(f"<blockquote>“{escape_html(event.quote)}”{where}</blockquote>")
    if event.actors:
        html.append(f"<p>Actors: {escape_html(', '.join(event.actors))}</p>")
    if notes:
        for note in bundle.notes.get(event.id, []):
            # The note's Markdown as the app shows it: its own HTML escaped, links only to the web.
            html.append(
                f'<div class="note"><p><b>Note:</b></p>{render_markdown(note.body, xhtml=True)}</div>'
            )
    cited = [sources[s] for s in event.source_ids if s in sources]
    if cited:
        items = []
        for s in cited:
            item = citation_html(s.citation)
            if s.url:
                item += f' <a href="{escape_html(s.url, attribute=True)}">{escape_html(s.url)}</a>'
            items.append(f"<li>{item}</li>")
        html.append("<p>Sources:</p><ol>" + "".join(items) + "</ol>")
    return "".join(html)


def event_slide(
    event: Event, bundle: Bundle, sources: dict[str, Any], groups: dict[str, str], notes: bool
) -> dict[str, Any]:
    """One TimelineJS event."""
    start, end = date_parts(event.date)
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": start,
        "display_date": date_in_words(event),
        "text": {"headline": escape_html(event.title), "text": _event_text(event, bundle, sources, notes)},
        "group": groups.get(event.track, event.track),
    }
    if end:
        slide["end_date"] = end
    media = bundle.media.get(event.id)
    if media is not None:
        slide["media"] = media_obj(media)
    return slide


def media_obj(media: Media) -> dict[str, str]:
    """A TimelineJS media object (url, caption, credit, thumbnail as imported; empty parts left out)."""
    parts = (("url", media.url), ("caption", media.caption), ("credit", media.credit))
    return {k: v for k, v in (*parts, ("thumbnail", media.thumbnail)) if v}


def era(period: Period, latest: Parts | None) -> dict[str, Any] | None:
    """A user period as a TimelineJS era (an open end runs to the latest event), or None if unplaceable."""
    try:
        start, end = date_parts(period.date)
    except ValueError:
        return None
    end = end or latest or start
    return {
        "start_date": start,
        "end_date": end,
        "text": {
            "headline": escape_html(period.name),
            "text": f"<p>{escape_html(period.note)}</p>" if period.note else "",
        },
    }


def left_out(bundle: Bundle) -> str:
    """The undated events a TimelineJS file leaves out, in words ("" when none)."""
    n = sum(1 for e in bundle.events if e.undated)
    if not n:
        return ""
    return f"{n:,} undated event{'s' if n != 1 else ''} left out: TimelineJS needs a start date"


def to_obj(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> dict[str, Any]:
    """The TimelineJS document as a JSON-ready object."""
    groups = {t.id: t.name for t in bundle.tracks}
    sources = {s.id: s for s in bundle.sources}
    events = []
    for e in bundle.events:
        if not e.undated:  # TimelineJS requires a start date: see left_out
            events.append(event_slide(e, bundle, sources, groups, options.include_notes))
        ticker.tick()
    latest = None
    ends = [e.fuzzy.end_max for e in bundle.events if not e.undated and e.fuzzy.end_max]
    if ends:
        latest = {"year": max(ends).year}
    eras = [x for p in bundle.periods if (x := era(p, latest))]
    title = options.title or "Neutrality Explorer"
    paper, details = paper_words(bundle)
    intro = (
        f"<p>From the timeline of <i>{escape_html(paper)}</i> ({escape_html(details)}).</p>" if paper else ""
    )
    own = bundle.title_slide if not options.title else None
    slide: dict[str, Any] = {"text": {"headline": escape_html(title), "text": intro}}
    if own is not None:  # an imported dataset exported alone: the title slide it came with
        slide = {"text": {"headline": own.headline, "text": own.text}}
        if own.media is not None:
            slide["media"] = media_obj(own.media)
    doc: dict[str, Any] = {"title": slide, "events": events}
    if eras:
        doc["eras"] = eras
    return doc


def render(bundle: Bundle, options: ExportOptions, ticker: Ticker) -> str:
    """TimelineJS JSON text."""
    return json.dumps(to_obj(bundle, options, ticker), ensure_ascii=False, indent=2) + "\n"
