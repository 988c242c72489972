"""File > Print… and File > Export PDF…: the timeline view, the comparison or the Markdown brief on paper.

One small window-modal dialog chooses what to print, the page size, the orientation and a title (and,
for a PDF, the file). The pages are painted at 96 dots per inch on the printer or the QPdfWriter, the
unit the window's widgets and `TimelinePicture` lay out in, so text keeps its size and stays vector
text. The brief is the Markdown export rendered by the notes' safe renderer and paginated by Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QMarginsF, QPoint, QRect, QRectF, QSettings, QSizeF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRegion,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStatusBar,
    QWidget,
)

from explorer.store.atomic import OutputError, write_atomic
from explorer.timeline.view import TimelineView
from explorer.ui.actions import Actions
from explorer.ui.folders import remember_folder, safe_file_stem, start_path
from explorer.ui.range_words import format_range

# Qt's print support, the Markdown renderers and the picture of the timeline are imported when
# something is printed, not before the window's first paint.
if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.compare.install import CompareFeature

#: Dots per inch of the pages: the widgets' own logical pixels.
PAGE_DPI: Final = 96
#: What can be printed, with the words the dialog shows.
WHAT: Final = {
    "timeline": "The timeline view",
    "comparison": "The comparison",
    "brief": "The Markdown brief (selected events, else those shown)",
}
PAGE_SIZES: Final = {
    "A4": QPageSize.PageSizeId.A4,
    "A3": QPageSize.PageSizeId.A3,
    "Letter": QPageSize.PageSizeId.Letter,
    "Legal": QPageSize.PageSizeId.Legal,
}


@dataclass(frozen=True)
class PrintChoice:
    """What to print and on which paper."""

    what: str = "timeline"
    page: str = "A4"
    landscape: bool = True
    title: str = ""

    def layout(self) -> QPageLayout:
        """The page layout: size, orientation and 12 mm margins."""
        orientation = (
            QPageLayout.Orientation.Landscape if self.landscape else QPageLayout.Orientation.Portrait
        )
        return QPageLayout(
            QPageSize(PAGE_SIZES.get(self.page, QPageSize.PageSizeId.A4)),
            orientation,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )


@dataclass(frozen=True)
class PrintSources:
    """Where the printable things come from (the window hands them in)."""

    timeline: TimelineView
    meta: dict[str, str]
    subtitle: Callable[[], str]
    #: the comparison view and the part of it that is the figure (no buttons)
    comparison: Callable[[], tuple[QWidget, QRect] | None]
    brief: Callable[[str], str]


def _page(device: QPagedPaintDevice) -> QSizeF:
    return QSizeF(device.width(), device.height())


def _paint_timeline(device: QPagedPaintDevice, choice: PrintChoice, src: PrintSources) -> int:
    from explorer.ui.image_export import ImageOptions, TimelinePicture, attribution

    options = ImageOptions(
        title=choice.title or "Neutrality Explorer",
        subtitle=src.subtitle(),
        attribution=attribution(src.meta),
    )
    painter = QPainter(device)
    try:
        TimelinePicture(src.timeline, options).paint(painter, _page(device))
    finally:
        painter.end()
    return 1


def _paint_widget(device: QPagedPaintDevice, widget: QWidget, part: QRect, title: str) -> int:
    """A part of a widget scaled to fit the page below a title line."""
    painter = QPainter(device)
    try:
        page = _page(device)
        top = 0.0
        if title:
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            painter.setFont(font)
            top = painter.fontMetrics().height() * 1.5
            painter.drawText(QRectF(0, 0, page.width(), top), Qt.AlignmentFlag.AlignLeft, title)
        scale = min(page.width() / max(1, part.width()), (page.height() - top) / max(1, part.height()))
        painter.translate(0, top)
        painter.scale(scale, scale)
        widget.render(painter, QPoint(0, 0), QRegion(part))
    finally:
        painter.end()
    return 1


#: The brief's own anchors (`<a id="event-3"></a>`) and links to them: they matter in a Markdown
#: file, not on paper, and the safe renderer would print the anchors' HTML as text.
_ANCHOR = re.compile(r'<a id="(?:event|source)-\d+"></a>')
_FRAGMENT_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(#(?:event|source)-\d+\)")


def brief_for_paper(markdown: str) -> str:
    """The Markdown brief without its in-file anchors and fragment links (their text is kept)."""
    return _FRAGMENT_LINK.sub(r"\1", _ANCHOR.sub("", markdown))


def _paint_brief(device: QPagedPaintDevice, choice: PrintChoice, src: PrintSources) -> int:
    from explorer.formats.note_markdown import render_markdown

    doc = QTextDocument()
    doc.setHtml(render_markdown(brief_for_paper(src.brief(choice.title))))
    doc.setPageSize(_page(device))
    doc.print_(device)
    return doc.pageCount()


def paint_pages(device: QPagedPaintDevice, choice: PrintChoice, src: PrintSources) -> int:
    """Paint the chosen thing on a printer or PDF writer already set up; the number of pages."""
    if choice.what == "brief":
        return _paint_brief(device, choice, src)
    if choice.what == "comparison":
        found = src.comparison()
        if found is None:
            raise OutputError("There is no comparison to print; open View > Compare Tracks first.")
        return _paint_widget(device, *found, choice.title)
    return _paint_timeline(device, choice, src)


def write_pdf(path: Path | str, choice: PrintChoice, src: PrintSources) -> int:
    """Write the chosen thing as a PDF file (atomically); the number of pages."""
    pages = [0]

    def write(tmp: Path) -> None:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PAGE_DPI)
        writer.setPageLayout(choice.layout())
        writer.setTitle(choice.title or WHAT[choice.what])
        writer.setCreator("Neutrality Explorer")
        pages[0] = paint_pages(writer, choice, src)

    write_atomic(path, write)
    return pages[0]


class PrintSetupDialog(QDialog):
    """What, page size, orientation and title; for a PDF also the file to write."""

    def __init__(self, parent: QWidget, choice: PrintChoice, pdf_path: str | None, can_compare: bool) -> None:
        super().__init__(parent)
        self.setObjectName("printSetupDialog")
        self.setWindowTitle("Export PDF" if pdf_path is not None else "Print")
        form = QFormLayout(self)
        self.what = QComboBox()
        self.what.setObjectName("printWhat")
        for key, words in WHAT.items():
            self.what.addItem(words, key)
        model = self.what.model()  # (a QComboBox's own model is a QStandardItemModel)
        item = model.item(list(WHAT).index("comparison")) if isinstance(model, QStandardItemModel) else None
        if not can_compare and item is not None:
            item.setEnabled(False)
        self.what.setCurrentIndex(max(0, self.what.findData(choice.what)))
        self.page = QComboBox()
        self.page.setObjectName("printPage")
        self.page.addItems(list(PAGE_SIZES))
        self.page.setCurrentText(choice.page)
        self.orientation = QComboBox()
        self.orientation.setObjectName("printOrientation")
        self.orientation.addItems(["Landscape", "Portrait"])
        self.orientation.setCurrentIndex(0 if choice.landscape else 1)
        self.title = QLineEdit(choice.title)
        self.title.setObjectName("printTitle")
        self.title.setPlaceholderText("A title for the page (optional)")
        form.addRow("&Print:", self.what)
        form.addRow("Page &size:", self.page)
        form.addRow("&Orientation:", self.orientation)
        form.addRow("&Title:", self.title)
        self.file: QLineEdit | None = None
        if pdf_path is not None:
            self.file = QLineEdit(pdf_path)
            self.file.setObjectName("pdfFile")
            self.file.setAccessibleName("PDF file")
            browse = QPushButton("&Browse…")
            browse.setObjectName("pdfBrowse")
            browse.setAccessibleDescription("Choose the PDF file to write")
            browse.clicked.connect(self._on_browse_clicked)
            row = QHBoxLayout()
            row.addWidget(self.file, 1)
            row.addWidget(browse)
            label = QLabel("&File:")
            label.setBuddy(self.file)  # a row holding a layout gets no buddy of its own
            form.addRow(label, row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Export PDF" if pdf_path is not None else "Print…")
        ok.setObjectName("printOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> PrintChoice:
        """The choices as they stand."""
        return PrintChoice(
            what=str(self.what.currentData()),
            page=self.page.currentText(),
            landscape=self.orientation.currentIndex() == 0,
            title=self.title.text().strip(),
        )

    def _on_browse_clicked(self) -> None:
        assert self.file is not None
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", self.file.text(), "PDF document (*.pdf)")
        if path:
            self.file.setText(path if path.lower().endswith(".pdf") else path + ".pdf")


class PrintTools:
    """File > Print… and File > Export PDF… of one window; the last choice is remembered."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        timeline: TimelineView,
        compare: CompareFeature,
        settings: QSettings,
        status: QStatusBar,
        parent: QWidget,
    ) -> None:
        self.window = parent
        self.settings = settings
        self.status = status
        self.sources = print_sources(session, timeline, compare)
        self.show_comparison = compare.show_compare
        self.actions = {name: actions[name] for name in ("print", "export_pdf")}
        self.actions["print"].triggered.connect(lambda: self.ask(pdf=False))
        self.actions["export_pdf"].triggered.connect(lambda: self.ask(pdf=True))

    def _remembered(self) -> PrintChoice:
        st = self.settings
        return PrintChoice(
            what=str(st.value("print/what", "timeline")),
            page=str(st.value("print/page", "A4")),
            landscape=str(st.value("print/orientation", "landscape")) == "landscape",
            title=str(st.value("print/title", "")),
        )

    def _remember(self, choice: PrintChoice) -> None:
        st = self.settings
        st.setValue("print/what", choice.what)
        st.setValue("print/page", choice.page)
        st.setValue("print/orientation", "landscape" if choice.landscape else "portrait")
        st.setValue("print/title", choice.title)

    def ask(self, pdf: bool) -> PrintSetupDialog:
        """Open the print (or PDF) dialog over the window; it acts when accepted."""
        choice = self._remembered()
        path = start_path(self.settings, "print", safe_file_stem(choice.title, "timeline") + ".pdf")
        dialog = PrintSetupDialog(
            self.window, choice, path if pdf else None, self.sources.comparison() is not None
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog))
        dialog.open()
        return dialog

    def _on_dialog_accepted(self, dialog: PrintSetupDialog) -> None:
        choice = dialog.choice()
        self._remember(choice)
        if choice.what == "comparison":
            self.show_comparison()
        if dialog.file is None:
            self.print(choice)
            return
        target = dialog.file.text().strip()
        if not target:
            self._say("No file was named; nothing was written.")
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        self.export_pdf(Path(target).expanduser(), choice)

    def export_pdf(self, path: Path, choice: PrintChoice) -> int:
        """Write a PDF and say how many pages; 0 (and one sentence) when it could not be written."""
        try:
            pages = write_pdf(path, choice, self.sources)
        except OSError as exc:
            self._say(str(exc) if isinstance(exc, OutputError) else f"{path} could not be written ({exc}).")
            return 0
        remember_folder(self.settings, "print", path)
        self._say(f"Wrote {pages} page{'' if pages == 1 else 's'} to {path}.")
        return pages

    def print(self, choice: PrintChoice) -> None:
        """Ask the system's print dialog for a printer, then print."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setResolution(PAGE_DPI)
        printer.setPageLayout(choice.layout())
        printer.setDocName(choice.title or WHAT[choice.what])
        dialog = QPrintDialog(printer, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def go() -> None:
            try:
                pages = paint_pages(printer, replace(choice), self.sources)
            except OSError as exc:
                self._say(str(exc))
                return
            self._say(
                f"Sent {pages} page{'' if pages == 1 else 's'} to {printer.printerName() or 'the printer'}."
            )

        dialog.accepted.connect(go)
        # the stub lists only open(receiver, member); QDialog.open() without arguments exists all the same
        dialog.open()  # type: ignore[call-arg]

    def _say(self, sentence: str) -> None:
        self.status.showMessage(sentence, 10000)


def print_sources(session: Session, timeline: TimelineView, compare: CompareFeature) -> PrintSources:
    """What File > Print can print: the timeline, the comparison and a brief of the events."""

    def comparison() -> tuple[QWidget, QRect] | None:
        from explorer.ui.compare.figure import figure_rect

        view = compare.view
        view.ready_to_draw()
        return view, figure_rect(view, view.sentence, view.split)

    def brief(title: str) -> str:
        from explorer.formats.common import ExportOptions, Ticker
        from explorer.formats.markdown import render

        s = session
        ids = list(s.selection()) or [str(i) for i in s.columns.ids[s.shown_mask()]]
        bundle = s.events.export_bundle(ids)
        return render(bundle, ExportOptions(title=title or None), Ticker(len(bundle.events)))

    return PrintSources(
        timeline=timeline,
        meta=session.events.meta(),
        subtitle=lambda: format_range(*timeline.visible_range()),
        comparison=comparison,
        brief=brief,
    )
