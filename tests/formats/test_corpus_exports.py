"""Every format on the real corpus (the corpus_bundle fixture, built from data/corpus), read back."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from test_exports import check_csl

from explorer.formats.bundle import Bundle
from explorer.formats.registry import FORMATS, get


def test_corpus_citations_parse_in_both_citation_formats(corpus_bundle: Bundle) -> None:
    """All footnotes of the paper: CSL-JSON passes the structural check, BibTeX parses with unique keys."""
    items = json.loads(get("csl-json").render(corpus_bundle))
    check_csl(items)
    assert len(items) == len(corpus_bundle.sources) + 1
    library = bibtexparser.parse_string(get("bibtex").render(corpus_bundle))
    assert not library.failed_blocks and len(library.entries) == len(items)
    assert len({e.key for e in library.entries}) == len(items)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_writes_the_whole_corpus(name: str, corpus_bundle: Bundle, tmp_path: Path) -> None:
    """No event of the corpus trips a writer."""
    out = get(name).write(corpus_bundle, tmp_path / f"corpus{get(name).extension}")
    assert out.stat().st_size > 1000
