"""One conftest: fresh stores, settings pointing at a temporary database, and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.settings import Settings
from ceasefire.store import open_store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def store():
    """A fresh in-memory DuckDB store, spatial loaded."""
    with open_store(":memory:") as s:
        yield s


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Defaults, with the database in a temporary folder (the shared folder and cache as configured)."""
    return Settings().replace(db=str(tmp_path / "test.duckdb"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Settings().shared_dir
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} not found (set CEASEFIRE_SHARED)")
    return path


@pytest.fixture(scope="session")
def example_article(shared_dir: Path) -> Path:
    return shared_dir / "examples" / "hama-2019-03-05-globalresearch.txt"
