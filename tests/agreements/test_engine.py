"""The violation engine: rule kinds, window and buffer edges, precision -> confidence, attribution."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box

from ceasefire.agreements.engine import ActorMatcher, admin_key, check_agreement, normalise_name
from ceasefire.agreements.loader import load_agreement
from ceasefire.models import Actor, Claim, Event

DATA = Path(__file__).resolve().parents[1] / "data"

SQUARE = DATA / "agreements" / "square.yaml"
# The square spans 36.0-36.5 E, 35.0-35.5 N; the engine projects around its centre latitude.
KM_PER_DEG_LON = math.cos(math.radians(35.25)) * 111.32


def make_event(**fields: Any) -> Event:
    base: dict[str, Any] = dict(
        event_id="e1", event_date=date(2019, 2, 10), event_type="Strategic developments", sub_event_type="Other",
        actor1="Military Forces of Syria", actor2=None, latitude=35.25, longitude=36.25, geo_precision=1,
    )
    base.update(fields)
    return Event(**base)


def east_of_edge(km: float) -> float:
    return 36.5 + km / KM_PER_DEG_LON


@pytest.fixture(scope="module")
def square():
    return load_agreement(SQUARE)


def by_rule(violations):
    return {v.rule: v for v in violations}


@pytest.mark.parametrize(
    "fields, rule, violator",
    [
        (dict(event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Syria"), "no-fighting", "Military Forces of Syria"),
        (dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", actor1="Military Forces of Russia"), "no-airstrikes", "Military Forces of Russia"),
        (dict(actor1="Military Forces of Syria", actor2="Ansar al-Tauhid fighters"), "groups-out", "Ansar al-Tawhid"),
        (dict(actor1="Unidentified Armed Group", actor2="Police Forces of Syria", inter1=3, inter2=1), "no-state-forces", "Police Forces of Syria"),
        (dict(actor1="Syrian insurgents", notes="Militants shelled the village with mortars"), "heavy-weapons-out", "Syrian insurgents"),
        (dict(actor1="NLF", claims=(Claim("d1", "d1:0:0", "weapon", 5, 20, value_text="T-72 tanks"),)), "heavy-weapons-out", "NLF"),
    ],
)
def test_engine_rule_kinds_and_attribution(square, fields, rule, violator):
    violations = by_rule(check_agreement(square, [make_event(**fields)]))
    assert rule in violations
    assert violations[rule].violator == violator
    assert violations[rule].confidence == "inside"


def test_engine_quiet_event_is_no_violation(square):
    assert check_agreement(square, [make_event(actor1="Civilians (Syria)", inter1=7)]) == []


def test_engine_exempt_actor_is_not_a_violation_of_that_rule(square):
    event = make_event(event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Syria", actor2="HTS")
    assert "no-fighting" not in by_rule(check_agreement(square, [event]))


@pytest.mark.parametrize(
    "day, expected",
    [(date(2019, 1, 31), False), (date(2019, 2, 1), True), (date(2019, 2, 28), True), (date(2019, 3, 1), False)],
)
def test_engine_window_edges_are_inclusive(square, day, expected):
    event = make_event(event_date=day, event_type="Battles", sub_event_type="Armed clash")
    assert ("no-fighting" in by_rule(check_agreement(square, [event]))) is expected


def test_engine_event_spanning_the_window_start_counts(square):
    event = make_event(event_date=date(2019, 1, 28), date_end=date(2019, 2, 2), event_type="Battles", sub_event_type="Armed clash")
    assert "no-fighting" in by_rule(check_agreement(square, [event]))


@pytest.mark.parametrize(
    "km, precision, expected",
    [
        (0.0, 1, "inside"),  # exactly on the edge counts as inside
        (4.8, 1, "buffer"),
        (5.2, 1, None),
        (4.8, 2, "buffer"),
        (12.0, 2, "possible"),  # "near X": may be within the buffer
        (16.0, 2, None),
        (4.8, 3, "possible"),
    ],
)
def test_engine_buffer_edges_and_precision(square, km, precision, expected):
    event = make_event(longitude=east_of_edge(km), event_type="Battles", sub_event_type="Armed clash", geo_precision=precision)
    violation = by_rule(check_agreement(square, [event])).get("no-fighting")
    assert (violation.confidence if violation else None) == expected
    if violation:
        assert violation.distance_km == pytest.approx(km, abs=0.05)


@pytest.mark.parametrize("precision, confidence", [(1, "inside"), (2, "inside"), (3, "possible")])
def test_engine_precision_sets_confidence_inside_the_zone(square, precision, confidence):
    event = make_event(event_type="Battles", sub_event_type="Armed clash", geo_precision=precision)
    assert by_rule(check_agreement(square, [event]))["no-fighting"].confidence == confidence


def test_engine_governorate_only_event_is_possible_when_its_governorate_touches_the_zone(square):
    areas = {"Idleb": box(35.9, 34.9, 36.2, 35.6), "Deir-ez-Zor": box(39.0, 34.0, 41.0, 36.0)}
    touching = make_event(event_id="a", latitude=None, longitude=None, admin1="Idlib Governorate", geo_precision=3, event_type="Battles")
    far = make_event(event_id="b", latitude=None, longitude=None, admin1="Deir ez Zor Governorate", geo_precision=3, event_type="Battles")
    violations = check_agreement(square, [touching, far], admin1_areas=areas)
    assert [(v.event_id, v.confidence) for v in violations if v.rule == "no-fighting"] == [("a", "possible")]


def test_engine_violation_rests_on_location_date_and_actor_claims(square):
    claims = (
        Claim("doc", "doc:0:0", "location", 10, 20, value_text="Masasneh"),
        Claim("doc", "doc:0:0", "fatalities", 30, 40, value_low=17),
        Claim("doc", "doc:0:0", "actor1", 0, 9, value_text="Ansar al-Tawhid"),
    )
    event = make_event(actor1="Ansar al-Tawhid", claims=claims, documents=("doc",))
    violation = by_rule(check_agreement(square, [event]))["groups-out"]
    assert [c.kind for c in violation.claims] == ["location", "actor1"]


def test_engine_sochi_masasneh_attack_is_an_inside_violation_by_ansar_al_tawhid():
    sochi = load_agreement("sochi-2018-idlib-dmz")
    masasneh = make_event(
        event_id="masasneh", event_date=date(2019, 3, 3), event_type="Battles", sub_event_type="Armed clash",
        actor1="Ansar al-Tawhid", actor2="Military Forces of Syria", latitude=35.290, longitude=36.664, geo_precision=2,
    )
    baghuz = make_event(
        event_id="baghuz", event_date=date(2019, 3, 1), event_type="Battles", sub_event_type="Armed clash",
        actor1="Syrian Democratic Forces", actor2="Islamic State", latitude=34.45, longitude=40.94, geo_precision=1,
    )
    violations = check_agreement(sochi, [masasneh, baghuz])
    assert {v.event_id for v in violations} == {"masasneh"}
    assert {v.rule: (v.violator, v.confidence) for v in violations} == {
        "no-military-operations": ("Ansar al-Tawhid", "inside"),
        "radical-groups-withdrawn": ("Ansar al-Tawhid", "inside"),
    }


def test_engine_results_are_sorted_and_unique_per_rule_and_event(square):
    events = [make_event(event_id=f"e{i}", event_date=date(2019, 2, 20 - i), event_type="Battles") for i in range(5)]
    violations = check_agreement(square, events + [dataclasses.replace(events[0], event_id="e0")])
    keys = [(v.rule, v.event_id) for v in violations]
    assert len(keys) == len(set(keys)) + 1  # the duplicated input event appears twice, each time once per rule
    assert [v.event_date for v in violations] == sorted(v.event_date for v in violations)


@pytest.mark.parametrize(
    "listed, actor, found",
    [
        ("Hayat Tahrir al-Sham", "Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Hayat Tahrir al-Sham", "HTS and allied groups", "Hayat Tahrir al-Sham"),
        ("Hayat Tahrir al-Sham", "Shuhada", None),  # "HTS" must be a whole word
        ("Hayat Tahrir al-Sham", "National Front for Liberation", None),
    ],
)
def test_engine_actor_matcher_uses_aliases_and_whole_words(listed, actor, found):
    known = [Actor("Hayat Tahrir al-Sham", aliases=("HTS", "Jabhat al-Nusra"))]
    assert ActorMatcher([listed], known).find(actor) == found


@pytest.mark.parametrize(
    "a, b", [("Idlib Governorate", "Idleb"), ("Lattakia", "Latakia Governorate"), ("Deir ez Zor Governorate", "Deir-ez-Zor"), ("Hamah Governorate", "Hama")]
)
def test_engine_admin_key_joins_spellings(a, b):
    assert admin_key(a) == admin_key(b)


def test_engine_normalise_name_drops_apostrophes_and_hyphens():
    assert normalise_name("Hay’at Tahrir al-Sham") == "hayat tahrir al sham"


@pytest.mark.slow
@pytest.mark.shared
def test_engine_ucdp_syria_weekly_counts_by_party_within_10s(shared_dir):
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).parent))
    from agreement_events import ucdp_events

    from ceasefire.agreements.engine import load_admin1_areas
    from ceasefire.agreements.tally import weekly_by_party

    events = ucdp_events(shared_dir / "data" / "ucdp" / "ged_syria_2016_2019.csv.gz")
    assert len(events) == 16566
    started = time.perf_counter()
    sochi = load_agreement("sochi-2018-idlib-dmz")
    areas = load_admin1_areas(shared_dir / "data" / "ocha" / "syr_admin1.geojson")
    period = [e for e in events if date(2018, 10, 1) <= e.event_date <= date(2019, 11, 30)]
    weeks, series = weekly_by_party(check_agreement(sochi, period, areas), date(2018, 10, 1), date(2019, 11, 30))
    elapsed = time.perf_counter() - started
    assert elapsed <= 10.0
    assert len(weeks) == 61
    assert sum(series["Government of Syria"]) > 500  # UCDP lists the government as side A of every state-based dyad
    assert "Hayat Tahrir al-Sham" in series  # "HTS" in UCDP, matched through the agreement's aliases
