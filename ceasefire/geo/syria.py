"""Syrian places for the bundled gazetteer, from the shared data folder.

- villages, towns and other named locations from the UCDP Georeferenced Event Dataset
  (``where_coordinates`` such as "Masasinah village", with ``adm_1``/``adm_2`` and
  coordinates; UCDP GED, CC BY 4.0);
- the 14 governorates as polygons from UN OCHA (CC BY 3.0 IGO).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from shapely.geometry import Point, shape
from shapely.prepared import prep

from ..errors import GazetteerError
from .names import skeleton_key
from .tables import PlaceRecord

UCDP_FILE = Path("data/ucdp/ged_syria_2016_2019.csv.gz")
OCHA_FILE = Path("data/ocha/syr_admin1.geojson")

# The last word of a UCDP location names its kind; these kinds are dropped from the place name.
_KIND_WORDS = {
    "village": ("P", "PPL"), "town": ("P", "PPL"), "city": ("P", "PPL"), "suburb": ("P", "PPLX"),
    "neighbourhood": ("P", "PPLX"), "neighborhood": ("P", "PPLX"), "locality": ("L", "LCTY"), "area": ("L", "AREA"),
    "district": ("A", "ADM2"), "subdistrict": ("A", "ADM3"),
    "farms": ("L", "AREA"), "farm": ("L", "AREA"), "hill": ("T", "HLL"), "hills": ("T", "HLLS"), "camp": ("S", "CMP"),
    "airport": ("S", "AIRP"), "airbase": ("S", "AIRB"), "dam": ("S", "DAM"),
}
# Descriptions of stretches and regions rather than named places.
_SKIP_RE = re.compile(r"\b(between|Governorate|Province|road|highway|border|Syria)\b|^(North|South|East|West|Central)", re.I)
_PAREN_RE = re.compile(r"^(.*?)\s*\(([^)]+)\)\s*$")
# "Baghuz Fawqani" (upper) and "Baghuz at-Tahtani" (lower) are both "Baghuz" in news.
_QUALIFIER_RE = re.compile(r"\s+(?:(?:al|ash|as|at|ar|az|an|ad|el)[-\s])?(Tahtani|Fawqani|Sharqi|Sharqiyah|Gharbi|Gharbiyah|Kabir|Kabirah|Saghir|Saghirah|Janubi|Janubiyah|Shamali|Shamaliyah|Jadidah|Qadim|Qadimah)$", re.I)


def ucdp_records(path: Path, governorate_codes: dict[str, str]) -> Iterator[PlaceRecord]:
    """One place per (name, governorate) among UCDP locations with exact or near-exact coordinates (where_prec 1-2)."""
    groups: dict[tuple[str, str], list[tuple[float, float, str, str]]] = defaultdict(list)
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("where_prec") not in ("1", "2") or row.get("country") != "Syria":
                    continue
                where = (row.get("where_coordinates") or "").strip()
                if not where or _SKIP_RE.search(where):
                    continue
                groups[(where, row.get("adm_1") or "")].append(
                    (float(row["latitude"]), float(row["longitude"]), row.get("adm_2") or "", row["where_prec"]))
    except (OSError, KeyError, ValueError, EOFError) as exc:
        raise GazetteerError(f"{path}: cannot read UCDP GED events ({exc})") from exc
    # Most-reported first: when two places share a short name, the better known one comes first.
    for (where, adm1), rows in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        words = where.split()
        kind = "village" if words[-1].lower().startswith("vill") else words[-1].lower()  # "villge", "villae" occur
        fclass, fcode = _KIND_WORDS.get(kind, ("S", "LCTY"))
        name = " ".join(words[:-1]) if kind in _KIND_WORDS and len(words) > 1 else where
        alternates = []
        paren = _PAREN_RE.match(name)
        if paren:
            name, alternates = paren.group(1), [paren.group(2)]
        if "/" in name:
            name, *others = [part.strip() for part in name.split("/") if part.strip()] or [name]
            alternates += others
        alternates += [_QUALIFIER_RE.sub("", n) for n in [name, *alternates] if _QUALIFIER_RE.search(n)]
        governorate = re.sub(r"\s+Governorate$", "", adm1) or None
        exact = [r for r in rows if r[3] == "1"] or rows
        yield PlaceRecord(
            id=f"ucdp:{where}|{adm1}", name=name, latitude=statistics.median(r[0] for r in exact),
            longitude=statistics.median(r[1] for r in exact), feature_class=fclass, feature_code=fcode, country_code="SY",
            admin1=governorate, admin2=(rows[0][2] or None), admin1_code=governorate_codes.get(skeleton_key(governorate or "")),
            source="ucdp", alternate_names=alternates + ([where] if where != name else []),
        )


def ocha_governorates(path: Path) -> list[dict]:
    try:
        features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
        return [{"properties": f["properties"], "geometry": f["geometry"], "shape": shape(f["geometry"])} for f in features]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GazetteerError(f"{path}: cannot read OCHA admin1 polygons ({exc})") from exc


def merge_governorates(records: list[PlaceRecord], governorates: list[dict]) -> dict[str, str]:
    """Replace the derived Syrian admin1 units by OCHA's polygons, keeping GeoNames codes and names.

    Each derived unit is matched to the polygon holding most of its cities; returns
    skeleton of every governorate name -> GeoNames admin1 code, for the UCDP places.
    """
    prepared = [(g, prep(g["shape"])) for g in governorates]
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec in records:
        if rec.country_code == "SY" and rec.feature_class == "P" and rec.admin1_code:
            point = Point(rec.longitude, rec.latitude)
            for g, poly in prepared:
                if poly.contains(point):
                    votes[g["properties"]["PCODE"]][rec.admin1_code] += 1
                    break
    derived = {r.admin1_code: r for r in records if r.country_code == "SY" and r.feature_code == "ADM1"}
    codes: dict[str, str] = {}
    replaced: set[int] = set()
    new: list[PlaceRecord] = []
    for g in governorates:
        props = g["properties"]
        pcode = props["PCODE"]
        code = max(votes[pcode].items(), key=lambda kv: kv[1])[0] if votes.get(pcode) else pcode
        old = derived.pop(code, None)
        centre = g["shape"].representative_point() if not g["shape"].centroid.within(g["shape"]) else g["shape"].centroid
        names = [props.get("NAM_EN_REF"), props.get("NAME_AR")] + ([old.name] + old.alternate_names if old else [])
        english = props["NAME_EN"]
        rec = PlaceRecord(
            id=f"ocha:{pcode}", name=english, latitude=centre.y, longitude=centre.x, feature_class="A", feature_code="ADM1",
            country_code="SY", admin1=english, admin1_code=code, population=old.population if old else 0, source="ocha",
            geometry=json.dumps(g["geometry"]), alternate_names=[n for n in names if n] + [f"{english} Governorate"],
        )
        if old:
            replaced.add(id(old))
        new.append(rec)
        for name in [english] + rec.alternate_names:
            codes[skeleton_key(re.sub(r"\s+Governorate$", "", name))] = code
    records[:] = [r for r in records if id(r) not in replaced] + new
    # Curated Syrian villages (geo/data/places.tsv) get their governorate from the polygons.
    units = [(poly, rec) for (_, poly), rec in zip(prepared, new)]
    for rec in records:
        if rec.country_code == "SY" and rec.source == "curated" and rec.feature_class == "P" and not rec.admin1_code:
            point = Point(rec.longitude, rec.latitude)
            unit = next((u for poly, u in units if poly.contains(point)), None)
            if unit is not None:
                rec.admin1, rec.admin1_code = unit.admin1, unit.admin1_code
    return codes


def syrian_records(shared_dir: Path, records: list[PlaceRecord]) -> Iterable[PlaceRecord]:
    """OCHA governorates merged into ``records`` (in place), then the UCDP places to add."""
    ocha, ucdp = Path(shared_dir) / OCHA_FILE, Path(shared_dir) / UCDP_FILE
    codes = merge_governorates(records, ocha_governorates(ocha)) if ocha.is_file() else {}
    return list(ucdp_records(ucdp, codes)) if ucdp.is_file() else []
