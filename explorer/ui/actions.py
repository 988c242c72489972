"""The window's shared menu actions: text, standard shortcut, status tip and objectName, per menu section.

Menus are built from `MENUS` (title and ordered sections) and the `ActionSpec`s listed here;
sections are separated in the menu. A feature module adds its own action by calling
`window.actions.add(spec)` on a live window (it is inserted at the end of its section), then connects
`window.actions[name].triggered`.

Reserved places for actions other modules add:
  file/import    File > Import...                    file/export   File > Export Selection... (Ctrl+E)
  edit/undo      Edit > Undo, Redo (QKeySequence.Undo / Redo)
  edit/annotate  notes, tags, stars                   view/views    View > Compare (and other views)
  view/panels    the dock toggles (added by the window for each dock)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

Key = QKeySequence.StandardKey

#: menu name -> (title, sections in order)
MENUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "file": ("&File", ("open", "import", "export", "quit")),
    "edit": ("&Edit", ("undo", "clipboard", "select", "annotate", "preferences")),
    "view": ("&View", ("zoom", "lanes", "views", "panels", "window")),
    "help": ("&Help", ("guide", "about")),
}


@dataclass(frozen=True)
class ActionSpec:
    """How one menu action looks and where it goes."""

    name: str
    text: str
    menu: str
    section: str
    shortcut: Key | str | None = None
    tip: str = ""
    checkable: bool = False
    checked: bool = False


ACTION_SPECS: list[ActionSpec] = [
    ActionSpec(
        "open", "&Open Database…", "file", "open", Key.Open, "Open another Neutrality Explorer database"
    ),
    ActionSpec("quit", "&Quit", "file", "quit", Key.Quit, "Close every window and quit"),
    ActionSpec("copy", "&Copy Selection", "edit", "clipboard", Key.Copy, "Copy the selected events as text"),
    ActionSpec(
        "select_all", "Select &All Shown", "edit", "select", Key.SelectAll, "Select every event shown"
    ),
    ActionSpec("select_none", "Select &None", "edit", "select", "Ctrl+Shift+A", "Clear the selection"),
    ActionSpec("zoom_in", "Zoom &In", "view", "zoom", Key.ZoomIn, "Show a shorter time span"),
    ActionSpec("zoom_out", "Zoom &Out", "view", "zoom", Key.ZoomOut, "Show a longer time span"),
    ActionSpec("fit_all", "&Fit All", "view", "zoom", "Ctrl+0", "Show the whole span of the events"),
    ActionSpec(
        "centre_selection",
        "&Centre on Selection",
        "view",
        "zoom",
        "Ctrl+L",
        "Bring the selected event to the middle",
    ),
    ActionSpec("arrange_lanes", "&Arrange Lanes…", "view", "lanes", None, "Reorder, hide and show the lanes"),
    ActionSpec(
        "show_legend",
        "Show &Legend",
        "view",
        "panels",
        None,
        "Show the key to the marks",
        checkable=True,
        checked=True,
    ),
    ActionSpec(
        "show_overview",
        "Show O&verview",
        "view",
        "panels",
        None,
        "Show the overview strip",
        checkable=True,
        checked=True,
    ),
    ActionSpec("reset_layout", "&Reset Layout", "view", "window", None, "Put panels back where they started"),
    ActionSpec(
        "full_screen",
        "F&ull Screen",
        "view",
        "window",
        Key.FullScreen,
        "Use the whole screen",
        checkable=True,
    ),
    ActionSpec(
        "about", "&About Neutrality Explorer", "help", "about", None, "The data's provenance and versions"
    ),
    ActionSpec("about_qt", "About &Qt", "help", "about", None, "The Qt toolkit's version and licence"),
]


class Actions:
    """The QActions of one window by name, and the menus built from them."""

    def __init__(self, parent: QWidget, specs: Iterable[ActionSpec] | None = None) -> None:
        self._parent = parent
        self._actions: dict[str, QAction] = {}
        self._specs: dict[str, ActionSpec] = {}
        self._section_ends: dict[tuple[str, str], QAction] = {}
        self.menus: dict[str, QMenu] = {}
        for spec in specs if specs is not None else ACTION_SPECS:
            self._make(spec)

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: str) -> bool:
        return name in self._actions

    def names(self) -> list[str]:
        """Names of all actions."""
        return list(self._actions)

    def _make(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self._parent)
        action.setObjectName(spec.name)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip or spec.text.replace("&", "").rstrip("…"))
        action.setCheckable(spec.checkable)
        if spec.checkable:
            action.setChecked(spec.checked)
        self._actions[spec.name] = action
        self._specs[spec.name] = spec
        return action

    def build_menus(self, bar: QMenuBar) -> dict[str, QMenu]:
        """Fill a menu bar: one menu per entry of MENUS, sections separated."""
        for menu_name, (title, sections) in MENUS.items():
            menu = bar.addMenu(title)
            menu.setObjectName(f"{menu_name}Menu")
            self.menus[menu_name] = menu
            for section in sections:
                for spec in self._specs.values():
                    if spec.menu == menu_name and spec.section == section:
                        menu.addAction(self._actions[spec.name])
                self._section_ends[(menu_name, section)] = menu.addSeparator()
        return self.menus

    def add(self, spec: ActionSpec) -> QAction:
        """Create an action on a live window and put it at the end of its menu section."""
        action = self._make(spec)
        end = self._section_ends.get((spec.menu, spec.section))
        menu = self.menus.get(spec.menu)
        if menu is not None:
            if end is not None:
                menu.insertAction(end, action)
            else:
                menu.addAction(action)
        return action

    def add_to_section(self, menu_name: str, section: str, item: QAction | QMenu) -> None:
        """Put an existing action or submenu at the end of a menu section."""
        menu = self.menus[menu_name]
        end = self._section_ends[(menu_name, section)]
        if isinstance(item, QMenu):
            menu.insertMenu(end, item)
        else:
            menu.insertAction(end, item)
