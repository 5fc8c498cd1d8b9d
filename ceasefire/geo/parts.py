"""Directional parts of a governorate: "western Aleppo", "the southern countryside of Idlib", "Hama's northern countryside".

Such a phrase names the countryside of the governorate's seat on one side, not the whole
governorate: the point is the centre of the part of the governorate that lies within
``COUNTRYSIDE_KM`` of its seat, in a sector of ±``SECTOR_DEGREES`` around the direction seen
from the seat (about 16 km out). On the UCDP events cited by such headlines outside the report
samples, that point lies within 25 km of UCDP's point for 44 % of them, the seat for 31 %, the
governorate's centroid for 17 % (docs/geo.md).

The polygons are the gazetteer's own (OCHA's governorates for Syria); the parts are computed
once per gazetteer and direction, on first use (a few milliseconds each). The simplified polygons and
the seats are computed when the gazetteer's snapshot is written and stored in it (``unit_tables``):
parsing and simplifying the GeoJSON took 0.4 s of each worker's start.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from typing import Optional

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..models import Place
from .context import TOWN_AFTER_RE
from .gazetteer import RANK_SKELETON, Gazetteer

COUNTRYSIDE_KM = 30.0  # a town's countryside: its surrounding villages (event_places.CONTAINER_REACH_KM)
SECTOR_DEGREES = 67.5
# ACLED: 2 is "near a town or part of a region" (models.Toponym); a part is no town and no whole governorate.
PART_PRECISION = 2
PART_FEATURE_CODE = "ADMD"  # GeoNames: an administrative division; ``id`` "<governorate id>#<direction>"
_KM_PER_DEGREE = 111.2

_WORD = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_ADJECTIVE = rf"(?:{_WORD}(?:ern)?|central)"
# "northern X", "northwest X", "the northern countryside of X", "the north of X", "northern parts of X"; not "north of X"
# (a point beside X).
_BEFORE_RE = re.compile(rf"(?:\b(?P<adj>{_WORD}(?:ern)?)\s+(?:(?P<wide>countryside|parts?|areas?|region|province|governorate|rif|reef)\s+of\s+(?:the\s+)?)?"
                        rf"|(?<!\bto\s)\bthe\s+(?P<noun>{_WORD})\s+(?:(?P<wide2>countryside|parts?|region|province|governorate)\s+)?of\s+(?:the\s+)?)$", re.I)
_IN_SPAN_RE = re.compile(rf"^(?P<adj>{_WORD}(?:ern)?)\s+", re.I)  # "Eastern Daraa", "west Idlib" read as one span
# "Hama's northern countryside", "Hama northern countryside"
_AFTER_RE = re.compile(rf"^(?:['’]s)?\s+(?P<adj>{_WORD}(?:ern)?)\s+countryside\b", re.I)
_COUNTRYSIDE_AFTER_RE = re.compile(r"^(?:['’]s)?\s+countryside\b", re.I)

_VECTORS = {"north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}
_ADJECTIVES = {"north": "northern", "south": "southern", "east": "eastern", "west": "western", "northeast": "northeastern",
               "northwest": "northwestern", "southeast": "southeastern", "southwest": "southwestern"}


@dataclass(frozen=True)
class Direction:
    """A compass direction a phrase gives an area, and whether it says "countryside" (outside the seat's own unit)."""

    compass: str  # "north", "southwest", ...
    countryside: bool


def compass(word: str) -> str:
    """"North-Western" -> "northwest"."""
    return re.sub(r"ern$", "", word.lower().replace("-", ""))


def direction_of(text: str, start: int, end: int) -> Optional[Direction]:
    """The direction the words around ``text[start:end]`` give the area it names, if they name a part of it."""
    before, after, span = text[max(0, start - 50) : start], text[end : end + 40], text[start:end]
    if m := _IN_SPAN_RE.match(span):
        word, wide = m["adj"], bool(_COUNTRYSIDE_AFTER_RE.match(after))
    elif m := _BEFORE_RE.search(before):
        word = m["adj"] or m["noun"]
        wide = bool(m["wide"] or m["wide2"] or _COUNTRYSIDE_AFTER_RE.match(after))
    elif m := _AFTER_RE.match(after):
        word, wide = m["adj"], True
    else:
        return None
    if not wide and TOWN_AFTER_RE.match(after):
        return None
    return Direction(compass(word), wide)


@dataclass(frozen=True)
class _Unit:
    idx: int
    shape: BaseGeometry
    seat: Optional[int]  # gazetteer row of the town the unit is named after


class Parts:
    """The directional parts of a gazetteer's first-order units that have polygons."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.units = {u.idx: u for u in _units(gazetteer)}
        self.by_seat: dict[int, list[_Unit]] = {}
        for unit in self.units.values():
            if unit.seat is not None:
                self.by_seat.setdefault(unit.seat, []).append(unit)
        self._parts: dict[tuple[int, bool, str], Optional[Place]] = {}
        self._lock = threading.Lock()

    def part(self, idx: int, direction: Direction) -> Optional[Place]:
        """The part of unit ``idx`` (a first-order unit, or the town one is named after) in ``direction``."""
        key = (idx, direction.countryside, direction.compass)
        with self._lock:
            if key not in self._parts:
                self._parts[key] = self._build(idx, direction)
            return self._parts[key]

    def _build(self, idx: int, direction: Direction) -> Optional[Place]:
        if direction.compass not in _ADJECTIVES:
            return None  # "central"
        if idx in self.units:
            unit = self.units[idx]
            # "eastern Damascus" is in the city's own unit; "the eastern countryside of Damascus" around it
            units = self.by_seat.get(unit.seat, [unit]) if direction.countryside and unit.seat is not None else [unit]
        else:
            units = self.by_seat.get(idx, [])
        if not units or units[0].seat is None:
            return None
        gaz = self.gazetteer
        seat = units[0].seat
        lat, lon = float(gaz.latitude[seat]), float(gaz.longitude[seat])
        area = unary_union([u.shape for u in units]).intersection(_sector(lat, lon, direction.compass))
        if area.is_empty:
            return None
        centre = area.centroid if area.centroid.within(area) else area.representative_point()
        home = next((u for u in units if u.shape.contains(centre)), units[0])
        unit_place = gaz.place(home.idx)
        return Place(
            id=f"{unit_place.id}#{direction.compass}", name=f"{_ADJECTIVES[direction.compass]} {unit_place.name}",
            latitude=round(centre.y, 5), longitude=round(centre.x, 5), feature_class="A", feature_code=PART_FEATURE_CODE,
            country_code=unit_place.country_code, admin1=unit_place.admin1, admin1_code=unit_place.admin1_code, source=unit_place.source,
        )


def _sector(lat: float, lon: float, direction: str) -> Polygon:
    """The sector within ``COUNTRYSIDE_KM`` of (lat, lon), ±``SECTOR_DEGREES`` around ``direction``, in degrees."""
    x = sum(_VECTORS[w][0] for w in _VECTORS if w in direction)
    y = sum(_VECTORS[w][1] for w in _VECTORS if w in direction)
    heading = math.atan2(y, x)
    half = math.radians(SECTOR_DEGREES)
    k = math.cos(math.radians(lat))
    radius = COUNTRYSIDE_KM / _KM_PER_DEGREE
    arc = [heading - half + i * (2 * half / 16) for i in range(17)]
    return Polygon([(lon, lat)] + [(lon + radius * math.cos(a) / k, lat + radius * math.sin(a)) for a in arc])


# Names of the stored tables (``Gazetteer.stored``); bump the number when ``_computed_units`` changes what it gives.
_STORED = "parts1"


def unit_tables(gaz: Gazetteer) -> dict[str, np.ndarray]:
    """``_units`` of the gazetteer as flat arrays for its snapshot: rows, seats (-1: none), polygons as WKB."""
    units = _computed_units(gaz)
    shapes = [shapely.to_wkb(u.shape) for u in units]
    offsets = np.zeros(len(shapes) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in shapes], out=offsets[1:])
    return {f"{_STORED}.idx": np.array([u.idx for u in units], dtype=np.int64),
            f"{_STORED}.seat": np.array([-1 if u.seat is None else u.seat for u in units], dtype=np.int64),
            f"{_STORED}.wkb": np.frombuffer(b"".join(shapes), dtype=np.uint8), f"{_STORED}.offsets": offsets}


def _units(gaz: Gazetteer) -> list[_Unit]:
    """First-order units with a polygon in the gazetteer's first (bundled) file, each with its seat."""
    if f"{_STORED}.idx" not in gaz.stored:
        return _computed_units(gaz)
    rows, seats = gaz.stored[f"{_STORED}.idx"].tolist(), gaz.stored[f"{_STORED}.seat"].tolist()
    wkb, offsets = bytes(gaz.stored[f"{_STORED}.wkb"]), gaz.stored[f"{_STORED}.offsets"].tolist()
    return [_Unit(idx, shapely.from_wkb(wkb[offsets[i]:offsets[i + 1]]), None if seat < 0 else seat)
            for i, (idx, seat) in enumerate(zip(rows, seats))]


def _computed_units(gaz: Gazetteer) -> list[_Unit]:
    import duckdb  # here, not with the module: the snapshot's stored shapes need no database (a worker saves the import)

    if not gaz.sources:
        return []
    try:
        con = duckdb.connect(str(gaz.sources[0]), read_only=True)
        try:
            rows = con.execute("SELECT idx, geometry FROM places WHERE feature_code = 'ADM1' AND geometry IS NOT NULL").fetchall()
        finally:
            con.close()
    except duckdb.Error:
        return []  # no polygons: no parts, the unit's point stays
    units = []
    for idx, geometry in rows:
        try:
            shape = _simplified(json.loads(geometry))
        except (ValueError, TypeError, KeyError):
            continue
        units.append(_Unit(int(idx), shape, _seat(gaz, int(idx), shape)))
    return units


def _simplified(geometry: dict) -> BaseGeometry:
    # about 100 m: plenty for a point tens of km wide, and the intersections stay fast
    return shape(geometry).simplify(0.001, preserve_topology=True).buffer(0)


_RURAL_RE = re.compile(r"^(?:rural|rif|reef|countryside\s+of)\s+|\s+countryside$", re.I)


def _seat(gaz: Gazetteer, idx: int, shape: BaseGeometry) -> Optional[int]:
    """The most populous town named like unit ``idx`` ("Dar'a" -> Daraa; "Rural Damascus" -> Damascus), in or beside it."""
    name = _RURAL_RE.sub("", str(gaz.columns["name"][idx]))
    towns = [c.idx for c in gaz.candidates(name, fuzzy=False, limit=60)
             if c.rank != RANK_SKELETON and gaz.feature_class[c.idx] == "P" and gaz.country_code[c.idx] == gaz.country_code[idx]]
    towns = [t for t in towns if shape.distance(Point(float(gaz.longitude[t]), float(gaz.latitude[t]))) < 0.1]
    return max(towns, key=lambda t: int(gaz.population[t])) if towns else None


def parts_of(gazetteer: Gazetteer) -> Parts:
    """The gazetteer's ``Parts``, built once per gazetteer."""
    parts = gazetteer.derived.get("parts")
    if parts is None:
        parts = gazetteer.derived.setdefault("parts", Parts(gazetteer))
    return parts


def directional_part(gazetteer: Gazetteer, idx: int, text: str, start: int, end: int) -> Optional[Place]:
    """The part of a governorate that ``text[start:end]`` (resolved to row ``idx``) names with a direction, if any."""
    is_unit = gazetteer.feature_code[idx] == "ADM1"
    if not is_unit and gazetteer.feature_class[idx] != "P":
        return None
    direction = direction_of(text, start, end)
    if direction is None:
        return None
    parts = parts_of(gazetteer)
    if not is_unit and idx not in parts.by_seat:
        return None  # "the western countryside of Manbij": a town that no governorate is named after
    return parts.part(idx, direction)
