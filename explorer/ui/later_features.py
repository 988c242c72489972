"""The main window's features that only a command uses: built once the window has been painted.

None of them shows anything at the first paint (they connect menu actions, add submenus and
context-menu entries, and open dialogs), so `explorer.ui.main_window` builds them on the turn of
the event loop after its first paint, or when one is first asked for; their modules are imported
then too. The menu actions themselves are made with the menus (explorer.ui.actions), so every
menu item is in its place from the start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.ui.bulk_edit import BulkEditTools
from explorer.ui.citing import CitationActions
from explorer.ui.dialogs.datasets_dialog import DatasetsCommand
from explorer.ui.exporting import ExportActions
from explorer.ui.help import HelpTools
from explorer.ui.placements import PlacementTools
from explorer.ui.printing import PrintTools
from explorer.ui.sharing.install import ShareActions

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


class LaterFeatures:
    """The command features of one window, each handed what it uses, in the order they need."""

    def __init__(self, window: MainWindow) -> None:
        session, actions, settings = window.session, window.menu_actions, window.settings
        timeline, status = window.timeline, window.statusBar()
        #: File > Import, Export Selection; Edit > Copy (TSV, Markdown)
        self.exporting = ExportActions(session, actions, timeline, settings, status, parent=window)
        #: Edit > Copy as Citation, Citation Style
        self.citing = CitationActions(session, actions, window.detail, settings, status, parent=window)
        #: Edit > Also on Lanes (the details' and the table's context menus too)
        self.placements = PlacementTools(session, actions, window.detail, parent=window)
        #: Edit > tag, flag, rate ... the selection; the table's context menu
        self.bulk_edit = BulkEditTools(session, actions, window.table, self.placements, parent=window)
        #: Help > Guide, Keyboard Shortcuts, How to Cite
        self.help = HelpTools(session, actions, window=window)
        #: File > Print, Export PDF (uses compare)
        self.printing = PrintTools(
            session, actions, timeline, window.compare, settings, status, parent=window
        )
        #: File > Share, Edit > Preferences, View > Detached Annotations, the team folder
        self.sharing = ShareActions(session, actions, settings, status, parent=window)
        #: File > Datasets
        self.datasets = DatasetsCommand(session, actions, parent=window)
