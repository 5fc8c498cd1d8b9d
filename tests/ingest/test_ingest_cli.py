import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main

DATA = Path(__file__).parent.parent / "data" / "ingest"
FIELDS = ["id", "url", "title", "publisher", "byline", "original_source", "published", "language", "chars"]


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "news.duckdb")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_ingest_twice_leaves_the_count_unchanged(db):
    first = run("ingest", str(DATA / "articles.jsonl"), str(DATA / "feed.atom"), "--db", db)
    assert first.exit_code == 0, first.output
    assert first.output.strip().splitlines()[-1] == "ingested 3, skipped 0, failed 0, already stored 0"
    second = run("ingest", str(DATA / "articles.jsonl"), str(DATA / "feed.atom"), "--db", db)
    assert second.exit_code == 0
    assert second.output.strip().splitlines()[-1] == "ingested 0, skipped 0, failed 0, already stored 3"
    listed = json.loads(run("documents", "--db", db, "--format", "json").output)
    assert len(listed) == 3


def test_cli_ingest_bad_input_exits_1_with_one_line_per_file(tmp_path, db):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ok.txt").write_text("Clashes were reported in the countryside of Hama on Tuesday, according to local sources.\n", encoding="utf-8")
    result = run("ingest", str(tmp_path / "in"), str(tmp_path / "missing.html"), "--db", db)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        f"skipped {tmp_path / 'in' / 'empty.txt'}: empty file (0 bytes)",
        f"failed {tmp_path / 'missing.html'}: cannot read: no such file or folder",
        "ingested 1, skipped 1, failed 1, already stored 0",
    ]


def test_cli_ingest_max_bytes(db):
    result = run("ingest", str(DATA / "article.html"), "--max-bytes", "1000", "--db", db)
    assert result.exit_code == 1
    assert "over the 1,000-byte limit" in result.output
    bad = run("ingest", str(DATA / "article.html"), "--max-bytes", "0", "--db", db)
    assert bad.exit_code == 2 and "must be a positive number of bytes" in bad.output


@pytest.fixture
def filled(db) -> str:
    assert run("ingest", str(DATA), "--db", db).exit_code == 1  # feed.rss item 3 has no text: skipped
    return db


def test_cli_documents_json_fields(filled):
    result = run("documents", "--db", filled, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 6
    assert all(list(row) == FIELDS for row in rows)
    html = next(r for r in rows if r["title"] == "Shelling kills five in southern Idlib")
    assert (html["publisher"], html["byline"], html["published"], html["language"]) == ("Levant Monitor", "Jane Doe", "2019-05-06", "en")
    assert html["chars"] > 300


def test_cli_documents_csv_and_table(filled):
    rows = list(csv.DictReader(io.StringIO(run("documents", "--db", filled, "--format", "csv").output)))
    assert len(rows) == 6 and list(rows[0]) == FIELDS
    table = run("documents", "--db", filled)
    assert table.exit_code == 0 and "6 documents" in table.output


def test_cli_show_by_prefix(filled):
    doc = json.loads(run("documents", "--db", filled, "--format", "json").output)[0]
    result = run("show", doc["id"][:8], "--db", filled)
    assert result.exit_code == 0
    assert f"id: {doc['id']}" in result.output
    assert f"title: {doc['title']}" in result.output
    missing = run("show", "ffffffffff", "--db", filled)
    assert missing.exit_code == 1 and "Error: no document with id or id prefix 'ffffffffff'" in missing.output


@pytest.mark.parametrize("command", ["ingest", "documents", "show"])
def test_cli_help_has_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


@pytest.mark.parametrize("command", [["documents"], ["show", "abcdef"]])
def test_cli_reading_a_missing_database_is_an_error(tmp_path, command):
    db = tmp_path / "nothing-here.duckdb"
    result = run(*command, "--db", str(db))
    assert result.exit_code == 1
    assert f"Error: no database at {db}" in result.output
    assert not db.exists()
