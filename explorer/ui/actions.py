"""Every menu action of the window: text, standard shortcut, status tip and objectName, per menu section.

Menus are built from `MENUS` (title and ordered sections) and the `ActionSpec`s listed here, in order
within a section; sections are separated in the menu. Features connect to `actions[name]` (each
block below names the feature); the submenus a feature fills itself (Lanes, Open Recent, Share,
Citation Style, Rate, Theme) and the docks' toggles are put in their section with `add_to_section`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

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


class ActionSpec(NamedTuple):
    """How one menu action looks and where it goes (a named tuple: made at import in a quarter of
    a frozen dataclass's time, equal, hashable and printed the same way)."""

    name: str
    text: str
    menu: str
    section: str
    shortcut: Key | str | None = None
    tip: str = ""
    checkable: bool = False
    checked: bool = False
    #: further shortcuts after the first (Redo answers Ctrl+Shift+Z and Ctrl+Y on every platform)
    more_keys: tuple[str, ...] = ()


ACTION_SPECS: list[ActionSpec] = [
    ActionSpec(
        "new_database",
        "&New Database…",
        "file",
        "open",
        Key.New,
        "Make a new database: empty or a copy of the corpus",
    ),
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
    # --- export, import and clipboard: ui/exporting.py ---
    ActionSpec("import_events", "&Import…", "file", "import", None, "Add events from a CSV or JSON file"),
    ActionSpec(
        "export_selection",
        "&Export Selection…",
        "file",
        "export",
        "Ctrl+E",
        "Write the selected events to a file, or save a picture of the timeline",
    ),
    ActionSpec(
        "copy_markdown",
        "Copy as &Markdown",
        "edit",
        "clipboard",
        "Ctrl+Shift+C",
        "Copy the selected events as a Markdown list with their sources",
    ),
    ActionSpec(
        "copy_tsv",
        "Copy as &Tab-Separated",
        "edit",
        "clipboard",
        None,
        "Copy the selected events as rows to paste into a spreadsheet",
    ),
    # --- citation: ui/citing.py ---
    ActionSpec(
        "copy_citation",
        "Copy as C&itation",
        "edit",
        "clipboard",
        "Ctrl+Alt+C",  # free here; Ctrl+Shift+C is Copy as Markdown
        "Copy the event's quote with “(Bohdan and Isaev 2016, section …)” and its footnote's reference",
    ),
    # --- annotations: ui/annotations/install.py ---
    ActionSpec(
        "undo",
        "&Undo",
        "edit",
        "undo",
        Key.Undo,
        "Take back the last change to your annotations",
    ),
    ActionSpec(
        "redo",
        "&Redo",
        "edit",
        "undo",
        Key.Redo,
        "Make the change that was taken back again",
        more_keys=("Ctrl+Shift+Z", "Ctrl+Y"),
    ),
    ActionSpec(
        "add_note", "Add &Note", "edit", "annotate", "Ctrl+Shift+N", "Write a note on the event in focus"
    ),
    ActionSpec(
        "toggle_flag", "&Flag Event", "edit", "annotate", "Ctrl+Shift+G", "Flag or unflag the event in focus"
    ),
    ActionSpec(
        "link_event",
        "&Link to Event…",
        "edit",
        "annotate",
        "Ctrl+Shift+K",
        "Link the event in focus to another",
    ),
    ActionSpec(
        "new_period",
        "New &Period…",
        "edit",
        "annotate",
        "Ctrl+Shift+P",
        "Save the selected events' dates (or the Shift-dragged or visible range) as a period",
    ),
    # --- databases: ui/workspace/file_actions.py ---
    ActionSpec(
        "save_copy",
        "Save a &Copy As…",
        "file",
        "open",
        Key.SaveAs,
        "Save a complete copy of this database under another name",
    ),
    ActionSpec(
        "restore_backup",
        "Restore from &Backup…",
        "file",
        "open",
        None,
        "Go back to one of the automatic backups",
    ),
    # --- filters and saved views: ui/facets/install.py ---
    ActionSpec("open_view", "Open &View…", "file", "open", None, "Open a saved view file someone sent you"),
    ActionSpec("clear_filters", "Clear &Filters", "view", "views", "Ctrl+Shift+F", "Show every event again"),
    ActionSpec(
        "save_view",
        "&Save View…",
        "view",
        "views",
        None,
        "Keep the filters, search, zoom, lanes and selection under a name",
    ),
    # --- search: ui/search/install.py ---
    ActionSpec(
        "find", "&Find…", "edit", "select", Key.Find, "Search every event's text, actors, sources and notes"
    ),
    ActionSpec(
        "find_next", "Find &Next", "edit", "select", Key.FindNext, "Go to the next search hit on the timeline"
    ),
    ActionSpec(
        "find_previous",
        "Find Pre&vious",
        "edit",
        "select",
        Key.FindPrevious,
        "Go to the previous search hit on the timeline",
    ),
    # --- comparison: ui/compare/install.py ---
    ActionSpec(
        "compare",
        "&Compare Tracks",
        "view",
        "views",
        "Ctrl+K",
        "Foreign policy and security side by side: density, cumulative counts, lead and lag, Table two",
    ),
    # --- bulk edit: ui/bulk_edit.py ---
    ActionSpec(
        "bulk_tag",
        "&Tag Selected Events…",
        "edit",
        "annotate",
        "Ctrl+Shift+T",
        "Add a tag to every selected event",
    ),
    ActionSpec(
        "bulk_untag",
        "U&ntag Selected Events…",
        "edit",
        "annotate",
        None,
        "Remove a tag from every selected event",
    ),
    ActionSpec("bulk_flag", "Fla&g Selected Events", "edit", "annotate", None, "Flag every selected event"),
    ActionSpec(
        "bulk_unflag", "Unflag Selected Events", "edit", "annotate", None, "Unflag every selected event"
    ),
    ActionSpec(
        "bulk_importance",
        "Set &Importance of Selected Events…",
        "edit",
        "annotate",
        None,
        "Set your importance per party for every selected event",
    ),
    ActionSpec(
        "bulk_period",
        "Put Selected Events in Peri&od…",
        "edit",
        "annotate",
        None,
        "Create or widen a period so that it covers every selected event's dates",
    ),
    ActionSpec(
        "bulk_note",
        "Add Note to Selected &Events…",
        "edit",
        "annotate",
        None,
        "Add the same note to every selected event",
    ),
    # --- ui/placements.py ---
    ActionSpec(
        "also_on_lanes",
        "Also on Lane&s…",
        "edit",
        "annotate",
        "Ctrl+Shift+L",
        "Draw the selected events on further lanes as well, or take them off",
    ),
    # --- help: ui/help.py ---
    ActionSpec(
        "guide", "&Guide", "help", "guide", QKeySequence.StandardKey.HelpContents, "A short guide to the app"
    ),
    ActionSpec(
        "shortcuts",
        "&Keyboard Shortcuts",
        "help",
        "guide",
        "Ctrl+/",
        "Every menu command that has keys, by menu",
    ),
    ActionSpec("cite", "How to &Cite…", "help", "guide", None, "The paper's and the app's citation, to copy"),
    # --- printing: ui/printing.py ---
    ActionSpec(
        "print",
        "&Print…",
        "file",
        "export",
        QKeySequence.StandardKey.Print,
        "Print the timeline, the comparison or a brief",
    ),
    ActionSpec(
        "export_pdf",
        "Export &PDF…",
        "file",
        "export",
        None,
        "Save the timeline, the comparison or a brief as a PDF file",
    ),
    # --- sharing: ui/sharing/install.py (its File > Share submenu is its own) ---
    ActionSpec(
        "preferences",
        "&Preferences…",
        "edit",
        "preferences",
        None,
        "Your name on your annotations, and the team folder",
    ),
    ActionSpec(
        "detached_annotations",
        "&Detached Annotations…",
        "view",
        "views",
        None,
        "Annotations whose event is not in this workspace, to reattach",
    ),
    # --- datasets: ui/dialogs/datasets_dialog.py ---
    ActionSpec(
        "datasets",
        "&Datasets…",
        "file",
        "import",
        None,
        "The imported files: remove one (a backup is made first) or bring it back",
    ),
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
        if spec.more_keys:
            first = spec.shortcut
            keys = QKeySequence.keyBindings(first) if isinstance(first, Key) else [QKeySequence(first or "")]
            action.setShortcuts(list(dict.fromkeys([*keys, *map(QKeySequence, spec.more_keys)])))
        elif spec.shortcut is not None:
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

    def add_to_section(
        self, menu_name: str, section: str, item: QAction | QMenu, before: str | None = None
    ) -> None:
        """Put an action or submenu a feature made at the end of a menu section (or before a named action)."""
        menu = self.menus[menu_name]
        end = self._actions[before] if before is not None else self._section_ends[(menu_name, section)]
        if isinstance(item, QMenu):
            menu.insertMenu(end, item)
        else:
            menu.insertAction(end, item)
