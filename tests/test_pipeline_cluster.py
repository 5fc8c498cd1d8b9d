"""The Dask settings of the flow's local cluster name real settings (a misspelt key is silently ignored by dask)."""

from __future__ import annotations

import dask
import distributed  # noqa: F401  (registers distributed's configuration defaults)
import pytest

from ceasefire.pipeline import LOCAL_CLUSTER_CONFIG


@pytest.mark.parametrize("key", sorted(LOCAL_CLUSTER_CONFIG))
def test_pipeline_cluster_config_keys_exist_in_dask(key: str) -> None:
    assert dask.config.get(key, default=KeyError) is not KeyError


@pytest.mark.parametrize("key", ["distributed.admin.tick.interval", "distributed.worker.memory.monitor-interval"])
def test_pipeline_cluster_config_slows_timers_down(key: str) -> None:
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        assert dask.utils.parse_timedelta(dask.config.get(key)) >= 1
