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


PALMYRA = Place("pa", "Tadmur", 34.56, 38.28, "P", "PPL", "SY")
SOKHNA = Place("so", "As Sukhnah", 34.88, 38.87, "P", "PPL", "SY")


def _located(text: str, trigger: str, names: dict[str, Place], with_text: bool = True) -> str:
    """The place event_location picks in a one-sentence text, without a parse (as the events stage calls it)."""
    start = text.index(trigger)
    mention = Mention("d", 0, 0, len(text), trigger, start, start + len(trigger), "Explosions/Remote violence", "Air/drone strike", 0.9)
    toponyms = [Toponym("d", text.index(name), text.index(name) + len(name), name, place, 1, None) for name, place in names.items()]
    return event_location(mention, toponyms, text=text if with_text else None).text


@pytest.mark.parametrize("text,trigger,expected", [
    # a place before the trigger in an earlier report of the sentence ("X and <trigger>") is not where
    ("Infiltrators enter the eastern neighborhood of Palmyra and aerial bombardments on the desert of Sokhna", "aerial", "Sokhna"),
    ("Palmyra residents flee while airstrikes target the desert of Sokhna", "airstrikes", "Sokhna"),
    # without a coordinator the nearer place wins, measured between the names' edges
    ("Airstrikes on Palmyra after militants came from the desert of Sokhna", "Airstrikes", "Palmyra"),
    ("In Palmyra, airstrikes on the desert around the town and its hills near Sokhna", "airstrikes", "Palmyra"),
])
def test_location_place_of_an_earlier_report_is_farther(text, trigger, expected) -> None:
    assert _located(text, trigger, {"Palmyra": PALMYRA, "Sokhna": SOKHNA}) == expected


def test_location_without_text_measures_characters_only() -> None:
    text = "Infiltrators enter Palmyra and aerial bombardments on the desert of Sokhna"
    assert _located(text, "aerial", {"Palmyra": PALMYRA, "Sokhna": SOKHNA}, with_text=False) == "Palmyra"
