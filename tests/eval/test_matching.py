from datetime import date, timedelta

import pytest

from ceasefire.eval.ged import GoldEvent
from ceasefire.eval.matching import haversine_km, match_events
from ceasefire.models import Event

LAT, LON = 35.29, 36.664  # Masasinah
KM_PER_DEGREE_LAT = haversine_km(0.0, 0.0, 1.0, 0.0)


def gold(id="g1", start=date(2019, 3, 4), end=None, lat=LAT, lon=LON, where_prec=1) -> GoldEvent:
    return GoldEvent(
        id=id, date_start=start, date_end=end or start, latitude=lat, longitude=lon, where_prec=where_prec,
        where_coordinates="Masasinah village", admin1="Hama Governorate", type_of_violence=1,
        side_a="Government of Syria", side_b="Syrian insurgents", low=3, best=3, high=3, citations=(),
    )


def predicted(id="p1", day=date(2019, 3, 4), km_north=0.0, lat=LAT, lon=LON) -> Event:
    return Event(
        event_id=id, event_date=day, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        latitude=None if lat is None else lat + km_north / KM_PER_DEGREE_LAT, longitude=lon,
    )


@pytest.mark.parametrize(
    "days, matches",
    [(-2, False), (-1, True), (0, True), (1, True), (2, True), (3, False)],
)
def test_matching_date_window_is_one_day_either_side(days, matches):
    g = gold(start=date(2019, 3, 4), end=date(2019, 3, 5))
    p = predicted(day=date(2019, 3, 4) + timedelta(days=days))
    assert bool(match_events([p], [g])) is matches


@pytest.mark.parametrize(
    "km, where_prec, matches",
    [(24.9, 1, True), (25.1, 1, False), (25.1, 3, False), (25.1, 4, True), (49.9, 5, True), (50.1, 6, False)],
)
def test_matching_distance_limit_depends_on_where_prec(km, where_prec, matches):
    found = match_events([predicted(km_north=km)], [gold(where_prec=where_prec)])
    assert bool(found) is matches
    if found:
        assert found[0].distance_km == pytest.approx(km, abs=0.01)


def test_matching_is_one_to_one_nearest_first():
    # p1 is 3 km from g2 and 5 km from g1; p2 is 20 km from g2 only. Nearest first pairs
    # p1-g2 (3 km) and leaves g1 and p2 unmatched, where a maximum matching would pair both.
    g1, g2 = gold("g1"), gold("g2", lat=LAT + 8 / KM_PER_DEGREE_LAT)
    p1 = predicted("p1", km_north=5)
    p2 = predicted("p2", km_north=28)
    found = match_events([p1, p2], [g1, g2])
    assert [(m.predicted.event_id, m.gold.id) for m in found] == [("p1", "g2")]
    assert found[0].distance_km == pytest.approx(3, abs=0.01)


def test_matching_each_gold_event_takes_one_prediction():
    found = match_events([predicted("far", km_north=10), predicted("near", km_north=1)], [gold()])
    assert [m.predicted.event_id for m in found] == ["near"]


def test_matching_prefers_the_closer_date_between_equally_near_predictions():
    found = match_events([predicted("next-day", day=date(2019, 3, 5)), predicted("same-day")], [gold()])
    assert [(m.predicted.event_id, m.days_off) for m in found] == [("same-day", 0)]


def test_matching_skips_predictions_without_coordinates():
    assert match_events([predicted(lat=None)], [gold()]) == []


def test_matching_handles_empty_inputs():
    assert match_events([], [gold()]) == [] and match_events([predicted()], []) == []
