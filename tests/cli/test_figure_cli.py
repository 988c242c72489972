"""`neutrality export --format png|svg`: a figure from the console, in a process with no window and no display."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explorer.resources import bundled_db
from explorer.store import open_database
from explorer.store.periods_links import PeriodLinkStore

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the corpus with a period and a link of the user's."""
    path = tmp_path / "corpus.db"
    shutil.copyfile(bundled_db(), path)
    db = open_database(path)
    store = PeriodLinkStore(db)
    store.add_period("Airbase talks", "2013-04/2015-10")
    store.add_link(
        "sco-observer-status-2015", "turkish-russian-relations-sour-over-syria-2015", "response to"
    )
    db.close()
    return path


def neutrality(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The console command in its own process, as a user runs it: no display, no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    env["NEUTRALITY_EXPLORER_HOME"] = str(tmp_path / "home")
    cmd = [sys.executable, "-m", "explorer.cli", "export", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_a_timeline_svg_has_text_periods_and_links(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "security.svg"
    done = neutrality(
        tmp_path, "--db", str(corpus), "--format", "svg", "--from", "2012", "--to", "2016", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.get("viewBox") == "0 0 1280 720" and root.get("width") == "338.667mm"
    assert done.stderr.strip() == f"Wrote {out}: a 1280 × 720 SVG (339 × 190 mm) of the timeline."
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "Belarusian foreign and security policy" in texts
    assert "Jan 2012 – Dec 2016" in texts
    assert any(t.startswith("Airbase talks") for t in texts), "the user's period is drawn"
    assert 'stroke="#2d7dd2"' in text, "the user's link is drawn"
    assert sum(len(t) > 12 for t in texts) > 10, "event titles are text"


def test_a_png_of_one_track_has_the_size_asked_for(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "t.png"
    done = neutrality(
        tmp_path,
        "--db",
        str(corpus),
        "--format",
        "png",
        "--track",
        "National security",
        "--size",
        "1000x600",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert png_size(out) == (1000, 600)
    assert "a 1000 × 600 pixel PNG of the timeline" in done.stderr


def test_the_comparison_as_png_and_svg(tmp_path: Path, corpus: Path) -> None:
    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    done = neutrality(tmp_path, "--db", str(corpus), "--format", "png", "--view", "compare", "-o", str(png))
    assert done.returncode == 0, done.stderr
    w, h = png_size(png)
    assert f"a {w} × {h} pixel PNG of the comparison" in done.stderr
    done = neutrality(tmp_path, "--db", str(corpus), "--format", "svg", "--view", "compare", "-o", str(svg))
    assert done.returncode == 0, done.stderr
    texts = [t.text or "" for t in ET.parse(svg).getroot().iter(f"{SVG}text")]
    assert any(t.startswith("Security steps vs the nearest foreign-policy step") for t in texts)
    assert "Table two" in texts
    assert texts[0].startswith("Foreign policy vs National security, "), "the title comes first"
    assert {"foreign-policy", "security", "low", "high"} <= set(texts), "the legends are text"
    assert any("Bohdan and Gumer Isaev" in t and "2016" in t for t in texts[-3:]), "the attribution is last"


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("--format", "png"), "a PNG figure is a file; give its name with -o FILE."),
        (("--format", "png", "--size", "big", "-o", "x.png"), "--size big: give the width and height"),
        (("--format", "svg", "--track", "nope", "-o", "x.svg"), "there is no track “nope”."),
        (("--format", "svg", "--from", "2015-13", "-o", "x.svg"), "2015-13"),
    ],
)
def test_a_figure_that_cannot_be_made_is_one_sentence(tmp_path: Path, corpus: Path, args, sentence) -> None:
    done = neutrality(tmp_path, "--db", str(corpus), *args)
    assert done.returncode == 1
    assert sentence in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_console_imports_no_qt_until_a_figure_is_asked_for() -> None:
    code = "import sys, explorer.cli, explorer.commands.export; print(any(m.startswith('PySide6') for m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "False", done.stderr
    assert re.search(
        r"png or svg",
        subprocess.run(
            [sys.executable, "-m", "explorer.cli", "export", "--help"],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
        ).stdout,
    )
