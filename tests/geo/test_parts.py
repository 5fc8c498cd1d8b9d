"""Directional parts of a governorate: which phrases name one, and where the part lies."""

from __future__ import annotations

import pytest

from ceasefire.geo import Gazetteer
from ceasefire.geo.parts import PART_FEATURE_CODE, Direction, direction_of, directional_part, parts_of
from ceasefire.geo.resolve import haversine_km


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("Fierce battles in western Aleppo", "Aleppo", Direction("west", False)),
        ("Warplanes target the southern countryside of Idlib", "Idlib", Direction("south", True)),
        ("Shelling on Hama's northern countryside", "Hama", Direction("north", True)),
        ("Shelling on Eastern Daraa countryside", "Eastern Daraa", Direction("east", True)),
        ("clashes in the north-western countryside of Hama", "Hama", Direction("northwest", True)),
        ("from the north of Hama to the east of Idlib", "Hama", Direction("north", False)),
        ("raids on northwest Aleppo", "Aleppo", Direction("northwest", False)),
        # a point beside the town, a part of the town, or no direction at all: no part of the governorate
        ("clashes north of Hama", "Hama", None),
        ("clashes 10 km to the east of Idlib", "Idlib", None),
        ("shells hit eastern Aleppo city", "Aleppo", None),
        ("shelling on the countryside of Idlib", "Idlib", None),
    ],
)
def test_parts_direction_of_phrase(text, name, expected):
    start = text.index(name)
    assert direction_of(text, start, start + len(name)) == expected


# (phrase, resolved name, seat of the governorate): the part lies on that side of the seat, in its countryside
SEATS = {"Aleppo": (36.20, 37.16), "Idleb": (35.93, 36.63), "Hama": (35.13, 36.76), "Dar'a": (32.62, 36.10)}


@pytest.mark.parametrize(
    "text, name, governorate, compass",
    [
        ("Fierce battles in western Aleppo", "Aleppo", "Aleppo", "west"),
        ("Warplanes target the southern countryside of Idlib", "Idlib", "Idleb", "south"),
        ("Shelling on Hama's northern countryside", "Hama", "Hama", "north"),
        ("Shelling on the eastern countryside of Daraa", "Daraa", "Dar'a", "east"),
    ],
)
def test_parts_part_lies_in_that_direction_from_the_seat(gazetteer: Gazetteer, text, name, governorate, compass):
    unit = next(c.idx for c in gazetteer.candidates(governorate, fuzzy=False) if gazetteer.feature_code[c.idx] == "ADM1"
                and gazetteer.country_code[c.idx] == "SY")
    start = text.index(name)
    part = directional_part(gazetteer, unit, text, start, start + len(name))
    assert part is not None and part.feature_code == PART_FEATURE_CODE and part.admin1 == governorate
    assert part.id.endswith(f"#{compass}") and compass in part.name
    lat, lon = SEATS[governorate]
    assert 5 < haversine_km(lat, lon, part.latitude, part.longitude) < 25  # the countryside, not the seat or the centroid
    dlat, dlon = part.latitude - lat, part.longitude - lon
    assert {"north": dlat > 0, "south": dlat < 0, "east": dlon > 0, "west": dlon < 0}[compass]


def test_parts_seat_and_governorate_give_one_part_and_are_built_once(gazetteer: Gazetteer):
    parts = parts_of(gazetteer)
    aleppo = next(u for u in parts.units.values() if gazetteer.columns["name"][u.idx] == "Aleppo")
    from_unit = parts.part(aleppo.idx, Direction("west", True))
    from_seat = parts.part(aleppo.seat, Direction("west", True))
    assert from_unit == from_seat and parts_of(gazetteer) is parts


def test_parts_countryside_of_damascus_lies_in_rural_damascus(gazetteer: Gazetteer):
    parts = parts_of(gazetteer)
    damascus = next(u for u in parts.units.values() if gazetteer.columns["name"][u.idx] == "Damascus")
    part = parts.part(damascus.idx, Direction("east", True))
    assert part is not None and part.admin1 == "Rural Damascus"


def test_parts_town_no_governorate_is_named_after_gets_none(gazetteer: Gazetteer):
    text = "clashes in the western countryside of Manbij"
    manbij = next(c.idx for c in gazetteer.candidates("Manbij", fuzzy=False) if gazetteer.feature_class[c.idx] == "P")
    start = text.index("Manbij")
    assert directional_part(gazetteer, manbij, text, start, start + 6) is None


def test_parts_units_from_the_snapshot_are_the_computed_ones(gazetteer: Gazetteer):
    """The polygons and seats stored in the gazetteer's snapshot (``unit_tables``) read back exactly as computed."""
    from ceasefire.geo.parts import _computed_units, _units

    stored, computed = _units(gazetteer), _computed_units(gazetteer)
    assert any(name.startswith("parts") for name in gazetteer.stored)
    assert [(u.idx, u.seat) for u in stored] == [(u.idx, u.seat) for u in computed] and len(stored) >= 14
    assert all(a.shape.equals_exact(b.shape, tolerance=0.0) for a, b in zip(stored, computed))
