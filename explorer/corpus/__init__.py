"""Builds data/neutrality.db from the reviewable files in data/corpus/. No Qt."""

from explorer.corpus.build import build_database, content_dump
from explorer.corpus.load import Corpus, CorpusError, UndatedRecord, check_against_paper, load_corpus

__all__ = [
    "Corpus",
    "CorpusError",
    "UndatedRecord",
    "build_database",
    "check_against_paper",
    "content_dump",
    "load_corpus",
]
