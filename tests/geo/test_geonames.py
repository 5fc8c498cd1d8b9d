import shutil
import zipfile
from pathlib import Path

import pytest

from ceasefire.errors import GazetteerError
from ceasefire.geo import Gazetteer, import_geonames
from ceasefire.geo.geonames import file_kind

from .conftest import GEO_DATA

FILES = ["SY.txt", "admin1CodesASCII.txt", "admin2Codes.txt", "alternateNamesV2.txt"]


@pytest.fixture
def imported(tmp_path: Path) -> Gazetteer:
    target = tmp_path / "user.duckdb"
    assert import_geonames([GEO_DATA / f for f in FILES], target) == 4
    return Gazetteer.open(target)


@pytest.mark.parametrize("name,kind", [("SY.txt", "places"), ("admin1CodesASCII.txt", "admin1"), ("admin2Codes.txt", "admin2"),
                                       ("alternateNamesV2.txt", "alternate_names")])
def test_geonames_file_kind(name: str, kind: str) -> None:
    assert file_kind(GEO_DATA / name) == kind


@pytest.mark.parametrize("query,expected", [
    ("Tall Zuhur", "Tall Zuhur"), ("Tell Zuhour", "Tall Zuhur"), ("Tel Zuhoor", "Tall Zuhur"), ("تل زهور", "Tall Zuhur"),
    ("Kfar Qamar", "Kafr Qamar"), ("Ein Helweh", "Ayn Hilwah"), ("Jabal Nuqtah", "Jabal Nuqtah"),
])
def test_geonames_import_names_and_alternates(imported: Gazetteer, query: str, expected: str) -> None:
    assert imported.lookup(query)[0].name == expected


def test_geonames_import_admin_names_and_fields(imported: Gazetteer) -> None:
    place = imported.lookup("Tall Zuhur")[0]
    assert (place.admin1, place.admin2, place.country_code, place.population) == ("Hama", "Mantiqat Muhradah", "SY", 1200)
    assert (place.feature_class, place.feature_code, place.id) == ("P", "PPL", "geonames:990001")
    assert abs(place.latitude - 35.31) < 1e-6


def test_geonames_import_skips_links(imported: Gazetteer) -> None:
    assert "https://example.org/tall-zuhur" not in imported.alternate_names(imported.lookup("Tall Zuhur")[0])


def test_geonames_import_reads_zip_and_merges(tmp_path: Path) -> None:
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(GEO_DATA / "SY.txt", "SY.txt")
    target = tmp_path / "user.duckdb"
    import_geonames([archive], target)
    shutil.copy(GEO_DATA / "admin1CodesASCII.txt", tmp_path / "admin1CodesASCII.txt")
    assert import_geonames([tmp_path / "admin1CodesASCII.txt"], target) == 4  # merged into what was there
    assert Gazetteer.open(target).lookup("Kafr Qamar")[0].admin1 == "Idlib"


def test_geonames_import_bad_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="broken.txt"):
        import_geonames([GEO_DATA / "broken.txt"], tmp_path / "user.duckdb")


def test_geonames_missing_gazetteer_names_the_build_command(tmp_path: Path) -> None:
    from ceasefire.settings import Settings

    with pytest.raises(GazetteerError, match="ceasefire build-assets"):
        Gazetteer.load(Settings().replace(cache_dir=str(tmp_path)))
