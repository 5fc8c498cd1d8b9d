"""``ceasefire classify``, ``ceasefire train`` and ``ceasefire eval case2021``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import main
from ceasefire.nlp.taxonomy import CASE_CODES

TSV = 'id\tEventSnippet\n7\tGovernment warplanes bombed the market, killing 12 people.\n9\t"Protesters chanted ""freedom"" outside parliament."\n'


@pytest.fixture(scope="module")
def built() -> None:
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 0, result.output


def test_classifier_cli_classify_prints_one_row_per_input(built, tmp_path: Path):
    path = tmp_path / "in.tsv"
    path.write_text(TSV, encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "id\tSubType"
    rows = [line.split("\t") for line in lines[1:]]
    assert [r[0] for r in rows] == ["7", "9"]
    assert rows[0][1] == "AIR_STRIKE"
    assert all(r[1] in CASE_CODES for r in rows)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id\tText\n1\tsomething\n", "missing column(s) EventSnippet"),
        ("", "missing column(s) id, EventSnippet"),
    ],
)
def test_classifier_cli_bad_input_is_one_line_error(built, tmp_path: Path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_classifier_cli_unreadable_file(tmp_path: Path):
    result = CliRunner().invoke(main, ["classify", str(tmp_path / "missing.tsv")])
    assert result.exit_code == 1
    assert "missing.tsv: cannot read" in result.output


def test_classifier_cli_eval_summary_is_one_line(built, tmp_path: Path):
    path = tmp_path / "gold.tsv"
    path.write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tFighter jets bombed the rebel town, destroying several houses.\tAIR_STRIKE\n"
        "2\tHundreds of students marched peacefully to the ministry.\tPEACE_PROTEST\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["eval", "case2021", str(path), "--summary"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    assert "weighted F1 ACLED-25 1.000, all-30 1.000" in result.output


def test_classifier_cli_eval_rejects_unknown_labels(tmp_path: Path):
    path = tmp_path / "gold.tsv"
    path.write_text("id\tEventSnippet\tSubType\n1\tsome text\tAIRSTRIKE\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "case2021", str(path)])
    assert result.exit_code == 1
    assert "line 2: unknown label 'AIRSTRIKE'" in result.output


@pytest.mark.slow
@pytest.mark.shared
def test_classifier_cli_eval_cross_validation_on_dev(shared_dir):
    dev = shared_dir / "eval" / "case2021_task2" / "dev.tsv"
    result = CliRunner().invoke(main, ["eval", "case2021", str(dev), "--cv", "5"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    acled = float(first.split("ACLED-25 ")[1].split(",")[0])
    assert acled > 0.6  # measured 0.72; a drop below 0.6 means the features or data broke
    assert "top confusions" in result.output


def test_classifier_cli_eval_fold_seed_needs_cv(tmp_path: Path):
    path = tmp_path / "gold.tsv"
    path.write_text("id\tEventSnippet\tSubType\n1\tFighter jets bombed the town.\tAIR_STRIKE\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "case2021", str(path), "--fold-seed", "1"])
    assert result.exit_code != 0
    assert "--fold-seed needs --cv" in result.output
