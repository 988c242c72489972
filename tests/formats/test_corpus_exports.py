"""Every format on the real corpus (built from data/corpus), read back; skipped if the corpus does not build."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from test_exports import check_csl

from explorer.formats.bundle import Bundle, gather
from explorer.formats.registry import FORMATS, get
from explorer.store import open_database


@pytest.fixture(scope="module")
def corpus_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The whole corpus as a bundle."""
    from explorer.corpus import CorpusError, build_database

    # this checkout's corpus (an editable install may map the package data to another checkout)
    corpus_dir = Path(__file__).resolve().parents[2] / "data" / "corpus"
    out = tmp_path_factory.mktemp("corpus") / "corpus.db"
    try:
        build_database(corpus_dir, out)
    except CorpusError as exc:
        pytest.skip(f"the corpus does not build right now: {str(exc)[:200]}")
    db = open_database(out, readonly=True)
    try:
        return gather(db)
    finally:
        db.close()


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
