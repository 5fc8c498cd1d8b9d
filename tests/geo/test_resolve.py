import pytest

from ceasefire.geo import Gazetteer, resolve
from ceasefire.geo.resolve import haversine_km

MASASINAH = (35.290, 36.664)  # UCDP GED's Masasinah village


@pytest.mark.parametrize("name", ["Masasneh", "Masasinah", "Masasnah", "al-Masasna"])
def test_resolve_masasinah_spellings(gazetteer: Gazetteer, name: str) -> None:
    place = resolve(name, gazetteer, countries=["SY"])
    assert place is not None and haversine_km(*MASASINAH, place.latitude, place.longitude) < 10


@pytest.mark.parametrize("name", ["Baghuz", "al-Baghuz", "Baghouz"])
def test_resolve_baghuz_spellings(gazetteer: Gazetteer, name: str) -> None:
    place = resolve(name, gazetteer, countries=["SY"])
    assert place is not None and place.country_code == "SY" and haversine_km(34.45, 40.96, place.latitude, place.longitude) < 10


@pytest.mark.parametrize("a,b", [("Khan Shaykhun", "Khan Sheikhoun"), ("Idlib", "Idleb"), ("Hama", "Hamah")])
def test_resolve_variants_reach_the_same_place(gazetteer: Gazetteer, a: str, b: str) -> None:
    pa, pb = resolve(a, gazetteer, countries=["SY"]), resolve(b, gazetteer, countries=["SY"])
    assert pa is not None and pb is not None and haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude) < 10


def test_resolve_arabic_script(gazetteer: Gazetteer) -> None:
    place = resolve("حماة", gazetteer)
    assert place is not None and place.country_code == "SY"


@pytest.mark.parametrize("name,admin,code", [("Hama", False, "PPL"), ("Hama", True, "ADM1"), ("Idlib province", False, "ADM1"),
                                             ("northern Hama", False, "ADM1")])
def test_resolve_admin_context(gazetteer: Gazetteer, name: str, admin: bool, code: str) -> None:
    place = resolve(name, gazetteer, countries=["SY"], admin=admin)
    assert place is not None and place.country_code == "SY" and place.feature_code == code


@pytest.mark.parametrize("name,country", [("Syria", "SY"), ("U.S.", "US"), ("Turkish", "TR"), ("Damascus", "SY"), ("Paris", "FR"),
                                          ("South Africa", "ZA"), ("North Carolina", "US"), ("NSW", "AU")])
def test_resolve_world_names(gazetteer: Gazetteer, name: str, country: str) -> None:
    place = resolve(name, gazetteer)
    assert place is not None and place.country_code == country


def test_resolve_country_focus_and_container(gazetteer: Gazetteer) -> None:
    assert resolve("Paris", gazetteer, countries=["US"], near=(33.7, -95.5)).country_code == "US"
    assert resolve("Pandi", gazetteer, within="Bulacan").country_code == "PH"


def test_resolve_ocha_polygons_kept(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Idleb governorate", "SY")[0]
    assert place.source == "ocha" and place.feature_code == "ADM1"


def test_resolve_unknown_name(gazetteer: Gazetteer) -> None:
    assert resolve("Xqzzptlwv", gazetteer) is None


@pytest.mark.parametrize("name, country, feature_class", [
    ("Homs city", "SY", "P"), ("Tafas town", "SY", "P"), ("Kansas City", "US", "P"), ("Mexico City", "MX", "P"),
])
def test_resolve_kind_word_after_a_name(gazetteer: Gazetteer, name: str, country: str, feature_class: str) -> None:
    # "city"/"town" is stripped only when the whole phrase is no name of its own ("Mexico City" is one)
    place = resolve(name, gazetteer, countries=["SY"] if country == "SY" else [])
    assert (place.country_code, place.feature_class) == (country, feature_class)


@pytest.mark.parametrize("text, feature_code", [
    ("Two mortar shells fell on Aleppo at noon", "PPL"),  # the city, not the governorate's centre 40 km away
    ("Shelling was reported across Aleppo province", "ADM1"),
    ("Jets struck the countryside of Idlib", "PPL"),  # near the city, precision 2
])
def test_geoparse_city_or_governorate_of_the_same_name(nlp, gazetteer: Gazetteer, text: str, feature_code: str) -> None:
    from ceasefire.geo import geoparse

    top = geoparse(nlp(text), "t", gazetteer, focus_countries=("SY",))[0]
    assert top.place.feature_code == feature_code
    assert top.geo_precision == {"PPL": 1 if top.relation is None else 2, "ADM1": 3}[feature_code]
