"""The wheel: every package and data file is in it, and it works installed outside the repository.

The install test puts the wheel into a fresh virtual environment in tmp_path. By default that venv reaches
the dependencies already installed for the test run through a .pth file, so pip resolves every requirement
without downloading (about 2 s instead of about 10 s and 370 MB for PySide6 and numpy). `python -m venv
--system-site-packages` would not do this: it exposes the base interpreter's site-packages, not those of the
venv running the tests. Set NEUTRALITY_WHEEL_TEST_FULL=1 to install into a venv of its own with every
dependency fetched by pip; that also catches a runtime dependency missing from pyproject.toml.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# Never copied into the build: VCS data, build output, caches, local environments.
IGNORED = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".venv", "venv", "*.part"
)


def source_packages() -> set[str]:
    """Every package folder under explorer/ that holds Python modules."""
    found = set()
    for path in (ROOT / "explorer").rglob("*.py"):
        rel = path.parent.relative_to(ROOT)
        if "__pycache__" not in rel.parts:
            found.add(".".join(rel.parts))
    return found


def test_every_package_under_explorer_is_listed_in_pyproject() -> None:
    """setuptools only ships the packages listed; a new folder must be added to [tool.setuptools] packages."""
    missing = source_packages() - set(SETUPTOOLS["packages"])
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"


def test_data_packages_map_to_the_top_level_folders() -> None:
    assert SETUPTOOLS["package-dir"]["explorer.data"] == "data"
    assert SETUPTOOLS["package-dir"]["explorer.assets"] == "resources"
    for package in ("explorer.data", "explorer.assets"):
        assert package in SETUPTOOLS["packages"]
        assert (ROOT / SETUPTOOLS["package-dir"][package] / "__init__.py").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the source tree so the repository gets no build/ or egg-info."""
    pytest.importorskip("build", reason="the `build` package is in the test extra: pip install -e '.[test]'")
    assert (ROOT / "data" / "neutrality.db").is_file(), (
        "data/neutrality.db is missing; run neutrality build-corpus"
    )
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=IGNORED)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "out"), str(work / "src")],
        check=True,
        capture_output=True,
    )
    (found,) = (work / "out").glob("neutrality_explorer-*.whl")
    return found


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_wheel_contains_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())

    for path in (ROOT / "explorer").rglob("*.py"):
        if "__pycache__" not in path.parts:
            assert str(path.relative_to(ROOT)) in names
    assert "explorer/data/neutrality.db" in names
    corpus = {str(p.relative_to(ROOT / "data")) for p in (ROOT / "data" / "corpus").rglob("*.yaml")}
    assert corpus and {f"explorer/data/{c}" for c in corpus} <= names
    resources = {
        str(p.relative_to(ROOT / "resources"))
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "icons/hicolor/16x16/apps/neutrality-explorer.png" in resources
    assert {f"explorer/assets/{r}" for r in resources} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def _venv_with_wheel(wheel: Path, venv: Path) -> Path:
    """Make a venv holding the wheel; return its bin (or Scripts) folder."""
    full = os.environ.get("NEUTRALITY_WHEEL_TEST_FULL") == "1"
    subprocess.run(
        [sys.executable, "-m", "venv", *([] if full else ["--without-pip"]), str(venv)], check=True
    )
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / ("python.exe" if sys.platform == "win32" else "python")
    if full:
        pip = [str(python), "-m", "pip"]
    else:
        # Let the venv see the test run's installed dependencies (appended after its own site-packages,
        # whose copy of explorer therefore wins; .pth files in the added folders are not processed, so
        # an editable install of the repository stays invisible).
        site = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        parents = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
        (Path(site) / "_test_dependencies.pth").write_text("\n".join(parents) + "\n", encoding="utf-8")
        pip = [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run([*pip, "install", "--quiet", "--disable-pip-version-check", str(wheel)], check=True)
    return bin_dir


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG file."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_installed_wheel_exports_and_draws_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    bin_dir = _venv_with_wheel(wheel, tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", NEUTRALITY_EXPLORER_HOME=str(tmp_path / "home"))

    def run(*argv: str) -> str:
        done = subprocess.run(argv, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{Path(argv[0]).name} {' '.join(argv[1:])} failed:\n{done.stderr}"
        return done.stdout

    where = run(
        str(bin_dir / "python"),
        "-c",
        "import explorer, explorer.resources as r; print(explorer.__file__); print(r.bundled_db()); "
        "print(r.resource('icons/neutrality-explorer.svg'))",
    ).splitlines()
    venv = (tmp_path / "venv").resolve()
    for line in where:
        assert Path(line).resolve().is_relative_to(venv) and Path(line).is_file(), line

    exported = json.loads(run(str(bin_dir / "neutrality"), "export", "--format", "json"))
    assert len(exported["events"]) > 50
    assert all(e["id"] and e["title"] for e in exported["events"])

    run(str(bin_dir / "neutrality-explorer"), "--screenshot", "shot.png", "--size", "800x500")
    assert png_size(elsewhere / "shot.png") == (800, 500)
