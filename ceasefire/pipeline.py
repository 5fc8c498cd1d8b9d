"""The flow from stored documents to the event ledger.

    documents -> (one spaCy parse) -> mentions -> claims -> toponyms -> per-document events
              -> store (one transaction per document) -> cross-document ledger

Per-document work is a plain function over frozen records (``Extractor.process``),
so it runs the same in a loop, in Dask distributed workers or behind the API.
The models (spaCy pipeline, gazetteer, actor dictionary) are loaded once per
process and kept there.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .models import Claim, Document, Event, Mention, Toponym
from .settings import Settings
from .store.base import Store

log = logging.getLogger(__name__)

# Bump when a stage changes what it extracts, so `ceasefire extract` reprocesses stored documents.
PIPELINE_VERSION = "ceasefire-flow-3"


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

    def process(self, documents: Sequence[Document]) -> list[DocumentResult]:
        from .events.assemble import assemble_events
        from .geo import event_location, geoparse
        from .nlp.claims import extract_claims
        from .nlp.mentions import detect_mentions

        # The pipeline is English: other languages are stored and listed, and marked extracted with nothing found.
        parsed = self.nlp.pipe((d.text for d in documents if is_english(d)), batch_size=self.settings.batch_size)
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


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_documents(documents: Iterable[Document], settings: Settings) -> Iterator[DocumentResult]:
    """Extract documents in this process, or over Dask distributed when ``settings.workers`` > 1 or a scheduler is set."""
    batches = _batches(documents, settings.batch_size)
    if settings.workers <= 1 and not settings.scheduler:
        for batch in batches:
            yield from process_batch(batch, settings)
        return
    yield from _process_distributed(batches, settings)


def _process_distributed(batches: Iterable[list[Document]], settings: Settings) -> Iterator[DocumentResult]:
    import dask
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if settings.scheduler:
        client = Client(settings.scheduler)
    else:
        # The workers' statistical profiler samples the task thread's stack every 10 ms and keeps the
        # samples: a quarter of the CPU and a hundred MB of memory per worker on extraction tasks.
        # The nannies hand the configuration of their creation to the worker processes.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        # Keep a bounded number of batches in flight so memory stays flat on long inputs.
        in_flight = as_completed()
        limit = max(2, settings.workers * 2)
        for batch in batches:
            in_flight.add(client.submit(process_batch, batch, settings, pure=False))
            while in_flight.count() >= limit:
                yield from next(in_flight).result()
        for future in in_flight:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


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
) -> tuple[int, int]:
    """Process every stored document not yet extracted by this pipeline version, then rebuild the ledger.

    Returns (documents processed, text events in the ledger).
    """
    pending = store.unextracted_documents(PIPELINE_VERSION)
    done = 0
    results = process_documents(pending, settings)
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
