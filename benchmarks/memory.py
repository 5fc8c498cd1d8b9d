"""Peak resident memory and CPU time of a benchmark run, for the JSON lines the benchmarks write."""

from __future__ import annotations

import threading
import time
from typing import Any, Optional

import psutil


def process_role(proc: psutil.Process, root_pid: int) -> str:
    """'main', 'worker' (a process started by multiprocessing: Dask's nannies spawn their workers so) or 'child'."""
    if proc.pid == root_pid:
        return "main"
    try:
        cmdline = " ".join(proc.cmdline())
    except psutil.Error:
        return "child"
    return "worker" if "spawn_main" in cmdline else "child"


def _anonymous_mb(pid: int) -> Optional[int]:
    """The process's anonymous resident memory (heap, arrays) in MB, without the file-backed pages it
    may share with others (the memory-mapped gazetteer, libraries); None off Linux."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) >> 10
    except OSError:
        return None
    return None


class PeakMemory:
    """Peak RSS of this process and all its descendants (e.g. Dask workers), sampled in a background thread.

    It also keeps the last CPU time (user + system) seen for every process of the tree, so ``cpu_seconds``
    is the CPU the whole tree spent (children that exit between two samples lose at most one interval):
    unlike wall-clock time, it does not depend on what else the machine is running.

    ``series`` keeps, every ``every`` seconds, each process's RSS and anonymous RSS (MB): how a worker
    grows over a run.
    RSS counts pages shared between processes (the memory-mapped gazetteer, the interpreter) once per
    process, so the tree's sum is an upper bound of what the run holds.

    Finding the descendants scans every process of the machine (``/proc/*/stat``): done every
    ``rescan`` seconds only, because at every sample it cost the benchmarked process half a core.
    """

    def __init__(self, interval: float = 0.05, rescan: float = 1.0, every: float = 5.0) -> None:
        self.interval = interval
        self.rescan = rescan
        self.every = every
        self.peak = 0
        self.peaks: dict[int, int] = {}
        self.roles: dict[int, str] = {}
        self.series: list[dict[str, Any]] = []
        self._cpu: dict[int, float] = {}
        self._procs: list[psutil.Process] = []
        self._scanned = 0.0
        self._recorded = 0.0
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, rescan: bool = False) -> None:
        now = time.monotonic()
        if rescan or now - self._scanned >= self.rescan:
            me = psutil.Process()
            self._procs = [me] + me.children(recursive=True)
            for proc in self._procs:
                if proc.pid not in self.roles:
                    self.roles[proc.pid] = process_role(proc, me.pid)
            self._scanned = now
        total = 0
        current: dict[int, int] = {}
        for proc in self._procs:
            try:
                with proc.oneshot():
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                self._cpu[proc.pid] = times.user + times.system
            except psutil.Error:
                continue
            total += rss
            current[proc.pid] = rss
            self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), rss)
        self.peak = max(self.peak, total)
        if now - self._recorded >= self.every:
            self._recorded = now
            sample: dict[str, Any] = {"t": round(now - self._started, 1)}
            for pid, rss in current.items():
                name = f"{self.roles.get(pid, 'child')}:{pid}"
                sample[name] = rss >> 20
                anonymous = _anonymous_mb(pid)
                if anonymous is not None:
                    sample[f"{name}:anon"] = anonymous
            self.series.append(sample)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def cpu_by_process(self) -> dict[str, float]:
        """CPU seconds (user + system) of each process of the tree, keyed 'role:pid'."""
        return {f"{self.roles.get(pid, 'child')}:{pid}": round(seconds, 1) for pid, seconds in self._cpu.items()}

    def peaks_by_process(self) -> dict[str, float]:
        """Peak RSS (MB) of each process of the tree, keyed 'role:pid'."""
        return {f"{self.roles.get(pid, 'child')}:{pid}": round(peak / 2**20, 1) for pid, peak in self.peaks.items()}

    def __enter__(self) -> "PeakMemory":
        self._start_cpu = sum(psutil.Process().cpu_times()[:2])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(rescan=True)
        self._cpu[psutil.Process().pid] -= self._start_cpu  # this process's CPU before the run (imports) is not the run's
