"""The events and import commands: output, filters and errors as the user sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main

DATA = Path(__file__).parent.parent / "data" / "events"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database for the module: these tests only read it."""
    path = str(tmp_path_factory.mktemp("cli") / "ledger.duckdb")
    for origin, name in (("ucdp", "ucdp_small.csv"), ("acled", "acled_small.csv")):
        result = CliRunner().invoke(main, ["import", origin, str(DATA / name), "--db", path])
        assert result.exit_code == 0, result.output
        assert "3 %s events imported from 3 rows" % origin in result.output
    return path


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], {"ucdp:900001", "ucdp:900002", "ucdp:900003", "acled:SYR9001", "acled:SYR9002", "acled:SYR9003"}),
        (["--origin", "acled"], {"acled:SYR9001", "acled:SYR9002", "acled:SYR9003"}),
        (["--since", "2019-01-01"], {"ucdp:900001", "acled:SYR9001"}),
        (["--until", "2017-12-31"], {"ucdp:900003", "acled:SYR9003"}),
        (["--near", "35.29,36.66", "--km", "10"], {"ucdp:900001", "acled:SYR9001"}),
        (["--actor", "Ansar"], {"acled:SYR9001"}),
        (["--type", "Violence against civilians"], {"ucdp:900002"}),
        (["--country", "syria", "--type", "Peaceful protest"], {"acled:SYR9003"}),
    ],
)
def test_cli_events_filters(db, args, expected):
    result = CliRunner().invoke(main, ["events", "--db", db, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["event_id"] for line in result.output.splitlines()} == expected


def test_cli_events_writes_a_file(db, tmp_path):
    out = tmp_path / "events.geojson"
    result = CliRunner().invoke(main, ["events", "--db", db, "--format", "geojson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 6


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["events", "--near", "35.2"], 2, "is not LAT,LON"),
        (["events", "--near", "135,36"], 2, "out of range"),
        (["events", "--km", "5"], 2, "--km needs --near"),
        (["events", "--format", "parquet"], 2, "give an output file"),
        (["events", "--since", "March"], 2, "--since"),
    ],
)
def test_cli_events_bad_flags(db, args, code, message):
    result = CliRunner().invoke(main, [*args, "--db", db])
    assert result.exit_code == code
    assert message in result.output


def test_cli_events_missing_database(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(main, ["events", "--db", str(missing)])
    assert result.exit_code == 1
    assert f"Error: {missing}: no such database" in result.output


def test_cli_import_reports_bad_rows_and_bad_files(tmp_path):
    db = str(tmp_path / "x.duckdb")
    result = CliRunner().invoke(main, ["import", "ucdp", str(DATA / "ucdp_bad_rows.csv"), "--db", db])
    assert result.exit_code == 0
    assert "1 ucdp events imported from 6 rows, 5 skipped" in result.output
    assert "ucdp_bad_rows.csv:3: date_start '03/2019' is not a date" in result.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("x,y\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "acled", str(wrong), "--db", db])
    assert result.exit_code == 1
    assert "Error: " in result.output and "wrong.csv: not an ACLED CSV: missing column(s) event_id_cnty" in result.output


def test_cli_events_rebuild_builds_the_text_ledger(tmp_path):
    from events_records import hama_reports

    from ceasefire.store import open_store

    path = str(tmp_path / "text.duckdb")
    with open_store(path) as store:
        for b in hama_reports():
            store.write_document(b.doc)
            store.write_mentions(b.doc.id, b.mentions)
            store.write_claims(b.doc.id, b.claims)
            store.write_toponyms(b.doc.id, b.toponyms)
    result = CliRunner().invoke(main, ["events", "--db", path, "--rebuild", "--format", "jsonl", "--near", "35.29,36.66", "--km", "5"])
    assert result.exit_code == 0, result.output
    assert "ledger: 2 text events" in result.output
    (hama,) = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert sorted(hama["sources"]) == ["SOHR", "South Front"] and hama["fatalities_best"] == 33
