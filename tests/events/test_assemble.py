"""Per-document events: folding mentions of one event, dates, places, actors, ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from events_records import BAGHUZ, Builder, document, southfront_report

from ceasefire.events.assemble import assemble_events, first_toponym_in_sentence


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
    from events_records import MASASNEH

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
