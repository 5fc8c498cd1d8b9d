"""Exports: the stable JSONL shape, ACLED round trip, RFC 7946 GeoJSON, CSV, UCDP layout, Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
import shapely.geometry
from events_records import hama_reports

from ceasefire.errors import CeasefireError
from ceasefire.events.assemble import first_toponym_in_sentence
from ceasefire.events.exporters import export_events
from ceasefire.events.formats import ACLED_COLUMNS, UCDP_COLUMNS
from ceasefire.events.importers import import_acled, import_ucdp
from ceasefire.events.ledger import build_ledger
from ceasefire.store import open_store

DATA = Path(__file__).parent.parent / "data" / "events"
DESIGN_KEYS = [
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "inter1", "inter2",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities_low",
    "fatalities_best", "fatalities_high", "sources", "claims", "documents", "notes", "origin",
]  # fmt: skip
CLAIM_KEYS = ["kind", "value_low", "value_high", "about", "source", "publisher", "document_id", "span", "hedge"]
# The parts of RFC 7946 an exporter can get wrong: members, types, [lon, lat] positions, no "crs".
GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": ["object", "null"]},
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"const": "Point"},
                                    "coordinates": {"type": "array", "minItems": 2, "maxItems": 3, "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180}, {"type": "number", "minimum": -90, "maximum": 90}]},
                                },
                            },
                        ]
                    },
                },
            },
        },
    },
}


@pytest.fixture
def ledger(store, settings):
    toponyms = []
    for b in hama_reports():
        store.write_document(b.doc)
        store.write_mentions(b.doc.id, b.mentions)
        store.write_claims(b.doc.id, b.claims)
        toponyms += b.toponyms
    build_ledger(store, settings, toponyms=toponyms, locate=first_toponym_in_sentence)
    import_acled(store, DATA / "acled_small.csv")
    import_ucdp(store, DATA / "ucdp_small.csv")
    return store.events()


def export(events, fmt) -> str:
    out = io.StringIO()
    export_events(events, fmt, out=out)
    return out.getvalue()


def test_exporters_jsonl_has_the_design_keys(ledger):
    lines = export(ledger, "jsonl").splitlines()
    assert len(lines) == len(ledger)
    for line in lines:
        row = json.loads(line)
        assert set(DESIGN_KEYS) <= set(row)
        for claim in row["claims"]:
            assert set(CLAIM_KEYS) <= set(claim) and len(claim["span"]) == 2
    hama = next(json.loads(line) for line in lines if len(json.loads(line)["documents"]) == 4)
    assert hama["event_date"] == "2019-03-03" and sorted(hama["sources"]) == ["SOHR", "South Front"]


def test_exporters_acled_round_trip(ledger, tmp_path):
    path = tmp_path / "ledger.csv"
    export_events(ledger, "acled-csv", path=path)
    with path.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(ACLED_COLUMNS)
    with open_store(":memory:") as again:
        report = import_acled(again, path)
        assert (report.imported, report.skipped) == (len(ledger), 0)
        back = {e.origin_id: e for e in again.events()}
    for event in ledger:
        got = back[event.origin_id if event.origin == "acled" else event.event_id]
        for field in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "inter1", "inter2",
                      "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "sources", "notes"):  # fmt: skip
            assert getattr(got, field) == getattr(event, field), field
        assert got.fatalities_best == (event.fatalities_best or 0)
        if event.origin == "acled":
            assert got == event  # an ACLED event comes back exactly


def test_exporters_geojson_is_rfc7946(ledger):
    collection = json.loads(export(ledger, "geojson"))
    jsonschema.validate(collection, GEOJSON_SCHEMA)
    assert len(collection["features"]) == len(ledger)
    for feature, event in zip(collection["features"], ledger):
        assert feature["id"] == event.event_id
        if event.latitude is None:
            assert feature["geometry"] is None
        else:
            point = shapely.geometry.shape(feature["geometry"])
            assert (point.x, point.y) == (event.longitude, event.latitude)  # lon, lat order


def test_exporters_csv_and_ucdp_layout(ledger, tmp_path):
    rows = list(csv.DictReader(io.StringIO(export(ledger, "csv"))))
    assert len(rows) == len(ledger) and set(DESIGN_KEYS) <= set(rows[0])
    path = tmp_path / "ucdp.csv"
    export_events(ledger, "ucdp-csv", path=path)
    with path.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(UCDP_COLUMNS)
    with open_store(":memory:") as again:
        report = import_ucdp(again, path)
        # UCDP rows need two sides and a death count: events without them are written but do not read back.
        incomplete = [e for e in ledger if not e.actor2 or e.fatalities_low is None]
        assert report.skipped == len(incomplete) and report.imported == len(ledger) - len(incomplete)
        back = {e.origin_id: e for e in again.events()}
    original = next(e for e in ledger if e.origin_id == "900001")
    assert (back["900001"].fatalities_low, back["900001"].fatalities_high) == (original.fatalities_low, original.fatalities_high)


def test_exporters_parquet(ledger, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "ledger.parquet"
    export_events(ledger, "parquet", path=path)
    table = pq.read_table(path)
    assert table.num_rows == len(ledger) and set(DESIGN_KEYS) <= set(table.column_names)


def test_exporters_table_lists_every_event(ledger):
    lines = export(ledger, "table").splitlines()
    assert lines[0].split()[:3] == ["event_date", "event_type", "actor1"] and len(lines) == len(ledger) + 1


@pytest.mark.parametrize("fmt, message", [("xml", "unknown export format 'xml'"), ("parquet", "give an output file")])
def test_exporters_refuse_bad_requests(fmt, message):
    with pytest.raises(CeasefireError, match=message):
        export_events([], fmt, out=io.StringIO())
