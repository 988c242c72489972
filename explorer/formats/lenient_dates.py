"""Dates as other people's event files write them, rewritten as EDTF (1862-4-6, 55 BC, 6 April 1862)."""

from __future__ import annotations

import re

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# 1862-4-6, +1862-04-06T00:00:00Z (Wikidata), 1862-04-06 10:30, 800, 800-3
_NUMERIC = re.compile(
    r"^(?P<sign>[+-]?)(?P<year>\d{1,4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
# 55 BC, 55 BCE, AD 800, 800 CE
_ERA = re.compile(
    r"^(?:(?P<ad>AD|A\.D\.)\s*)?(?P<year>\d{1,4})\s*(?P<era>BCE?|B\.C\.(?:E\.)?|AD|A\.D\.|CE)?$", re.I
)
# 6 April 1862, April 6, 1862, April 1862
_WORDS_DMY = re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{1,4}})$", re.I)
_WORDS_MDY = re.compile(rf"^{_MONTH}\s+(?:(?P<day>\d{{1,2}}),?\s+)?(?P<year>\d{{1,4}})$", re.I)
#: Already EDTF in the form our own exports write: never rewritten (the hot path of big imports).
_CANONICAL = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def lenient_date(value: str) -> str | None:
    """The EDTF spelling of a date written another common way, or None when there is nothing to rewrite.

    Only the spelling changes: "1862-4-6" -> "1862-04-06", "55 BC" -> "-0054" (astronomical year
    numbering, as EDTF has it), "6 April 1862" -> "1862-04-06", a time of day is dropped. Whether the
    date is possible (a 30 February, a year before 1) is left to the EDTF parser.
    """
    text = value.strip()
    if not text or _CANONICAL.match(text):
        return None
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 2:
            return None
        rewritten = [lenient_date(p) or p.strip() for p in parts]
        joined = "/".join(rewritten)
        return joined if joined != text else None
    found = _rewrite(text)
    return found if found is not None and found != text else None


def _rewrite(text: str) -> str | None:
    m = _NUMERIC.match(text)
    if m:
        year = int(m["year"]) * (-1 if m["sign"] == "-" else 1)
        return _edtf(year, m["m"], m["d"])
    m = _ERA.match(text)
    if m and (m["era"] or m["ad"]):
        year = int(m["year"])
        if m["era"] and m["era"].upper().startswith("B"):
            year = 1 - year  # 1 BC is the year 0, 55 BC is -54
        return _edtf(year, None, None)
    for pattern in (_WORDS_DMY, _WORDS_MDY):
        m = pattern.match(text)
        if m:
            return _edtf(int(m["year"]), str(_MONTHS[m["month"].lower()]), m["day"])
    return None


def _edtf(year: int, month: str | None, day: str | None) -> str:
    text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    if month:
        text += f"-{int(month):02d}"
        if day:
            text += f"-{int(day):02d}"
    return text
