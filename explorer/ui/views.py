"""Named views the window can show (`neutrality-explorer --view NAME`).

A view is a function that brings it forward in a MainWindow. "timeline" is built in; the
comparison view registers "compare" with `register_view` when its module is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

ViewActivator = Callable[["MainWindow"], None]

_VIEWS: dict[str, ViewActivator] = {}


def register_view(name: str, activate: ViewActivator) -> None:
    """Make a view available under a name."""
    _VIEWS[name] = activate


def view_activator(name: str) -> ViewActivator | None:
    """The function that shows a named view, None if no such view is installed."""
    return _VIEWS.get(name)


def view_names() -> list[str]:
    """Names of the installed views."""
    return sorted(_VIEWS)


def _show_timeline(window: MainWindow) -> None:
    window.timeline.setFocus()


register_view("timeline", _show_timeline)
