"""`neutrality bench` at a small size: every figure present, a number or null with a reason.

No timing is asserted here; speed is what the command reports, not what tests check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.bench.measure import Unmeasured, percentiles, run_child
from explorer.bench.report import table
from explorer.bench.runner import FIGURES, TARGETS
from explorer.cli import main

REQUIRED = (
    "events", "frame_overview_p95_ms", "frame_zoom_pan_p95_ms", "frame_deep_p95_ms", "search_selective_p95_ms",
    "search_common_p95_ms", "search_filtered_p95_ms", "import_s", "start_corpus_s", "start_large_s",
    "memory_mb_over_empty", "naive_events", "naive_ratio",
)  # fmt: skip


@pytest.fixture(scope="module")
def answer(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The JSON of one small run (its own cache and work folders)."""
    root = tmp_path_factory.mktemp("bench")
    capture = root / "out.json"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["bench", "--events", "2000", "--json", "--quiet", "--cache-dir", str(root / "cache"),
                   "--keep", str(root / "work")])  # fmt: skip
    assert rc == 0
    capture.write_text(buf.getvalue())
    return json.loads(buf.getvalue())


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_every_figure_is_a_number_or_null_with_a_reason(answer: dict) -> None:
    assert answer["events"] == 2000
    for key in (*REQUIRED, *FIGURES):
        assert key in answer, key
        value = answer[key]
        if value is None:
            assert answer["reasons"].get(key), f"{key} is null without a reason"
        else:
            assert isinstance(value, int | float) and not isinstance(value, bool), key
    for key in ("cpu", "cores", "python", "qt", "numpy"):
        assert answer["machine"][key], key
    assert set(answer["targets"]) == set(TARGETS)
    # the host's speed at the run's start and end, so that runs on a slowed host can be told apart
    for when in ("start", "end"):
        probe = answer["machine"][f"host_speed_{when}"]
        assert set(probe) == {"fill_ms", "text_us", "python_ms", "sql_ms"}, probe
        assert all(isinstance(v, float) and v > 0 for v in probe.values()), probe


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_windows_open_is_told_as_its_imports_and_its_build(answer: dict) -> None:
    # (benchmarks/peer compares the build alone with a peer whose library is already loaded)
    details = answer["details"]
    assert details["open_imports_s"] > 0 and details["open_build_s"] > 0
    assert abs(details["open_imports_s"] + details["open_build_s"] - details["open_s"]) <= 0.002


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_search_and_import_are_measured_at_a_small_size(answer: dict) -> None:
    # These need no display; at 2,000 events the selective term may find nothing, but it is timed.
    for key in ("search_selective_p95_ms", "search_common_p95_ms", "search_filtered_p95_ms"):
        assert answer[key] is not None, answer["reasons"].get(key)
    assert answer["details"]["search_common_hits"] > 0
    # the import's CPU beside its wall time (2,000 events: no worker process, so its CPU is 0)
    assert answer["import_s"] is not None, answer["reasons"].get("import_s")
    assert answer["details"]["import_rows"] == 2000
    assert answer["details"]["import_cpu_s"] > 0
    assert answer["details"]["import_worker_cpu_s"] == 0


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_table_names_every_target(answer: dict) -> None:
    text = table(answer)
    for label in (
        "everything in view",
        "zoom/pan",
        "deep zoom",
        "selective",
        "Import",
        "corpus",
        "Memory",
        "Naive",
    ):
        assert label in text
    assert answer["machine"]["cpu"] in text
    assert f"label text {answer['machine']['host_speed_end']['text_us']} µs" in text


def test_a_child_that_fails_gives_a_reason_not_a_number() -> None:
    with pytest.raises(Unmeasured, match="exited with status"):
        run_child("explorer.no_such_module_for_bench", [], timeout=60)


def test_percentiles_are_of_the_samples() -> None:
    stats = percentiles([float(i) for i in range(1, 101)])
    assert stats["p50"] == pytest.approx(50.5)
    assert stats["p95"] == pytest.approx(95.05)


def test_bench_refuses_zero_events(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["bench", "--events", "0", "--cache-dir", str(tmp_path)]) == 1
    assert "--events" in capsys.readouterr().err
