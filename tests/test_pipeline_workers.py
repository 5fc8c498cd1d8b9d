"""Extraction over Dask worker processes gives the ledger one process gives; `ingest --extract` starts them early."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main
from ceasefire.ingest import ingest_paths
from ceasefire.pipeline import PIPELINE_VERSION, build_text_ledger, extract_while_ingesting, extraction_workers
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


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The reports above, one file each."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, text in REPORTS.items():
        (reports / name).write_text(text, encoding="utf-8")
    return reports


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
def test_pipeline_workers_give_the_ledger_of_one_process(tmp_path: Path, folder: Path) -> None:
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


@pytest.mark.slow
def test_pipeline_workers_extract_each_commit_while_reading(tmp_path: Path, folder: Path) -> None:
    alone = tmp_path / "alone.duckdb"
    assert CliRunner().invoke(main, ["ingest", str(folder), "--extract", "--db", str(alone)]).exit_code == 0

    settings = Settings().replace(db=str(tmp_path / "streamed.duckdb"), workers=2, batch_size=1)
    commits: list[int] = []
    with open_store(settings) as store:
        with extraction_workers(settings, warm=True) as workers:
            assert workers is not None
            workers.client  # up before the reading starts: each commit's document goes to them at once

            def ingest(on_stored):
                def handing_on(documents):
                    commits.append(len(documents))
                    on_stored(documents)

                return ingest_paths([folder], store, settings, commit_every=1, on_stored=handing_on)

            report, extracted = extract_while_ingesting(ingest, store, settings, workers)
        assert (report.ingested, extracted, commits) == (3, 3, [1, 1, 1])
        assert store.unextracted_documents(PIPELINE_VERSION) == []
        build_text_ledger(store, settings)
    assert _ledger(Path(settings.db)) == _ledger(alone) != []
