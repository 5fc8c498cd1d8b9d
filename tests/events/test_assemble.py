"""Per-document events: folding mentions of one event, dates, places, actors, ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from events_records import BAGHUZ, HAMA, MASASNEH, Builder, document, southfront_report

from ceasefire.events.assemble import assemble_events, first_toponym_in_sentence
from ceasefire.models import Place


def events_of(builder: Builder, **kwargs):
    return assemble_events(builder.doc, builder.mentions, builder.claims, builder.toponyms, locate=first_toponym_in_sentence, **kwargs)


def test_assemble_folds_the_mentions_of_one_event():
    b = southfront_report()
    hama, baghuz = events_of(b)
    assert len(hama.mention_ids) == 3 and len(baghuz.mention_ids) == 1
    assert (hama.event_date, hama.time_precision) == (date(2019, 3, 3), 1)
    assert (hama.location, hama.geo_precision, hama.admin1, hama.country) == ("Masasneh", 2, "Hama", "Syria")
    assert (hama.actor1, hama.actor2) == ("Ansar al-Tawhid", "Military Forces of Syria")
    assert (hama.fatalities_low, hama.fatalities_best, hama.fatalities_high) == (23, 23, None)
    assert hama.sources == ("South Front",)
    assert {c.kind for c in hama.claims} == {"date", "actor1", "actor2", "fatalities"}
    assert baghuz.event_date == date(2019, 3, 1) and baghuz.location == BAGHUZ.name


def test_assemble_ids_are_deterministic():
    first = [e.event_id for e in events_of(southfront_report())]
    again = [e.event_id for e in events_of(southfront_report())]
    assert first == again and len(set(first)) == 2


@pytest.mark.parametrize("code", ["DIPLO", "ORG_CRIME", "NATURAL_DISASTER"])
def test_assemble_leaves_out_non_conflict_mentions(code):
    doc = document("The ministers met in Astana on Monday to discuss the zone.", "Outlet", date(2019, 3, 5))
    b = Builder(doc)
    b.mention("met", code, code)
    assert events_of(b) == []


def test_assemble_accepts_case_codes():
    doc = document("Warplanes struck the town of Kafr Nabl.", "Outlet", date(2019, 3, 5))
    b = Builder(doc)
    b.mention("struck", "AIR_STRIKE", "AIR_STRIKE")
    (event,) = events_of(b)
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_assemble_undated_event_takes_the_publication_day():
    doc = document("Clashes erupted near Masasneh.", "Outlet", date(2019, 3, 5), original_published=date(2019, 3, 4))
    b = Builder(doc)
    b.mention("Clashes")
    (event,) = events_of(b)
    assert (event.event_date, event.time_precision) == (date(2019, 3, 4), 1)
    assert event.location is None and event.latitude is None


def test_assemble_keeps_far_apart_mentions_apart():
    doc = document("Shelling hit Masasneh. Shelling also hit al-Baghuz.", "Outlet", date(2019, 3, 5))
    b = Builder(doc)
    b.mention("Shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.toponym("Masasneh", MASASNEH)
    b.mention("Shelling also", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.toponym("al-Baghuz", BAGHUZ)
    events = events_of(b)
    assert [e.location for e in events] == ["Masasneh", BAGHUZ.name]


def test_assemble_uses_the_given_locator():
    b = southfront_report()
    (hama, baghuz) = events_of(b)
    hama_elsewhere = assemble_events(b.doc, b.mentions, b.claims, b.toponyms, locate=lambda m, t: replace(t[-1], start=m.start))
    assert {e.location for e in hama_elsewhere} == {BAGHUZ.name}


def test_assemble_later_figures_about_the_events_actors_continue_it():
    text = ("On March 1, the SDF resumed their advance on ISIS positions near al-Baghuz. The attack followed a declaration. "
            "Many people had left. The number seems high. Some fighters remain. At least 18 of them had been killed.")  # fmt: skip
    b = Builder(document(text, "Outlet", date(2019, 3, 5)))
    advance = b.mention("advance")
    b.claim(advance, "date", "March 1", text="2019-03-01", precision=1)
    b.claim(advance, "actor1", "SDF", text="Syrian Democratic Forces")
    b.claim(advance, "actor2", "ISIS", text="Islamic State")
    b.toponym("al-Baghuz", BAGHUZ, 2, "near")
    killed = b.mention("killed", "Violence against civilians", "Attack")
    b.claim(killed, "fatalities", "At least 18 of them", 18, None, about="Islamic State")
    (event,) = events_of(b)
    assert event.fatalities_low == 18 and event.event_date == date(2019, 3, 1)


def test_assemble_publication_date_fallback_is_no_date_of_its_own():
    # a later mention dated only by the publication-date fallback still continues the dated event
    text = "On March 1, militants stormed a checkpoint near al-Baghuz. Later, 7 of them were killed."
    b = Builder(document(text, "Outlet", date(2019, 3, 5)))
    stormed = b.mention("stormed")
    b.claim(stormed, "date", "March 1", text="2019-03-01", precision=1)
    b.claim(stormed, "actor1", "militants", text="Islamic State")
    killed = b.mention("killed")
    b.claim(killed, "date", "7 of them were killed", text="2019-03-05", precision=1, hedge="no date in text; publication date")
    b.claim(killed, "fatalities", "7 of them", 7, 7, about="Islamic State")
    (event,) = events_of(b)
    assert (event.event_date, event.fatalities_low) == (date(2019, 3, 1), 7)


SYRIA = Place("gn:syria", "Syria", 35.0, 38.0, "A", "PCLI", "SY")
TURKEY = Place("gn:turkey", "Turkey", 39.0, 35.0, "A", "PCLI", "TR")
JARABULUS = Place("gn:jarabulus", "Jarabulus", 36.8175, 38.0111, "P", "PPL", "SY", "Aleppo")


@pytest.mark.parametrize(
    "area, folded",
    [
        (SYRIA, True),  # the country, then the town in it: one event, at the town
        (Place("gn:aleppo", "Aleppo", 36.2, 37.6, "A", "ADM1", "SY", "Aleppo"), True),  # its governorate
        (HAMA, False),  # another governorate, 150 km away: two events
        (TURKEY, False),  # another country
    ],
)
def test_assemble_country_or_governorate_then_a_town_in_it(area, folded):
    text = f"{area.name}: 5 people were killed. An attack hit the town of Jarabulus."
    b = Builder(document(text, "Outlet", date(2019, 3, 5)))
    b.mention("killed", "Violence against civilians", "Attack")
    b.toponym(area.name, area, 3)
    b.mention("attack")
    b.toponym("Jarabulus", JARABULUS)
    events = events_of(b)
    assert len(events) == (1 if folded else 2)
    assert events[-1].location == "Jarabulus"


def test_assemble_place_in_the_fragment_after_the_event():
    # Airwars' incident headlines: the date and code, then the place, which the parse cuts into a sentence of its own
    text = "July 8th 2017: (S1030). Raqqa city, Raqqa governorate, Syria."
    b = Builder(document(text, "Airwars", date(2017, 8, 1)))
    b.mention("(S1030)", "Explosions/Remote violence", "Air/drone strike")
    raqqa = Place("gn:raqqa", "Ar Raqqah", 35.95, 39.01, "P", "PPL", "SY", "Ar-Raqqa")
    b.toponym("Raqqa city", raqqa)
    b.toponym("Raqqa governorate", Place("gn:raqqa-adm1", "Ar-Raqqa", 36.0, 39.0, "A", "ADM1", "SY", "Ar-Raqqa"), 3)
    (event,) = events_of(b)
    assert event.location == "Ar Raqqah" and event.geo_precision == 1


def test_assemble_place_after_the_next_event_is_not_taken():
    text = "Hundreds marched at dawn. Shelling hit Masasneh."
    b = Builder(document(text, "Outlet", date(2019, 3, 5)))
    b.mention("marched", "Protests", "Peaceful protest")
    b.mention("Shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.toponym("Masasneh", MASASNEH)
    protest, shelling = events_of(b)
    assert protest.location is None and shelling.location == "Masasneh"


def test_assemble_town_named_inside_a_country_report():
    text = "Syria: Improvised mines kill hundreds in Jarabulus."
    b = Builder(document(text, "Outlet", date(2016, 10, 26)))
    b.mention("kill", "Explosions/Remote violence", "Remote explosive/landmine/IED")
    b.toponym("Syria", SYRIA, 3)
    b.toponym("Jarabulus", JARABULUS)
    (event,) = events_of(b)  # the first toponym locator says Syria; the town in it is where
    assert event.location == "Jarabulus"


@pytest.mark.parametrize(
    "between, events",
    [
        (" and ", 2),  # "Masasneh and al-Baghuz": one event per place
        (", ", 2),
        (" city and the town of ", 2),
        (" after heavy fighting near ", 1),  # not named together: one event, at the first place
    ],
)
def test_assemble_places_named_together_make_one_event_each(between, events):
    text = f"Shelling hits Masasneh{between}al-Baghuz, killing 10."
    b = Builder(document(text, "Outlet", date(2019, 3, 5)))
    shelling = b.mention("Shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.claim(shelling, "fatalities", "killing 10", 10, 10)
    b.toponym("Masasneh", MASASNEH)
    b.toponym("al-Baghuz", BAGHUZ)
    found = events_of(b)
    assert [e.location for e in found] == ["Masasneh", BAGHUZ.name][:events]
    assert found[0].fatalities_low == 10  # figures told for the places together stay with the first
    assert all(e.fatalities_low is None for e in found[1:])
    assert len({e.event_id for e in found}) == events


def test_assemble_undated_document_warns_once_and_makes_no_event(caplog):
    doc = document("Clashes broke out near Masasneh. Shelling hit Masasneh.", "Outlet", None)
    b = Builder(doc)
    b.mention("Clashes")
    b.mention("Shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.toponym("Masasneh", MASASNEH, after=0)
    b.toponym("Masasneh", MASASNEH, after=doc.text.index("hit"))
    with caplog.at_level("WARNING", logger="ceasefire.events.assemble"):
        assert events_of(b) == []
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "no publication date" in warnings[0] and doc.id[:12] in warnings[0]


@pytest.mark.parametrize(
    "about, actor1, actor2",
    [
        # the side that lost men in a battle is one of its sides
        ("Opposition Rebels (Syria)", "Opposition Rebels (Syria)", "Military Forces of Syria"),
        # the dead of the side already known, or civilians, add no side
        ("Military Forces of Syria", None, "Military Forces of Syria"),
        ("civilians", None, "Military Forces of Syria"),
    ],
)
def test_assemble_side_that_lost_men_in_a_battle(about, actor1, actor2):
    text = "5 rebels killed in clashes against regime forces in northern Hama."
    b = Builder(document(text, "SOHR", date(2016, 9, 12)))
    clashes = b.mention("clashes")
    b.claim(clashes, "actor2", "regime forces", text="Military Forces of Syria")
    b.claim(clashes, "fatalities", "5 rebels killed", 5, 5, about=about)
    b.toponym("Hama", HAMA)
    (event,) = events_of(b)
    assert (event.actor1, event.actor2) == (actor1, actor2)


@pytest.mark.parametrize(
    "event_type, sub_event_type, actors",
    [
        # remote violence that killed an armed group's men targeted that group
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", (None, "Opposition Rebels (Syria)")),
        # violence against civilians names its victims otherwise
        ("Violence against civilians", "Attack", (None, None)),
    ],
)
def test_assemble_side_that_lost_men_by_event_type(event_type, sub_event_type, actors):
    text = "Shelling kills 3 rebels in Hama."
    b = Builder(document(text, "SOHR", date(2016, 9, 12)))
    shelling = b.mention("Shelling", event_type, sub_event_type)
    b.claim(shelling, "fatalities", "3 rebels", 3, 3, about="Opposition Rebels (Syria)")
    b.toponym("Hama", HAMA)
    (event,) = events_of(b)
    assert (event.actor1, event.actor2) == actors


TADEF = Place("gn:tadef", "Tadif", 36.347, 37.530, "P", "PPL", "SY", "Aleppo")
AL_BAB = Place("gn:albab", "Al Bab", 36.370, 37.518, "P", "PPL", "SY", "Aleppo")


@pytest.mark.parametrize("text,expected", [
    # the event's sentence names no place: the place the sentence before is about (named most, then first)
    ("Displaced people of Tadef walked from Al Bab to their town Tadef. Gunfire on them killed a civilian.", "Tadif"),
    # a clause that leaves the name before it out of the mention: the name just before is where
    ("Tadef town's raid. Gunfire killed a civilian.", "Tadif"),
    # another paragraph is another story (the test builder cuts sentences at ". " only)
    ("Displaced people of Tadef walked home\n\nat dawn. Gunfire on them killed a civilian.", None),
])
def test_assemble_place_of_the_sentence_before(text, expected):
    b = Builder(document(text, "Outlet", date(2018, 3, 2)))
    b.mention("killed", "Violence against civilians", "Attack")
    for name in ("Tadef", "Al Bab"):
        after = 0
        while name in text[after:]:
            after = b.toponym(name, TADEF if name == "Tadef" else AL_BAB, after=after).end
    (event,) = events_of(b)
    assert event.location == expected


def test_assemble_place_of_the_sentence_before_not_from_the_event_before():
    text = "Hundreds marched in Al Bab. Gunfire killed a civilian."
    b = Builder(document(text, "Outlet", date(2018, 3, 2)))
    b.mention("marched", "Protests", "Peaceful protest")
    b.mention("Gunfire", "Violence against civilians", "Attack")
    b.toponym("Al Bab", AL_BAB)
    protest, gunfire = events_of(b)
    assert protest.location == "Al Bab" and gunfire.location is None


LATAKIA = Place("gn:latakia", "Latakia", 35.53, 35.79, "P", "PPL", "SY", "Latakia", admin1_code="02")
TISHRIN_DAM = Place("gn:tishrin", "Tishrin", 36.38, 38.18, "H", "DAM", "SY", "Aleppo", admin1_code="09")
RAQQA = Place("gn:raqqa", "Ar Raqqah", 35.95, 39.01, "P", "PPL", "SY", "Ar-Raqqah", admin1_code="04")
RAQQA_GOVERNORATE = Place("gn:raqqa-adm1", "Ar-Raqqa", 36.01, 38.99, "A", "ADM1", "SY", "Ar-Raqqa", admin1_code="04")
HAMRA = Place("gn:hamra", "Hamra", 35.47, 36.38, "P", "PPL", "SY", "Hamah", admin1_code="10")
ZOR_SHAMMAR = Place("ucdp:zor-shammar", "Zawr Shammar", 35.98, 39.40, "P", "PPL", "SY", "Ar Raqqah", admin1_code="04")
ALEPPO = Place("gn:aleppo", "Aleppo", 36.20, 37.16, "P", "PPL", "SY", "Aleppo", admin1_code="09")
KHAN_TUMAN = Place("gn:khan-tuman", "Khan Tuman", 36.12, 37.05, "P", "PPL", "SY", "Aleppo", admin1_code="09")
ABU_DUHUR_AIRBASE = Place("curated:abu-duhur", "Abu al-Duhur Airbase", 35.73, 37.10, "S", "AIRP", "SY")
IDLIB = Place("gn:idlib", "Idlib", 35.93, 36.63, "P", "PPL", "SY", "Idlib", admin1_code="13")
KAFRIYA = Place("cur:kafriya", "Kafriya", 36.00, 36.71, "P", "PPL", "SY", "Idleb")
TALL_ABYAD = Place("gn:tall-abyad", "Tall Abyad", 36.70, 38.95, "P", "PPL", "SY", "Ar-Raqqah", admin1_code="04")
AFRIN = Place("gn:afrin", "Afrin", 36.51, 36.87, "P", "PPL", "SY", "Aleppo", admin1_code="09")
TURKEY = Place("gn:turkey", "Turkey", 39.0, 35.0, "A", "PCLI", "TR")
EUPHRATES_VALLEY = Place("curated:euphrates-valley", "Euphrates Valley", 34.9, 40.3, "T", "VAL", "SY")


@pytest.mark.parametrize(
    "text, first, container, expected",
    [
        # the place is read 230 km from the city the text puts it in: the city is where
        ("A car bomb explodes in Teshreen suburb in Latakia city, killing 3.", ("Teshreen", TISHRIN_DAM), ("Latakia", LATAKIA), "Latakia"),
        # a namesake in another governorate than the one named after it
        ("June 2017: air strike on Hamra Ghanem, Raqqa governorate.", ("Hamra", HAMRA), ("Raqqa", RAQQA_GOVERNORATE), "Ar-Raqqa"),
        # inside its container: kept (a direction reaches further than "in")
        ("March 2017: air strike on Zor Shamr village, east of Raqqa.", ("Zor Shamr", ZOR_SHAMMAR), ("Raqqa", RAQQA), "Zawr Shammar"),
        ("A car bomb explodes in the Raml suburb in Latakia city.", ("Raml", LATAKIA), ("Latakia", LATAKIA), "Latakia"),
        # a street of the town: the town's name means the town, not its governorate
        ("July 2017: air strike on Tal Abyad Street, Raqqa city, Raqqa governorate.", ("Tal Abyad", TALL_ABYAD), ("Raqqa", RAQQA), "Ar Raqqah"),
        # a governorate's seat may stand for the governorate: a village of it is inside
        ("Clashes near Tal Abyad in Al-Raqqah and air strike elsewhere.", ("Tal Abyad", TALL_ABYAD), ("Al-Raqqah", RAQQA), "Tall Abyad"),
        # a place the gazetteer gives no governorate is judged by distance: unknown is not outside
        ("Air strike near Abu al-Duhur Airbase east of Idlib.", ("Abu al-Duhur Airbase", ABU_DUHUR_AIRBASE), ("Idlib", IDLIB), "Abu al-Duhur Airbase"),
        # a list of places is no container
        ("Air strike hits Hamra, Raqqa and Latakia.", ("Hamra", HAMRA), ("Raqqa", RAQQA), "Hamra"),
        # a region with no governorate has no known extent: it can't put a village outside it (the example article)
        ("Air strike near the village of al-Baghuz in the Euphrates Valley.", ("al-Baghuz", BAGHUZ), ("Euphrates Valley", EUPHRATES_VALLEY),
         "Al Baghuz Fawqani"),
    ],
)
def test_assemble_place_outside_the_container_the_text_gives_takes_the_container(text, first, container, expected):
    b = Builder(document(text, "Outlet", date(2017, 8, 19)))
    b.mention(text.split()[1] if text.startswith("A ") else "air strike" if "air strike" in text else "Air strike",
              "Explosions/Remote violence", "Air/drone strike")
    b.toponym(first[0], first[1])
    b.toponym(container[0], container[1], after=text.index(first[0]) + len(first[0]))
    (event,) = events_of(b)[:1]
    assert event.location == expected


@pytest.mark.parametrize(
    ("text", "published", "mention", "toponyms", "expected"),
    [
        # a town named in the countryside an event is located at becomes its place
        ("The regime forces advance in the southwestern countryside of Aleppo and approach Khan Tuman.", date(2016, 10, 23),
         ("advance",), [("Aleppo", ALEPPO, 2, "near"), ("Khan Tuman", KHAN_TUMAN)], "Khan Tuman"),
        # "the vicinity of Kefraya" is near a town, not an area: the deaths were there
        ("Warplanes raid on the countryside of Idlib and 6 fighters assassinated in the vicinity of Kefraya.", date(2016, 6, 2),
         ("Warplanes", "Explosions/Remote violence", "Air/drone strike"), [("Idlib", IDLIB, 2, "near"), ("Kefraya", KAFRIYA, 2, "near")],
         "Kafriya"),
        # a governorate seat beside a countryside stays a countryside
        ("Shelling targets villages in the countryside of Khan Tuman and in Aleppo and Idlib countryside.", date(2016, 10, 23),
         ("Shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"), [("Khan Tuman", KHAN_TUMAN, 2, "near"), ("Aleppo", ALEPPO)],
         "Khan Tuman"),
    ],
)
def test_assemble_town_and_countryside(text, published, mention, toponyms, expected):
    b = Builder(document(text, "Outlet", published))
    b.mention(*mention)
    for toponym in toponyms:
        b.toponym(*toponym)
    (event,) = events_of(b)
    assert event.location == expected


@pytest.mark.parametrize("text", ["Assassination targets 3 fighters of the Turkey-loyal Brigade in Afrin city.",
                                  "Turkey artillery shells the outskirts of Afrin city."])
def test_assemble_country_named_for_a_side_is_no_place(text):
    b = Builder(document(text, "Outlet", date(2019, 11, 14)))
    b.mention("Assassination" if "Assassination" in text else "shells")
    b.toponym("Turkey", TURKEY, 3)
    b.toponym("Afrin", AFRIN)
    (event,) = events_of(b)
    assert event.location == "Afrin"


def test_assemble_range_of_days_starts_on_its_first_day_and_stays_one_event():
    text = "September 18th - 19th 2017: air strike on Raqqah city."
    b = Builder(document(text, "Airwars", date(2017, 10, 1)))
    strike = b.mention("air strike", "Explosions/Remote violence", "Air/drone strike")
    b.claim(strike, "date", "September 18th - 19th 2017", text="2017-09-18/2017-09-19", precision=1)
    (event,) = events_of(b)
    # no date_end: a range would overlap, and merge with, every single-day report of the same town in it
    assert (event.event_date, event.date_end, event.time_precision) == (date(2017, 9, 18), None, 1)
    assert any(c.value_text == "2017-09-18/2017-09-19" for c in event.claims)


HAYT = Place("gn:hayt", "Hayt", 32.75, 35.91, "P", "PPL", "SY", "Daraa", admin1_code="12")
DAMASCUS = Place("gn:damascus", "Damascus", 33.51, 36.29, "P", "PPLC", "SY", "Dimashq", admin1_code="01")
ARIHA = Place("gn:ariha", "Ariha", 35.81, 36.61, "P", "PPL", "SY", "Idlib", admin1_code="13")


@pytest.mark.parametrize(
    "text, actor, in_name, place, expected",
    [
        ("More than 26 members of Hayyaat Tahrir Al-Sham were killed in an explosion in the vicinity of Idlib city.",
         "More than 26 members of Hayyaat Tahrir Al-Sham", ("Hayyaat", HAYT), ("Idlib", IDLIB), "Idlib"),
        ("Tension in Ariha city after an assassination attempt targeted Ahrar al_Sham commander.",
         "Ahrar al_Sham commander", ("Sham", DAMASCUS), ("Ariha", ARIHA), "Ariha"),
    ],
)
def test_assemble_word_of_a_groups_name_is_no_place(text, actor, in_name, place, expected):
    b = Builder(document(text, "Outlet", date(2017, 7, 13)))
    mention = b.mention("killed" if "killed" in text else "targeted")
    b.claim(mention, "actor2", actor, text="Some Group")
    b.toponym(*in_name)
    b.toponym(place[0], place[1], 2 if "vicinity" in text else 1, "near" if "vicinity" in text else None)
    (event,) = events_of(b)
    assert event.location == expected


def test_assemble_place_after_a_possessive_in_an_actor_phrase_stays_a_place():
    text = "Turkish soldier killed in Syria's Afrin: ministry"
    b = Builder(document(text, "Outlet", date(2018, 11, 3)))
    mention = b.mention("killed")
    b.claim(mention, "actor1", text, text="Military Forces of Turkey")
    b.toponym("Syria", Place("gn:syria", "Syria", 35.0, 38.0, "A", "PCLI", "SY"), 3)
    b.toponym("Afrin", AFRIN)
    (event,) = events_of(b)
    assert event.location == "Afrin"


def test_assemble_civilians_of_a_town_keep_their_town():
    text = "Warplanes killed 5 civilians of Kafr Nabl."
    b = Builder(document(text, "Outlet", date(2017, 7, 13)))
    mention = b.mention("Warplanes", "Explosions/Remote violence", "Air/drone strike")
    b.claim(mention, "actor2", "5 civilians of Kafr Nabl", text="Civilians")
    b.toponym("Kafr Nabl", IDLIB)
    (event,) = events_of(b)
    assert event.location == "Idlib"


DEIR_EZZOR = Place("gn:deir-ezzor", "Deir ez-Zor", 35.336, 40.141, "P", "PPLA", "SY", "Deir ez-Zor", admin1_code="07")
DARAA = Place("gn:daraa", "Daraa", 32.618, 36.102, "P", "PPLA", "SY", "Daraa", admin1_code="08")
QALAMOUN = Place("gn:qalamoun", "Qalamoun", 33.95, 36.55, "T", "MTS", "SY", "Rif Dimashq", admin1_code="03")


def clause_mention(b: Builder, words: str, trigger: str, event_type: str, sub_event_type: str):
    """A mention of one clause of the sentence (the detector's cut), not of the whole sentence."""
    start = b.doc.text.index(words)
    mention = b.mention(trigger, event_type, sub_event_type, after=start)
    b.mentions[-1] = replace(mention, start=start, end=start + len(words))
    return b.mentions[-1]


@pytest.mark.parametrize("second, trigger, event_type, sub_event_type, expected", [
    # another act in the same sentence is another event, at the place told before it (ACLED: one event per type)
    ("10 days of battles kill more than 340", "battles", "Battles", "Armed clash", [("Air/drone strike", "Deir ez-Zor"), ("Armed clash", "Deir ez-Zor")]),
    # a toll tells the deaths of the act told before it
    ("12 casualties in the city", "casualties", "Violence against civilians", "Attack", [("Air/drone strike", "Deir ez-Zor")]),
    # the same act told twice is one event
    ("warplanes target its outskirts", "warplanes", "Explosions/Remote violence", "Air/drone strike", [("Air/drone strike", "Deir ez-Zor")]),
])
def test_assemble_another_act_in_the_sentence_is_another_event(second, trigger, event_type, sub_event_type, expected):
    text = f"About 100 airstrikes target Deir Ezzor and {second}."
    b = Builder(document(text, "SOHR", date(2017, 1, 25)))
    clause_mention(b, "About 100 airstrikes target Deir Ezzor", "airstrikes", "Explosions/Remote violence", "Air/drone strike")
    clause_mention(b, second, trigger, event_type, sub_event_type)
    b.toponym("Deir Ezzor", DEIR_EZZOR)
    assert [(e.sub_event_type, e.location) for e in events_of(b)] == expected


@pytest.mark.parametrize("qalamoun, expected", [
    # each act has its place: two events
    (QALAMOUN, [("Armed clash", "Qalamoun"), ("Shelling/artillery/missile attack", "Daraa")]),
    # the first act's place is not found: it can't be told apart from the act beside it, which keeps the event
    (None, [("Armed clash", "Daraa")]),
])
def test_assemble_act_without_a_place_stays_with_the_act_beside_it(qalamoun, expected):
    text = "Clashes in eastern Qalamoun and bombardment on Daraa."
    b = Builder(document(text, "SOHR", date(2017, 1, 25)))
    clause_mention(b, "Clashes in eastern Qalamoun", "Clashes", "Battles", "Armed clash")
    clause_mention(b, "bombardment on Daraa", "bombardment", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    b.toponym("Qalamoun", qalamoun)
    b.toponym("Daraa", DARAA)
    assert [(e.sub_event_type, e.location) for e in events_of(b)] == expected



def test_assemble_unlocated_act_of_another_family_stays_with_the_act_beside_it():
    text = "Warplanes escalate the airstrikes and renew the targeting of the eastern countryside of Deir Ezzor."
    b = Builder(document(text, "SOHR", date(2017, 7, 18)))
    clause_mention(b, "Warplanes escalate the airstrikes", "Warplanes", "Explosions/Remote violence", "Air/drone strike")
    clause_mention(b, "renew the targeting of the eastern countryside of Deir Ezzor", "targeting", "Strategic developments",
                   "Change to group/activity")
    b.toponym("Deir Ezzor", DEIR_EZZOR)
    (event,) = events_of(b)
    assert (event.sub_event_type, event.location, len(event.mention_ids)) == ("Air/drone strike", "Deir ez-Zor", 2)


def test_assemble_places_named_together_in_one_report_of_a_cut_sentence():
    # the detector cut the sentence; the report naming the places names them together, as the uncut sentence did
    text = "Shells target Masasneh and al-Baghuz and renewed shelling targets the outskirts."
    b = Builder(document(text, "SOHR", date(2019, 3, 3)))
    shelling = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    clause_mention(b, "Shells target Masasneh and al-Baghuz", "Shells", *shelling)
    clause_mention(b, "renewed shelling targets the outskirts", "shelling", *shelling)
    b.toponym("Masasneh", MASASNEH)
    b.toponym("al-Baghuz", BAGHUZ)
    assert [e.location for e in events_of(b)] == ["Masasneh", BAGHUZ.name]
