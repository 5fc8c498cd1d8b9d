"""The evaluation's cited headlines, turned into stored documents the way any input is.

The citations are written as ingest JSONL (``{"url", "title", "published",
"publisher", "text"}`` a line, text = the headline) and go through the
ingest stage's JSONL reader and ingest loop into the evaluation's own store,
exactly as ``ceasefire ingest FOLDER`` would. Each citation gets its own
one-line file, so that one headline the reader cannot handle is one counted
failure (the ingest loop isolates files), not the end of the sample.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import IngestError
from ..ingest import ingest_paths, read_records
from ..models import Document
from ..settings import Settings
from ..store.base import Store
from .citations import Citation

FOLDER_NAME = "ucdp-citations"
CitationKey = tuple[str, str, str]


@dataclass(frozen=True)
class IngestedCitations:
    documents: list[Document]  # as stored; fewer than the citations when headlines repeat
    document_ids: dict[CitationKey, str]  # citation key -> stored document id
    problems: list[str]  # citations the ingest stage skipped or failed, one line each


def citation_record(citation: Citation) -> dict:
    return {
        "url": None,
        "title": None,
        "published": citation.published.isoformat() if citation.published else None,
        "publisher": citation.publisher,
        "text": citation.headline,
    }


def write_citation_files(citations: Sequence[Citation], folder: Path) -> list[Path]:
    """One ``NNNNNN.jsonl`` file per citation, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, citation in enumerate(citations):
        path = folder / f"{number:06d}.jsonl"
        path.write_text(json.dumps(citation_record(citation), ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _document_id(path: Path, settings: Settings) -> str | None:
    """The id the reader gives the file's one document, or None when it cannot read it."""
    try:
        for outcome in read_records(path, settings):
            return None if isinstance(outcome, IngestError) else outcome.document.id
    except Exception:  # the ingest loop has already counted this file as failed, with its reason
        return None
    return None


def ingest_citations(citations: Sequence[Citation], store: Store, settings: Settings, workdir: Path) -> IngestedCitations:
    """Ingest one JSONL file per citation into ``store``; map each citation to its document id.

    Two citations with the same headline are one document (same content id),
    dated and attributed as the first one stored.
    """
    paths = write_citation_files(citations, workdir / FOLDER_NAME)
    report = ingest_paths([workdir / FOLDER_NAME], store, settings)
    documents = store.documents()
    by_path = {d.source_path: d.id for d in documents}
    document_ids: dict[CitationKey, str] = {}
    for citation, path in zip(citations, paths):
        # A repeated headline is not stored again, so ask the reader which id it has.
        doc_id = by_path.get(str(path)) or _document_id(path, settings)
        if doc_id is not None:
            document_ids[citation.key] = doc_id
    stored = {d.id for d in documents}
    document_ids = {k: v for k, v in document_ids.items() if v in stored}
    # Name the citation, not the temporary file, in each problem line.
    names = {str(path): f"{c.publisher} {c.published or '(no date)'} {c.headline[:80]!r}" for c, path in zip(citations, paths)}
    problems = []
    for line in report.problems:
        for path, name in names.items():
            if path in line:
                line = line.replace(path, name)
                break
        problems.append(line)
    return IngestedCitations(documents, document_ids, problems)
