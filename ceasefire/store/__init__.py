"""Persistence: ``open_store(settings)`` picks the backend from ``settings.db``."""

from __future__ import annotations

from ..settings import Settings
from .base import EventFilter, Store


def open_store(settings: Settings | str, read_only: bool = False) -> Store:
    """A DuckDB store for a file path or ``:memory:``, a PostGIS store for a ``postgresql://`` URL."""
    target = settings if isinstance(settings, str) else settings.db
    if target.startswith(("postgresql://", "postgres://")):
        from .postgis import PostgisStore

        return PostgisStore(target)
    from .duckdb import DuckDBStore

    return DuckDBStore(target, read_only=read_only)


__all__ = ["EventFilter", "Store", "open_store"]
