"""`neutrality install-desktop`: the desktop entry and icons it writes, and what --uninstall removes."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.commands import install_desktop
from explorer.resources import resources_dir

APP = "neutrality-explorer"


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary $XDG_DATA_HOME (and HOME, so nothing can reach the real ~/.local/share)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def read_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group of a desktop file, keys case preserved."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def files_under(folder: Path) -> set[str]:
    """Every file below a folder, as relative paths."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def expected_icons() -> set[str]:
    """The icon files install-desktop promises to write."""
    pngs = {f"icons/hicolor/{n}x{n}/apps/{APP}.png" for n in install_desktop.ICON_SIZES}
    return pngs | {f"icons/hicolor/scalable/apps/{APP}.svg"}


def test_install_writes_the_entry_and_every_icon_into_xdg_data_home(share: Path) -> None:
    assert main(["install-desktop"]) == 0

    entry = read_entry(share / "applications" / f"{APP}.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Neutrality Explorer"
    assert entry["Icon"] == APP
    launcher, field_code = entry["Exec"].rsplit(" ", 1)
    assert field_code == "%f"
    assert Path(launcher).is_absolute() and Path(launcher).name == APP and Path(launcher).is_file()
    assert entry["TryExec"] == launcher
    assert entry["MimeType"].split(";") == ["application/vnd.sqlite3", "application/x-sqlite3", ""]
    assert "Education" in entry["Categories"].split(";")

    written = files_under(share)
    assert expected_icons() <= written
    for icon in expected_icons():
        # The PNGs sit at the same relative paths under resources/; the SVG at resources/icons/.
        source = resources_dir() / "icons" / f"{APP}.svg" if icon.endswith(".svg") else resources_dir() / icon
        assert (share / icon).read_bytes() == source.read_bytes(), icon


def test_installed_entry_passes_desktop_file_validate(share: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    assert main(["install-desktop"]) == 0
    result = subprocess.run(
        [validator, str(share / "applications" / f"{APP}.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    # Not only no errors: no warnings or hints either.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_uninstall_removes_exactly_what_install_wrote(share: Path) -> None:
    neighbours = {
        "applications/other-app.desktop": "[Desktop Entry]\nType=Application\nName=Other\nExec=other\n",
        "icons/hicolor/48x48/apps/other-app.png": "not ours",
    }
    for rel, text in neighbours.items():
        (share / rel).parent.mkdir(parents=True, exist_ok=True)
        (share / rel).write_text(text)
    before = files_under(share)

    assert main(["install-desktop"]) == 0
    assert main(["install-desktop", "--uninstall"]) == 0

    # Caches that update-desktop-database may have refreshed are the desktop's, not ours.
    after = {f for f in files_under(share) if not f.endswith("mimeinfo.cache")}
    assert after == before
    for rel, text in neighbours.items():
        assert (share / rel).read_text() == text
    cache = share / "applications" / "mimeinfo.cache"
    if cache.exists():
        assert APP not in cache.read_text()


def test_uninstall_with_nothing_installed_says_so(share: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install-desktop", "--uninstall"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out
    assert not share.exists()


def test_prefix_installs_under_prefix_share_and_leaves_xdg_alone(share: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    assert main(["install-desktop", "--prefix", str(prefix)]) == 0
    assert (prefix / "share" / "applications" / f"{APP}.desktop").is_file()
    assert expected_icons() <= files_under(prefix / "share")
    assert not share.exists()
    assert main(["install-desktop", "--uninstall", "--prefix", str(prefix)]) == 0
    assert not any(APP in f for f in files_under(prefix))


def test_a_relative_xdg_data_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert install_desktop.data_home(None) == tmp_path / ".local" / "share"


@pytest.mark.parametrize(
    ("path", "exec_value"),
    [
        ("/opt/venv/bin/neutrality-explorer", "/opt/venv/bin/neutrality-explorer"),
        ("/home/a b/venv/bin/neutrality-explorer", '"/home/a b/venv/bin/neutrality-explorer"'),
        ("/srv/$x/neutrality-explorer", '"/srv/\\\\$x/neutrality-explorer"'),
        ("/srv/100%/neutrality-explorer", "/srv/100%%/neutrality-explorer"),
    ],
)
def test_exec_quotes_the_launcher_path_as_the_spec_requires(path: str, exec_value: str) -> None:
    text = install_desktop.render_entry("Exec=@EXEC@ %f\nTryExec=@TRYEXEC@\n", Path(path))
    assert text.splitlines() == [f"Exec={exec_value} %f", f"TryExec={path}"]


def test_entry_with_a_launcher_path_needing_quotes_still_validates(tmp_path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    template = (resources_dir() / f"{APP}.desktop.in").read_text(encoding="utf-8")
    target = tmp_path / f"{APP}.desktop"
    target.write_text(install_desktop.render_entry(template, Path("/home/a b/$HOME/bin/neutrality-explorer")))
    result = subprocess.run([validator, str(target)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_missing_launcher_is_reported_in_one_sentence(
    share: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(install_desktop, "find_launcher", lambda: None)
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("neutrality install-desktop: the neutrality-explorer launcher was found neither")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not share.exists()


def test_install_desktop_runs_without_loading_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from explorer.cli import main; "
        f"rc = main(['install-desktop', '--prefix', {str(tmp_path)!r}]); "
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')); "
        "print(rc, qt)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 []"
