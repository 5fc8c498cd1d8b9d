"""The flow from stored documents to the event ledger.

    documents -> (one spaCy parse) -> mentions -> claims -> toponyms
              -> store (one transaction per batch) -> ledger (per-document events, clustered across documents)

Per-document work is a plain function over frozen records (``Extractor.process``),
so it runs the same in a loop, in Dask distributed workers (``ceasefire.workers``)
or behind the API. The models (spaCy pipeline, gazetteer, actor dictionary) are
loaded once per process and kept there. With workers, extraction can overlap the
ingest (``extract_while_ingesting``): each commit's documents go to them at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import itertools
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Sequence, TypeVar, Union

from .models import Claim, Document, Event, Mention, Toponym
from .settings import Settings
from .store.base import Store
from .workers import ExtractionWorkers, InFlight, extraction_workers, process_distributed

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)
T = TypeVar("T")

# Bump when a stage changes what it extracts, so `ceasefire extract` reprocesses stored documents.
PIPELINE_VERSION = "ceasefire-flow-7"

# Off only to measure memory without them (benchmarks, docs/pipeline.md): see Extractor.process.
MEMORY_ZONE = True
TRIM_HEAP = True
# Characters of text per spaCy batch. tok2vec's activations take about 15 kB per token, so a batch of
# 64 articles (20,000 tokens) peaked at 300 MB in each worker; 20,000 characters (about 4,000 tokens)
# keep a batch's arrays near 60 MB. On Python 3.12 that costs no CPU against 40,000 (109.5 against
# 110.1 CPU-ms per article) and lowers the benchmark's peak from 1,539 to 1,411 MB (docs/pipeline.md).
SPACY_BATCH_CHARS = 20_000
# Tokenize outside the memory zone, so the tokenizer's cache and the lexemes of the words a worker meets
# are kept, until the string store has grown by this many strings (see Extractor._tokenize). The whole
# corpus in one process: 56.5 -> 54.0 CPU-ms per article (the tokenizer stage 6.5 -> 3.2), same records; the
# whole flow 0.7-5.2 articles/s faster in five back-to-back pairs, its peak 90 MB higher (1.39 GB). The fifth
# session, when the workers' page faults still dominated, had measured no gain in the flow (docs/pipeline.md).
TOKENIZE_OUTSIDE_ZONE = True
PERMANENT_STRINGS = 100_000
_ZONE_LOCK = threading.Lock()
# gc.freeze() once the models are loaded (see extractor_for); a switch to measure without it.
FREEZE_MODELS = True


@dataclass(frozen=True)
class DocumentResult:
    """Everything the text stages found in one document."""

    document: Document
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    toponyms: tuple[Toponym, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        """The document's own events, assembled from the records above when asked for.

        The flow stores only the records: the ledger assembles every document's events again, with the
        index of all sources (``events.ledger``), so the workers do not spend time on these.
        """
        from .events.assemble import assemble_events
        from .geo import event_location

        return tuple(assemble_events(self.document, list(self.mentions), list(self.claims), list(self.toponyms), locate=event_location))


class Extractor:
    """The loaded models, and the per-document extraction over them."""

    def __init__(self, settings: Settings) -> None:
        from .geo import Gazetteer
        from .nlp.actors import ActorDictionary
        from .nlp.pipeline import load_pipeline

        self.settings = settings
        self.nlp = load_pipeline(settings)
        self.gazetteer = Gazetteer.load(settings)
        self.actors = ActorDictionary.load()
        self._base_strings: Optional[int] = None

    def process(self, documents: Sequence[Document]) -> list[DocumentResult]:
        """Extract a batch, leaving nothing of it behind in the process (docs/pipeline.md).

        The results are plain records, so the strings spaCy interns for the batch (lemmas, and the
        lexemes of new words once the vocabulary has reached its bound: ``_tokenize``) are freed with it
        (``nlp.memory_zone()``), and the pages of the C heap the batch's arrays freed go back to the
        system (``release_free_heap``).
        """
        from threadpoolctl import threadpool_limits

        # One BLAS thread, as in Dask workers (their nanny sets it) and as thinc's BLIS ran: on a loaded
        # 2-core machine a second OpenBLAS thread spins waiting for the first (106 against 78-90 CPU-ms
        # per article). The flow scales by processes.
        with threadpool_limits(limits=1, user_api="blas"):
            if MEMORY_ZONE:
                # A zone's end frees every string interned in it, whichever thread interned it: the threads
                # of a process (a Dask worker with several) take turns, also across extractors sharing a pipeline.
                # The lock also covers the tokenizing before the zone, whose lexemes must outlive it.
                with _ZONE_LOCK:
                    tokenized = self._tokenize(documents)
                    with self.nlp.memory_zone():
                        results = self._process(documents, tokenized)
            else:
                results = self._process(documents)
        if TRIM_HEAP:
            release_free_heap()
        return results

    def _tokenize(self, documents: Sequence[Document]) -> Optional[list[Doc]]:
        """The English documents tokenized outside the memory zone while the vocabulary is under its bound, else None.

        Inside a zone spaCy's tokenizer caches nothing and every lexeme it makes is dropped at the zone's end,
        so each batch split every word again with the affix regexes and rebuilt the lexical attributes of
        every word: 4.4-8.3 ms per article, 1.2-1.6 once the words are known (docs/pipeline.md). Outside,
        the words a worker meets become permanent, up to ``PERMANENT_STRINGS`` more strings than the
        model came with; past that, everything is tokenized in the zone again and memory stays bounded.
        """
        if not TOKENIZE_OUTSIDE_ZONE:
            return None
        strings = self.nlp.vocab.strings
        if self._base_strings is None:
            self._base_strings = len(strings)
        if len(strings) - self._base_strings >= PERMANENT_STRINGS:
            return None
        return [self.nlp.make_doc(d.text) for d in documents if is_english(d)]

    def _process(self, documents: Sequence[Document], tokenized: Optional[Sequence[Doc]] = None) -> list[DocumentResult]:
        from .geo import geoparse
        from .nlp.claims import extract_claims
        from .nlp.mentions import detect_mentions

        # The pipeline is English: other languages are stored and listed, and marked extracted with nothing found.
        inputs: Iterable = tokenized if tokenized is not None else (d.text for d in documents if is_english(d))
        parsed = itertools.chain.from_iterable(
            self.nlp.pipe(texts, batch_size=len(texts))
            for texts in _batches(inputs, self.settings.batch_size, SPACY_BATCH_CHARS, size=_length)
        )
        results = []
        for document in documents:
            if not is_english(document):
                results.append(DocumentResult(document, (), (), ()))
                continue
            doc = next(parsed)
            mentions = detect_mentions(doc, document)
            claims = extract_claims(doc, document, mentions, self.actors)
            toponyms = geoparse(doc, document.id, self.gazetteer, focus_countries=self.settings.focus_countries)
            results.append(DocumentResult(document, tuple(mentions), tuple(claims), tuple(toponyms)))
            release_doc(doc)
        return results


def release_doc(doc: Doc) -> None:
    """Drop a parsed document's annotations once its records are made, so that it is freed at once.

    ``span._.trigger`` is a Span, and a Span holds its Doc: every Doc sat in a reference cycle (Doc ->
    ``user_data`` -> Span -> Doc) and waited, with its token arrays and tensor, for the cyclic garbage
    collector. Breaking the cycle frees it by reference counting: 600 articles in one process peaked at
    586-594 MB instead of 636-648, and the whole flow's tree at 1,251-1,266 MB (18 runs) instead of 1,355-1,397
    (docs/pipeline.md).
    """
    doc.user_data.clear()


@functools.cache
def _malloc_trim() -> Optional[Callable[[int], int]]:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        return None


def release_free_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere).

    A batch's arrays (tok2vec and parser activations: tens of MB for 64 articles) are freed into the
    heap, where glibc keeps them: a worker's resident memory then climbs to the high-water mark of its
    worst batch and stays there. Trimming after each batch costs about a millisecond.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def is_english(document: Document) -> bool:
    return (document.language or "en") == "en"


_EXTRACTORS: dict[Settings, Extractor] = {}


def extractor_for(settings: Settings) -> Extractor:
    """The process-wide extractor for these settings (models load once per process, also in Dask workers)."""
    if settings not in _EXTRACTORS:
        _EXTRACTORS[settings] = Extractor(settings)
        if FREEZE_MODELS:
            # The loaded models are millions of objects that live as long as the process: out of the collector's
            # sight, each full collection no longer walks them (about 2 CPU-ms per article less in one process).
            gc.freeze()
    return _EXTRACTORS[settings]


def process_batch(documents: Sequence[Document], settings: Settings) -> list[DocumentResult]:
    """Extract one batch of documents; the unit of work sent to Dask workers."""
    return extractor_for(settings).process(documents)


def _length(item: Union[str, Doc]) -> int:
    """Characters of a text, or of a tokenized text (its last token's offset and its text with whitespace)."""
    if isinstance(item, str):
        return len(item)
    return item[-1].idx + len(item[-1].text_with_ws) if len(item) else 0


def _batches(
    items: Iterable[T], max_items: int, max_chars: Optional[int] = None, size: Callable[[T], int] = len  # type: ignore[assignment]
) -> Iterator[list[T]]:
    """Consecutive items, at most ``max_items`` per batch and, when ``max_chars`` is given (items are texts then,
    or anything ``size`` measures in characters), at most that many characters unless one text is longer."""
    batch: list[T] = []
    total = 0
    for item in items:
        if batch and (len(batch) >= max_items or (max_chars is not None and total + size(item) > max_chars)):
            yield batch
            batch, total = [], 0
        batch.append(item)
        if max_chars is not None:
            total += size(item)
    if batch:
        yield batch


def process_documents(
    documents: Iterable[Document], settings: Settings, workers: Optional[ExtractionWorkers] = None
) -> Iterator[DocumentResult]:
    """Extract documents in this process, or over Dask distributed when ``settings.workers`` > 1 or a scheduler is set.

    ``workers`` come from :func:`extraction_workers`, started earlier (they may already hold the models);
    without them, workers are started here and stopped when the documents are done.
    """
    batches = _batches(documents, settings.batch_size)
    if workers is not None:
        yield from process_distributed(batches, settings, workers.client)
        return
    with extraction_workers(settings) as started:
        if started is None:
            for batch in batches:
                yield from process_batch(batch, settings)
        else:
            yield from process_distributed(batches, settings, started.client)


def load_models(settings: Settings) -> None:
    """Load the models of ``settings`` into this process (a Dask worker's first task when workers start early)."""
    extractor_for(settings)


def store_results(store: Store, results: Sequence[DocumentResult]) -> None:
    """Write the mentions, claims and toponyms of several documents and mark them extracted (one transaction)."""
    store.write_extractions(PIPELINE_VERSION, [(r.document.id, r.mentions, r.claims, r.toponyms) for r in results])


def store_result(store: Store, result: DocumentResult) -> None:
    """Write one document's mentions, claims and toponyms together (one transaction)."""
    store_results(store, [result])


def extract_stored(
    store: Store,
    settings: Settings,
    progress: Optional[Callable[[int, int], None]] = None,
    rebuild_ledger: bool = True,
    workers: Optional[ExtractionWorkers] = None,
) -> tuple[int, int]:
    """Process every stored document not yet extracted by this pipeline version, then rebuild the ledger.

    ``workers``: started by :func:`extraction_workers` (see :func:`process_documents`).
    Returns (documents processed, text events in the ledger).
    """
    pending = store.unextracted_documents(PIPELINE_VERSION)
    report = (lambda done: progress(done, len(pending))) if progress else None
    with store.single_threaded():  # a stream of small writes
        done = _store_in_chunks(store, process_documents(pending, settings, workers), settings.batch_size, report)
    events = build_text_ledger(store, settings) if rebuild_ledger else 0
    return done, events


def _store_in_chunks(
    store: Store, results: Iterable[DocumentResult], size: int, progress: Optional[Callable[[int], None]] = None
) -> int:
    """Write results ``size`` documents per transaction; returns how many were written.

    One commit (and one statement per table) per chunk: a commit syncs the log and a statement costs more than a
    document's rows. An interrupted run leaves the chunk unextracted for the next one.
    """
    results, done = iter(results), 0
    while chunk := list(itertools.islice(results, size)):
        store_results(store, chunk)
        done += len(chunk)
        if progress:
            progress(done)
    return done


class _ExtractAsStored:
    """``on_stored`` for the ingest: each commit's new documents go to the workers in batches at once, and the
    results that are back are written between commits (the store is this process's, used from one thread)."""

    def __init__(self, store: Store, settings: Settings, workers: ExtractionWorkers) -> None:
        self.store, self.settings, self.workers = store, settings, workers
        self.waiting: list[Document] = []
        self.in_flight: Optional[InFlight] = None
        self.extracted = 0

    def __call__(self, documents: list[Document]) -> None:
        self.waiting += documents
        # Until the workers are up (spawning them takes seconds) the documents wait here and the reading goes on.
        if self.in_flight is None and not self.workers.ready:
            return
        self._submit(self.settings.batch_size)
        self._write(self._flight().finished())

    def finish(self) -> None:
        """Hand on the last partial batch and write every result."""
        self._submit(1)
        if self.in_flight is not None:
            self._write(self.in_flight.drain())

    def _submit(self, smallest: int) -> None:
        """Hand on the waiting documents in batches of ``settings.batch_size``, down to ``smallest``."""
        size = self.settings.batch_size
        while len(self.waiting) >= smallest:
            batch, self.waiting = self.waiting[:size], self.waiting[size:]
            self._write(self._flight().submit(batch))

    def _flight(self) -> InFlight:
        if self.in_flight is None:
            self.in_flight = InFlight(self.workers.client, self.settings)
        return self.in_flight

    def _write(self, results: Iterable[DocumentResult]) -> None:
        self.extracted += _store_in_chunks(self.store, results, self.settings.batch_size)


def extract_while_ingesting(
    ingest: Callable[[Optional[Callable[[list[Document]], None]]], T],
    store: Store,
    settings: Settings,
    workers: Optional[ExtractionWorkers],
) -> tuple[T, int]:
    """Run ``ingest(on_stored)`` (e.g. ``ingest_paths(..., on_stored=on_stored)``), extracting what it stores as it
    is committed, then every other document not yet extracted; the ledger is left to the caller.

    With ``workers`` (:func:`extraction_workers`), extraction overlaps the reading: the workers had waited for
    the whole ingest. In one process (``workers`` None) there is nothing to overlap: ingest, then extract.
    An ingest that raises leaves what is not written yet unextracted, for the next run.
    Returns the ingest's result and the number of documents extracted.
    """
    if workers is None:
        result = ingest(None)
        return result, extract_stored(store, settings, rebuild_ledger=False)[0]
    streaming = _ExtractAsStored(store, settings, workers)
    with store.single_threaded():
        result = ingest(streaming)
        streaming.finish()
    rest, _ = extract_stored(store, settings, rebuild_ledger=False, workers=workers)
    return result, streaming.extracted + rest


def build_text_ledger(store: Store, settings: Settings) -> int:
    from .events.ledger import build_ledger

    return build_ledger(store, settings)


def run_flow(documents: Iterable[Document], settings: Settings, store: Store) -> list[Event]:
    """Documents in, text-origin events out: extract, store, build the ledger. The flow sees text only."""
    for document in documents:
        store.write_document(document)
    extract_stored(store, settings)
    return store.events(origin="text")
