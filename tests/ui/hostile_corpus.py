"""Hostile input files and a judge of rich text: what Qt would load, draw as an image or make clickable.

The files put HTML, `file:` URLs, dangerous link schemes, bad colours, quotes and NUL bytes in every string
field an import reads. The judge renders any text a widget would take as rich text in a QTextDocument that
records every resource it is asked for, and lists images and links outside http, https and mailto.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTextEdit, QWidget

IMG = "<img src=file:///etc/passwd>"
IMG_QUOTED = "<img src='file:///etc/passwd' width=99>"
ANCHOR = "<a href='file:///etc/passwd'>local</a>"
#: Put into every string field: tags, a file: image, a file: link, both quotes, an entity and a NUL byte.
HOSTILE = f"{IMG} <b>bold</b> {ANCHOR} \"double\" 'single' &amp; nul\x00end"
BAD_COLORS = (
    "red'><img src='file:///etc/passwd'>",
    "javascript:alert(1)",
    "#12345g",
    'blue"><img src="file:///dev/zero">',
    "#fff; background:url(file:///etc/passwd)",
)
BAD_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "file:///etc/passwd",
    "smb://attacker.example/share",
    "data:text/html,<img src=file:///etc/passwd>",
    "vbscript:msgbox(1)",
)
GOOD_URL = "https://example.org/hostile?a=1&b='2'"
#: Markdown links in a note body; the first two must never become links.
NOTE = (
    "Read [click me](javascript:alert(1)) and [local file](file:///etc/passwd) or "
    f"[a share](smb://attacker.example/s), ![pic](file:///etc/passwd) {IMG} "
    "<a href='javascript:alert(2)'>raw</a> and [the good one](https://example.org/note)."
)
#: A hostile tag name that fits the longest tag name allowed (explorer.model.limits.MAX_TAG).
TAG = f"tag {IMG} <b>b</b> 'q' &amp;"
ALLOWED_SCHEMES = {"http", "https", "mailto"}
#: The notes view's own Edit and Delete links, handled inside the app and never handed to the system.
INTERNAL_SCHEMES = {"note-edit", "note-delete"}
DATE_RANGE = ("2040-01-01", "2042-01-01")


def field(name: str) -> str:
    """The hostile text for one field, named so that a failure says where it came from."""
    return f"{name} {HOSTILE}"


def hostile_json(path: Path) -> Path:
    """An export of this app with hostile strings in every field, bad colours and bad links."""
    sources = [
        {
            "id": f"bad-{i}",
            "citation": field(f"citation {i}") + f" see {url} *{IMG}*",
            "url": url,
            "number": i,
            "section": field("source section"),
        }
        for i, url in enumerate(BAD_URLS)
    ]
    sources.append({"id": "good", "citation": "A good source", "url": GOOD_URL, "number": 99})
    event = {
        "id": "hostile-1",
        "title": field("title"),
        "date": "2041-03-04",
        "date_text": field("date_text"),
        "track": "evil",
        "summary": field("summary"),
        "quote": field("quote"),
        "section": field("section"),
        "actors": [field("actor"), IMG_QUOTED],
        "themes": [field("theme")],
        "tags": [TAG, "plain-tag"],
        "sources": [s["id"] for s in sources],
        "notes": [{"body": NOTE}],
        "table_two_row": 77,
        "table_two_label": field("table two label"),
        "importance": {"belarus": field("belarus"), "russia": "high", "west": IMG},
        "table_one": {"row": 66, "partners": field("partners"), "time_span": field("span")},
        "assessment": {"flagged": True, "stars": 3, "belarus": "high", "russia": None, "west": None},
    }
    doc = {
        "schema": "neutrality-explorer/events@1",
        "tracks": [
            {
                "id": "evil",
                "name": f"Lane {IMG}",
                "description": field("lane description"),
                "color": BAD_COLORS[0],
            },
            {"id": "quoted", "name": "<b>Quoted</b> 'lane'", "description": "", "color": BAD_COLORS[3]},
        ],
        "sources": sources,
        "tags": [
            {"name": TAG, "color": BAD_COLORS[1]},
            {"name": "plain-tag", "color": BAD_COLORS[4]},
        ],
        "events": [
            event,
            {"id": "hostile-2", "title": IMG, "date": "2041-06-07", "track": "evil", "summary": IMG_QUOTED},
            {"id": "hostile-3", "title": "Deep <i>nesting</i>", "date": "2041-09", "track": "quoted"},
        ],
        "periods": [
            {"name": field("period"), "date": "2041", "note": field("period note"), "color": BAD_COLORS[2]}
        ],
        "links": [
            {"source": "hostile-1", "target": "hostile-2", "type": "response to", "note": field("link note")}
        ],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def hostile_csv(path: Path) -> Path:
    """The CSV import's columns with hostile text and sources with dangerous links."""
    sources = "; ".join(f"{field('csv citation')} <{url}>" for url in BAD_URLS[:4])
    rows = [
        ["id", "title", "date", "track", "summary", "quote", "actors", "tags", "sources"],
        [
            "csv-1",
            field("csv title"),
            "2041-02-02",
            f"CSV {IMG}",
            field("csv summary"),
            IMG,
            IMG,
            IMG,
            sources,
        ],
    ]
    text = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows) + "\n"
    text = text.replace("\x00", "")  # the CSV reader refuses NUL bytes with a sentence; tested on its own
    path.write_text(text, encoding="utf-8")
    return path


def hostile_timelinejs(path: Path) -> Path:
    """A TimelineJS file whose headline, text, media and group hold HTML and dangerous links."""
    events = [
        {
            "start_date": {"year": "2041", "month": "5", "day": str(day)},
            "text": {"headline": field("headline"), "text": f"<p>{field('body')}</p><a href='{url}'>x</a>"},
            "media": {"url": url, "caption": field("caption"), "credit": IMG},
            "group": f"Group {IMG}",
        }
        for day, url in enumerate((*BAD_URLS[:3], "//evil.example/x.png"), start=1)
    ]
    doc = {"title": {"text": {"headline": IMG}}, "events": events}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def deeply_nested_json(path: Path, depth: int = 100_000) -> Path:
    """A JSON file nested far deeper than any parser's recursion allows."""
    path.write_text('{"schema": "neutrality-explorer/events@1", "events": ' + "[" * depth + "]" * depth + "}")
    return path


# --- the judge ------------------------------------------------------------------------------------------


class RecordingDocument(QTextDocument):
    """A QTextDocument that records every resource (image, style sheet) it is asked to load."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, url: QUrl) -> object:  # noqa: N802 (Qt's name)
        """Record, never load."""
        self.requested.append(url.toString())
        return None


def rich_text_faults(text: str, where: str, *, rich: bool | None = None) -> list[str]:
    """What is wrong with `text` shown by a widget: loaded resources, images, links outside the allow-list.

    `rich` says whether the widget shows it as rich text; None lets Qt guess, as tooltips and QLabels do.
    """
    if rich is None:
        rich = QtGui.Qt.mightBeRichText(text)
    if not rich or not text:
        return []
    doc = RecordingDocument()
    doc.setHtml(text)
    doc.setTextWidth(400)
    doc.size()  # lays the document out: this is when images are asked for
    faults = [f"{where}: asks for the resource {url}" for url in doc.requested]
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                faults.append(f"{where}: draws the image {fmt.toImageFormat().name()}")
            href = fmt.anchorHref()
            if href and QUrl(href).scheme().lower() not in ALLOWED_SCHEMES | INTERNAL_SCHEMES:
                faults.append(f"{where}: links to {href}")
            it += 1
        block = block.next()
    return faults


def _tooltips(view: QAbstractItemView, where: str, limit: int = 3000) -> list[tuple[str, str]]:
    model = view.model()
    out: list[tuple[str, str]] = []
    if model is None:
        return out
    stack = [QModelIndex()]
    while stack and len(out) < limit:
        parent = stack.pop()
        for r in range(min(model.rowCount(parent), limit)):
            try:
                columns = model.columnCount(parent)
            except TypeError:  # a list model keeps columnCount private: one column
                columns = 1
            for c in range(columns):
                index = model.index(r, c, parent)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and tip:
                    out.append((f"{where} row {r} column {c} tooltip", tip))
                if c == 0 and model.rowCount(index) > 0:
                    stack.append(index)
    return out


def _name(w: QWidget) -> str:
    """A widget's class and name, with its parent's and its window's, to say where a fault is."""
    parts = []
    for x in (w, w.parentWidget(), w.window()):
        if isinstance(x, QWidget):
            parts.append(f"{type(x).__name__} {x.objectName()}".strip())
    return " in ".join(parts)


def widget_faults(root: QWidget) -> list[str]:
    """Every fault in the labels, tooltips, item tooltips and text browsers of a window and its children."""
    faults: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = _name(w)
        if w.toolTip():
            faults += rich_text_faults(w.toolTip(), f"{name} tooltip")
        if isinstance(w, QLabel) and w.text():
            fmt = w.textFormat()
            rich = {Qt.TextFormat.RichText: True, Qt.TextFormat.PlainText: False}.get(fmt)
            faults += rich_text_faults(w.text(), f"{name} text", rich=rich)
        if isinstance(w, QTextEdit):
            faults += rich_text_faults(w.toHtml(), f"{name} document", rich=True)
        if isinstance(w, QAbstractItemView):
            for where, tip in _tooltips(w, name):
                faults += rich_text_faults(tip, where)
    return faults
