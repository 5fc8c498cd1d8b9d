import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ceasefire.api import create_app
from ceasefire.models import Claim, Document, Event
from ceasefire.report.svg import PARTY_PALETTE, ZONE_FILL, weekly_chart_svg
from ceasefire.store import open_store

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from png_pixels import find_colour, read_png  # noqa: E402
from test_html_report import chromium, screenshot  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TEXT = (
    "Ansar al-Tawhid fighters attacked Syrian Arab Army positions near Masasneh on Sunday. "
    "More than 16 soldiers were killed, a military source told SouthFront. The group calls them martyrs."
)
KILLED = TEXT.index("More than 16")


@pytest.fixture
def client(settings):
    document = Document(id="d" * 64, text=TEXT, title="Attack near Masasneh", publisher="SouthFront", published=date(2019, 3, 4))
    killed = Claim(document_id=document.id, mention_id=f"{document.id}:0:0", kind="fatalities", start=KILLED, end=KILLED + 33,
                   value_low=17, about="Military Forces of Syria", source="a military source", publisher="SouthFront")
    attacker = Claim(document_id=document.id, mention_id=f"{document.id}:0:0", kind="actor1", start=0, end=15,
                     value_text="Ansar al-Tawhid", source="SouthFront", publisher="SouthFront")
    text_event = Event("ev-masasneh", date(2019, 3, 3), "Battles", "Armed clash", actor1="Ansar al-Tawhid", actor2="Military Forces of Syria",
                       inter1=2, inter2=1, country="Syria", admin1="Hama", location="Masasinah", latitude=35.290, longitude=36.664,
                       geo_precision=2, fatalities_low=17, fatalities_best=17, claims=(killed, attacker), sources=("SouthFront",),
                       documents=(document.id,))
    # Sixty imported events, one a week from 2018-10-01, all in Deir ez-Zor.
    imported = [Event(f"ucdp-{n}", date(2018, 10, 1) + timedelta(weeks=n), "Explosions/Remote violence", "Air/drone strike",
                      actor1="Military Forces of Russia", country="Syria", location="Hajin", latitude=34.69, longitude=40.83,
                      geo_precision=1, fatalities_best=2, origin="ucdp") for n in range(60)]
    with open_store(settings) as store:
        store.write_document(document)
        store.write_events([text_event, *imported])
    return TestClient(create_app(settings))


def test_dashboard_has_map_timeline_and_a_page_of_events(client):
    page = client.get("/").text
    assert "61 event(s) in the ledger" in page
    assert 'aria-label="map of the selected events"' in page and 'aria-label="events per week by event type"' in page
    assert "sochi-2018-idlib-dmz" in page  # the bundled agreements' zones are on the map and listed
    assert page.count('?format=html">') == 50 and "Events 1–50 of 61" in page
    assert re.search(r'href="/\?limit=50&amp;offset=50">older', page)
    assert re.findall(r"(?:src|href)=['\"](https?:)?//", page) == []  # nothing from outside
    assert 'class="pan-zoom"' in page and "<script>" in page  # the map zooms and pans with an inline script


@pytest.mark.parametrize(
    "query, selected, shown",
    [
        ("?origin=text", 1, ["ev-masasneh"]),
        ("?actor=Tawhid", 1, ["ev-masasneh"]),
        ("?type=Battles", 1, ["ev-masasneh"]),
        ("?since=2019-11-01", 3, ["ucdp-59", "ucdp-58", "ucdp-57"]),
        ("?origin=ucdp&limit=2&offset=58", 60, ["ucdp-1", "ucdp-0"]),
        ("?origin=&type=&actor=", 61, None),  # an empty form field is no filter
    ],
)
def test_dashboard_filters_select_events_and_keep_the_query_in_links(client, query, selected, shown):
    page = client.get(f"/{query}").text
    assert (f"{selected} of 61 event(s) selected" in page) or (selected == 61 and "61 event(s) in the ledger" in page)
    ids = re.findall(r'href="/events/([^"?]+)\?format=html"', page)
    if shown is not None:
        assert ids == shown


def test_dashboard_refuses_a_bad_filter(client):
    assert client.get("/?origin=bogus").status_code == 422
    assert client.get("/?since=yesterday").status_code == 422


def test_event_page_quotes_each_claim_in_its_document(client):
    page = client.get("/events/ev-masasneh?format=html").text
    assert "Ansar al-Tawhid (inter 2) vs Military Forces of Syria (inter 1)" in page
    assert "<mark>More than 16 soldiers were killed</mark>" in page
    assert "according to a military source via SouthFront" in page
    assert "according to SouthFront <a" in page and "SouthFront via SouthFront" not in page  # named once
    assert f'/documents/{"d" * 64}/span?start={KILLED}&amp;end={KILLED + 33}' in page
    assert 'aria-label="where the event took place"' in page
    assert "precision: near or part of the place" in page


def test_event_page_of_an_imported_event_and_of_no_event(client):
    page = client.get("/events/ucdp-3?format=html").text
    assert "Air/drone strike, Hajin, 2018-10-22" in page and "No claims" in page
    assert client.get("/events/nope?format=html").status_code == 404
    assert client.get("/events/ucdp-3?format=xml").status_code == 422
    assert client.get("/events/ucdp-3").json()["event_id"] == "ucdp-3"  # JSON stays the default


@pytest.mark.parametrize(
    "weeks, expected",
    [
        (60, ["Oct 2018", "Nov", "Dec", "Jan 2019", "Feb"]),  # room for every month
        (210, ["Oct 2018", "Jan 2019", "Apr", "Jul", "Oct", "Jan 2020"]),  # every third month
    ],
)
def test_weekly_chart_month_labels_do_not_crowd(weeks, expected):
    first = date(2018, 10, 1)
    series = {"Battles": [1] * weeks}
    labels = re.findall(r'fill="#555">([A-Z][a-z]{2}(?: \d{4})?)</text>', weekly_chart_svg([first + timedelta(weeks=i) for i in range(weeks)], series))
    assert labels[: len(expected)] == expected


@pytest.mark.slow
def test_dashboard_renders_map_and_timeline_in_chromium(client, tmp_path):
    browser = chromium()
    page = tmp_path / "dashboard.html"
    page.write_text(client.get("/").text, encoding="utf-8")
    screenshot(browser, page, tmp_path / "dashboard.png", tmp_path / "profile")
    _, _, rows = read_png(tmp_path / "dashboard.png")
    zone, bars = find_colour(rows, ZONE_FILL), find_colour(rows, PARTY_PALETTE[0])
    assert len(zone) > 500, "the agreements' zones are missing from the map"
    assert len(bars) > 100, "the weekly timeline is missing"
    assert max(y for _, y in zone) < min(y for _, y in bars), "the map should sit above the timeline"
