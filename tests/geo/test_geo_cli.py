import json

import pytest
from click.testing import CliRunner

from ceasefire.cli import main

from .conftest import GEO_DATA


@pytest.mark.parametrize("corpus,articles", [("lgl_style.xml", 2), ("geovirus_style.xml", 1)])
def test_cli_geoparse_gold_prints_one_line_per_article(gazetteer, corpus: str, articles: int) -> None:
    result = CliRunner().invoke(main, ["geoparse", str(GEO_DATA / corpus), "--gold"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["article"] for r in rows] == list(range(articles))
    assert all(set(t) == {"start", "end", "text", "lat", "lon"} for r in rows for t in r["toponyms"])


def test_cli_geoparse_gold_resolves_the_fixture(gazetteer) -> None:
    result = CliRunner().invoke(main, ["geoparse", str(GEO_DATA / "lgl_style.xml"), "--gold"])
    first = json.loads(result.output.splitlines()[0])["toponyms"]
    masasneh = next(t for t in first if t["text"] == "Masasneh")
    assert abs(masasneh["lat"] - 35.29) < 0.1 and abs(masasneh["lon"] - 36.664) < 0.1


def test_cli_eval_geoparse_summary(gazetteer) -> None:
    result = CliRunner().invoke(main, ["eval", "geoparse", str(GEO_DATA / "lgl_style.xml"), "--gold", "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["gold_toponyms"] == 6 and scores["resolved"] == 5 and scores["accuracy_161km"] == 1.0


def test_cli_eval_geoparse_end_to_end(gazetteer) -> None:
    result = CliRunner().invoke(main, ["eval", "geoparse", str(GEO_DATA / "lgl_style.xml"), "--summary"])
    assert result.exit_code == 0, result.output
    assert "F1" in result.output and "acc@161km" in result.output


def test_cli_geoparse_bad_file(tmp_path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article><title>no text</title></article></articles>")
    result = CliRunner().invoke(main, ["geoparse", str(bad), "--gold"])
    assert result.exit_code == 1
    assert "bad.xml" in result.output and "no <text>" in result.output


def test_cli_gazetteer_import_and_lookup(tmp_path) -> None:
    target = tmp_path / "user.duckdb"
    files = [str(GEO_DATA / f) for f in ("SY.txt", "admin1CodesASCII.txt", "alternateNamesV2.txt")]
    result = CliRunner().invoke(main, ["gazetteer", "import", *files, "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert "4 places" in result.output


def test_cli_gazetteer_import_bad_file(tmp_path) -> None:
    result = CliRunner().invoke(main, ["gazetteer", "import", str(GEO_DATA / "broken.txt"), "--into", str(tmp_path / "g.duckdb")])
    assert result.exit_code == 1 and "broken.txt" in result.output
