import hashlib

import pytest

from ceasefire.geo import build
from ceasefire.geo.gazetteer import bundled_path


@pytest.fixture
def fresh_cache(settings, tmp_path):
    cached = settings.replace(cache_dir=tmp_path / "cache")
    path = bundled_path(cached)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")  # is_up_to_date reads the metadata through read_meta, stubbed below
    return cached


def test_build_inputs_hash_each_curated_file(settings):
    inputs = build._inputs(settings)
    places = (build.Path(build.__file__).parent / "data" / "places.tsv").read_bytes()
    assert inputs["curated:data/places.tsv"] == hashlib.sha256(places).hexdigest()[:16]
    assert set(build.CURATED_FILES) <= {key.removeprefix("curated:") for key in inputs}


@pytest.mark.parametrize("edited, up_to_date", [(None, True), ("curated:data/places.tsv", False), ("builder_version", False)])
def test_build_gazetteer_is_stale_when_a_curated_file_changes(fresh_cache, monkeypatch, edited, up_to_date):
    stored = build._inputs(fresh_cache)
    if edited:
        stored[edited] = "something else"
    monkeypatch.setattr(build, "read_meta", lambda path: stored)
    assert build.is_up_to_date(fresh_cache) is up_to_date
