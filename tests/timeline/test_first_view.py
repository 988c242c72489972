"""The first view on a fresh settings folder frames the years that hold most events; Ctrl+0 shows all."""

from __future__ import annotations

import numpy as np
from pointing import settle, show
from PySide6.QtCore import Qt


def test_first_start_frames_the_core_years_and_ctrl_0_fits_all(qtbot, window):
    # `window` starts on a fresh settings folder (conftest's isolated_home): no saved range
    tl = window.timeline
    settle(qtbot, tl)
    cols = window.session.columns
    d0, d1 = tl.visible_range()
    middles = np.sort(cols.centre[cols.dated])  # undated records have no middle
    # the bulk is in view: the 10th to 90th percentile of event middles
    p10, p90 = np.percentile(middles, [10, 90])
    assert d0 <= p10 and d1 >= p90
    # the outliers are not: the earliest event's middle lies far before the view, and the view is
    # much narrower than everything together
    assert middles[0] < d0
    dated = cols.dated  # undated records have no days to frame
    full = float(cols.draw_hi[dated].max() + 1 - cols.lo[dated].min())
    assert d1 - d0 < full / 3
    inside = ((middles >= d0) & (middles <= d1)).mean()
    assert inside >= 0.88
    # Ctrl+0 (Fit All) brings every event in
    tl.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    a0, a1 = tl.visible_range()
    assert a0 <= cols.lo[dated].min() and a1 >= cols.draw_hi[dated].max()


def test_a_saved_range_wins_over_the_first_view(qtbot, built_corpus, tmp_path):
    import shutil
    from datetime import date

    path = tmp_path / "c.db"
    shutil.copyfile(built_corpus, path)
    win = show(qtbot, path)
    win.timeline.zoom_to("1960-01-01", "1970-01-01")
    win.close()  # saves the range in the (fresh, per-test) settings folder
    again = show(qtbot, path)
    d0, d1 = again.timeline.visible_range()
    assert abs(d0 - date(1960, 1, 1).toordinal()) < 2 and abs(d1 - date(1970, 1, 1).toordinal()) < 2
