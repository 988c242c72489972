"""What the export dialog asks of the writers: scopes, parts left out, what each format can carry."""

from __future__ import annotations

import json

from explorer.formats.registry import FORMATS
from explorer.ui import export_jobs as jobs


def test_every_registry_format_and_both_images_are_offered():
    assert jobs.format_names() == [*FORMATS, "png", "svg"]
    assert jobs.format_extension("csv") == ".csv" and jobs.format_extension("svg") == ".svg"


def test_a_format_gets_only_the_parts_it_can_carry():
    everything = jobs.Include()
    assert jobs.Include(True, True, True, False) == everything.for_format("csv")
    assert jobs.Include(False, False, True, False) == jobs.Include(sources=False).for_format("bibtex")
    assert jobs.Include(False, False, False, False) == everything.for_format("png")


def test_scopes_are_the_selection_the_filter_and_everything(qtbot, window):
    s = window.session
    s.set_filter([str(e) for e in s.columns.ids[:10]])
    window.select_events([str(s.columns.ids[3])])
    assert jobs.scope_ids(s, "selection") == [str(s.columns.ids[3])]
    assert jobs.scope_ids(s, "shown") == [str(e) for e in s.columns.ids[:10]]
    assert jobs.scope_ids(s, "all") is None
    assert jobs.scope_counts(s) == {"selection": 1, "shown": 10, "all": len(s.columns)}


def test_leaving_out_sources_tags_and_links_removes_them_from_the_file(qtbot, window):
    s = window.session
    ids = [str(e) for e in s.columns.ids[:15]]
    bundle = s.events.export_bundle(ids)
    bundle.tags = {ids[0]: ["watch"]}
    assert bundle.sources, "the corpus events cite sources"
    trimmed = jobs.trim_bundle(bundle, jobs.Include(notes=True, tags=False, sources=False, links=False))
    doc = json.loads(FORMATS["json"].render(trimmed, jobs.export_options(jobs.Include())))
    assert doc["sources"] == [] and doc["tags"] == [] and doc["links"] == []
    assert all(e["sources"] == [] and e["tags"] == [] for e in doc["events"])
    assert [e["id"] for e in doc["events"]] == bundle.ids
    kept = json.loads(FORMATS["json"].render(bundle, jobs.export_options(jobs.Include())))
    assert kept["sources"] and any(e["tags"] == ["watch"] for e in kept["events"])
