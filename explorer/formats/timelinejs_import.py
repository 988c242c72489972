"""Reading TimelineJS3 JSON and its Google-Sheets CSV: HTML to text, groups to tracks, eras to periods."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import Any, Protocol

from explorer.formats.import_plan import Incoming, PlanBuilder
from explorer.formats.text import html_to_text
from explorer.model import Media, Period, Source, TitleSlide

_INT = re.compile(r"^[+-]?\d+$")
#: The columns of TimelineJS's Google-Sheets template, as the CSV header names them (lower case, _ for spaces).
SHEET_COLUMNS = (
    "year",
    "month",
    "day",
    "time",
    "end_year",
    "end_month",
    "end_day",
    "end_time",
    "display_date",
    "headline",
    "text",
    "media",
    "media_credit",
    "media_caption",
    "media_thumbnail",
    "type",
    "group",
    "background",
)
_V2 = (
    "the file is a TimelineJS 2 timeline (its data is inside “timeline”), which cannot be read; "
    "import its Google Sheet as CSV or save it as TimelineJS 3 JSON"
)


def _part(value: Any) -> str:
    """A date part as text ('' when absent or empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "?"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def to_edtf(
    parts: Any,
    where: str,
    field: str,
    builder: PlanBuilder,
    default_year: int | None = None,
    names: tuple[str, str, str] | None = None,
) -> str | None:
    """EDTF for a TimelineJS date at the precision given (YYYY, YYYY-MM or YYYY-MM-DD); '' when empty.

    Hours, minutes and seconds are dropped (the app places days). An end date with no year takes the
    start's year (`default_year`). None after recording why the date cannot be used; problems name
    `field.year` etc., or the columns in `names` (year, month, day) of a sheet.
    """
    if parts is None:
        return ""
    if not isinstance(parts, dict):
        builder.problem(where, field, "the date should be an object with year, month and day")
        return None
    ys, ms, ds = _part(parts.get("year")), _part(parts.get("month")), _part(parts.get("day"))
    col = dict(
        zip(
            ("year", "month", "day"),
            names or (f"{field}.year", f"{field}.month", f"{field}.day"),
            strict=True,
        )
    )
    if not (ys or ms or ds):
        return ""
    if not ys:
        if default_year is None:
            builder.problem(where, col["year"], "the year is missing")
            return None
        ys = str(default_year)
    for name, value in (("year", ys), ("month", ms), ("day", ds)):
        if value and not _INT.match(value):
            builder.problem(where, col[name], f"“{value}” is not a whole number")
            return None
    year = int(ys)
    if not 1 <= year <= 9999:
        side = "before the year 1" if year < 1 else "after the year 9999"
        builder.problem(where, col["year"], f"the year {year} is {side}; the app places years 1 to 9999 only")
        return None
    if not ms:
        if ds:
            builder.problem(where, col["day"], "a day is given without a month")
            return None
        return f"{year:04d}"
    month = int(ms)
    if not 1 <= month <= 12:
        builder.problem(where, col["month"], f"there is no month {month}")
        return None
    if not ds:
        return f"{year:04d}-{month:02d}"
    day = int(ds)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        builder.problem(where, col["day"], f"{calendar.month_name[month]} {year} has no day {day}")
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _text(obj: Any, key: str) -> str:
    value = obj.get(key) if isinstance(obj, dict) else None
    return html_to_text(value) if isinstance(value, str) else ""


def _label(headline: str) -> str:
    return f" “{headline[:50]}{'…' if len(headline) > 50 else ''}”" if headline else ""


def _dates(item: dict[str, Any], where: str, builder: PlanBuilder) -> str | None:
    start = to_edtf(item.get("start_date"), where, "start_date", builder)
    if start is None:
        return None
    if not start:
        builder.problem(where, "start_date", "the start date is missing")
        return None
    end = to_edtf(item.get("end_date"), where, "end_date", builder, default_year=int(start[:4]))
    if end is None:
        return None
    return builder.interval(start, end, where, ("start_date", "end_date"))


def read_timelinejs(doc: Any, builder: PlanBuilder) -> None:
    """Read a TimelineJS document into the plan (the title slide names the dataset)."""
    plan = builder.plan
    if is_timelinejs2(doc):
        builder.problem("", "timeline", _V2, fatal=True)
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        builder.problem(
            "", "events", "the file is not a TimelineJS timeline (it has no list of events)", fatal=True
        )
        return
    title = _text(
        doc.get("title", {}).get("text") if isinstance(doc.get("title"), dict) else None, "headline"
    )
    if title:
        plan.title = title
        builder.default_track = title
    plan.title_slide = _title_slide(doc.get("title"))
    media_keys: dict[str, str] = {}
    for i, item in enumerate(doc["events"]):
        _read_event(builder, media_keys, f"events[{i}]", item)
    _read_eras(doc, builder)


def _read_event(builder: PlanBuilder, media_keys: dict[str, str], where: str, item: Any) -> None:
    """Add one TimelineJS slide as an event, or record why it cannot be one."""
    plan = builder.plan
    if not isinstance(item, dict):
        builder.problem(where, "", "the item should be an object")
        return
    text: dict[str, Any] = item["text"] if isinstance(item.get("text"), dict) else {}
    headline = _text(text, "headline")
    body = _text(text, "text")
    where += _label(headline)
    edtf = _dates(item, where, builder)
    if edtf is None:
        return
    media: dict[str, Any] = item["media"] if isinstance(item.get("media"), dict) else {}
    url: str = media["url"] if isinstance(media.get("url"), str) else ""
    caption = _text(media, "caption")
    title = headline or _first_sentence(body) or caption
    if not title:
        builder.problem(
            where, "text.headline", "the event has no headline, text or media caption to use as a title"
        )
        return
    if not headline:
        plan.warnings.append(
            f"{plan.name}, {where}: no headline; the title “{title}” was taken from its text or media caption."
        )
    quote = html_to_text(url) if url.lstrip().startswith("<") else None
    sources = _media_source(builder, media_keys, url, caption, _text(media, "credit"))
    group: str = item["group"] if isinstance(item.get("group"), str) else ""
    uid: str = item["unique_id"] if isinstance(item.get("unique_id"), str) else ""
    given = builder.claim_id(uid.strip(), where, "unique_id") if uid.strip() else None
    if uid.strip() and given is None:
        return
    display = item.get("display_date")
    builder.add(
        Incoming(
            id=given or "",
            title=title,
            date=edtf,
            track=builder.track(group),
            where=where,
            summary=body if body != title else "",
            date_text=html_to_text(display) if isinstance(display, str) and display.strip() else None,
            quote=quote,
            sources=sources,
            media=_media(media),
        ),
        generated_id=given is None,
    )


def _read_eras(doc: dict[str, Any], builder: PlanBuilder) -> None:
    """Add each dated era as a period, or record why it cannot be one."""
    eras = doc.get("eras", [])
    for i, era in enumerate(eras if isinstance(eras, list) else []):
        where = f"eras[{i}]"
        if not isinstance(era, dict):
            builder.problem(where, "", "the item should be an object")
            continue
        name = _text(era.get("text"), "headline")
        where += _label(name)
        edtf = _dates(era, where, builder)
        if edtf is not None:
            builder.plan.periods.append(
                Period(None, name or f"Era {i + 1}", edtf, _text(era.get("text"), "text"))
            )


def _raw(obj: Any, key: str) -> str:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, str) else ""


def _media(obj: Any) -> Media | None:
    """A slide's media as the file gives it (its HTML kept, so that it is exported again alike)."""
    url = _raw(obj, "url").strip()
    if not url:
        return None
    return Media(url, _raw(obj, "caption"), _raw(obj, "credit"), _raw(obj, "thumbnail"))


def _title_slide(obj: Any) -> TitleSlide | None:
    """The file's own title slide (headline, text and media as given), None when it has none."""
    if not isinstance(obj, dict):
        return None
    text = obj.get("text")
    headline, body, media = _raw(text, "headline"), _raw(text, "text"), _media(obj.get("media"))
    if not (headline.strip() or body.strip() or media):
        return None
    return TitleSlide(headline, body, media)


def is_timelinejs2(doc: Any) -> bool:
    """True for a TimelineJS 2 document: {"timeline": {"headline": …, "date": [...]}}."""
    return isinstance(doc, dict) and isinstance(doc.get("timeline"), dict) and "events" not in doc


def timelinejs2_reason() -> str:
    """The sentence that refuses a TimelineJS 2 file."""
    return _V2


def _media_source(
    builder: PlanBuilder, media_keys: dict[str, str], url: str, caption: str, credit: str
) -> tuple[str, ...]:
    """The source a slide's media address becomes (one per distinct address), or none."""
    if not url.startswith(("http://", "https://", "//")):
        return ()
    key = media_keys.setdefault(url, f"media-{len(media_keys) + 1}")
    citation = "; ".join(p for p in (caption, credit) if p) or url
    builder.plan.sources.setdefault(
        key, Source(key, citation, url=url if not url.startswith("//") else "https:" + url)
    )
    return (key,)


class _Rows(Protocol):
    line_num: int

    def __iter__(self) -> Any: ...

    def __next__(self) -> list[str]: ...


_SHEET_START = ("Year", "Month", "Day")
_SHEET_END = ("End Year", "End Month", "End Day")


def read_timelinejs_sheet(reader: _Rows, header: Iterable[str], builder: PlanBuilder) -> None:
    """Read rows in TimelineJS's Google-Sheets layout: Type title names the dataset, era makes a period."""
    plan = builder.plan
    names = [re.sub(r"\s+", "_", c.strip().lower()) for c in header]
    width = len(names)
    media_keys: dict[str, str] = {}
    previous = reader.line_num
    for cells in reader:
        line, previous = previous + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(names, [c.strip() for c in cells] + [""] * (width - len(cells)), strict=False))
        where = f"line {line}"
        kind = row.get("type", "").lower()
        headline, body = html_to_text(row.get("headline", "")), html_to_text(row.get("text", ""))
        sheet_media = _media(
            {"url": row.get("media", ""), "caption": row.get("media_caption", ""),
             "credit": row.get("media_credit", ""), "thumbnail": row.get("media_thumbnail", "")}
        )  # fmt: skip
        if kind == "title":
            if headline:
                plan.title = builder.default_track = headline
            if headline or body or sheet_media:
                plan.title_slide = TitleSlide(row.get("headline", ""), row.get("text", ""), sheet_media)
            continue
        edtf = _sheet_dates(row, where, builder)
        if edtf is None:
            continue
        if kind == "era":
            plan.periods.append(Period(None, headline or f"Era {len(plan.periods) + 1}", edtf, body))
            continue
        url, caption = row.get("media", ""), html_to_text(row.get("media_caption", ""))
        title = headline or _first_sentence(body) or caption
        if not title:
            builder.problem(
                where, "Headline", "the row has no headline, text or media caption to use as a title"
            )
            continue
        display = html_to_text(row.get("display_date", ""))
        builder.add(
            Incoming(
                id="",
                title=title,
                date=edtf,
                track=builder.track(row.get("group", "")),
                where=where,
                summary=body if body != title else "",
                date_text=display or None,
                quote=html_to_text(url) if url.startswith("<") else None,
                sources=_media_source(
                    builder, media_keys, url, caption, html_to_text(row.get("media_credit", ""))
                ),
                media=sheet_media,
            ),
            generated_id=True,
            line=line,
        )


def _sheet_dates(row: dict[str, str], where: str, builder: PlanBuilder) -> str | None:
    start_parts = {"year": row.get("year"), "month": row.get("month"), "day": row.get("day")}
    start = to_edtf(start_parts, where, "start", builder, names=_SHEET_START)
    if start is None:
        return None
    if not start:
        builder.problem(where, "Year", "the year is empty")
        return None
    end_parts = {"year": row.get("end_year"), "month": row.get("end_month"), "day": row.get("end_day")}
    end = to_edtf(end_parts, where, "end", builder, default_year=int(start[:4]), names=_SHEET_END)
    if end is None:
        return None
    return builder.interval(start, end, where, ("Year", "End Year"))


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return first if len(first) <= 90 else first[:89].rstrip() + "…"
