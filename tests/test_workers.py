"""The Dask settings of the flow's local cluster name real settings (a misspelt key is silently ignored by dask)."""

from __future__ import annotations

import dask
import distributed  # noqa: F401  (registers distributed's configuration defaults)
import pytest

from ceasefire.workers import GLIBC_MMAP_CONFIG, LOCAL_CLUSTER_CONFIG, WORKER_MALLOC_CONFIG


@pytest.mark.parametrize("key", sorted(LOCAL_CLUSTER_CONFIG) + sorted(GLIBC_MMAP_CONFIG))
def test_workers_config_keys_exist_in_dask(key: str) -> None:
    assert dask.config.get(key, default=KeyError) is not KeyError


@pytest.mark.parametrize("key", ["distributed.admin.tick.interval", "distributed.worker.memory.monitor-interval"])
def test_workers_config_slows_timers_down(key: str) -> None:
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        assert dask.utils.parse_timedelta(dask.config.get(key)) >= 1


def test_workers_workers_keep_glibcs_mmap_threshold() -> None:
    """With the switch on, no MALLOC_TRIM_THRESHOLD_ for the workers: it fixes glibc's mmap threshold at 128 kB (docs/pipeline.md)."""
    from distributed.nanny import _get_env_variables

    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **GLIBC_MMAP_CONFIG}):
        environ = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert "MALLOC_TRIM_THRESHOLD_" not in environ
    assert environ["OPENBLAS_NUM_THREADS"] == "1"  # the rest of dask's defaults stay


def test_workers_workers_map_only_large_arrays() -> None:
    """By default the workers keep Dask's trim threshold and get a 32 MB mmap threshold (docs/pipeline.md)."""
    from distributed.nanny import _get_env_variables

    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **WORKER_MALLOC_CONFIG}):
        environ = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert environ["MALLOC_MMAP_THRESHOLD_"] == str(32 * 2**20)
    assert environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # Dask's own, kept


@pytest.mark.parametrize("keep_threshold", [False, True])
def test_workers_workers_get_huge_pages(monkeypatch, keep_threshold: bool) -> None:
    from distributed.nanny import _get_env_variables

    from ceasefire import workers

    monkeypatch.setattr(workers, "KEEP_GLIBC_MMAP_THRESHOLD", keep_threshold)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **workers.worker_environment_config()}):
        environ = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert environ["GLIBC_TUNABLES"] == "glibc.malloc.hugetlb=1"
    assert ("MALLOC_TRIM_THRESHOLD_" in environ) is not keep_threshold


def test_workers_users_tunables_win(monkeypatch) -> None:
    from distributed.nanny import _get_env_variables

    from ceasefire import workers

    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")
    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **workers.worker_environment_config()}):
        assert _get_env_variables("distributed.nanny.pre-spawn-environ")["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"


def test_workers_huge_pages_switch_off(monkeypatch) -> None:
    from ceasefire import workers

    monkeypatch.setattr(workers, "HUGE_PAGES", False)
    assert not any(key.endswith("GLIBC_TUNABLES") for key in workers.worker_environment_config())


def test_workers_huge_pages_tunable_is_accepted_by_a_new_process() -> None:
    """glibc reads the tunable when a process starts; a bad one would be ignored, never fatal: the worker must run."""
    import subprocess
    import sys

    from ceasefire.workers import HUGE_PAGES_TUNABLE

    code = "import numpy; print(int(numpy.ones(1 << 20).sum()))"
    out = subprocess.run([sys.executable, "-c", code], env={"GLIBC_TUNABLES": HUGE_PAGES_TUNABLE}, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(1 << 20)
