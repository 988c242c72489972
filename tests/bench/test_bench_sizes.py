"""`neutrality bench --sizes`: medians of interleaved runs with their spread; figures present at small sizes.

No timing is asserted: the figures are what the command reports.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from explorer.bench.sizes import parse_sizes, run_sizes, sizes_table
from explorer.cli import main


def test_sizes_are_read_from_a_comma_list_and_bad_ones_named() -> None:
    assert parse_sizes("176,1000, 10_000") == [176, 1000, 10_000]
    with pytest.raises(ValueError, match="'ten'"):
        parse_sizes("176,ten")
    with pytest.raises(ValueError, match="'0'"):
        parse_sizes("0")


def test_each_figure_is_the_median_of_interleaved_runs_with_min_and_max() -> None:
    calls: list[int] = []
    values = iter([30.0, 3.0, 10.0, 1.0, 20.0, 2.0])  # size 100 gets 30, 10, 20; size 200 gets 3, 1, 2

    def fake(events: int, **_kw: Any) -> dict[str, Any]:
        calls.append(events)
        return {"frame_deep_p95_ms": next(values), "import_s": None, "reasons": {"import_s": "not here"}}

    result = run_sizes([100, 200], runs=3, bench=fake)
    assert calls == [100, 200, 100, 200, 100, 200]
    deep = result["by_size"]["100"]["figures"]["frame_deep_p95_ms"]
    assert (deep["median"], deep["min"], deep["max"]) == (20.0, 10.0, 30.0)
    assert result["by_size"]["200"]["figures"]["frame_deep_p95_ms"]["median"] == 2.0
    text = sizes_table(result)
    assert "| Frame, deep zoom with labels, p95 (ms) | 20.0 (10.0–30.0) | 2.00 (1.00–3.00) |" in text
    assert "Import CSV incl. FTS (s): not measured: not here" in text


def test_a_bad_sizes_list_is_one_sentence_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["bench", "--sizes", "100,many", "--cache-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "--sizes" in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_bench_at_small_sizes_reports_every_figure_per_size(tmp_path: Path) -> None:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["bench", "--sizes", "150,400", "--runs", "2", "--json", "--quiet", "--skip", "start",
                   "--cache-dir", str(tmp_path / "cache")])  # fmt: skip
    assert rc == 0
    result = json.loads(buf.getvalue())
    assert result["sizes"] == [150, 400] and result["runs"] == 2
    for size in ("150", "400"):
        got = result["by_size"][size]
        for key in ("frame_overview_p95_ms", "frame_zoom_pan_p95_ms", "frame_deep_p95_ms", "search_common_p95_ms",
                    "search_filtered_p95_ms", "import_s", "stall_worst_ms", "stall_p99_ms"):  # fmt: skip
            figure = got["figures"][key]
            if figure["median"] is None:
                assert got["reasons"].get(key), f"{size}: {key} is null without a reason"
            else:
                assert figure["min"] <= figure["median"] <= figure["max"], key
                assert len(figure["runs"]) == 2
        assert got["reasons"]["start_large_s"] == "skipped (--skip start)"
    # the host's speed at the start and end of each of the four runs, and its range in the table
    assert len(result["host_speed_per_run"]) == 4
    texts = sorted(p["text_us"] for pair in result["host_speed_per_run"] for p in pair)
    assert len(texts) == 8 and texts[0] > 0
    assert f"label text {texts[0]:g}–{texts[-1]:g} µs" in sizes_table(result)
