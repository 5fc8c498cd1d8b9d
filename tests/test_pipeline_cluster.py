"""The Dask settings of the flow's local cluster name real settings (a misspelt key is silently ignored by dask)."""

from __future__ import annotations

import dask
import distributed  # noqa: F401  (registers distributed's configuration defaults)
import pytest

from ceasefire.pipeline import GLIBC_MMAP_CONFIG, LOCAL_CLUSTER_CONFIG, WORKER_MALLOC_CONFIG


@pytest.mark.parametrize("key", sorted(LOCAL_CLUSTER_CONFIG) + sorted(GLIBC_MMAP_CONFIG))
def test_pipeline_cluster_config_keys_exist_in_dask(key: str) -> None:
    assert dask.config.get(key, default=KeyError) is not KeyError


@pytest.mark.parametrize("key", ["distributed.admin.tick.interval", "distributed.worker.memory.monitor-interval"])
def test_pipeline_cluster_config_slows_timers_down(key: str) -> None:
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        assert dask.utils.parse_timedelta(dask.config.get(key)) >= 1


def test_pipeline_cluster_workers_keep_glibcs_mmap_threshold() -> None:
    """With the switch on, no MALLOC_TRIM_THRESHOLD_ for the workers: it fixes glibc's mmap threshold at 128 kB (docs/pipeline.md)."""
    from distributed.nanny import _get_env_variables

    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **GLIBC_MMAP_CONFIG}):
        environ = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert "MALLOC_TRIM_THRESHOLD_" not in environ
    assert environ["OPENBLAS_NUM_THREADS"] == "1"  # the rest of dask's defaults stay


def test_pipeline_cluster_workers_map_only_large_arrays() -> None:
    """By default the workers keep Dask's trim threshold and get a 512 kB mmap threshold (docs/pipeline.md)."""
    from distributed.nanny import _get_env_variables

    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **WORKER_MALLOC_CONFIG}):
        environ = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert environ["MALLOC_MMAP_THRESHOLD_"] == "524288"
    assert environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # Dask's own, kept
