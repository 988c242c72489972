"""`neutrality install-desktop`: add Neutrality Explorer to a Linux desktop's applications menu. No Qt.

Writes a freedesktop.org desktop entry and the app icon (PNGs in several sizes plus the SVG) into the
user's data folder ($XDG_DATA_HOME, by default ~/.local/share), or under DIR/share with --prefix DIR.
The PNGs are the ones committed under resources/icons/hicolor, so nothing here needs Qt to draw them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from explorer.commands import example

APP_ID = "neutrality-explorer"
LAUNCHER = "neutrality-explorer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

#: Characters that make the Desktop Entry spec require an Exec argument to be quoted.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class Target:
    """One file the command writes: where from (None for the entry itself) and where to."""

    source: Path | None
    path: Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "install-desktop",
        help="add Neutrality Explorer to the applications menu (Linux)",
        description="Write a desktop entry and the app icon so that Neutrality Explorer appears in your "
        "applications menu and opens .db files. --uninstall removes exactly those files again.",
        epilog=example("neutrality install-desktop") + "\n  neutrality install-desktop --uninstall",
    )
    p.add_argument("--uninstall", action="store_true", help="remove the desktop entry and icons")
    p.add_argument(
        "--prefix",
        type=Path,
        default=None,
        metavar="DIR",
        help="install under DIR/share instead of $XDG_DATA_HOME (default: ~/.local/share)",
    )
    p.set_defaults(func=run)


def data_home(prefix: Path | None) -> Path:
    """The share folder to write into: DIR/share for --prefix, else $XDG_DATA_HOME or ~/.local/share."""
    if prefix is not None:
        return prefix.expanduser().absolute() / "share"
    xdg = os.environ.get("XDG_DATA_HOME", "")
    # The spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg)
    return Path.home() / ".local" / "share"


def entry_path(share: Path) -> Path:
    """Where the desktop entry goes."""
    return share / "applications" / f"{APP_ID}.desktop"


def icon_targets(share: Path) -> list[Target]:
    """Each icon file to copy: one PNG per size and the scalable SVG."""
    from explorer.resources import resources_dir

    icons = resources_dir() / "icons"
    hicolor = share / "icons" / "hicolor"
    targets = [
        Target(
            icons / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png",
            hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png",
        )
        for n in ICON_SIZES
    ]
    targets.append(Target(icons / f"{APP_ID}.svg", hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    return targets


def find_launcher() -> Path | None:
    """The installed `neutrality-explorer` gui-script: next to this Python, else on PATH."""
    names = [f"{LAUNCHER}.exe", LAUNCHER] if sys.platform == "win32" else [LAUNCHER]
    here = Path(sys.executable).parent
    for name in names:
        candidate = here / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.absolute()
    found = shutil.which(LAUNCHER)
    return Path(found).absolute() if found else None


def escape_string(value: str) -> str:
    """Escape a value for a desktop entry's string type (backslash, newline, tab)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def quote_exec_arg(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry spec requires, before string escaping."""
    arg = arg.replace("%", "%%")
    if not _EXEC_RESERVED.intersection(arg):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{inner}"'


def render_entry(template: str, launcher: Path) -> str:
    """The desktop entry text: the template with the launcher's path filled in."""
    return template.replace("@TRYEXEC@", escape_string(str(launcher))).replace(
        "@EXEC@", escape_string(quote_exec_arg(str(launcher)))
    )


def run(args: argparse.Namespace) -> int:
    """Install or uninstall, then refresh the desktop's caches."""
    from explorer.commands import CommandError

    if sys.platform in ("win32", "darwin"):
        raise CommandError(
            "install-desktop writes a freedesktop.org desktop entry, which Windows and macOS do not read; "
            "make a shortcut to the neutrality-explorer launcher instead (see docs/packaging.md)."
        )
    share = data_home(args.prefix)
    return _uninstall(share) if args.uninstall else _install(share)


def _install(share: Path) -> int:
    from explorer.commands import CommandError
    from explorer.resources import resources_dir

    launcher = find_launcher()
    if launcher is None:
        raise CommandError(
            f"the {LAUNCHER} launcher was found neither next to {sys.executable} nor on PATH; "
            "install the package with pip first."
        )
    template = resources_dir() / f"{APP_ID}.desktop.in"
    icons = icon_targets(share)
    missing = [t.source for t in icons if t.source is not None and not t.source.is_file()]
    if not template.is_file() or missing:
        first = template if not template.is_file() else missing[0]
        raise CommandError(f"the bundled file {first} is missing; reinstall the package.")
    entry = entry_path(share)
    try:
        for target in icons:
            assert target.source is not None
            _copy_atomic(target.source, target.path)
        _write_atomic(entry, render_entry(template.read_text(encoding="utf-8"), launcher))
    except OSError as exc:
        raise CommandError(f"could not write to {share}: {exc.strerror or exc}.") from None
    _refresh_caches(share)
    print(
        f"Installed the desktop entry {entry} and {len(icons)} icon files under {share / 'icons' / 'hicolor'}."
    )
    print(f"Neutrality Explorer now appears in your applications menu and starts {launcher}.")
    return 0


def _uninstall(share: Path) -> int:
    entry = entry_path(share)
    removed = 0
    for path in [entry, *(t.path for t in icon_targets(share))]:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    if not removed:
        print(f"Nothing to remove: there is no Neutrality Explorer desktop entry or icon under {share}.")
        return 0
    _refresh_caches(share)
    print(f"Removed {removed} files (the desktop entry and the app icons) from {share}.")
    return 0


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o644)
    os.replace(tmp, path)


def _copy_atomic(source: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    shutil.copyfile(source, tmp)
    tmp.chmod(0o644)
    os.replace(tmp, path)


def _refresh_caches(share: Path) -> None:
    """Tell the desktop about the change; each tool is optional and its failure harmless."""
    applications = share / "applications"
    hicolor = share / "icons" / "hicolor"
    if applications.is_dir():
        _run_if_present(["update-desktop-database", "-q", str(applications)])
    if hicolor.is_dir():
        # Like xdg-icon-resource: touch the theme folder so that icon caches see a change, and update
        # an icon cache only where the theme has an index (without one the tool declines, which is fine).
        os.utime(hicolor)
        _run_if_present(["gtk-update-icon-cache", "--quiet", str(hicolor)])


def _run_if_present(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(command, check=False, capture_output=True, timeout=60)
