"""The flow from stored documents to the event ledger.

    documents -> (one spaCy parse) -> mentions -> claims -> toponyms -> per-document events
              -> store (one transaction per document) -> cross-document ledger

Per-document work is a plain function over frozen records (``Extractor.process``),
so it runs the same in a loop, in Dask distributed workers or behind the API.
The models (spaCy pipeline, gazetteer, actor dictionary) are loaded once per
process and kept there.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import itertools
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Sequence, TypeVar, Union

from .models import Claim, Document, Event, Mention, Toponym
from .settings import Settings
from .store.base import Store

if TYPE_CHECKING:
    from dask.distributed import Client, LocalCluster
    from spacy.tokens import Doc

log = logging.getLogger(__name__)
T = TypeVar("T")

# Bump when a stage changes what it extracts, so `ceasefire extract` reprocesses stored documents.
PIPELINE_VERSION = "ceasefire-flow-6"

# Off only to measure memory without them (benchmarks, docs/pipeline.md): see Extractor.process.
MEMORY_ZONE = True
TRIM_HEAP = True
# Characters of text per spaCy batch. tok2vec's activations take about 15 kB per token, so a batch of
# 64 articles (20,000 tokens) peaked at 300 MB in each worker; 20,000 characters (about 4,000 tokens)
# keep a batch's arrays near 60 MB. On Python 3.12 that costs no CPU against 40,000 (109.5 against
# 110.1 CPU-ms per article) and lowers the benchmark's peak from 1,539 to 1,411 MB (docs/pipeline.md).
SPACY_BATCH_CHARS = 20_000
# Tokenize outside the memory zone, so the tokenizer's cache and the lexemes of the words a worker meets
# are kept, until the string store has grown by this many strings (see Extractor._tokenize). Off: the
# tokenizer stage fell from 5.8 to 2.5 ms per article in one process, but the whole flow on a quiet machine
# did not move (121.5 against 121.1 CPU-ms per article) and its peak rose by 16 MB (docs/pipeline.md).
TOKENIZE_OUTSIDE_ZONE = False
PERMANENT_STRINGS = 100_000
_ZONE_LOCK = threading.Lock()
# Dask settings of the local cluster the flow starts (docs/pipeline.md). The workers' statistical profiler
# samples the task thread's stack every 10 ms and keeps the samples: a quarter of the CPU and a hundred MB
# per worker on extraction tasks. The other four are timers that wake every process whether or not there is
# work (the event-loop tick every 20 ms, the system and memory monitors, work stealing every 100 ms): idle,
# they cost the main process 7 % of a core and each worker 3 %, the same whatever the input size; with them
# slowed down, 1 % and 0.5 %. A batch takes seconds, so nothing needs the finer timing.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
# Dask's nannies give their workers MALLOC_TRIM_THRESHOLD_=65536. Setting it also turns off glibc's sliding
# mmap threshold, so every array over 128 kB (tok2vec's and the parsers' activations: most of a batch's
# memory) is mmapped, zero-filled page by page by the kernel and unmapped again, each time: in one process,
# 13 ms of system time per article (docs/pipeline.md). Without it the arrays are reused from the heap (which
# release_free_heap trims after each batch): with the tokenizer change too, the tree used a quarter less
# CPU (130.2 -> 98.1 CPU-ms per article over the 2,253 articles) but each worker peaked 60-90 MB higher and
# the tree at 1,605 MB, over the 1.5 GB target. So it is a switch, off by default: on where memory is ample.
KEEP_GLIBC_MMAP_THRESHOLD = False
GLIBC_MMAP_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
# The default: keep Dask's trim threshold but fix the mmap threshold at 32 MB, glibc's ceiling for its sliding one,
# so activation arrays come from the heap (trimmed after each batch) instead of fresh zero-filled mappings. In one
# process, system time fell from 5.6 to 1.3 s per 300 articles and the process peaked 20 MB higher. Whole flow,
# 2,253 articles, sixth session's tree, run one after another at load average 2 (docs/pipeline.md): 512 kB 91.4
# CPU-ms per article, 20.4 articles/s, peak 1,306 MB; 32 MB 68.2-73.6, 25.1-27.2/s, 1,413-1,427 MB; no Dask trim
# threshold (KEEP_GLIBC_MMAP_THRESHOLD) 78.1, 23.6/s, 1,443 MB. The fifth session's 512 kB came from runs at
# 1-4 MB on a machine too loaded to tell them apart.
WORKER_MALLOC_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 32 * 2**20}
# Transparent huge pages for the workers' heap and mapped arrays (glibc >= 2.35; older ones ignore the tunable, as
# does a kernel whose THP setting is "never"): a page fault then maps 2 MB instead of 4 kB. One process, 300
# articles: half the page faults, 1-3 CPU-ms per article less; in the whole flow within the run-to-run spread.
HUGE_PAGES = True
HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb=1"


def worker_environment_config() -> dict[str, object]:
    """The Dask settings that give the local cluster's workers their malloc environment (docs/pipeline.md)."""
    config: dict[str, object] = dict(GLIBC_MMAP_CONFIG if KEEP_GLIBC_MMAP_THRESHOLD else WORKER_MALLOC_CONFIG)
    if HUGE_PAGES:
        # As with every pre-spawn variable, a GLIBC_TUNABLES already in the environment wins (Dask's rule).
        config["distributed.nanny.pre-spawn-environ.GLIBC_TUNABLES"] = HUGE_PAGES_TUNABLE
    return config


@dataclass(frozen=True)
class DocumentResult:
    """Everything the text stages found in one document."""

    document: Document
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    toponyms: tuple[Toponym, ...]
    events: tuple[Event, ...]


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
        from .events.assemble import assemble_events
        from .geo import event_location, geoparse
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
                results.append(DocumentResult(document, (), (), (), ()))
                continue
            doc = next(parsed)
            mentions = detect_mentions(doc, document)
            claims = extract_claims(doc, document, mentions, self.actors)
            toponyms = geoparse(doc, document.id, self.gazetteer, focus_countries=self.settings.focus_countries)
            events = assemble_events(document, mentions, claims, toponyms, locate=event_location)
            results.append(DocumentResult(document, tuple(mentions), tuple(claims), tuple(toponyms), tuple(events)))
        return results


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
        yield from _process_distributed(batches, settings, workers.client)
        return
    with extraction_workers(settings) as started:
        if started is None:
            for batch in batches:
                yield from process_batch(batch, settings)
        else:
            yield from _process_distributed(batches, settings, started.client)


def load_models(settings: Settings) -> None:
    """Load the models of ``settings`` into this process (a Dask worker's first task when workers start early)."""
    extractor_for(settings)


class ExtractionWorkers:
    """Dask workers being started in the background; ``client`` waits until they are up."""

    def __init__(self, starting: Future) -> None:
        self._starting = starting

    @property
    def client(self) -> Client:
        return self._starting.result()[1]


@contextlib.contextmanager
def extraction_workers(settings: Settings, warm: bool = False) -> Iterator[Optional[ExtractionWorkers]]:
    """Dask workers for extraction: a local cluster of ``settings.workers`` processes, or the scheduler at
    ``settings.scheduler``; None when extraction runs in this process (one worker, no scheduler).

    They start in a background thread, so this process goes on at once (spawning the processes takes
    seconds). With ``warm``, each worker loads the models as its first task (imports and models: several
    CPU-s each), so that the start-up overlaps whatever this process does meanwhile, such as ingesting.
    """
    if settings.workers <= 1 and not settings.scheduler:
        yield None
        return
    with ThreadPoolExecutor(1, thread_name_prefix="ceasefire-workers") as pool:
        starting = pool.submit(_start_workers, settings, warm)
        try:
            yield ExtractionWorkers(starting)
        finally:
            if starting.exception() is None:  # a failed start raised where the client was asked for
                cluster, client, _ = starting.result()
                client.close()
                if cluster is not None:
                    cluster.close()


def _start_workers(settings: Settings, warm: bool) -> tuple[Optional[LocalCluster], Client, list]:
    import dask
    from dask.distributed import Client, LocalCluster

    cluster = None
    if settings.scheduler:
        client = Client(settings.scheduler)
    else:
        # The nannies hand the configuration of their creation to the worker processes.
        with dask.config.set({**LOCAL_CLUSTER_CONFIG, **worker_environment_config()}):
            cluster = LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    # One task pinned to each worker (extraction batches queue behind it); the futures are kept with the
    # client, because Dask forgets a task whose future is dropped.
    warming = [
        client.submit(load_models, settings, workers=[address], allow_other_workers=False, pure=False)
        for address in (client.scheduler_info()["workers"] if warm else ())
    ]
    return cluster, client, warming


def _process_distributed(batches: Iterable[list[Document]], settings: Settings, client: Client) -> Iterator[DocumentResult]:
    from dask.distributed import as_completed

    # Keep a bounded number of batches in flight so memory stays flat on long inputs.
    in_flight = as_completed()
    limit = max(2, settings.workers * 2)
    for batch in batches:
        in_flight.add(client.submit(process_batch, batch, settings, pure=False))
        while in_flight.count() >= limit:
            yield from next(in_flight).result()
    for future in in_flight:
        yield from future.result()


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
    done = 0
    results = process_documents(pending, settings, workers)
    while chunk := list(itertools.islice(results, settings.batch_size)):
        # One commit (and one statement per table) per chunk: a commit syncs the log and a statement costs
        # more than a document's rows. An interrupted run leaves the chunk unextracted for the next one.
        store_results(store, chunk)
        done += len(chunk)
        if progress:
            progress(done, len(pending))
    events = build_text_ledger(store, settings) if rebuild_ledger else 0
    return done, events


def build_text_ledger(store: Store, settings: Settings) -> int:
    from .events.ledger import build_ledger

    return build_ledger(store, settings)


def run_flow(documents: Iterable[Document], settings: Settings, store: Store) -> list[Event]:
    """Documents in, text-origin events out: extract, store, build the ledger. The flow sees text only."""
    for document in documents:
        store.write_document(document)
    extract_stored(store, settings)
    return store.events(origin="text")
