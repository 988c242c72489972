"""`neutrality-explorer [DB]`: start the GUI, or render a screenshot offscreen and exit.

    neutrality-explorer                          the user's workspace (made from the bundled corpus)
    neutrality-explorer my.db                    another database
    neutrality-explorer --screenshot shot.png --size 1280x800 --select ID --view timeline

PySide6 is imported before pyqtgraph so pyqtgraph binds to it. A database that cannot be opened
gives a dialog with one plain sentence and exit status 1; unexpected errors are shown the same
way and their traceback goes to a log file in the user data folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from explorer import __version__

ORGANISATION = "NeutralityExplorer"
APPLICATION = "neutrality-explorer"
DEFAULT_SIZE = (1600, 1000)


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


def make_application() -> object:
    """The QApplication (reused when one exists), named, with the icon and desktop file name."""
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from explorer.memory import keep_mmap_threshold

    keep_mmap_threshold()  # large freed arrays go back to the system (see explorer.memory)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APPLICATION])
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
    import PySide6.QtWidgets  # noqa: F401  (before pyqtgraph, so it binds to PySide6)

    app = make_application()
    from explorer.ui.errors import install_excepthook, show_error

    install_excepthook(dialogs=args.screenshot is None)
    from explorer.paths import default_db_path
    from explorer.store import StoreError
    from explorer.ui.session import Session

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
    return int(app.exec())  # type: ignore[attr-defined]


def __getattr__(name: str) -> object:
    """`explorer.app.MainWindow` without importing Qt for `--help`."""
    if name == "MainWindow":
        from explorer.ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)


if __name__ == "__main__":
    sys.exit(main())
