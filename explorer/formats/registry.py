"""Every export format by name, with one way to render or write it (used by the CLI and the GUI)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from explorer.formats import (
    bibtex,
    citations,
    csv_format,
    json_format,
    markdown,
    sqlite_subset,
    timelinejs,
    xlsx_format,
)
from explorer.formats.bundle import Bundle
from explorer.formats.common import CancelFn, ExportOptions, ProgressFn, Ticker
from explorer.store.atomic import write_atomic

RenderFn = Callable[[Bundle, ExportOptions, Ticker], str]
WriteFileFn = Callable[[Bundle, Path, ExportOptions, Ticker], None]
#: How many of what a file holds when that is not the events: (count, plural noun).
CountFn = Callable[[Bundle], tuple[int, str]]

#: What the user may choose to include in an export; each format carries some of them.
INCLUDES = frozenset({"notes", "tags", "sources", "links"})


class UnknownFormat(ValueError):
    """No export format has the given name."""


@dataclass(frozen=True)
class Writer:
    """An export format: its name, a label for menus, a file extension and how to produce it.

    Text formats have `render_text`; binary formats (`binary=True`) only write files (and may give a
    text `preview_text` of what they hold). `carries` names the optional parts the format can hold,
    `requires` those it always holds (citations are the sources); `counts` says what a file holds
    when that is not simply the events.
    """

    name: str
    label: str
    extension: str
    media_type: str
    binary: bool = False
    render_text: RenderFn | None = None
    write_file: WriteFileFn | None = None
    preview_text: RenderFn | None = None
    carries: frozenset[str] = INCLUDES
    requires: frozenset[str] = frozenset()
    counts: CountFn | None = None
    #: What the format leaves out of this bundle, in words ("" when nothing), said in its summary.
    leaves_out: Callable[[Bundle], str] | None = None
    #: Writes a file that goes with the export (Datasette's metadata beside a database).
    companion: Callable[[Bundle, Path], None] | None = None

    def summary(self, bundle: Bundle) -> str:
        """What a file of this format holds, in words: "47 CSL-JSON references for 176 events"."""
        n = len(bundle.events)
        events = f"{n:,} event{'' if n == 1 else 's'}"
        if self.counts is None:
            return f"{events} as {self.label}{self._summary_note(bundle)}"
        count, noun = self.counts(bundle)
        return f"{count:,} {noun} for {events}{self._summary_note(bundle)}"

    def _summary_note(self, bundle: Bundle) -> str:
        """'; <what is left out>' when the format leaves something of the bundle out."""
        note = self.leaves_out(bundle) if self.leaves_out is not None else ""
        return f"; {note}" if note else ""

    def preview(self, bundle: Bundle, options: ExportOptions | None = None) -> str:
        """Text showing what the export holds: the text itself, or a binary format's preview."""
        if self.render_text is None and self.preview_text is not None:
            ticker = Ticker(len(bundle.events))
            return self.preview_text(bundle, options or ExportOptions(), ticker)
        return self.render(bundle, options)

    def render(
        self,
        bundle: Bundle,
        options: ExportOptions | None = None,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
    ) -> str:
        """The export as text (text formats only; a binary format raises ValueError)."""
        if self.render_text is None:
            raise ValueError(f"The {self.label} format writes a file, not text.")
        ticker = Ticker(len(bundle.events), progress, cancelled)
        ticker.check()
        text = self.render_text(bundle, options or ExportOptions(), ticker)
        ticker.finish()
        return text

    def write(
        self,
        bundle: Bundle,
        path: Path | str,
        options: ExportOptions | None = None,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
    ) -> Path:
        """Write the export to `path` atomically; on error or cancel no file is left behind.

        Raises OutputError (one sentence) for an unwritable path and Cancelled when cancelled.
        """
        opts = options or ExportOptions()
        if self.write_file is None:
            return write_atomic(path, self.render(bundle, opts, progress, cancelled))
        ticker = Ticker(len(bundle.events), progress, cancelled)
        ticker.check()
        write_file = self.write_file

        def produce(tmp: Path) -> None:
            write_file(bundle, tmp, opts, ticker)
            ticker.finish()

        written = write_atomic(path, produce)
        if self.companion is not None:
            self.companion(bundle, written)
        return written


def _references(one: str, many: str) -> CountFn:
    """Counts the references a citation file holds: the paper and each source."""

    def count(bundle: Bundle) -> tuple[int, str]:
        n = len(citations.references(bundle))
        return n, one if n == 1 else many

    return count


_SOURCES_ONLY = frozenset({"sources"})

FORMATS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer(
            "json", "JSON (Neutrality Explorer)", ".json", "application/json", render_text=json_format.render
        ),
        Writer(
            "csv",
            "CSV (spreadsheets, pandas)",
            ".csv",
            "text/csv",
            render_text=csv_format.render,
            carries=frozenset({"notes", "tags", "sources"}),
        ),
        Writer(
            "xlsx",
            "Excel workbook (.xlsx)",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            binary=True,
            write_file=xlsx_format.write_file,
            preview_text=xlsx_format.preview,
            carries=frozenset({"notes", "tags", "sources"}),
        ),
        Writer("markdown", "Markdown brief", ".md", "text/markdown", render_text=markdown.render),
        Writer(
            "timelinejs",
            "TimelineJS JSON",
            ".json",
            "application/json",
            render_text=timelinejs.render,
            carries=frozenset({"notes", "sources"}),
            leaves_out=timelinejs.left_out,
        ),
        Writer(
            "csl-json",
            "CSL-JSON citations (Zotero)",
            ".json",
            "application/vnd.citationstyles.csl+json",
            render_text=citations.render_csl,
            counts=_references("CSL-JSON reference", "CSL-JSON references"),
            carries=_SOURCES_ONLY,
            requires=_SOURCES_ONLY,
        ),
        Writer(
            "bibtex",
            "BibTeX citations",
            ".bib",
            "application/x-bibtex",
            render_text=bibtex.render,
            counts=_references("BibTeX entry", "BibTeX entries"),
            carries=_SOURCES_ONLY,
            requires=_SOURCES_ONLY,
        ),
        Writer(
            "sqlite",
            "SQLite database (subset)",
            ".db",
            "application/vnd.sqlite3",
            binary=True,
            write_file=sqlite_subset.write_file,
            companion=sqlite_subset.write_companion,
        ),
    )
}

ALIASES = {
    "md": "markdown",
    "csl": "csl-json",
    "bib": "bibtex",
    "db": "sqlite",
    "sqlite3": "sqlite",
    "excel": "xlsx",
}


def get(name: str) -> Writer:
    """The writer for a format name or alias; UnknownFormat with the list of names otherwise."""
    key = ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in FORMATS:
        raise UnknownFormat(f"There is no export format “{name}”; choose one of {', '.join(FORMATS)}.")
    return FORMATS[key]
