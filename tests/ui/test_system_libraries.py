"""A fresh Linux machine without the X11 libraries Qt's xcb plugin needs: the app names the missing
library files and the apt command in one sentence and exits 1, instead of Qt's misleading message."""

from __future__ import annotations

import pytest

from explorer import app


def fake_loader(missing: set[str]):
    """A library loader that fails, as ctypes does, for the given sonames."""
    loaded: list[str] = []

    def load(soname: str) -> object:
        loaded.append(soname)
        if soname in missing:
            raise OSError(f"{soname}: cannot open shared object file: No such file or directory")
        return object()

    load.loaded = loaded  # type: ignore[attr-defined]
    return load


def test_missing_libraries_are_found_by_trying_to_load_each():
    load = fake_loader({"libxcb-icccm.so.4", "libxcb-keysyms.so.1"})
    assert app.missing_xcb_libraries(load) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert set(load.loaded) == set(app.XCB_LIBRARIES)
    assert {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"} <= set(load.loaded)


def test_nothing_is_missing_when_every_library_loads():
    assert app.missing_xcb_libraries(fake_loader(set())) == []


def test_the_sentence_names_the_files_and_the_apt_command():
    text = app.missing_libraries_sentence(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1`" in text
    assert text.count(". ") == 0 and text.endswith(".") and "\n" not in text


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb;wayland"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_the_check_runs_only_where_qt_would_use_xcb(env, platform, expected):
    assert app.uses_xcb(env, platform) is expected


def test_the_app_exits_with_one_sentence_when_a_library_is_missing(monkeypatch, capsys):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(app, "_load_library", fake_loader({"libxcb-icccm.so.4"}))
    monkeypatch.setattr(app, "_no_application_yet", lambda: True)
    made = []
    monkeypatch.setattr(app, "make_application", lambda: made.append(1))
    assert app.main([]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0
    assert "libxcb-icccm.so.4" in err and "sudo apt install libxcb-icccm4" in err
    assert not made, "no QApplication is created, so Qt's own message never appears"


def test_the_list_covers_what_the_installed_xcb_plugin_links_against():
    import re
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not sys.platform.startswith("linux") or not plugin.exists() or shutil.which("ldd") is None:
        pytest.skip("needs Linux, ldd and PySide6's xcb plugin")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False).stdout
    needed = set(re.findall(r"^\s*(lib(?:xcb|xkbcommon|X11-xcb)[\w.-]*\.so\.\d+)", out, re.M))
    assert needed, out
    assert needed <= set(app.XCB_LIBRARIES), sorted(needed - set(app.XCB_LIBRARIES))
