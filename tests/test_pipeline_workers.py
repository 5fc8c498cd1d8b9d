"""Extraction over Dask worker processes gives the ledger one process gives; `ingest --extract` starts them early."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main
from ceasefire.pipeline import extraction_workers
from ceasefire.settings import Settings
from ceasefire.store import open_store

REPORTS = {
    "shelling.txt": (
        "BEIRUT, March 4, 2019 - Government forces shelled Khan Shaykhun on Sunday, killing four civilians, "
        "the Syrian Observatory for Human Rights said."
    ),
    "clashes.txt": (
        "DAMASCUS, March 5, 2019 - Fighters of Hayat Tahrir al-Sham attacked army positions near Masasneh "
        "in northern Hama on Monday. Seven soldiers were killed, a military source told the state news agency."
    ),
    "protest.txt": "ALEPPO, March 6, 2019 - Hundreds of people protested peacefully in Azaz on Tuesday against rising prices.",
}


def _ledger(db: Path) -> list[str]:
    with open_store(Settings().replace(db=str(db))) as store:
        return sorted(repr(e) for e in store.events(origin="text"))


def test_pipeline_workers_one_process_needs_no_cluster(settings: Settings) -> None:
    with extraction_workers(settings.replace(workers=1), warm=True) as workers:
        assert workers is None


def test_pipeline_workers_flag_without_extract_is_a_usage_error(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORTS["protest.txt"], encoding="utf-8")
    db = tmp_path / "news.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(report), "--workers", "2", "--db", str(db)])
    assert result.exit_code == 2
    assert "--workers applies to the extraction: add --extract" in result.output
    assert not db.exists()  # refused before anything was opened or stored


@pytest.mark.slow
def test_pipeline_workers_give_the_ledger_of_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    alone, distributed = tmp_path / "alone.duckdb", tmp_path / "workers.duckdb"

    assert runner.invoke(main, ["ingest", str(folder), "--db", str(alone)]).exit_code == 0
    assert runner.invoke(main, ["extract", "--db", str(alone)]).exit_code == 0
    result = runner.invoke(main, ["ingest", str(folder), "--extract", "--workers", "2", "--db", str(distributed)])
    assert result.exit_code == 0, result.output
    assert "extracted 3 document(s)" in result.output

    assert _ledger(distributed) == _ledger(alone) != []

    # Reading the same files again stores nothing and extracts nothing.
    again = runner.invoke(main, ["ingest", str(folder), "--extract", "--workers", "2", "--db", str(distributed)])
    assert again.exit_code == 0, again.output
    assert "extracted 0 document(s)" in again.output
    assert _ledger(distributed) == _ledger(alone)
