"""The README and CI agree: CI runs exactly the README's test command, and both set-up commands exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fenced_commands(readme: str) -> list[str]:
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", section)


def test_the_readme_gives_exactly_two_set_up_commands() -> None:
    commands = _fenced_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(commands) == 2
    install, test = commands
    assert "pip install ." in install and install.rstrip().endswith("neutrality-explorer")
    assert '.[test]"' in test and "pytest" in test


def test_ci_extracts_and_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = _fenced_commands(readme)[1]
    script = "awk '/<!-- test-command -->/{getline; getline; print; exit}' README.md"
    extracted = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert extracted.stdout.strip() == test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script in ci
    assert "mktemp -d" in ci and 'eval "$cmd"' in ci
