"""Which series the comparison shows: tracks, tags or saved views, chosen from a small menu.

A `SeriesSpec` names one (its kind, key, label and colour); `build_series` turns it into an
`explorer.analysis.Series` of the events the window's filter lets through. The default is the pair
the paper compares, the `foreign` and `security` tracks.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from explorer.analysis import Series
from explorer.formats.text import literal_html
from explorer.state import PAIRED_LANES, Session
from explorer.store import StoreError
from explorer.store.filters import Filter

#: The widest the chooser's text gets, in pixels.
TEXT_WIDTH = 220
CHOOSER_TIP = "Choose two or more tracks, tags or saved views to compare"
#: Colours for saved views (tracks and tags have their own).
VIEW_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d")


@dataclass(frozen=True)
class SeriesSpec:
    """One comparable set of events: a track, a tag or a saved view's filter."""

    kind: str
    key: str
    label: str
    color: str

    @property
    def uid(self) -> str:
        """A key unique across kinds ('track:foreign')."""
        return f"{self.kind}:{self.key}"


def available_specs(session: Session) -> list[SeriesSpec]:
    """Every track, tag and saved view of the session's database."""
    specs = [SeriesSpec("track", t.id, t.name, t.color) for t in session.tracks]
    with contextlib.suppress(StoreError):
        specs += [
            SeriesSpec("tag", t.name, f"#{t.name}", t.color) for t in session.annotations.tags() if t.count
        ]
    try:
        views = session.views.all()
    except StoreError:
        views = []
    specs += [
        SeriesSpec("view", v.name, v.name, VIEW_COLORS[i % len(VIEW_COLORS)]) for i, v in enumerate(views)
    ]
    return specs


def default_specs(session: Session) -> list[SeriesSpec]:
    """The foreign-policy and security tracks (or the first two tracks)."""
    tracks = [s for s in available_specs(session) if s.kind == "track"]
    paired = [s for key in PAIRED_LANES for s in tracks if s.key == key]
    return paired if len(paired) == 2 else tracks[:2]


def build_series(session: Session, spec: SeriesSpec, *, count_shared: bool = False) -> Series:
    """The events of a spec that the window's filter lets through, with their anchor days.

    A track counts an event on several lanes only in its home track unless `count_shared`.
    """
    mask = session.filter_mask()
    if spec.kind == "track":
        return session.events.track_series(spec.key, count_shared=count_shared, mask=mask)
    flt = Filter(tag=(spec.key,)) if spec.kind == "tag" else session.views.get(spec.key).state.filter
    label = spec.label.lstrip("#") if spec.kind == "tag" else spec.label
    return session.events.filtered_series(flt, key=spec.uid, label=f"“{label}”", mask=mask)


def swatch(color: str) -> QIcon:
    """A small round-cornered square in a colour."""
    pm = QPixmap(12, 12)
    pm.fill(QColor(color))
    return QIcon(pm)


class SeriesChooser(QToolButton):
    """A button with a menu of checkable tracks, tags and saved views; `chosen(list)` when changed."""

    chosen = Signal(list)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareSeriesChooser")
        self.session = session
        self.setText("Compare…")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.menu_.aboutToShow.connect(self._on_menu_about_to_show)
        self._chosen: list[SeriesSpec] = default_specs(session)
        self._update_text()

    def specs(self) -> list[SeriesSpec]:
        """The chosen series, in the order they were chosen."""
        return list(self._chosen)

    def set_specs(self, specs: list[SeriesSpec]) -> None:
        """Choose these series (at least one)."""
        if specs and specs != self._chosen:
            self._chosen = list(specs)
            self._update_text()
            self.chosen.emit(self.specs())

    def _update_text(self) -> None:
        names = [s.label for s in self._chosen]
        text = " vs ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
        # elided, so that three long names do not widen the comparison past a small window
        short = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, TEXT_WIDTH)
        self.setText(short + "  ▾")
        # (names are the user's: a tag or view name must never be taken for HTML)
        self.setToolTip(literal_html(f"{text}. {CHOOSER_TIP}"))

    def _on_menu_about_to_show(self) -> None:
        menu = self.menu_
        menu.clear()
        chosen = {s.uid for s in self._chosen}
        groups = (("track", "Tracks"), ("tag", "Tags"), ("view", "Saved views"))
        specs = available_specs(self.session)
        for kind, title in groups:
            these = [s for s in specs if s.kind == kind]
            if not these:
                continue
            menu.addSection(title)
            for spec in these:
                act = QAction(swatch(spec.color), spec.label, menu)
                act.setCheckable(True)
                act.setChecked(spec.uid in chosen)
                act.setEnabled(not (spec.uid in chosen and len(chosen) <= 1))
                act.toggled.connect(lambda on, s=spec: self._on_action_toggled(s, on))
                menu.addAction(act)
        menu.addSeparator()
        menu.addAction("Foreign Policy and Security", lambda: self.set_specs(default_specs(self.session)))

    def _on_action_toggled(self, spec: SeriesSpec, on: bool) -> None:
        rest = [s for s in self._chosen if s.uid != spec.uid]
        self.set_specs(rest + [spec] if on else rest)
