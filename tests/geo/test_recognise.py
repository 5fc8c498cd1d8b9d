"""Recognition of the monitored countries' places in short reports (headline-like sentences written for these tests)."""

import pytest

from ceasefire.geo import Gazetteer, geoparse
from ceasefire.geo.recognise import recognise


def _texts(nlp, gazetteer: Gazetteer, text: str, countries=("SY",)) -> list[str]:
    return [text[s.start:s.end] for s in recognise(nlp(text), gazetteer, extra_countries=countries)]


@pytest.mark.parametrize("text, name", [
    ("Rebels say they repelled an assault near Tafas overnight", "Tafas"),
    ("Two shells fell on Sheikh Meskin town on Tuesday", "Sheikh Meskin"),  # a spelling of Shaykh Miskin
    ("Mortar fire reported in Tlul Al-Safa after a week of calm", "Tlul Al-Safa"),  # a spelling of Tulul as Safa
    ("Drone strike hits a car in Khan Shekhon", "Khan Shekhon"),
    ("A checkpoint came under fire outside Dabeq", "Dabeq"),
])
def test_recognise_monitored_country_village(nlp, gazetteer: Gazetteer, text: str, name: str) -> None:
    assert name in _texts(nlp, gazetteer, text)


@pytest.mark.parametrize("text, name", [
    ("Mortar fire reported in Tlul Al-Safa after a week of calm", "Tlul Al-Safa"),
    ("Drone strike hits a car in Khan Shekhon", "Khan Shekhon"),
])
def test_recognise_needs_the_monitored_countries(nlp, gazetteer: Gazetteer, text: str, name: str) -> None:
    assert name not in _texts(nlp, gazetteer, text, countries=())


@pytest.mark.parametrize("text, word", [
    ("Clashes renew at dawn as talks stall", "Clashes"),
    ("The spokesman of Hayyat Tahrir al-Sham denied the report", "al-Sham"),  # a group's name, not Damascus
    ("Unknown gunmen kill Khan Tarek's brother", "Khan"),  # the first element of many village names
])
def test_recognise_keeps_common_words_and_name_parts_out(nlp, gazetteer: Gazetteer, text: str, word: str) -> None:
    assert word not in _texts(nlp, gazetteer, text)


@pytest.mark.parametrize("text, name, lat, lon", [
    ("A car bomb exploded in Ras al-Ain city on Friday", "Ras al-Ain", 36.85, 40.07),
    ("Fighting resumed in Deir Ezzor this morning", "Deir Ezzor", 35.33, 40.14),
    ("Warplanes pounded Raqqa city at night", "Raqqa", 35.95, 39.01),
    ("Shelling killed a family in Dayr al-Zawr", "Dayr al-Zawr", 35.33, 40.14),
])
def test_geoparse_focus_countries_prefer_the_monitored_theatre(nlp, gazetteer: Gazetteer, text: str, name: str, lat: float, lon: float) -> None:
    from ceasefire.geo.resolve import haversine_km

    top = next(t for t in geoparse(nlp(text), "t", gazetteer, focus_countries=("SY",)) if t.text.startswith(name))
    assert top.place.country_code == "SY"
    assert haversine_km(lat, lon, top.place.latitude, top.place.longitude) < 15
