"""One conftest: fresh stores, settings pointing at a temporary database, and the shared data folder."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from ceasefire.settings import Settings
from ceasefire.store import open_store

DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def store():
    """A fresh in-memory DuckDB store (spatial is loaded by its first distance query)."""
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


@pytest.fixture(scope="session")
def postgis_url():
    """URL of a PostgreSQL+PostGIS server started for this test session on loopback (skips without one)."""
    from postgres_server import running_server, unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    yield from running_server()


@pytest.fixture(params=["duckdb", pytest.param("postgis", marks=pytest.mark.server)])
def any_store(request):
    """A fresh store of each backend: in-memory DuckDB, and a new database on the PostGIS test server."""
    if request.param == "duckdb":
        with open_store(":memory:") as s:
            yield s
        return
    import psycopg

    base = request.getfixturevalue("postgis_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    with open_store(base.rsplit("/", 1)[0] + "/" + name) as s:
        yield s


@pytest.fixture(scope="session")
def nlp():
    """The English spaCy pipeline (loaded once per session)."""
    import spacy

    return spacy.load(Settings().spacy_model)
