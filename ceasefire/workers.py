"""The Dask workers of the flow: a local cluster's settings, its workers' malloc environment, their start-up
beside whatever this process does meanwhile, and batches handed to them a bounded number at a time.

The work itself is :func:`ceasefire.pipeline.process_batch`; the models load once per worker
(:func:`ceasefire.pipeline.load_models`), as its first task when the workers start warm.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from .models import Document
from .settings import Settings

if TYPE_CHECKING:
    from dask.distributed import Client, LocalCluster

    from .pipeline import DocumentResult

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


class ExtractionWorkers:
    """Dask workers being started in the background; ``client`` waits until they are up."""

    def __init__(self, starting: Future) -> None:
        self._starting = starting

    @property
    def ready(self) -> bool:
        """Whether the workers are up (or failed to start: ``client`` then raises), so ``client`` won't wait."""
        return self._starting.done()

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

    from .pipeline import load_models  # imported here: the pipeline imports this module

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


def process_distributed(batches: Iterable[list[Document]], settings: Settings, client: Client) -> Iterator[DocumentResult]:
    in_flight = InFlight(client, settings)
    for batch in batches:
        yield from in_flight.submit(batch)
    yield from in_flight.drain()


class InFlight:
    """Batches handed to Dask workers, a bounded number at a time, so memory stays flat on long inputs."""

    def __init__(self, client: Client, settings: Settings) -> None:
        from dask.distributed import as_completed

        from .pipeline import process_batch  # imported here: the pipeline imports this module

        self.process_batch = process_batch
        self.client, self.settings = client, settings
        self.futures = as_completed()
        self.limit = max(2, settings.workers * 2)

    def submit(self, batch: list[Document]) -> list[DocumentResult]:
        """Hand on a batch at once; while too many are in flight, wait for the first to finish: their results."""
        self.futures.add(self.client.submit(self.process_batch, batch, self.settings, pure=False))
        results: list[DocumentResult] = []
        while self.futures.count() >= self.limit:
            results += next(self.futures).result()
        return results

    def finished(self) -> Iterator[DocumentResult]:
        """The results of the batches already done, without waiting for the others."""
        while self.futures.has_ready():
            for future in self.futures.next_batch(block=False):
                yield from future.result()

    def drain(self) -> Iterator[DocumentResult]:
        for future in self.futures:
            yield from future.result()
