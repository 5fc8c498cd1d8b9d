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
    # A spelling whose vowels differ ("Al-Rihan" in news) and a longer name that merely starts like it.
    PlaceRecord("t:7", "Ar Rayhan", 33.57, 36.44, "P", "PPL", "SY", "Rif Dimashq", None, "08", None, 0, "ucdp"),
    PlaceRecord("t:8", "Al Rihaniya", 36.71, 40.36, "P", "PPL", "SY", "Al Hasakah", None, "03", None, 0, "ucdp"),
    PlaceRecord("t:9", "Rihan", 31.0, 35.0, "P", "PPL", "IL", None, None, None, None, 500, "geonames"),
    # A name whose consonant skeleton is one letter ("Sussah": s), and a spelling guess in another governorate.
    PlaceRecord("t:10", "As Susah", 34.53, 40.96, "P", "PPL", "SY", "Deir ez-Zor", None, "07", None, 0, "ucdp"),
    PlaceRecord("t:11", "Sabbah", 34.90, 36.24, "P", "PPL", "SY", "Hama", None, "11", None, 3_000, "geonames"),
    PlaceRecord("t:12", "Ar-Raqqa", 36.0, 39.0, "A", "ADM1", "SY", "Ar-Raqqa", None, "04", None, 900_000, "ocha"),
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


@pytest.mark.parametrize("name, expected", [("Al-Rihan", "Ar Rayhan"), ("Reihan", "Ar Rayhan")])
def test_gazetteer_variants_read_vowels_loosely(small: Gazetteer, name: str, expected: str) -> None:
    # "Rihan" and "Rayhan" differ in their vowels only; the plain spelling similarity (0.73) left it out
    names = [str(small.columns["name"][c.idx]) for c in small.candidates(name, variants_in={"SY"})]
    assert expected in names
    assert expected not in [str(small.columns["name"][c.idx]) for c in small.candidates(name)]


def test_gazetteer_variant_near_the_document_wins(small: Gazetteer) -> None:
    # Al Rihaniya starts like the name; Ar Rayhan is the spelling near what the document is about
    place = resolve("Al-Rihan", small, countries=["SY"], near=(33.55, 36.45))
    assert place is not None and place.name == "Ar Rayhan"


def test_gazetteer_one_letter_skeleton_only_in_the_monitored_country(small: Gazetteer) -> None:
    assert "As Susah" in [str(small.columns["name"][c.idx]) for c in small.candidates("Sussah", variants_in={"SY"})]
    assert small.candidates("Sussah") == []  # too common a skeleton to search the whole world for


@pytest.mark.parametrize("within, expected", [("Ar-Raqqa", None), (None, "Sabbah")])
def test_gazetteer_spelling_guess_outside_the_named_unit_is_dropped(small: Gazetteer, within, expected) -> None:
    # "al Sabahiya area, Raqqa governorate": Sabbah (Hama) is a spelling guess, and not in Raqqa
    place = resolve("Sabahiya", small, countries=["SY"], within=within)
    assert (place.name if place else None) == expected


def test_gazetteer_namesake_abroad_is_dropped_under_a_monitored_unit(small: Gazetteer) -> None:
    # "Hajen, Ar-Raqqa": neither the German Hajen nor Hajin (Deir ez-Zor) is a place of that governorate
    assert resolve("Hajen", small, countries=["SY"]).name == "Hajin"
    assert resolve("Hajen", small, countries=["SY"], within="Ar-Raqqa") is None


def test_gazetteer_container_named_with_a_kind_word(small: Gazetteer) -> None:
    from ceasefire.geo.resolve import containers_of

    assert [small.columns["name"][i] for i in containers_of(small, "Ar-Raqqa governorate")] == ["Ar-Raqqa"]


CALLS = [  # (name, keyword arguments): the ways recognition and resolution ask for one name
    ("Hajin", {"fuzzy": False, "limit": 1}), ("Hajin", {}), ("Hajin", {"variants_in": ("SY",)}), ("Hajin", {"fuzzy": False, "limit": 5}),
    ("Al-Shafa", {"fuzzy": False, "limit": 3}), ("Al-Shafa", {"variants_in": ("SY",)}), ("Al-Shafa", {"limit": 100, "min_similarity": 0.6}),
    ("Al-Rihan", {"variants_in": ("SY",)}), ("Al-Rihan", {"fuzzy": False}), ("Sussah", {"variants_in": ("SY",)}), ("Sussah", {}),
    ("Syria", {"fuzzy": False, "limit": 1}), ("Syria", {"limit": 60}), ("", {}), ("Nowhere", {"fuzzy": False}), ("Nowhere", {}),
]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_gazetteer_candidates_same_whatever_was_asked_before(small: Gazetteer, tmp_path: Path, order: str) -> None:
    """Each name's exact matches are remembered once for every limit and option: each answer is the one a fresh
    gazetteer gives to that question alone."""
    calls = CALLS if order == "forward" else CALLS[::-1]
    answers = [small.candidates(name, **kwargs) for name, kwargs in calls]
    for (name, kwargs), answer in zip(calls, answers):
        fresh = Gazetteer._read(small.sources)
        assert fresh.candidates(name, **kwargs) == answer, (name, kwargs)
