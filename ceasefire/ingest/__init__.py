"""The ingest stage: files, feeds and archives to boilerplate-free ``Document`` records in the store.

    report = ingest_paths(["news/"], store, settings, on_document=process)

Readers (``readers``) sniff the format and clean each article
(``boilerplate``); ``syndication`` groups near-duplicate copies; ``batch``
stores each document in its own transaction.
"""

from __future__ import annotations

from .batch import IngestReport, ingest_paths, ingest_records
from .boilerplate import ArticleText, clean_article
from .readers import Record, detect_format, iter_input_files, make_document, read_path, read_records
from .syndication import SyndicationIndex
from .text import content_id, decode_bytes, normalise_for_hash

__all__ = [
    "ArticleText",
    "IngestReport",
    "Record",
    "SyndicationIndex",
    "clean_article",
    "content_id",
    "decode_bytes",
    "detect_format",
    "ingest_paths",
    "ingest_records",
    "iter_input_files",
    "make_document",
    "normalise_for_hash",
    "read_path",
    "read_records",
]
