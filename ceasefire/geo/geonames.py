"""Import GeoNames dump files into the user's gazetteer.

Formats (tab-separated, UTF-8, as published by GeoNames):
- a country file (``SY.txt``), ``allCountries.txt`` or ``cities500.txt``, plain or zipped:
  geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
  feature code, country code, cc2, admin1 code, admin2 code, admin3, admin4,
  population, elevation, dem, timezone, modification date (19 columns);
- ``alternateNamesV2.txt``: alternateNameId, geonameid, isolanguage, alternate name,
  isPreferredName, isShortName, isColloquial, isHistoric, from, to;
- ``admin1CodesASCII.txt``: "CC.code", name, ascii name, geonameid;
- ``admin2Codes.txt``: "CC.admin1.code", name, ascii name, geonameid.

The kind of file is recognised from its name, else from its number of columns.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

import duckdb

from ..errors import GazetteerError
from .tables import PlaceRecord, write_gazetteer

_NON_LANGUAGE_CODES = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "phon", "piny"})


@contextmanager
def _open_text(path: Path) -> Iterator[TextIO]:
    """A text stream over a plain file or the first .txt member of a zip file."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
                if not members:
                    raise GazetteerError(f"{path}: the zip file holds no .txt GeoNames table")
                with archive.open(members[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
        else:
            with path.open("r", encoding="utf-8", newline="") as fh:
                yield fh
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read ({exc})") from exc


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(sys.maxsize)
    with _open_text(path) as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if row and not row[0].startswith("#"):
                yield n, row


def file_kind(path: Path) -> str:
    """places, alternate_names, admin1 or admin2."""
    name = path.name.lower()
    if name.startswith("alternatenames"):
        return "alternate_names"
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    for _, row in _rows(path):
        if len(row) == 19:
            return "places"
        if len(row) in (4,) and "." in row[0]:
            return "admin1" if row[0].count(".") == 1 else "admin2"
        if len(row) in (8, 10):
            return "alternate_names"
        raise GazetteerError(f"{path}: not a GeoNames table ({len(row)} tab-separated columns; expected 19 for places, 4 for admin codes, 10 for alternate names)")
    raise GazetteerError(f"{path}: empty file")


def read_places(path: Path) -> list[PlaceRecord]:
    out = []
    for n, row in _rows(path):
        if len(row) != 19:
            raise GazetteerError(f"{path}:{n}: expected 19 tab-separated GeoNames columns, found {len(row)}")
        try:
            lat, lon = float(row[4]), float(row[5])
            population = int(row[14] or 0)
        except ValueError as exc:
            raise GazetteerError(f"{path}:{n}: bad number in latitude/longitude/population ({exc})") from exc
        alternates = [a for a in row[3].split(",") if a] + ([row[2]] if row[2] and row[2] != row[1] else [])
        out.append(PlaceRecord(
            id=f"geonames:{row[0]}", name=row[1], latitude=lat, longitude=lon, feature_class=row[6] or None,
            feature_code=row[7] or None, country_code=row[8] or None, admin1_code=row[10] or None, admin2_code=row[11] or None,
            population=population, source="geonames", alternate_names=alternates,
        ))
    return out


def _admin_names(path: Path) -> dict[str, str]:
    table = {}
    for n, row in _rows(path):
        if len(row) < 2:
            raise GazetteerError(f"{path}:{n}: expected 'code<TAB>name<TAB>ascii name<TAB>geonameid'")
        table[row[0]] = row[1]
    return table


def _alternate_names(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for n, row in _rows(path):
        if len(row) < 4:
            raise GazetteerError(f"{path}:{n}: expected at least 4 tab-separated alternate-name columns, found {len(row)}")
        if row[2] in _NON_LANGUAGE_CODES or (len(row) > 7 and row[7] == "1"):  # links, codes, historic names
            continue
        table.setdefault(f"geonames:{row[1]}", []).append(row[3])
    return table


def import_geonames(files: list[Path], target: Path) -> int:
    """Read GeoNames files and (re)write the gazetteer at ``target`` with their places, merged with what it held."""
    files = [Path(f) for f in files]
    places: list[PlaceRecord] = []
    admin1: dict[str, str] = {}
    admin2: dict[str, str] = {}
    alternates: dict[str, list[str]] = {}
    for path in files:
        if not path.is_file():
            raise GazetteerError(f"{path}: file not found")
        kind = file_kind(path)
        if kind == "places":
            places += read_places(path)
        elif kind == "admin1":
            admin1.update(_admin_names(path))
        elif kind == "admin2":
            admin2.update(_admin_names(path))
        else:
            for key, names in _alternate_names(path).items():
                alternates.setdefault(key, []).extend(names)
    existing = read_existing(target)
    by_id = {p.id: p for p in existing}
    for place in places:
        by_id[place.id] = place
    for place in by_id.values():
        place.alternate_names += alternates.get(place.id, [])
        if place.country_code and place.admin1_code:
            place.admin1 = admin1.get(f"{place.country_code}.{place.admin1_code}", place.admin1)
            if place.admin2_code:
                place.admin2 = admin2.get(f"{place.country_code}.{place.admin1_code}.{place.admin2_code}", place.admin2)
    if not by_id:
        raise GazetteerError(f"{', '.join(map(str, files))}: no places to import (give a GeoNames places file with the names/codes files)")
    return write_gazetteer(target, list(by_id.values()), {"source": "geonames import", "files": ", ".join(f.name for f in files)})


def read_existing(path: Path) -> list[PlaceRecord]:
    """The places a gazetteer file holds (empty when there is none), names included."""
    if not Path(path).is_file():
        return []
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            rows = con.execute("SELECT idx, id, name, latitude, longitude, feature_class, feature_code, country_code, admin1, admin2, "
                               "admin1_code, admin2_code, population, source, geometry FROM places ORDER BY idx").fetchall()
            names = con.execute("SELECT place_idx, name, kind FROM names WHERE kind <> 'name'").fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        raise GazetteerError(f"{path}: not a readable gazetteer ({exc}); delete it and import again") from exc
    records = {r[0]: PlaceRecord(*r[1:]) for r in rows}
    for idx, name, kind in names:
        rec = records[idx]
        {"alternate": rec.alternate_names, "demonym": rec.demonyms}.get(kind, rec.abbreviations).append(name)
    return list(records.values())
