"""The PyInstaller recipe, checked without building (a build takes about half a minute and 227 MB).

docs/packaging.md says how to build and try the bundle by hand (scripts/build-app does both).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "neutrality-explorer.spec"
BUILD_APP = ROOT / "scripts" / "build-app"


class Recorder:
    """Stands in for one of PyInstaller's build steps and keeps its arguments."""

    calls: dict[str, Recorder] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.pure: list[tuple[str, str, str]] = []
        self.scripts: list[Any] = []
        self.binaries: list[Any] = []
        self.datas: list[Any] = []
        Recorder.calls[type(self).__name__] = self


@pytest.fixture
def recipe() -> dict[str, Recorder]:
    """Run the spec as PyInstaller would, with recorders instead of the build steps."""
    steps = {name: type(name, (Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    Recorder.calls = {}
    code = compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
    exec(code, {"__name__": "__main__", "SPECPATH": str(SPEC.parent), **steps})
    return Recorder.calls


def test_recipe_bundles_the_database_corpus_and_every_resource(recipe: dict[str, Recorder]) -> None:
    datas = {(Path(src).resolve(), dest) for src, dest in recipe["Analysis"].kwargs["datas"]}
    assert (ROOT / "data" / "neutrality.db", "explorer/data") in datas
    for yaml in (ROOT / "data" / "corpus").rglob("*.yaml"):
        assert (yaml, str(Path("explorer/data") / yaml.parent.relative_to(ROOT / "data"))) in datas
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            assert (path, str(Path("explorer/assets") / path.parent.relative_to(ROOT / "resources"))) in datas
    assert all(src.is_file() for src, _ in datas)


def test_recipe_makes_the_data_folders_importable_packages(recipe: dict[str, Recorder]) -> None:
    """importlib.resources.files('explorer.data') needs the packages in the archive, not only their files."""
    pure = {name: Path(src) for name, src, kind in recipe["Analysis"].pure if kind == "PYMODULE"}
    assert pure["explorer.data"] == ROOT / "data" / "__init__.py"
    assert pure["explorer.assets"] == ROOT / "resources" / "__init__.py"
    assert recipe["PYZ"].args[0] is recipe["Analysis"].pure


def test_recipe_starts_the_gui_and_collects_every_explorer_module(recipe: dict[str, Recorder]) -> None:
    (script,) = recipe["Analysis"].args[0]
    assert Path(script) == ROOT / "packaging" / "launcher.py"
    assert "from explorer.app import main" in Path(script).read_text(encoding="utf-8")
    hidden = set(recipe["Analysis"].kwargs["hiddenimports"])
    assert {"explorer.cli", "explorer.resources", "explorer.commands.export"} <= hidden
    assert recipe["EXE"].kwargs["name"] == recipe["COLLECT"].kwargs["name"] == "neutrality-explorer"
    assert recipe["EXE"].kwargs["exclude_binaries"] is True  # one folder, not one file


def test_build_app_is_executable_and_runs_pyinstaller_with_the_spec(tmp_path: Path) -> None:
    assert os.access(BUILD_APP, os.X_OK)
    # A stand-in interpreter that logs its arguments and, for a PyInstaller run, leaves a fake binary.
    log = tmp_path / "calls.log"
    fake = tmp_path / "python"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> {log}\n'
        'if [ "$1" = "-m" ]; then mkdir -p "$DISTPATH/neutrality-explorer"; '
        'touch "$DISTPATH/neutrality-explorer/neutrality-explorer"; '
        'chmod +x "$DISTPATH/neutrality-explorer/neutrality-explorer"; fi\n'
    )
    fake.chmod(0o755)
    env = dict(os.environ, PYTHON=str(fake), DISTPATH=str(tmp_path / "dist"), WORKPATH=str(tmp_path / "work"))
    done = subprocess.run(
        [str(BUILD_APP), "--no-check"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    pyinstaller_call = log.read_text().splitlines()[-1].split()
    assert pyinstaller_call[:2] == ["-m", "PyInstaller"]
    assert pyinstaller_call[-1] == "packaging/neutrality-explorer.spec"
    assert pyinstaller_call[pyinstaller_call.index("--distpath") + 1] == str(tmp_path / "dist")
    assert "Built " in done.stdout


def test_build_app_refuses_unknown_options() -> None:
    done = subprocess.run([str(BUILD_APP), "--onefile"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "unknown option --onefile" in done.stderr
