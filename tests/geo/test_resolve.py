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


def _resolve_text(gazetteer: Gazetteer, text: str, names: list[str], focus_countries=()) -> dict[str, list]:
    """Resolve each occurrence of ``names`` in ``text`` together, as gold spans are (sentences written for these tests)."""
    import re

    from ceasefire.geo import resolve_spans
    from ceasefire.geo.context import read_context

    spans = sorted((m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text))
    contexts = [read_context(text, s, e, spans[i + 1] if i + 1 < len(spans) else None) for i, (s, e) in enumerate(spans)]
    out: dict[str, list] = {}
    for top in resolve_spans(text, contexts, gazetteer, focus_countries=focus_countries):
        out.setdefault(top.text, []).append(top.place)
    return out


def test_resolve_a_name_does_not_vote_for_itself(gazetteer: Gazetteer) -> None:
    # Said four times, "London" once made Britain the document's focus and outvoted Ontario.
    text = ("London police said on Monday that the family arrived in London from Aleppo last year. "
            "Canada accepted the family in 2016, and London welcomed them. Canada says more will come to London.")
    places = _resolve_text(gazetteer, text, ["London", "Canada", "Aleppo"])
    assert {p.country_code for p in places["London"]} == {"CA"}


def test_resolve_admin1_focus_chooses_among_namesakes(gazetteer: Gazetteer) -> None:
    text = ("HOLLIDAY, Mo. A Paris, Missouri, man was arrested in Monroe County after a crash south of Holliday, "
            "Missouri, on Route C.")
    places = _resolve_text(gazetteer, text, ["Monroe County", "Paris", "Missouri", "Holliday"])
    (monroe,) = places["Monroe County"]
    assert (monroe.country_code, monroe.admin1) == ("US", "Missouri")


@pytest.mark.parametrize("name, country, focus, feature_code", [
    ("New York", "US", (), "ADM1"),  # the state, as the GeoNames-annotated corpora read a bare "New York"
    ("Quebec", "CA", (), "ADM1"),
    ("Aleppo", "SY", ("SY",), "PPL"),  # conflict reporting in the monitored countries means the city
])
def test_resolve_city_or_province_of_the_same_name(gazetteer: Gazetteer, name, country, focus, feature_code) -> None:
    (place,) = _resolve_text(gazetteer, f"Officials in {name} said the roads were closed.", [name], focus)[name]
    assert (place.country_code, place.feature_code) == (country, feature_code)


@pytest.mark.parametrize("text, name, feature_code", [
    ("Flights from Heathrow to Paris were cancelled.", "Heathrow", "AIRP"),
    ("Algae bloomed on Lake Erie near Toledo, Ohio.", "Lake Erie", "LK"),
    ("The typhoon crossed the Pacific towards Texas and Florida.", "Pacific", "OCN"),  # no town "Pacific" near these
    ("Fighters moved into the Qalamoun Mountains from Lebanon.", "Qalamoun Mountains", "MTS"),
])
def test_resolve_curated_features(gazetteer: Gazetteer, text: str, name: str, feature_code: str) -> None:
    names = [n for n in ("Heathrow", "Paris", "Lake Erie", "Toledo", "Ohio", "Pacific", "Texas", "Florida",
                         "Qalamoun Mountains", "Lebanon") if n in text]
    (place,) = _resolve_text(gazetteer, text, names)[name]
    assert place.feature_code == feature_code


def test_resolve_spelling_variants_stay_in_the_monitored_countries(gazetteer: Gazetteer) -> None:
    # "Villat area" of a Raqqa neighbourhood once resolved to Villeta, Colombia
    place = resolve("Villat", gazetteer, countries=["SY"])
    assert place is None or place.country_code == "SY"


def test_resolve_close_runners_up_that_agree(gazetteer: Gazetteer) -> None:
    # Each name alone is abroad first (Edmonton, Alberta; Enfield, Connecticut); their runners-up in north
    # London lie a few kilometres apart, and a document's names are rarely wrong together.
    text = ("Pupils from a school in Edmonton planted a garden. Enfield Council paid for it. "
            "The Edmonton school won a prize.")
    places = _resolve_text(gazetteer, text, ["Edmonton", "Enfield"])
    assert {p.country_code for ps in places.values() for p in ps} == {"GB"}


@pytest.mark.parametrize("text, name, feature_class", [
    ("WASHINGTON — Farmers from Iowa met the president on Tuesday.", "WASHINGTON", "P"),  # the capital, not the state
    ("A New York-based charity sent doctors to Iowa.", "New York", "P"),
])
def test_resolve_dateline_is_a_city(gazetteer: Gazetteer, text: str, name: str, feature_class: str) -> None:
    (place,) = _resolve_text(gazetteer, text, [name, "Iowa"])[name]
    assert (place.country_code, place.feature_class) == ("US", feature_class) and place.population > 500_000


def test_resolve_county_abbreviation(gazetteer: Gazetteer) -> None:
    (place,) = _resolve_text(gazetteer, "PLYMOUTH CO. - Deputies searched a farm near Le Mars, Iowa.", ["PLYMOUTH CO.", "Iowa"])["PLYMOUTH CO."]
    assert (place.feature_code, place.admin1) == ("ADM2", "Iowa")


@pytest.mark.parametrize("name, country, expected", [
    ("Rhineland-Palatinate", "DE", "Rheinland-Pfalz"),  # curated English names of units
    ("Zaire", "CD", "Democratic Republic of the Congo"),
    ("Basque", "ES", "Basque Country"),  # curated demonyms of regions
    ("Scottish", "GB", "Scotland"),
    ("Foua", "SY", "Al-Fu'ah"),  # curated village of the Four Towns agreement
])
def test_resolve_curated_names(gazetteer: Gazetteer, name: str, country: str, expected: str) -> None:
    place = resolve(name, gazetteer, countries=["SY"] if country == "SY" else [])
    assert (place.country_code, place.name) == (country, expected)


def test_resolve_every_curated_name_reaches_its_place(gazetteer: Gazetteer) -> None:
    from importlib.resources import files

    lines = files("ceasefire.geo").joinpath("data/places.tsv").read_text(encoding="utf-8").splitlines()
    missing = []
    for line in lines:
        action, cc, fcode, target, _, _, names = (line.split("\t") + [""] * 7)[:7]
        if action not in ("alias", "demonym"):
            continue
        for name in names.split(","):
            if not any(gazetteer.columns["name"][c.idx] == target and gazetteer.feature_code[c.idx] == fcode
                       for c in gazetteer.candidates(name, fuzzy=False)):
                missing.append((name, target))
    assert missing == []


def test_resolve_place_arrays_per_distinct_value_equal_per_place(gazetteer: Gazetteer) -> None:
    """The per-place tables computed per distinct feature code / source, spread by the codes: the per-place values."""
    import numpy as np

    from ceasefire.geo.resolve import _FEATURE_SCORE, WEIGHTS, _place_arrays

    arrays = _place_arrays(gazetteer)
    w = WEIGHTS
    rows = np.random.default_rng(0).choice(len(gazetteer), 5000, replace=False).tolist()
    for i in rows:
        code = gazetteer.feature_code[i]
        feature = w.pclI if code == "PCLI" else w.adm1 if code == "ADM1" else w.pplc if code == "PPLC" else _FEATURE_SCORE.get(code, 0.0)
        admin = code in ("ADM1", "ADM2")
        population = np.log10(float(gazetteer.population[i]) * (w.admin_population_share if admin else 1.0) + 1.0)
        ucdp = w.ucdp if gazetteer.columns["source"][i] == "ucdp" else 0.0
        assert arrays["prior"][i] == w.population * population + feature + ucdp
        assert (arrays["admin"][i], arrays["adm1"][i], arrays["country"][i], arrays["populated"][i]) == (
            admin, code == "ADM1", str(code).startswith("PCL"), gazetteer.feature_class[i] == "P")


@pytest.mark.parametrize("name, admin", [("Idlib province", True), ("Homs city", False), ("northern Hama", True), ("Aleppo", False)])
def test_resolve_remembered_scores_same_as_fresh(gazetteer: Gazetteer, name: str, admin: bool) -> None:
    """A name scored again (the second pass, the next document) gives the first answer, and its kind words set the
    same hints."""
    from ceasefire.geo.focus import Focus
    from ceasefire.geo.resolve import Hints, score_candidates

    focus = Focus({"SY": 1.0}, [(35.13, 36.75)], admin1={("SY", "11"): 1.0})
    first_hints, again_hints = Hints(), Hints()
    first = score_candidates(gazetteer, name, first_hints, focus)
    again = score_candidates(gazetteer, name, again_hints, focus)
    fresh = score_candidates(Gazetteer._read_snapshot(gazetteer.sources[0]), name, Hints(), focus)  # an empty memo
    assert first == again == fresh and first
    assert first_hints == again_hints and again_hints.admin == admin
