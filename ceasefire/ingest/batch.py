"""The ingest loop: read files, group syndicated copies, store each new document all-or-nothing.

Outcomes per document:

ingested        new, stored
already stored  its content id is in the store (re-ingesting is a no-op)
skipped         nothing to ingest: empty, binary, over the size limit, no text
                (``NotADocumentError``, ``InputTooLargeError``)
failed          should have been a document but could not be read, decoded,
                parsed or stored (any other ``IngestError``)

A document is written, with its raw bytes, its MinHash signature and whatever
``on_document`` writes, inside one transaction (its own, or that of a group
of ``commit_every`` documents): a crash or kill leaves either all of it or
none of it, and the next run picks up where this one stopped.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from datasketch import LeanMinHash

from ..errors import CeasefireError, IngestError, InputTooLargeError, NotADocumentError
from ..models import Document
from ..settings import Settings
from ..store.base import Store
from .readers import Record, iter_input_files, read_records
from .syndication import SyndicationIndex

log = logging.getLogger(__name__)

OnDocument = Callable[[Document], None]
OnStored = Callable[[list[Document]], None]
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
        groups.cache[document.id] = document = dataclasses.replace(document, syndication_group=document.id)
        return document
    head = groups.head(group)
    original, original_published = document.original_source, document.original_published
    if head is not None and not original:
        inherited = head.original_source or head.publisher
        if inherited and inherited != document.publisher:
            original = inherited
            original_published = original_published or head.original_published or head.published
    return dataclasses.replace(document, syndication_group=group, original_source=original, original_published=original_published)


class _Writer:
    """Writes records ``commit_every`` at a time; a group that fails is replayed one document per transaction.

    Every document is all-or-nothing either way: a group commits its
    documents, raw bytes, signatures and ``on_document`` writes together.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        report: IngestReport,
        on_document: Optional[OnDocument],
        commit_every: int,
        on_stored: Optional[OnStored] = None,
    ) -> None:
        self.store, self.report, self.on_document, self.on_stored = store, report, on_document, on_stored
        self.commit_every = max(1, commit_every)
        self.index = SyndicationIndex.from_store(store, settings)
        self.groups = _Group(store)
        self.pending: list[Record] = []
        self.pending_ids: set[str] = set()
        self.stored: list[Document] = []  # committed by the current flush, for on_stored

    def add(self, record: Record) -> None:
        document_id = record.document.id
        if document_id in self.index or document_id in self.pending_ids:  # the index holds every stored id: no query needed
            self.report.already_stored += 1
            return
        self.pending.append(record)
        self.pending_ids.add(document_id)
        if len(self.pending) >= self.commit_every:
            self.flush()

    def flush(self) -> None:
        batch, self.pending, self.pending_ids = self.pending, [], set()
        if not (len(batch) > 1 and self._write_group(batch)):
            for record in batch:
                self._write_one(record)
        stored, self.stored = self.stored, []
        if stored and self.on_stored is not None:
            self.on_stored(stored)

    def _prepare(self, record: Record) -> tuple[Document, LeanMinHash]:
        signature = self.index.signature(record.document.text, record.normalised)
        document = _with_group(record.document, self.index.find_group(signature), self.groups)
        return document, signature

    def _stored(self, document: Document, new: bool) -> None:
        if new:
            self.report.ingested += 1
            self.report.new_ids.append(document.id)
            self.stored.append(document)
            log.info("stored %s %s", document.id, document.source_path)
        else:
            self.report.already_stored += 1
            self.index.remove(document.id)

    def _write_group(self, batch: list[Record]) -> bool:
        prepared: list[tuple[Document, Record, LeanMinHash]] = []
        try:
            with self.store.transaction():
                for record in batch:
                    document, signature = self._prepare(record)
                    # In the index at once, so later copies in the same group find it.
                    self.index.add(document.id, document.syndication_group or document.id, signature)
                    prepared.append((document, record, signature))
                flags = self.store.write_documents([(d, r.raw, self.index.to_bytes(s)) for d, r, s in prepared])
                if self.on_document is not None:
                    for (document, _, _), new in zip(prepared, flags):
                        if new:
                            self.on_document(document)
        except Exception:  # replayed one by one, which names the document that fails
            log.debug("group of %d documents rolled back; writing them one by one", len(batch), exc_info=True)
            for document, _, _ in prepared:
                self.index.remove(document.id)
            return False
        for (document, _, _), new in zip(prepared, flags):
            self._stored(document, new)
        return True

    def _write_one(self, record: Record) -> None:
        where = record.document.source_path or record.document.id
        signature = None
        try:
            with self.store.transaction():
                document, signature = self._prepare(record)
                new = self.store.write_document(document, raw=record.raw, minhash=self.index.to_bytes(signature))
                if new and self.on_document is not None:
                    self.on_document(document)
        except IngestError as exc:
            self.report.add_problem(exc)
            return
        except Exception as exc:  # a failing on_document hook must cost one document, not the batch
            log.debug("storing %s failed", where, exc_info=True)
            reason = str(exc) if isinstance(exc, CeasefireError) else f"{type(exc).__name__}: {exc}"
            self.report.add_problem(IngestError(where, f"could not be stored: {reason}"))
            return
        self.index.add(document.id, document.syndication_group or document.id, signature)
        self._stored(document, new)


def ingest_paths(
    paths: Iterable[Union[str, Path]],
    store: Store,
    settings: Settings,
    progress: Optional[Progress] = None,
    on_document: Optional[OnDocument] = None,
    commit_every: int = 1,
    on_stored: Optional[OnStored] = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; bad inputs are counted and reported, never fatal to the batch.

    ``on_document(document)`` runs inside the document's transaction, after it
    is written (hook NLP here: if it raises, the document is not stored and
    counts as failed). ``commit_every`` > 1 commits that many documents per
    transaction (several times faster on DuckDB, where each statement costs
    milliseconds); each document stays all-or-nothing, and when a group fails
    it is replayed one document per transaction, so ``on_document`` may run
    twice for a document and must only write through the store.
    ``on_stored(documents)`` is called after each commit, outside any
    transaction, with the new documents it stored (to hand them on, e.g. to
    extraction workers, while reading goes on).
    ``progress(done_bytes, total_bytes, report)`` is called after every
    document and file.
    """
    report = IngestReport()
    writer = _Writer(store, settings, report, on_document, commit_every, on_stored)
    files = list(iter_input_files(paths))
    sizes = {}
    for item in files:
        if isinstance(item, Path):
            try:
                sizes[item] = item.stat().st_size
            except OSError:
                sizes[item] = 0
    total, done = sum(sizes.values()), 0
    with store.single_threaded():  # a stream of small writes
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
                        writer.add(outcome)
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
        writer.flush()
    if progress:
        progress(done, total, report)
    return report


def ingest_records(records: Iterable[Record], store: Store, settings: Settings, commit_every: int = 1) -> IngestReport:
    """Store records already read with ``read_records``, under the same rules as ``ingest_paths``."""
    report = IngestReport()
    writer = _Writer(store, settings, report, None, commit_every)
    with store.single_threaded():
        for record in records:
            writer.add(record)
        writer.flush()
    return report


__all__ = ["IngestReport", "ingest_paths", "ingest_records"]
