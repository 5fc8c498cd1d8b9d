"""The ingest loop: read files, group syndicated copies, store each new document in its own transaction.

Outcomes per document:

ingested        new, stored
already stored  its content id is in the store (re-ingesting is a no-op)
skipped         nothing to ingest: empty, binary, over the size limit, no text
                (``NotADocumentError``, ``InputTooLargeError``)
failed          should have been a document but could not be read, decoded,
                parsed or stored (any other ``IngestError``)

A document is written, with its raw bytes, its MinHash signature and whatever
``on_document`` writes, inside one transaction: a crash or kill leaves either
all of it or none of it, and the next run picks up where this one stopped.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from ..errors import CeasefireError, IngestError, InputTooLargeError, NotADocumentError
from ..models import Document
from ..settings import Settings
from ..store.base import Store
from .readers import Record, iter_input_files, read_records
from .syndication import SyndicationIndex

log = logging.getLogger(__name__)

OnDocument = Callable[[Document], None]
Progress = Callable[[int, int, "IngestReport"], None]


@dataclass
class IngestReport:
    """Counts and one line per problem (``"skipped PATH: reason"`` / ``"failed PATH: reason"``)."""

    ingested: int = 0
    already_stored: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not (self.skipped or self.failed)

    def summary(self) -> str:
        return f"ingested {self.ingested}, skipped {self.skipped}, failed {self.failed}, already stored {self.already_stored}"

    def add_problem(self, exc: IngestError) -> None:
        skipped = isinstance(exc, (NotADocumentError, InputTooLargeError))
        if skipped:
            self.skipped += 1
        else:
            self.failed += 1
        self.problems.append(f"{'skipped' if skipped else 'failed'} {exc.path}: {exc.reason}")
        log.info("%s", self.problems[-1])


class _Group:
    """Looks up what a new member inherits from the first document of its group."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, Optional[Document]] = {}

    def head(self, group: str) -> Optional[Document]:
        if group not in self.cache:
            self.cache[group] = self.store.document(group)
        return self.cache[group]


def _with_group(document: Document, group: Optional[str], groups: _Group) -> Document:
    """Set the syndication group; a copy that does not name its original inherits the group head's."""
    if group is None:
        return dataclasses.replace(document, syndication_group=document.id)
    head = groups.head(group)
    original, original_published = document.original_source, document.original_published
    if head is not None and not original:
        inherited = head.original_source or head.publisher
        if inherited and inherited != document.publisher:
            original = inherited
            original_published = original_published or head.original_published or head.published
    return dataclasses.replace(document, syndication_group=group, original_source=original, original_published=original_published)


def store_record(
    record: Record,
    store: Store,
    index: SyndicationIndex,
    report: IngestReport,
    on_document: Optional[OnDocument] = None,
    groups: Optional[_Group] = None,
) -> Optional[Document]:
    """Store one record in its own transaction; returns the stored Document, or None if it was already stored or failed."""
    document = record.document
    groups = groups or _Group(store)
    signature = None
    try:
        with store.transaction():
            if store.has_document(document.id):
                report.already_stored += 1
                return None
            signature = index.signature(document.text)
            document = _with_group(document, index.find_group(signature), groups)
            store.write_document(document, raw=record.raw, minhash=index.to_bytes(signature))
            if on_document is not None:
                on_document(document)
    except IngestError as exc:
        report.add_problem(exc)
        return None
    except CeasefireError as exc:
        report.add_problem(IngestError(document.source_path or document.id, f"could not be stored: {exc}"))
        return None
    except Exception as exc:  # a failing on_document hook must cost one document, not the batch
        log.debug("storing %s failed", document.id, exc_info=True)
        report.add_problem(IngestError(document.source_path or document.id, f"could not be stored: {type(exc).__name__}: {exc}"))
        return None
    index.add(document.id, document.syndication_group or document.id, signature)
    report.ingested += 1
    report.new_ids.append(document.id)
    log.info("stored %s %s", document.id, document.source_path)
    return document


def ingest_paths(
    paths: Iterable[Union[str, Path]],
    store: Store,
    settings: Settings,
    progress: Optional[Progress] = None,
    on_document: Optional[OnDocument] = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; bad inputs are counted and reported, never fatal to the batch.

    ``on_document(document)`` runs inside the document's transaction, after it
    is written (hook NLP here: if it raises, the document is not stored and
    counts as failed). ``progress(done_bytes, total_bytes, report)`` is called
    after every document and file.
    """
    report = IngestReport()
    index = SyndicationIndex.from_store(store, settings)
    groups = _Group(store)
    files = list(iter_input_files(paths))
    sizes = {}
    for item in files:
        if isinstance(item, Path):
            try:
                sizes[item] = item.stat().st_size
            except OSError:
                sizes[item] = 0
    total, done = sum(sizes.values()), 0
    for item in files:
        if isinstance(item, IngestError):
            report.add_problem(item)
            continue
        report.files += 1
        try:
            for outcome in read_records(item, settings):
                if isinstance(outcome, IngestError):
                    report.add_problem(outcome)
                else:
                    store_record(outcome, store, index, report, on_document, groups)
                if progress:
                    progress(done, total, report)
        except IngestError as exc:
            report.add_problem(exc)
        except Exception as exc:  # a reader bug or a library failure on one odd file must not end the batch
            log.debug("reading %s failed", item, exc_info=True)
            report.add_problem(IngestError(str(item), f"could not be read: {type(exc).__name__}: {exc}"))
        done += sizes.get(item, 0)
        if progress:
            progress(done, total, report)
    return report


__all__ = ["IngestReport", "ingest_paths", "store_record"]
