import pytest

from ceasefire.errors import EvaluationError
from ceasefire.geo.corpus import read_corpus
from ceasefire.geo.evaluation import score
from ceasefire.models import Place, Toponym

from .conftest import GEO_DATA


def test_corpus_reads_lgl_layout() -> None:
    articles = read_corpus(GEO_DATA / "lgl_style.xml")
    assert [len(a.toponyms) for a in articles] == [3, 3]
    first = articles[0].toponyms
    assert [t.text for t in first] == ["Aleppo", "Masasneh", "Hama"]
    assert first[0].latitude == pytest.approx(36.20124) and not first[2].resolved  # no coordinates: recognition only


def test_corpus_reads_geovirus_layout() -> None:
    (article,) = read_corpus(GEO_DATA / "geovirus_style.xml")
    assert [(t.text, t.latitude) for t in article.toponyms] == [("Nairobi", -1.28), ("Kenya", 1.0)]


def test_corpus_bad_file_names_it(tmp_path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text("<articles><article>")
    with pytest.raises(EvaluationError, match="broken.xml"):
        read_corpus(bad)


def test_corpus_scores() -> None:
    (article,) = read_corpus(GEO_DATA / "geovirus_style.xml")
    nairobi = Place("x", "Nairobi", -1.28, 36.82)
    far = Place("y", "Kenya", 10.0, 38.0)  # 1000 km off
    predicted = [[Toponym("0", 20, 27, "Nairobi", nairobi), Toponym("0", 29, 34, "Kenya", far), Toponym("0", 0, 6, "Health", None)]]
    s = score([article], predicted)
    assert (s.matched, s.precision, s.recall) == (2, round(2 / 3, 4), 1.0)
    assert s.accuracy_161km == 0.5 and s.median_error_km == pytest.approx(500, abs=10)
