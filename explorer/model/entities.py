"""Plain value types shared by the store, the formats and the user interface."""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.model.dates import FuzzyDate, describe, parse_date

PARTIES = ("belarus", "russia", "west")
#: Lanes that come first and are drawn as a pair (the comparison the paper makes).
PAIRED_LANES = ("foreign", "security")
#: How each party of Table two is named in a sentence.
PARTY_NAMES = {"belarus": "Belarus", "russia": "Russia", "west": "the West"}

#: The paper's importance words, ordered, with a number for plotting (None: not rated).
IMPORTANCE_SCALE: dict[str, float] = {
    "low": 1.0,
    "mediate": 2.0,
    "middle": 2.0,
    "middle to high (since the early 2010s)": 2.5,
    "high": 3.0,
}


def importance_score(word: str | None) -> float | None:
    """A number from 1 (low) to 3 (high) for an importance word, None when not rated."""
    if not word:
        return None
    return IMPORTANCE_SCALE.get(word.strip().lower())


@dataclass(frozen=True, slots=True)
class Track:
    """A lane of the timeline."""

    id: str
    name: str
    description: str = ""
    color: str = "#777777"
    position: int = 0
    origin: str = "corpus"


@dataclass(frozen=True, slots=True)
class Source:
    """A cited work: for the corpus, one of the paper's footnotes."""

    id: str
    citation: str
    number: int | None = None
    url: str | None = None
    language: str | None = None
    date: str | None = None
    section: str | None = None
    origin: str = "corpus"


@dataclass(frozen=True, slots=True)
class Media:
    """A picture, video or page shown with an event or a title slide (TimelineJS `media`)."""

    url: str
    caption: str = ""
    credit: str = ""
    thumbnail: str = ""


@dataclass(frozen=True, slots=True)
class TitleSlide:
    """An imported timeline's own title slide: headline, text (HTML as the file gave it) and media."""

    headline: str
    text: str = ""
    media: Media | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, organisation, group or person, with the other spellings it goes by."""

    name: str
    kind: str = "unknown"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of the controlled vocabulary."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Importance:
    """A row of the paper's Table two: the importance of an event for each party."""

    row: int
    label: str
    belarus: str
    russia: str
    west: str

    def as_dict(self) -> dict[str, str]:
        """The three ratings keyed by party."""
        return {"belarus": self.belarus, "russia": self.russia, "west": self.west}


@dataclass(frozen=True, slots=True)
class TableOneRow:
    """A row of the paper's Table one: partners hostile to each other, and when."""

    row: int
    partners: str
    time_span: str


@dataclass(slots=True)
class Event:
    """A dated event, period or statement with its evidence (or an undated statement: `date` empty)."""

    id: str
    title: str
    date: str
    track: str
    summary: str = ""
    date_text: str | None = None
    section: str | None = None
    quote: str | None = None
    footnotes: list[int] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    importance: Importance | None = None
    table_one: TableOneRow | None = None
    origin: str = "corpus"
    num: int | None = None
    _fuzzy: FuzzyDate | None = field(default=None, repr=False, compare=False)

    @property
    def fuzzy(self) -> FuzzyDate:
        """The parsed date (parsed once)."""
        if self._fuzzy is None:
            self._fuzzy = parse_date(self.date)
        return self._fuzzy

    @property
    def undated(self) -> bool:
        """True for a statement the source gives no date for (an empty EDTF): never placed in time."""
        return not self.date

    @property
    def date_words(self) -> str:
        """The date as the source words it, or as generated words when it gave none."""
        if self.undated:
            return self.date_text or "undated"
        return self.date_text or describe(self.date)

    @property
    def kind(self) -> str:
        """'period' for an interval, otherwise 'event' (an undated statement is an 'event')."""
        return "period" if not self.undated and self.fuzzy.is_interval else "event"


@dataclass(slots=True)
class Note:
    """A Markdown note a user wrote on an event."""

    id: int | None
    event_id: str
    body: str
    created: str = ""
    modified: str = ""
    uid: str = ""
    author: str = ""


@dataclass(slots=True)
class Assessment:
    """The user's own judgement of an event: a flag, stars and importance per party."""

    event_id: str
    flagged: bool = False
    stars: int = 0
    belarus: str | None = None
    russia: str | None = None
    west: str | None = None
    modified: str = ""
    uid: str = ""
    author: str = ""
    created: str = ""


@dataclass(slots=True)
class Period:
    """A named time range the user marked, drawn behind all lanes."""

    id: int | None
    name: str
    date: str
    note: str = ""
    color: str = "#f2c94c"
    created: str = ""
    modified: str = ""
    uid: str = ""
    author: str = ""


LINK_TYPES = ("response to", "consequence of", "contradicts", "same issue")


@dataclass(slots=True)
class Link:
    """A typed, directed link from one event to another."""

    id: int | None
    source: str
    target: str
    type: str
    note: str = ""
    created: str = ""
    uid: str = ""
    author: str = ""
    modified: str = ""


@dataclass(frozen=True, slots=True)
class Tag:
    """A user's tag with its colour."""

    name: str
    color: str
