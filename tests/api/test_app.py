import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ceasefire.api import create_app
from ceasefire.errors import AgreementSchemaError
from ceasefire.models import Claim, Document, Event
from ceasefire.store import open_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = (
    "Ansar al-Tawhid fighters attacked Syrian Arab Army positions near Masasneh on Sunday. "
    "More than 16 soldiers were killed, a military source told SouthFront."
)
KILLED = TEXT.index("More than 16")


def _ledger(settings) -> None:
    """One document and one text event inside the Sochi DMZ, one UCDP event far from it."""
    document = Document(id="d" * 64, text=TEXT, title="Attack near Masasneh", publisher="SouthFront", published=date(2019, 3, 4))
    claim = Claim(document_id=document.id, mention_id=f"{document.id}:0:0", kind="fatalities", start=KILLED, end=KILLED + 28,
                  value_low=17, about="Military Forces of Syria", source="a military source", publisher="SouthFront")
    inside = Event("ev-masasneh", date(2019, 3, 3), "Battles", "Armed clash", actor1="Ansar al-Tawhid", actor2="Military Forces of Syria",
                   country="Syria", admin1="Hama", location="Masasinah", latitude=35.290, longitude=36.664, geo_precision=2,
                   fatalities_low=17, fatalities_best=17, claims=(claim,), sources=("SouthFront",), documents=(document.id,))
    far = Event("ucdp-1", date(2019, 3, 1), "Battles", "Armed clash", actor1="SDF", actor2="IS", country="Syria",
                location="Baghuz", latitude=34.45, longitude=40.92, geo_precision=1, fatalities_best=18, origin="ucdp")
    with open_store(settings) as store:
        store.write_document(document)
        store.write_events([inside, far])


@pytest.fixture
def client(settings):
    _ledger(settings)
    return TestClient(create_app(settings, token=TOKEN))


def test_api_health_and_dashboard(client):
    assert client.get("/health").json()["documents"] == 1
    page = client.get("/")
    assert page.status_code == 200
    assert "ev-masasneh" in page.text and "/agreements/sochi-2018-idlib-dmz/report" in page.text


def test_api_docs_page_loads_nothing_from_outside(client):
    page = client.get("/docs").text
    assert re.findall(r"(?:src|href)=['\"](https?:)?//", page) == []
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert "/events" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "query, ids",
    [
        ("", ["ucdp-1", "ev-masasneh"]),
        ("?origin=text", ["ev-masasneh"]),
        ("?since=2019-03-02", ["ev-masasneh"]),
        ("?lat=35.3&lon=36.67&km=5", ["ev-masasneh"]),
        ("?actor=Tawhid", ["ev-masasneh"]),
        ("?limit=1&offset=1", ["ev-masasneh"]),
    ],
)
def test_api_events_filters(client, query, ids):
    body = client.get(f"/events{query}").json()
    assert [e["event_id"] for e in body["events"]] == ids


def test_api_events_geojson_and_bad_query(client):
    features = client.get("/events?format=geojson").json()["features"]
    assert {f["id"] for f in features} == {"ev-masasneh", "ucdp-1"}
    assert features[0]["geometry"]["type"] == "Point"
    assert client.get("/events?lat=35").status_code == 422
    assert client.get("/events?since=yesterday").status_code == 422


def test_api_event_detail_quotes_the_claim_span(client):
    event = client.get("/events/ev-masasneh").json()
    assert event["claims"][0]["quote"] == "More than 16 soldiers were k"
    assert client.get("/events/nope").status_code == 404


def test_api_document_span_with_context(client):
    span = client.get(f"/documents/{'d' * 12}/span", params={"start": KILLED, "end": KILLED + 12}).json()
    assert span["text"] == "More than 16" and span["before"].endswith("Sunday. ")
    assert client.get(f"/documents/{'d' * 12}/span", params={"start": 5, "end": 10_000}).status_code == 422
    assert client.get("/documents/ffffff").status_code == 404


def test_api_violations_and_tallies(client):
    violations = client.get("/agreements/sochi-2018-idlib-dmz/violations").json()
    # One violation per rule broken (the attack, and the listed group's presence), all by the attacker.
    assert {(v["event_id"], v["violator"], v["confidence"]) for v in violations} == {("ev-masasneh", "Ansar al-Tawhid", "inside")}
    assert len({v["rule"] for v in violations}) == len(violations) >= 1
    assert violations[0]["claims"][0]["value_low"] == 17
    by_party = client.get("/agreements/sochi-2018-idlib-dmz/violations?by=party").json()
    assert by_party == [{"party": "Ansar al-Tawhid", "violations": len(violations)}]
    assert client.get("/agreements/sochi-2018-idlib-dmz/violations?by=colour").status_code == 422
    assert client.get("/agreements/nowhere/violations").status_code == 404


def test_api_serves_a_users_agreement_file_beside_the_bundled_ones(settings):
    square = Path(__file__).parents[1] / "data" / "agreements" / "square.yaml"
    client = TestClient(create_app(settings, agreement_files=[square]))
    ids = [a["id"] for a in client.get("/agreements").json()]
    assert "test-square" in ids and "sochi-2018-idlib-dmz" in ids
    assert client.get("/agreements/test-square/violations").status_code == 200
    assert "/agreements/test-square/report" in client.get("/").text


def test_api_bad_agreement_file_fails_before_serving(settings):
    bad = Path(__file__).parents[1] / "data" / "agreements" / "bad_fields.yaml"
    with pytest.raises(AgreementSchemaError, match="bad_fields.yaml"):
        create_app(settings, agreement_files=[bad])


def test_api_two_agreement_files_with_one_id_fail_before_serving(settings):
    square = Path(__file__).parents[1] / "data" / "agreements" / "square.yaml"
    with pytest.raises(AgreementSchemaError, match="agreement id 'test-square' is also the id of"):
        create_app(settings, agreement_files=[square, square])


def test_api_dashboard_counts_every_event_and_lists_the_newest_first(client):
    page = client.get("/?limit=1").text
    assert "2 event(s) in the ledger" in page
    assert "ev-masasneh" in page and "ucdp-1" not in page


def test_api_report_is_self_contained_html(client):
    page = client.get("/agreements/sochi-2018-idlib-dmz/report")
    assert page.status_code == 200 and "<svg" in page.text and "Ansar al-Tawhid" in page.text
    assert re.findall(r"(?:src|href)=['\"](https?:)?//", page.text) == []


def test_api_reads_do_not_store_violations_but_check_does(client, settings):
    client.get("/agreements/sochi-2018-idlib-dmz/violations")
    with open_store(settings) as store:
        assert store.violations("sochi-2018-idlib-dmz") == []
    checked = client.post("/agreements/sochi-2018-idlib-dmz/check", headers=AUTH).json()
    assert checked["events"] == 2 and {v["event_id"] for v in checked["violations"]} == {"ev-masasneh"}
    with open_store(settings) as store:
        assert len(store.violations("sochi-2018-idlib-dmz")) == len(checked["violations"])


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": TOKEN}, 401)])
def test_api_writes_need_the_token(client, headers, status):
    assert client.post("/documents", json={"text": "Shelling hit Kafr Zita on Monday."}, headers=headers).status_code == status
    assert client.post("/agreements/sochi-2018-idlib-dmz/check", headers=headers).status_code == status


def test_api_without_token_is_read_only(settings):
    _ledger(settings)
    client = TestClient(create_app(settings, token=None))
    response = client.post("/documents", json={"text": "Shelling hit Kafr Zita on Monday."}, headers=AUTH)
    assert response.status_code == 403 and "CEASEFIRE_API_TOKEN" in response.json()["detail"]
    assert client.get("/health").status_code == 200


def test_api_post_document_once(client):
    item = {"text": "Government shelling hit Kafr Zita on Monday, killing two civilians, SOHR said.", "published": "2019-03-05", "publisher": "SOHR"}
    first = client.post("/documents", json=item, headers=AUTH)
    again = client.post("/documents", json=item, headers=AUTH)
    assert (first.status_code, first.json()["stored"]) == (201, True)
    assert (again.status_code, again.json()["stored"]) == (200, False)
    assert first.json()["document"] == again.json()["document"]
    assert first.json()["document"]["published"] == "2019-03-05"
    assert client.get("/health").json()["documents"] == 2


@pytest.mark.parametrize("item", [{"text": "   \n "}, {"text": ""}, {"title": "no text"}])
def test_api_bad_document_is_refused_and_nothing_changes(client, item):
    response = client.post("/documents", json=item, headers=AUTH)
    assert response.status_code == 422
    assert client.get("/health").json()["documents"] == 1


@pytest.mark.slow
def test_api_posted_document_becomes_an_event_after_extract(client):
    item = {"text": "Syrian government forces shelled the town of Kafr Zita in northern Hama on Monday, killing two civilians, "
                    "the Syrian Observatory for Human Rights said.", "published": "2019-03-05", "publisher": "SOHR"}
    assert client.post("/documents", json=item, headers=AUTH).status_code == 201
    assert client.post("/extract").status_code == 401
    done = client.post("/extract", headers=AUTH).json()
    assert done["documents"] == 2
    events = client.get("/events?origin=text&since=2019-03-04").json()["events"]
    assert [e["event_date"] for e in events] == ["2019-03-04"]
    # Kafr Zita, northern Hama: about 35.37 N 36.60 E.
    assert abs(events[0]["latitude"] - 35.37) < 0.1 and abs(events[0]["longitude"] - 36.60) < 0.1
