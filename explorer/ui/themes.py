"""View > Theme: Light, Dark or System, applied to the whole application and remembered.

The theme is a QPalette set on the QApplication (and the colour scheme hint Qt 6.8+ offers), so every
widget gets a PaletteChange: the timeline, the overview, the legend and the comparison already
rebuild their colours from the palette (`explorer.timeline.theme.theme_from_palette`). "System" puts
back the palette the application started with. `contrast_ratio` (WCAG 2's) and `readable_on` live in
`explorer.timeline.theme`, which the timeline paints with; they are re-exported here for the rest of ui/.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory, QWidget

from explorer.timeline.theme import contrast_ratio, over, readable_on, relative_luminance
from explorer.ui.actions import Actions

__all__ = ["THEMES", "apply_theme", "contrast_ratio", "over", "readable_on", "relative_luminance"]

THEMES: Final = {"system": "&System", "light": "&Light", "dark": "&Dark"}
SETTING: Final = "view/theme"
_started_with: list[QPalette] = []

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def light_palette() -> QPalette:
    """Fusion's light palette (the same on every platform) with a selection dark enough for white text."""
    style = QStyleFactory.create("Fusion")
    pal = style.standardPalette() if style is not None else QPalette()
    # Fusion's #308cc6 gives white text 3.7:1; this blue gives 5.7:1 (WCAG AA asks 4.5)
    pal.setColor(Group.Active, Role.Highlight, QColor("#2f67b1"))
    pal.setColor(Group.Inactive, Role.Highlight, QColor("#2f67b1"))
    pal.setColor(Role.HighlightedText, QColor("#ffffff"))
    return pal


def dark_palette() -> QPalette:
    """A dark palette whose text, links and selection all reach WCAG AA on their backgrounds."""
    pal = QPalette()
    colors = {
        Role.Window: "#2b2d30",
        Role.WindowText: "#e8e8e8",
        Role.Base: "#1f2023",
        Role.AlternateBase: "#27292c",
        Role.ToolTipBase: "#35373b",
        Role.ToolTipText: "#eeeeee",
        Role.PlaceholderText: "#9c9c9c",
        Role.Text: "#e8e8e8",
        Role.Button: "#36383c",
        Role.ButtonText: "#e8e8e8",
        Role.BrightText: "#ff6b6b",
        Role.Light: "#4a4c50",
        Role.Midlight: "#3e4044",
        Role.Mid: "#2f3134",
        Role.Dark: "#17181a",
        Role.Shadow: "#000000",
        Role.Highlight: "#3a6fc4",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#7ab4ff",
        Role.LinkVisited: "#c39bff",
    }
    for role, hexcolor in colors.items():
        pal.setColor(role, QColor(hexcolor))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        pal.setColor(Group.Disabled, role, QColor("#85878a"))
    pal.setColor(Group.Disabled, Role.Highlight, QColor("#44464a"))
    return pal


def palette_for(name: str) -> QPalette:
    """The palette of a theme ("system": the one the application started with)."""
    if name == "light":
        return light_palette()
    if name == "dark":
        return dark_palette()
    return QPalette(_started_with[0]) if _started_with else QGuiApplication.palette()


def apply_theme(name: str) -> None:
    """Give the whole application a theme's palette (and colour scheme hint)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _started_with:
        _started_with.append(QPalette(app.palette()))
    hints = app.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(name, Qt.ColorScheme.Unknown)
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and later
        hints.setColorScheme(scheme)
    app.setPalette(palette_for(name))


def saved_theme(settings: QSettings) -> str:
    """The remembered theme's name ("system" when none or unknown)."""
    name = str(settings.value(SETTING, "system"))
    return name if name in THEMES else "system"


class ThemeMenu(QObject):
    """View > Theme with one checkable action per theme."""

    def __init__(self, actions: Actions, settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("themeMenu")
        self.settings = settings
        self.menu = QMenu("&Theme", parent)
        self.menu.setObjectName("themeSubmenu")
        self.group = QActionGroup(self.menu)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        current = saved_theme(settings)
        for name, text in THEMES.items():
            act = self.menu.addAction(text)
            act.setObjectName(f"theme_{name}")
            act.setCheckable(True)
            act.setChecked(name == current)
            act.setStatusTip(f"Use the {name} colours" if name != "system" else "Follow the system's colours")
            self.group.addAction(act)
            act.triggered.connect(lambda _=False, n=name: self.choose(n))
            self.actions[name] = act
        actions.add_to_section("view", "window", self.menu)
        if current != "system":
            apply_theme(current)

    def choose(self, name: str) -> None:
        """Switch every window to a theme and remember it."""
        self.settings.setValue(SETTING, name)
        self.actions[name].setChecked(True)
        apply_theme(name)
