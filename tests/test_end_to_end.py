"""The real flow, ingest -> extract -> events, on the example article and the SOHR reports UCDP cites for one event.

UCDP GED event 281723 (2019-03-03, Masasinah, Hama; 27 regime-side and 6 insurgent
deaths, best 33) rests on three SOHR headlines. Together with the South Front article
(via Global Research) they must make exactly one event at Masasneh, coded the way an
analyst would code it; the article's other events must keep their own figures.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main

pytestmark = [pytest.mark.shared, pytest.mark.slow]

UCDP_EVENT = "281723"
SAA = "Military Forces of Syria"


def _sohr_reports(shared_dir: Path, path: Path) -> None:
    """The SOHR headlines UCDP cites for the event, one JSONL document each (built at test time, never stored)."""
    with gzip.open(shared_dir / "data" / "ucdp" / "ged_syria_2016_2019.csv.gz", "rt", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["id"] == UCDP_EVENT)
    with path.open("w", encoding="utf-8") as out:
        for headline in row["source_headline"].split(";"):
            out.write(json.dumps({"url": None, "title": headline, "published": "2019-03-03", "publisher": "SOHR", "text": headline}) + "\n")


@pytest.fixture(scope="module")
def ledger(shared_dir: Path, example_article: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    folder = tmp_path_factory.mktemp("e2e")
    reports, db = folder / "sohr.jsonl", str(folder / "e2e.duckdb")
    _sohr_reports(shared_dir, reports)
    runner = CliRunner()
    for args in (["ingest", str(example_article), str(reports), "--db", db], ["extract", "--db", db]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["events", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def _claims(event: dict, kind: str) -> list[dict]:
    return [c for c in event["claims"] if c["kind"] == kind]


def test_end_to_end_one_event_at_masasneh(ledger):
    masasneh = [e for e in ledger if e["event_date"] == "2019-03-03" and e["actor1"] == "Ansar al-Tawhid"]
    assert len(masasneh) == 1
    (event,) = masasneh
    assert (event["event_type"], event["sub_event_type"], event["actor2"]) == ("Battles", "Armed clash", SAA)
    assert event["time_precision"] == 1
    assert abs(event["latitude"] - 35.29) < 0.05 and abs(event["longitude"] - 36.66) < 0.05
    assert sorted(event["sources"]) == ["SOHR", "South Front"]
    assert len(event["documents"]) == 4  # the article and the three headlines


def test_end_to_end_masasneh_figures_hold_ucdp_best(ledger):
    (event,) = [e for e in ledger if e["event_date"] == "2019-03-03" and e["actor1"] == "Ansar al-Tawhid"]
    assert event["fatalities_low"] <= 33 <= (event["fatalities_high"] or 10**6)
    tolls = {(c["value_low"], c["value_high"], c["about"], c["status"]) for c in _claims(event, "fatalities")}
    assert (20, 20, SAA, "superseded") in tolls  # SOHR's first toll, revised the same day
    assert (27, 27, SAA, None) in tolls
    assert (27, 33, None, None) in tolls  # "about 30" persons of both sides
    assert (17, None, SAA, None) in tolls  # "more than 16" per a military source
    assert (6, 6, "Ansar al-Tawhid", None) in tolls
    assert not _claims(event, "displaced")
    dates = _claims(event, "date")
    assert {c["hedge"] for c in dates if c["source"] == "SOHR"} == {"no date in text; publication date"}


def test_end_to_end_latakia_attack_is_separate_and_without_toll(ledger):
    (hts,) = [e for e in ledger if e["actor1"] == "Hayat Tahrir al-Sham"]
    assert hts["fatalities_low"] is None and not _claims(hts, "fatalities")


def test_end_to_end_article_other_events(ledger):
    (strikes,) = [e for e in ledger if e["sub_event_type"] == "Air/drone strike"]
    assert (strikes["actor1"], strikes["time_precision"], strikes["event_date"]) == (SAA, 2, "2019-02-27")
    (baghuz,) = [e for e in ledger if e["actor1"] == "Syrian Democratic Forces"]
    assert (baghuz["event_date"], baghuz["actor2"]) == ("2019-03-01", "Islamic State")
    # "near the village of al-Baghuz in the Euphrates Valley": the village, not the valley (UCDP: 34.45 N 40.92 E)
    assert abs(baghuz["latitude"] - 34.45) < 0.1 and abs(baghuz["longitude"] - 40.92) < 0.1
    assert (baghuz["fatalities_low"], baghuz["fatalities_high"]) == (18, None)
    (displaced,) = _claims(baghuz, "displaced")
    assert displaced["value_low"] > 52000 and "SOHR" in displaced["source"] and "disputed" in displaced["hedge"]
    (besieged,) = _claims(baghuz, "besieged")
    assert (besieged["value_low"], besieged["value_high"], besieged["hedge"]) == (250, 300, "estimated")
