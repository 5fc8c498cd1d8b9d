"""Which named place is an event's: places of origin, parts of a governorate, containers written around Arabic names."""

from __future__ import annotations

from datetime import date

import pytest
from events_records import Builder, document

from ceasefire.events.assemble import assemble_events
from ceasefire.events.event_places import NOT_AROUND, NOT_EVENT_PLACES, ORIGIN, PART_CODE, contains
from ceasefire.geo import context as geo_context
from ceasefire.geo import event_location
from ceasefire.geo.parts import PART_FEATURE_CODE
from ceasefire.models import Place

HOMS = Place("gn:homs", "Homs", 34.73, 36.72, "P", "PPL", "SY", "Homs", admin1_code="11")
HOMS_GOVERNORATE = Place("ocha:SY04", "Homs", 34.47, 38.38, "A", "ADM1", "SY", "Homs", admin1_code="11")
JARABULUS = Place("gn:jarabulus", "Jarabulus", 36.82, 38.01, "P", "PPL", "SY", "Aleppo", admin1_code="09")
HAMA = Place("gn:hama", "Hama", 35.13, 36.76, "P", "PPL", "SY", "Hama", admin1_code="10")
BALYUN = Place("ucdp:balyun", "Balyun", 35.70, 36.51, "P", "PPL", "SY", "Idlib", admin1_code="12")
TAL_TAMR = Place("ucdp:tal-tamr", "Tall Tamr", 36.66, 40.37, "P", "PPL", "SY", "Al Hasakah", admin1_code="01")
RAS_AL_AYN = Place("ucdp:ras-al-ayn", "Ras al Ayn", 36.85, 40.07, "P", "PPL", "SY", "Al Hasakah", admin1_code="01")
DARAA = Place("gn:daraa", "Daraa", 32.62, 36.10, "P", "PPL", "SY", "Daraa", admin1_code="06")
ALEPPO_GOVERNORATE = Place("ocha:SY02", "Aleppo", 36.22, 37.64, "A", "ADM1", "SY", "Aleppo", admin1_code="09")
WESTERN_ALEPPO = Place("ocha:SY02#west", "western Aleppo", 36.20, 36.99, "A", PART_CODE, "SY", "Aleppo", admin1_code="09")
NORTHERN_ALEPPO = Place("ocha:SY02#north", "northern Aleppo", 36.33, 37.16, "A", PART_CODE, "SY", "Aleppo", admin1_code="09")
KHAN_TUMAN = Place("gn:khan-tuman", "Khan Tuman", 36.12, 37.05, "P", "PPL", "SY", "Aleppo", admin1_code="09")
QARIYA = Place("ucdp:qariya", "Al Qariya", 32.55, 36.60, "P", "PPL", "SY", "As Suwayda", admin1_code="05")
TABAQA = Place("gn:tabaqa", "Ath Thawrah", 35.84, 38.55, "P", "PPL", "SY", "Ar-Raqqah", admin1_code="04")
RAQQA = Place("gn:raqqa", "Ar Raqqah", 35.95, 39.01, "P", "PPL", "SY", "Ar-Raqqah", admin1_code="04")
MALIKIYAH = Place("gn:malikiyah", "Al Malikiyah", 37.18, 42.14, "P", "PPL", "SY", "Al-Hasakah", admin1_code="01")
RAQQA_GOVERNORATE = Place("ocha:SY11", "Ar-Raqqa", 36.01, 38.99, "A", "ADM1", "SY", "Ar-Raqqa", admin1_code="04")


def located(text: str, trigger: str, toponyms, event_type: str = "Explosions/Remote violence"):
    b = Builder(document(text, "SOHR", date(2019, 9, 15)))
    b.mention(trigger, event_type, "Shelling/artillery/missile attack")
    after = 0
    for words, place, relation in toponyms:
        t = b.toponym(words, place, relation=relation, after=after)
        after = t.end
    return assemble_events(b.doc, b.mentions, b.claims, b.toponyms, locate=event_location, actors=None)


@pytest.mark.parametrize(
    "text, trigger, toponyms, expected",
    [
        # the place named where the event happened, not the place the victim came from
        ("The killing of a displaced person from Homs province under torture in Jarabulus", "killing",
         [("Homs", HOMS_GOVERNORATE, "from"), ("Jarabulus", JARABULUS, None)], "Jarabulus"),
        ("Shelling claims the lives of 4 displaced people from Hama countryside in Balyun Camp", "Shelling",
         [("Hama", HAMA, "from"), ("Balyun", BALYUN, None)], "Balyun"),
        ("Warplanes bombard the convoy launched from Tal Tamr towards Ras Al-Ayn and leave 9 dead", "Warplanes",
         [("Tal Tamr", TAL_TAMR, "from"), ("Ras Al-Ayn", RAS_AL_AYN, None)], "Ras al Ayn"),
        # the only place named: the best there is
        ("A citizen from Daraa killed under torture", "killed", [("Daraa", DARAA, "from")], "Daraa"),
    ],
)
def test_event_places_place_of_origin_only_when_no_other(text, trigger, toponyms, expected):
    (event,) = located(text, trigger, toponyms)
    assert event.location == expected


def test_event_places_place_of_origin_is_no_place_found_around_the_event():
    # a headline fragment after the event names only where the victims came from: no place, not theirs
    text = "Shelling kills 3. Families displaced from Homs"
    b = Builder(document(text, "SOHR", date(2019, 9, 15)))
    b.mention("Shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.toponym("Homs", HOMS, relation="from")
    (event,) = assemble_events(b.doc, b.mentions, b.claims, b.toponyms, locate=event_location, actors=None)
    assert event.location is None


def test_event_places_relations_and_codes_are_the_geo_stages():
    # the events stage spells them itself so the ledger side never imports the geo stage (gazetteer, DuckDB, shapely)
    assert PART_CODE == PART_FEATURE_CODE
    assert ORIGIN == geo_context.ORIGIN and ORIGIN in NOT_AROUND
    assert geo_context.GROUP in NOT_EVENT_PLACES


def test_event_places_part_of_a_governorate_holds_its_towns_not_its_governorate():
    assert contains(WESTERN_ALEPPO, KHAN_TUMAN) and contains(ALEPPO_GOVERNORATE, WESTERN_ALEPPO)
    assert not contains(WESTERN_ALEPPO, ALEPPO_GOVERNORATE) and not contains(WESTERN_ALEPPO, NORTHERN_ALEPPO)
    assert not contains(WESTERN_ALEPPO, TAL_TAMR)  # another governorate


AFRIN = Place("gn:afrin", "Afrin", 36.51, 36.87, "P", "PPL", "SY", "Aleppo", admin1_code="09")


@pytest.mark.parametrize(
    "text, trigger, toponyms, expected",
    [
        ("Regime forces advance in western Aleppo and shell Khan Tuman", "shell",
         [("Aleppo", WESTERN_ALEPPO, "western"), ("Khan Tuman", KHAN_TUMAN, None)], "Khan Tuman"),
        # a part of a governorate is a countryside: a town before the trigger belongs to an earlier report
        ("Turkish forces go deep into Afrin and shelling targets the western countryside of Aleppo", "shelling",
         [("Afrin", AFRIN, None), ("Aleppo", WESTERN_ALEPPO, "near")], "western Aleppo"),
    ],
)
def test_event_places_town_named_in_a_part_of_a_governorate(text, trigger, toponyms, expected):
    events = located(text, trigger, toponyms)
    assert events[0].location == expected


@pytest.mark.parametrize(
    "text, toponyms, expected",
    [
        # Airwars writes the Arabic name between the English name and its container
        ("April 29th 2017: (S663a) air strike on al Qariya district ﺍﻟﻄﺒﻘﺔ, al Tabaqa, Raqqa, Syria",
         [("Qariya", QARIYA, None), ("Tabaqa", TABAQA, None), ("Raqqa", RAQQA, None)], ["Ath Thawrah"]),
        # "near <a place the gazetteer lacks>" between the neighbourhood and its governorate
        ("July 13th 2017: (S1054) air strike on Hisham bin Abdul Malik neighborhood near Fern Al Ma’ari, Raqqa governorate, Syria",
         [("Malik", MALIKIYAH, None), ("Raqqa", RAQQA_GOVERNORATE, None)], ["Ar-Raqqa"]),
    ],
)
def test_event_places_container_around_arabic_and_unknown_names(text, toponyms, expected):
    events = located(text, "air strike", toponyms)
    # "al Tabaqa, Raqqa": the seat of Tabaqa's governorate names the governorate, it is no second place
    assert [e.location for e in events] == expected


def test_event_places_place_of_origin_gives_way_to_a_place_named_after_the_report():
    # the report's sentence names only where the victim came from; the next one says where it happened
    text = "A displaced man from Homs is killed under torture. He had fled Idlib central prison"
    b = Builder(document(text, "SOHR", date(2019, 9, 15)))
    b.mention("killed", "Violence against civilians", "Attack")
    b.toponym("Homs", HOMS, relation="from")
    b.toponym("Idlib", Place("gn:idlib", "Idlib", 35.93, 36.63, "P", "PPLA", "SY", "Idlib", admin1_code="12"))
    (event,) = assemble_events(b.doc, b.mentions, b.claims, b.toponyms, locate=event_location, actors=None)
    assert event.location == "Idlib"
