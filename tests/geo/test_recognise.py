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
    ("Continued clashes around Menbej and shells target Aleppo city", "Menbej"),  # the consonants of Manbij
    ("Tlul al-Safa clashes between the regime and ISIS escalate", "Tlul al-Safa"),  # "clashes" after the name
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
    # one word of a longer name is no spelling guess of a place ("Malik" ~ al-Malikiyah)
    ("Airstrike on Hisham bin Abdul Malik neighborhood near the stadium", "Malik"),
    ("Cautious calm in Sheikh Meskin after violent attack on Brigade 82", "Brigade"),  # a unit, not Baraghidah
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


@pytest.mark.parametrize("text, expected", [
    ("HOLLIDAY, Mo. A man was arrested on Friday.", "Mo."),
    ("The fire spread east of Calgary, Alta. on Monday.", "Alta."),
])
def test_recognise_keeps_the_period_of_a_state_abbreviation(nlp, gazetteer: Gazetteer, text: str, expected: str) -> None:
    from ceasefire.geo.recognise import _with_abbreviation_period

    start = text.index(expected)
    assert text[slice(*_with_abbreviation_period(gazetteer, text, start, start + len(expected) - 1))] == expected


def test_recognise_one_sense_per_document(nlp, gazetteer: Gazetteer) -> None:
    from spacy.tokens import Span

    text = "Crews in Edmonton cleared the roads. Edmonton police said the Edmonton Oilers game went ahead."
    doc = nlp(text)
    first, second = (doc.char_span(m, m + len("Edmonton")) for m in (text.index("Edmonton"), text.index("Edmonton police")))
    oilers = doc.char_span(text.index("Edmonton Oilers"), text.index(" game"))
    doc.ents = [Span(doc, first.start, first.end, "GPE"), Span(doc, second.start, second.end, "ORG"),
                Span(doc, oilers.start, oilers.end, "ORG")]
    found = [text[s.start:s.end] + f"@{s.start}" for s in recognise(doc, gazetteer)]
    # the ORG "Edmonton" is the same place; "Edmonton" inside the longer "Edmonton Oilers" is not taken
    assert found == [f"Edmonton@{text.index('Edmonton')}", f"Edmonton@{text.index('Edmonton police')}"]


@pytest.mark.parametrize("text, expected", [
    ("EDMONTON, Ky. (WBKO) -- One man is dead following a hunting accident.", "EDMONTON"),
    ("BEIRUT — A cease-fire to evacuate rebel fighters was agreed.", "BEIRUT"),
    ("LONDON (Reuters) - An explosion in a supermarket injured two.", "LONDON"),
])
def test_recognise_dateline(nlp, gazetteer: Gazetteer, text: str, expected: str) -> None:
    found = [text[s.start:s.end] for s in recognise(nlp(text), gazetteer)]
    assert found[0] == expected


@pytest.mark.parametrize("text, name", [
    ("Al-Shafa town’s massacre claims the lives of 13 citizens", "Al-Shafa"),  # exactly Ash Shafā, Saudi Arabia
    ("Regime forces fall back from the hill of al-Hara after heavy shelling", "al-Hara"),
    ("Aerial bombardments on the desert of Sokhna at dawn", "Sokhna"),  # exactly Sohna, India
    ("Clashes in areas at Al-Rihan farms in the Eastern Ghouta", "Al-Rihan"),
])
def test_recognise_monitored_spelling_beside_exact_name_abroad(nlp, gazetteer: Gazetteer, text: str, name: str) -> None:
    assert name in _texts(nlp, gazetteer, text)


@pytest.mark.parametrize("text, name", [
    ("March 3rd 2017: (S100) Sussah, Deir Ezzor governorate, Syria", "Sussah"),  # the governorate after the name
    ("March 3rd 2017: Suweidan Jazira, Deir Ezzor governorate, Syria", "Suweidan Jazira"),
    ("Strikes hit the villages of Tafas and Jleib Khalil overnight", "Jleib Khalil"),  # the second of a pair
])
def test_recognise_governorate_after_and_pairs_are_cues(nlp, gazetteer: Gazetteer, text: str, name: str) -> None:
    assert name in _texts(nlp, gazetteer, text)


@pytest.mark.parametrize("text, name, lat, lon", [
    ("Al-Shafa town’s massacre claims the lives of 13 citizens", "Al-Shafa", 34.58, 40.93),
    ("Clashes in areas at Al-Rihan farms in the Eastern Ghouta", "Al-Rihan", 33.57, 36.44),
    ("Aerial bombardments on the desert of Sokhna at dawn", "Sokhna", 34.88, 38.87),
    ("Regime forces regain the control of Al-Jabin village north-west of Hama", "Al-Jabin", 35.34, 36.51),
])
def test_geoparse_monitored_spelling_resolves_in_the_theatre(nlp, gazetteer: Gazetteer, text: str, name: str, lat: float, lon: float) -> None:
    from ceasefire.geo.resolve import haversine_km

    top = next(t for t in geoparse(nlp(text), "t", gazetteer, focus_countries=("SY",)) if t.text == name)
    assert top.place is not None and top.place.country_code == "SY"
    assert haversine_km(lat, lon, top.place.latitude, top.place.longitude) < 15


@pytest.mark.parametrize("text, name", [
    ("About 20 fighters killed in the car bomb explosion in “Tal Halaf” in Al-Hasakah countryside", "Tal Halaf"),  # quoted
    ("Members of the regime forces killed in Jabal al-Turkman clashes north of Latakia", "Jabal al-Turkman"),  # a mountain
    ("Airstrikes targeting the vicinity of Ein Zikr and Sahm Golan", "Sahm Golan"),  # curated: Saham al-Jawlan
    ("Mass executions in Yarmouk basin by the regime forces", "Yarmouk basin"),  # a kind word after the run
])
def test_recognise_quoted_names_mountains_and_curated_names(nlp, gazetteer: Gazetteer, text: str, name: str) -> None:
    assert name in _texts(nlp, gazetteer, text)


@pytest.mark.parametrize("text, countries", [
    ("EDMONTON, Ky. (WBKO) -- Police in Edmonton said the Edmonton Police Department and Kentucky State Police met.", ()),
    ("Two shells fell on Sheikh Meskin town near Daraa; the village of Tafas and Khan Shekhon were shelled.", ("SY",)),
    ("Turkish warplanes struck the SDF near Tall Rifat, north of Aleppo, and the Yarmouk basin in Syria.", ("SY",)),
])
def test_recognise_given_text_same_spans(nlp, gazetteer: Gazetteer, text: str, countries) -> None:
    """``geoparse`` hands recognition the text it already has (spaCy joins the tokens again on each ``doc.text``)."""
    doc = nlp(text)
    given = recognise(doc, gazetteer, extra_countries=countries, text=doc.text)
    assert given == recognise(doc, gazetteer, extra_countries=countries) and given
