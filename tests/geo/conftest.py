"""Fixtures of the geo tests: the bundled gazetteer (built if missing) and the spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.geo import Gazetteer, build_gazetteer
from ceasefire.settings import Settings

GEO_DATA = Path(__file__).parent.parent / "data" / "geo"


@pytest.fixture(scope="session")
def gazetteer(shared_dir: Path) -> Gazetteer:
    """The bundled gazetteer; `make test` builds it first, and it is built here when it is missing."""
    settings = Settings()
    build_gazetteer(settings)
    return Gazetteer.load(settings)


@pytest.fixture(scope="session")
def nlp():
    import spacy

    return spacy.load(Settings().spacy_model)
