"""The agreements CLI: `agreements`, `violations` (stable JSONL shape) over a store file."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main
from ceasefire.models import Event
from ceasefire.store import open_store

SQUARE = Path(__file__).resolve().parents[1] / "data" / "agreements" / "square.yaml"
JSONL_KEYS = ["agreement", "rule", "event_id", "event_date", "violator", "confidence", "zone", "distance_km", "latitude", "longitude"]

MASASNEH = Event(
    event_id="masasneh-2019-03-03", event_date=date(2019, 3, 3), event_type="Battles", sub_event_type="Armed clash",
    actor1="Ansar al-Tawhid", actor2="Military Forces of Syria", location="Masasneh", admin1="Hama",
    latitude=35.290, longitude=36.664, geo_precision=2, origin="text",
)
BAGHUZ = Event(
    event_id="baghuz-2019-03-01", event_date=date(2019, 3, 1), event_type="Battles", sub_event_type="Armed clash",
    actor1="Syrian Democratic Forces", actor2="Islamic State", location="al-Baghuz", admin1="Deir-ez-Zor",
    latitude=34.45, longitude=40.94, geo_precision=1, origin="text",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    # One ledger for the module: `violations` rewrites the same rows each time, so the tests stay independent.
    path = str(tmp_path_factory.mktemp("ledger") / "ledger.duckdb")
    with open_store(path) as store:
        store.write_events([MASASNEH, BAGHUZ])
    return path


def test_commands_violations_jsonl_shape(db):
    result = CliRunner().invoke(main, ["violations", "--agreement", "sochi-2018-idlib-dmz", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert all(list(row) == JSONL_KEYS for row in rows)
    assert {(r["rule"], r["violator"], r["confidence"]) for r in rows} == {
        ("no-military-operations", "Ansar al-Tawhid", "inside"),
        ("radical-groups-withdrawn", "Ansar al-Tawhid", "inside"),
    }
    assert rows[0]["event_date"] == "2019-03-03" and rows[0]["distance_km"] == 0.0 and rows[0]["latitude"] == 35.29
    with open_store(db) as store:
        assert {v.event_id for v in store.violations("sochi-2018-idlib-dmz")} == {"masasneh-2019-03-03"}


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--by", "party", "--format", "csv"], [["party", "violations"], ["Ansar al-Tawhid", "2"]]),
        (["--by", "week", "--format", "csv"], [["week", "violations"], ["2019-02-25", "2"]]),
        (["--by", "month", "--format", "csv", "--since", "2019-04-01"], [["month", "violations"]]),
    ],
)
def test_commands_violations_tallies(db, args, expected):
    result = CliRunner().invoke(main, ["violations", "--agreement", "sochi-2018-idlib-dmz", "--db", db, *args])
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == expected


def test_commands_violations_from_an_agreement_file(db):
    result = CliRunner().invoke(main, ["violations", "--agreement", str(SQUARE), "--db", db])
    assert result.exit_code == 0
    assert "0 violation(s) of test-square" in result.output


@pytest.mark.parametrize(
    "args, exit_code, message",
    [
        (["--agreement", "minsk-2015"], 1, "Error: minsk-2015: no such agreement file or bundled agreement id"),
        (["--agreement", "sochi-2018-idlib-dmz", "--since", "March"], 2, "'March' is not a date"),
        (["--agreement", "sochi-2018-idlib-dmz", "--by", "year"], 2, "Invalid value for '--by'"),
    ],
)
def test_commands_violations_bad_input(db, args, exit_code, message):
    result = CliRunner().invoke(main, ["violations", "--db", db, *args])
    assert result.exit_code == exit_code
    assert message in result.output


def test_commands_agreements_lists_bundled():
    result = CliRunner().invoke(main, ["agreements"])
    assert result.exit_code == 0
    assert "sochi-2018-idlib-dmz  2018-09-17  Russia, Turkey" in result.output
    assert "astana-2017-idlib" in result.output


def test_commands_report_writes_html_with_store_documents(tmp_path):
    from ceasefire.models import Claim, Document

    text = "Fighters of Ansar al-Tawhid attacked army positions near Masasneh in northern Hama."
    doc = Document(id="b" * 64, text=text, title="Hama attack", publisher="Test Wire")
    start = text.index("Masasneh")
    claim = Claim(doc.id, f"{doc.id}:0:0", "location", start, start + 8, value_text="Masasneh", source="Test Wire")
    path = str(tmp_path / "ledger.duckdb")
    with open_store(path) as store:
        store.write_document(doc)
        store.write_events([MASASNEH.__class__(**{**MASASNEH.__dict__, "claims": (claim,), "documents": (doc.id,)})])
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--agreement", "sochi-2018-idlib-dmz", "-o", str(out), "--db", path])
    assert result.exit_code == 0, result.output
    assert "2 violation(s), 1 event(s)" in result.output
    page = out.read_text(encoding="utf-8")
    assert "<mark>Masasneh</mark>" in page and f'href="#d-{doc.id[:16]}-{start}-{start + 8}"' in page
