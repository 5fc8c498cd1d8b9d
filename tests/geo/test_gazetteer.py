"""Gazetteer.candidates: spelling variants in the monitored countries compete with an exact match abroad."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.geo import Gazetteer, resolve
from ceasefire.geo.gazetteer import RANK_SKELETON
from ceasefire.geo.tables import PlaceRecord, write_gazetteer

PLACES = [
    PlaceRecord("t:1", "Ash Shafā", 21.07, 40.33, "P", "PPL", "SA", "Makkah", None, "14", None, 4_000, "geonames"),
    PlaceRecord("t:2", "Ash Shafah", 34.55, 40.75, "P", "PPL", "SY", "Deir ez-Zor", None, "07", None, 0, "ucdp"),
    PlaceRecord("t:3", "Deir ez-Zor", 35.0, 40.0, "A", "ADM1", "SY", "Deir ez-Zor", None, "07", None, 1_200_000, "ocha"),
    PlaceRecord("t:4", "Syria", 35.0, 38.0, "A", "PCLI", "SY", None, None, None, None, 17_000_000, "geonames"),
    PlaceRecord("t:5", "Hajin", 34.69, 40.83, "P", "PPL", "SY", "Deir ez-Zor", None, "07", None, 37_000, "geonames"),
    PlaceRecord("t:6", "Hajen", 50.0, 10.0, "P", "PPL", "DE", "Hessen", None, "05", None, 900, "geonames"),
]


@pytest.fixture()
def small(tmp_path: Path) -> Gazetteer:
    path = tmp_path / "gazetteer.duckdb"
    write_gazetteer(path, PLACES, {"source": "test"})
    return Gazetteer.open(path)


def _countries(gaz: Gazetteer, name: str, **kwargs) -> list[tuple[str, int]]:
    return [(gaz.country_code[c.idx], c.rank) for c in gaz.candidates(name, **kwargs)]


@pytest.mark.parametrize("name", ["Al-Shafa", "Shafa", "ash-Shafa"])
def test_gazetteer_exact_match_abroad_hides_variants_by_default(small: Gazetteer, name: str) -> None:
    assert [cc for cc, _ in _countries(small, name)] == ["SA"]


@pytest.mark.parametrize("name", ["Al-Shafa", "Shafa", "ash-Shafa"])
def test_gazetteer_variants_in_the_monitored_country_compete(small: Gazetteer, name: str) -> None:
    found = _countries(small, name, fuzzy=False, variants_in={"SY"})
    assert found[0][0] == "SA" and ("SY", RANK_SKELETON) in found


def test_gazetteer_variants_only_where_asked(small: Gazetteer) -> None:
    # an exact match in the country asked for needs no variants; variants elsewhere are never added
    assert _countries(small, "Hajin", variants_in={"SY"}) == [("SY", 0)]
    assert _countries(small, "Al-Shafa", variants_in={"DE"}) == [("SA", 4)]


@pytest.mark.parametrize("kwargs", [{"countries": ["SY"]}, {"within": "Deir ez-Zor"}])
def test_gazetteer_variant_wins_in_the_theatre(small: Gazetteer, kwargs: dict) -> None:
    # the monitored country, or an admin context that names a Syrian governorate ("Al-Shafa, Deir ez-Zor")
    assert resolve("Al-Shafa", small).country_code == "SA"
    place = resolve("Al-Shafa", small, **kwargs)
    assert place is not None and place.name == "Ash Shafah"
