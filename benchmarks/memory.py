"""Peak resident memory and CPU time of a benchmark run, for the JSON lines the benchmarks write."""

from __future__ import annotations

import threading
import time

import psutil


class PeakMemory:
    """Peak RSS of this process and all its descendants (e.g. Dask workers), sampled in a background thread.

    It also keeps the last CPU time (user + system) seen for every process of the tree, so ``cpu_seconds``
    is the CPU the whole tree spent (children that exit between two samples lose at most one interval):
    unlike wall-clock time, it does not depend on what else the machine is running.

    Finding the descendants scans every process of the machine (``/proc/*/stat``): done every
    ``rescan`` seconds only, because at every sample it cost the benchmarked process half a core.
    """

    def __init__(self, interval: float = 0.05, rescan: float = 1.0) -> None:
        self.interval = interval
        self.rescan = rescan
        self.peak = 0
        self._cpu: dict[int, float] = {}
        self._procs: list[psutil.Process] = []
        self._scanned = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, rescan: bool = False) -> None:
        now = time.monotonic()
        if rescan or now - self._scanned >= self.rescan:
            me = psutil.Process()
            self._procs = [me] + me.children(recursive=True)
            self._scanned = now
        total = 0
        for proc in self._procs:
            try:
                with proc.oneshot():
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                self._cpu[proc.pid] = times.user + times.system
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def __enter__(self) -> "PeakMemory":
        self._start_cpu = sum(psutil.Process().cpu_times()[:2])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(rescan=True)
        self._cpu[psutil.Process().pid] -= self._start_cpu  # this process's CPU before the run (imports) is not the run's
