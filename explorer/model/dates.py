"""Fuzzy dates: EDTF strings with the bounds a timeline needs, and their wording in prose.

The common EDTF forms (days, months, seasons and other sub-year groupings, years, decades with
unspecified digits, approximate/uncertain qualifiers, intervals with open ends, one-of sets) are
parsed here directly, so that a million-row import stays fast and needs no other package; any other
form, and any date outside years 1–9999, is refused with a sentence that names it.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

__all__ = ["DateError", "FuzzyDate", "OPEN_HI", "UNDATED_DAY", "parse_date", "from_ordinal"]

#: The `hi` day number stored for an open-ended interval ("since 2014").
OPEN_HI = date.max.toordinal()
#: Not a day: the `lo`/`hi` of an undated record, one past every date, so it sorts after them all.
UNDATED_DAY = OPEN_HI + 1

PRECISIONS = ("day", "month", "season", "quarter", "half", "year", "decade", "century")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}

SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
# Sub-year groupings of EDTF level 2: code -> (first month, number of months, words)
_GROUPS: dict[int, tuple[int, int, str]] = {
    21: (3, 3, "spring"),
    22: (6, 3, "summer"),
    23: (9, 3, "autumn"),
    24: (12, 3, "winter"),
    25: (3, 3, "spring"),
    26: (6, 3, "summer"),
    27: (9, 3, "autumn"),
    28: (12, 3, "winter"),
    29: (9, 3, "spring"),
    30: (12, 3, "summer"),
    31: (3, 3, "autumn"),
    32: (6, 3, "winter"),
    33: (1, 3, "first quarter of"),
    34: (4, 3, "second quarter of"),
    35: (7, 3, "third quarter of"),
    36: (10, 3, "fourth quarter of"),
    37: (1, 4, "first third of"),
    38: (5, 4, "second third of"),
    39: (9, 4, "last third of"),
    40: (1, 6, "first half of"),
    41: (7, 6, "second half of"),
}

_DATE_RE = re.compile(
    r"^(?P<year>-?[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<q>[~?%])?$"
)


class DateError(ValueError):
    """An EDTF string that cannot be read or placed on the calendar."""


class _Point(NamedTuple):
    """One side of a date: its earliest and latest possible day and how it was given (a named
    tuple: private to this module, and made at import in a quarter of a frozen dataclass's time)."""

    lo: date
    hi: date
    precision: str
    approximate: bool
    uncertain: bool


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """An EDTF date with its possible range.

    `start_min`..`start_max` is where the item can begin, `end_min`..`end_max` where it can end;
    a single date has equal start and end ranges. `end_max` is None for an open end ("since 2014").
    """

    edtf: str
    precision: str
    approximate: bool
    uncertain: bool
    is_interval: bool
    open_start: bool
    open_end: bool
    start_min: date
    start_max: date
    end_min: date
    end_max: date | None

    @property
    def lo(self) -> int:
        """Day number (proleptic Gregorian ordinal) of the earliest possible day."""
        return self.start_min.toordinal()

    @property
    def hi(self) -> int:
        """Day number of the latest possible day; OPEN_HI when open-ended."""
        return OPEN_HI if self.end_max is None else self.end_max.toordinal()

    @property
    def exact_day(self) -> bool:
        """True when the date is a single day known exactly."""
        return not self.is_interval and self.precision == "day" and not (self.approximate or self.uncertain)

    def in_words(self) -> str:
        """The date in English words ("27 November 1996", "autumn 2015", "since 2014")."""
        return describe(self.edtf)


def _pad(d: date, precision: str, sign: int) -> date:
    """Widen an approximate bound the way the edtf package does (one unit of its precision)."""
    if precision == "day":
        return d + timedelta(days=sign)
    if precision == "month":
        y, m = d.year, d.month + sign
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1
        last = calendar.monthrange(y, m)[1] if 1 <= y <= 9999 else 28
        return _safe_date(y, m, min(d.day, last))
    if precision in ("season", "quarter", "half"):
        return d + timedelta(weeks=12 * sign)
    years = {"year": 1, "decade": 10, "century": 100}.get(precision, 1)
    try:
        return d.replace(year=d.year + sign * years)
    except ValueError:
        return _safe_date(d.year + sign * years, d.month, 28)


def _safe_date(y: int, m: int, d: int) -> date:
    if not 1 <= y <= 9999:
        raise DateError(f"the year {y} is outside the years 1 to 9999 that the timeline can place")
    return date(y, m, d)


@functools.lru_cache(maxsize=1 << 16)
def _parse_point(text: str) -> _Point:
    """One side of a date (cached: the ends of a dataset's intervals repeat; points are immutable)."""
    m = _DATE_RE.match(text)
    if not m:
        if re.match(r"^Y?-[0-9]", text):
            raise DateError(f"“{text}” is before the year 1, which the timeline cannot place")
        if re.match(r"^Y?[0-9]{5,}", text):
            raise DateError(f"“{text}” is after the year 9999, which the timeline cannot place")
        raise DateError(f"“{text}” is not an EDTF date")
    ys, ms, ds, q = m.group("year"), m.group("month"), m.group("day"), m.group("q")
    approximate = q in ("~", "%")
    uncertain = q in ("?", "%")
    if ys.startswith("-"):
        raise DateError(f"“{text}” is before the year 1, which the timeline cannot place")
    if "X" in ys:
        if ms or ds:
            raise DateError(f"“{text}” leaves the year unspecified but gives a month or day")
        lo, hi, precision = _unspecified_year(text, ys)
        return _Point(lo, hi, precision, approximate, uncertain)
    year = int(ys)
    if year == 0:
        raise DateError(f"“{text}” is the year 0, before the years 1 to 9999 the timeline can place")
    if ms is None:
        return _Point(_safe_date(year, 1, 1), _safe_date(year, 12, 31), "year", approximate, uncertain)
    if "X" in ms:
        if ds is not None or ms != "XX":
            raise DateError(f"“{text}” has an unspecified month digit the timeline cannot read")
        return _Point(_safe_date(year, 1, 1), _safe_date(year, 12, 31), "year", approximate, uncertain)
    month = int(ms)
    if month in _GROUPS:
        if ds is not None:
            raise DateError(f"“{text}” gives a day after a season")
        lo, hi, precision = _group_of_months(year, month)
        return _Point(lo, hi, precision, approximate, uncertain)
    if not 1 <= month <= 12:
        raise DateError(f"“{text}” has month {month}, which does not exist")
    last_day = calendar.monthrange(year, month)[1]
    if ds is None or ds == "XX":
        return _Point(
            _safe_date(year, month, 1), _safe_date(year, month, last_day), "month", approximate, uncertain
        )
    if "X" in ds:
        raise DateError(f"“{text}” has an unspecified day digit the timeline cannot read")
    day = int(ds)
    if not 1 <= day <= last_day:
        raise DateError(
            f"“{text}” has day {day}, but {calendar.month_name[month]} {year} has {last_day} days"
        )
    d = date(year, month, day)
    return _Point(d, d, "day", approximate, uncertain)


def _unspecified_year(text: str, ys: str) -> tuple[date, date, str]:
    """The first and last day and the precision of a year with unspecified last digits ("196X", "19XX")."""
    stem = ys.rstrip("X")
    if "X" in stem:
        raise DateError(f"“{text}” has an unspecified digit in the middle of the year")
    n = 4 - len(stem)
    if n >= 4:
        raise DateError(f"“{text}” leaves the whole year unspecified")
    first = int(stem + "0" * n)
    last = int(stem + "9" * n)
    precision = {1: "decade", 2: "century"}.get(n, "century")
    return _safe_date(max(first, 1), 1, 1), _safe_date(last, 12, 31), precision


def _group_of_months(year: int, code: int) -> tuple[date, date, str]:
    """The first and last day and the precision of a season, quarter or half (EDTF month codes 21-41)."""
    first_month, count, _ = _GROUPS[code]
    start = _safe_date(year, first_month, 1)
    end_month0 = first_month - 1 + count - 1
    end_y, end_m = year + end_month0 // 12, end_month0 % 12 + 1
    end = _safe_date(end_y, end_m, calendar.monthrange(end_y, end_m)[1])
    return start, end, "season" if code <= 32 else ("quarter" if code <= 39 else "half")


def _widen(p: _Point) -> tuple[date, date]:
    if p.approximate or p.uncertain:
        return _pad(p.lo, p.precision, -1), _pad(p.hi, p.precision, +1)
    return p.lo, p.hi


def _coarser(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def parse_date(text: str) -> FuzzyDate:
    """Parse an EDTF string into a FuzzyDate; raise DateError with a plain sentence if impossible."""
    s = (text or "").strip()
    if not s:
        raise DateError("the date is empty")
    try:
        return _parse(s)
    except DateError:
        raise
    except (ValueError, OverflowError) as exc:  # pragma: no cover - defensive
        raise DateError(f"“{s}” is not a date the timeline can place ({exc})") from None


def _parse(s: str) -> FuzzyDate:
    if s.startswith("[") or s.startswith("{"):
        return _parse_set(s)
    if "/" in s:
        left, _, right = s.partition("/")
        open_start = left in ("..", "")
        open_end = right in ("..", "")
        if open_start and open_end:
            raise DateError(f"“{s}” is open at both ends")
        a = None if open_start else _parse_point(left)
        b = None if open_end else _parse_point(right)
        if a is not None and b is not None and b.hi < a.lo:
            raise DateError(f"“{s}” ends ({right}) before it starts ({left})")
        ref = a or b
        assert ref is not None
        a_lo, a_hi = _widen(a) if a else _widen(b)  # type: ignore[arg-type]
        b_lo, b_hi = _widen(b) if b else (a_lo, a_hi)
        precision = _coarser(a.precision, b.precision) if a and b else ref.precision
        return FuzzyDate(
            edtf=s,
            precision=precision,
            approximate=any(p.approximate for p in (a, b) if p),
            uncertain=any(p.uncertain for p in (a, b) if p),
            is_interval=True,
            open_start=open_start,
            open_end=open_end,
            start_min=a_lo,
            start_max=a_hi,
            end_min=b_lo,
            end_max=None if open_end else b_hi,
        )
    p = _parse_point(s)
    lo, hi = _widen(p)
    return FuzzyDate(s, p.precision, p.approximate, p.uncertain, False, False, False, lo, hi, lo, hi)


def _parse_set(s: str) -> FuzzyDate:
    closing = "]" if s[0] == "[" else "}"
    if not s.endswith(closing):
        raise DateError(f"“{s}” opens a set but does not close it")
    body = s[1:-1]
    items: list[_Point] = []
    for part in body.split(","):
        part = part.strip()
        if ".." in part and not part.startswith("..") and not part.endswith(".."):
            left, _, right = part.partition("..")
            items += [_parse_point(left), _parse_point(right)]
        elif part:
            items.append(_parse_point(part.strip(".")))
    if not items:
        raise DateError(f"“{s}” is an empty set")
    lo = min(_widen(p)[0] for p in items)
    hi = max(_widen(p)[1] for p in items)
    precision = items[0].precision
    for p in items[1:]:
        precision = _coarser(precision, p.precision)
    return FuzzyDate(
        edtf=s,
        precision=precision,
        approximate=any(p.approximate for p in items),
        uncertain=True,
        is_interval=False,
        open_start=False,
        open_end=False,
        start_min=lo,
        start_max=hi,
        end_min=lo,
        end_max=hi,
    )


def from_ordinal(day: int) -> date:
    """The calendar date of a day number."""
    return date.fromordinal(int(day))


# --- words -------------------------------------------------------------------------------------

_PART_OF_DECADE = {
    (0, 3): "early",
    (4, 6): "mid-",
    (7, 9): "late",
}


def _point_words(text: str) -> str:
    m = _DATE_RE.match(text)
    if not m:
        return text
    ys, ms, ds, q = m.group("year"), m.group("month"), m.group("day"), m.group("q")
    prefix = "c. " if q in ("~", "%") else ""
    suffix = "?" if q in ("?", "%") else ""
    if "X" in ys:
        stem = ys.rstrip("X")
        if len(stem) == 3:
            body = f"the {stem}0s"
        else:
            n = int(stem) + 1
            suffix_ = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            body = f"the {n}{suffix_} century"
        return f"{prefix}{body}{suffix}"
    year = int(ys)
    if ms is None or ms == "XX":
        return f"{prefix}{year}{suffix}"
    month = int(ms)
    if month in _GROUPS:
        words = _GROUPS[month][2]
        return f"{prefix}{words} {year}{suffix}"
    if ds is None or ds == "XX":
        return f"{prefix}{calendar.month_name[month]} {year}{suffix}"
    return f"{prefix}{int(ds)} {calendar.month_name[month]} {year}{suffix}"


def _decade_part(left: str, right: str) -> str | None:
    """“2007~/2009~” -> “late 2000s”: the convention for parts of a decade."""
    ml, mr = _DATE_RE.match(left), _DATE_RE.match(right)
    if not (ml and mr) or ml.group("month") or mr.group("month"):
        return None
    if ml.group("q") != "~" or mr.group("q") != "~" or "X" in left + right:
        return None
    a, b = int(ml.group("year")), int(mr.group("year"))
    if a // 10 != b // 10:
        return None
    span = (a % 10, b % 10)
    word = _PART_OF_DECADE.get(span)
    if word is None:
        return None
    decade = a - a % 10
    return f"{word}{'' if word.endswith('-') else ' '}{decade}s"


def describe(edtf: str) -> str:
    """English words for an EDTF string, honest about its precision."""
    s = edtf.strip()
    if s.startswith("["):
        parts = [p.strip() for p in s[1:-1].split(",") if p.strip()]
        return " or ".join(_point_words(p) for p in parts)
    if "/" in s:
        left, _, right = s.partition("/")
        if right == "..":
            return f"since {_point_words(left)}"
        if right == "":
            return f"from {_point_words(left)}, end unknown"
        if left == "..":
            return f"until {_point_words(right)}"
        if left == "":
            return f"until {_point_words(right)}, start unknown"
        part = _decade_part(left, right)
        if part:
            return part
        return f"{_point_words(left)} – {_point_words(right)}"
    return _point_words(s)
