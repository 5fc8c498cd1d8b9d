import pytest

from ceasefire.geo import event_location, ucdp_where_prec
from ceasefire.models import Mention, Place, Toponym

TOWN = Place("t", "Masasinah", 35.29, 36.66, "P", "PPL", "SY")
PROVINCE = Place("p", "Hama", 35.2, 37.2, "A", "ADM1", "SY")
DISTRICT = Place("d", "Muhradah", 35.2, 36.6, "A", "ADM2", "SY")
COUNTRY = Place("c", "Syria", 35.0, 38.0, "A", "PCLI", "SY")


@pytest.mark.parametrize("place,relation,expected", [
    (TOWN, None, 1), (TOWN, "near", 2), (DISTRICT, None, 3), (PROVINCE, "province of", 4), (COUNTRY, "northwestern", 5),
    (COUNTRY, None, 6), (None, None, None),
])
def test_location_ucdp_where_prec(place, relation, expected) -> None:
    assert ucdp_where_prec(Toponym("d", 0, 4, "x", place, 1, relation)) == expected


def _mention(start: int, end: int, trigger_start: int) -> Mention:
    return Mention("d", 0, start, end, "attack", trigger_start, trigger_start + 6, "Battles", "Armed clash", 0.9)


def test_location_nearest_place_in_the_sentence_without_metonyms() -> None:
    # "Damascus said the attack near Masasinah in Hama ..." (offsets only; no parse given)
    toponyms = [
        Toponym("d", 0, 8, "Damascus", COUNTRY, 3, "metonym"),
        Toponym("d", 30, 39, "Masasinah", TOWN, 2, "near"),
        Toponym("d", 43, 47, "Hama", PROVINCE, 3, None),
        Toponym("d", 200, 205, "Syria", COUNTRY, 3, None),  # another sentence
    ]
    assert event_location(_mention(0, 100, 18), toponyms).text == "Masasinah"
    assert event_location(_mention(0, 100, 18), toponyms[:1]) is None
    assert event_location(_mention(150, 260, 180), toponyms).text == "Syria"
