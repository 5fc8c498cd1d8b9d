"""Toponym resolution: from a name (and what the document says around it) to one gazetteer place.

Candidates come from ``Gazetteer.candidates``; each gets a score that adds up
- how the name matched (official name > alternate > article-free > skeleton, by similarity),
- how important the place is (population, countries and first-order admin units first),
- the document's focus: countries the document names or whose places it names,
- admin context: "northern Hama" and "the province of Idlib" want an admin unit,
  "Pandi, Bulacan" wants a Pandi inside Bulacan,
- coherence: closeness to the document's other places.
The document is resolved twice: a first pass without focus finds the focus, the second uses it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np

from ..models import Place
from .gazetteer import RANK_SKELETON, Gazetteer

EARTH_RADIUS_KM = 6371.0088

# Words around a name that are part of the phrase, not of the name.
_ADMIN_SUFFIX_RE = re.compile(r"\s+(province|governorate|gov\.|region|state|district|county|prefecture|oblast|countryside|municipality)$", re.I)
_PREFIX_RE = re.compile(r"^(the\s+)", re.I)
_POSSESSIVE_RE = re.compile(r"(['’]s|['’])$")
# A kind word after a name in news ("Homs city", "Tafas town"); tried only when the whole span is no name
# ("Mexico City", "Kansas City" are names), and read as "a populated place is meant".
_KIND_SUFFIX_RE = re.compile(r"\s+(city|town|village|villages|town and countryside|city and countryside)$", re.I)
DIRECTION_RE = re.compile(r"^(north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|"
                           r"south-?eastern|south-?western|northeast|northwest|southeast|southwest|rural|greater|upper|lower)\s+", re.I)


def haversine_km(lat1: float, lon1: float, lat2, lon2):
    """Great-circle distance in km (``lat2``/``lon2`` may be numpy arrays)."""
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2) - math.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


@dataclass
class Hints:
    """What the words around one name say about it."""

    admin: bool = False  # "province of X", "X governorate", "northern X"
    populated: bool = False  # "town of X", "village of X"
    within: Optional[str] = None  # "Pandi, Bulacan" -> "Bulacan"
    demonym: bool = False  # the name is an adjective ("Turkish")
    point: bool = False  # "near X", "north of X": a point is meant more often than an area


@dataclass
class Focus:
    """What the whole document says: its countries (weights sum to 1) and its places so far."""

    countries: dict[str, float] = field(default_factory=dict)
    points: list[tuple[float, float]] = field(default_factory=list)
    monitored: frozenset[str] = frozenset()  # the monitor's theatre (Settings.focus_countries)
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)  # (country, admin1 code) -> weight


def clean_name(text: str) -> tuple[str, Hints]:
    """Strip "the" and possessives from a span's text; the rest is kept ("South Africa", "Metcalfe County")."""
    name = _POSSESSIVE_RE.sub("", _PREFIX_RE.sub("", text.strip())).strip(" ,.;:-")
    return name or text.strip(), Hints()


def name_variants(name: str) -> list[tuple[str, bool]]:
    """The name, then shorter forms without a direction or an admin word, each with whether it implies an admin unit.

    "northern Hama" -> ("northern Hama", False), ("Hama", True); "Idlib province" -> ..., ("Idlib", True).
    """
    return [(variant, kind == "admin") for variant, kind in _kind_variants(name)]


def _kind_variants(name: str) -> list[tuple[str, Optional[str]]]:
    """Like ``name_variants``, with the kind each shorter form implies: "admin", "populated" ("Homs city") or None."""
    out: list[tuple[str, Optional[str]]] = [(name, None)]
    m = DIRECTION_RE.match(name)
    if m and len(name) > m.end():
        out.append((name[m.end():], "admin"))
    for base, _ in list(out):
        s = _ADMIN_SUFFIX_RE.search(base)
        if s and s.start() > 0:
            out.append((base[: s.start()].strip(), "admin" if s.group(1).lower() != "countryside" else None))
    for base, _ in list(out):
        s = _KIND_SUFFIX_RE.search(base)
        if s and s.start() > 0:
            out.append((base[: s.start()].strip(), "populated"))
    return out


def gather_candidates(gaz: Gazetteer, name: str, hints: Hints) -> list:
    """Candidates of the first variant of ``name`` that matches exactly; else fuzzy ones of the full name."""
    variants = _kind_variants(name)
    for variant, kind in variants:
        cands = gaz.candidates(variant, fuzzy=False)
        if cands:
            hints.admin = hints.admin or kind == "admin"
            hints.populated = hints.populated or kind == "populated"
            return cands
    for variant, kind in variants[::-1]:
        cands = gaz.candidates(variant)
        if cands:
            hints.admin = hints.admin or kind == "admin"
            hints.populated = hints.populated or kind == "populated"
            return cands
    return []


_RANK_SCORE = {0: 0.0, 1: -0.4, 2: 0.0, 3: -0.3, 4: -0.6, 5: -0.8, 6: -0.6, 7: -0.9}
# Curated kinds (water bodies, mountains, airports, landmarks: geo/data/places.tsv) are few and well known, so a
# name that is one of them means it more often than it means a village of the same name.
_FEATURE_SCORE = {"PCLI": 4.0, "CONT": 4.0, "RGN": 3.0, "OCN": 3.5, "SEA": 3.0, "GULF": 3.0, "ISL": 2.5, "STM": 1.0,
                  "ADM1": 1.2, "PPLC": 1.5, "ADM2": -0.3, "PPLX": -0.5, "LCTY": -0.6, "AREA": -0.6,
                  "LK": 3.0, "STRT": 3.0, "CNL": 3.0, "MTS": 3.0, "MT": 2.5, "VAL": 2.5, "DLTA": 3.0, "PEN": 3.0,
                  "AIRP": 3.0, "MILB": 3.0, "BLDG": 2.5, "SQR": 2.5, "ST": 2.0, "PRK": 2.0}


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence counts (set on the two development corpora)."""

    population: float = 0.55  # per power of ten
    admin_population_share: float = 0.6  # an admin unit's summed population counts for this share
    pclI: float = 4.0
    adm1: float = 1.2
    pplc: float = 1.5
    admin_hint: float = 4.0
    within: float = 2.0
    focus_share: float = 3.0
    focus_any: float = 0.8
    near_150km: float = 2.0
    near_800km: float = 0.9
    ucdp: float = 1.5
    namesake_city: float = 2.5
    admin1_share: float = 2.0


WEIGHTS = Weights()


def score_candidates(gaz: Gazetteer, name: str, hints: Hints, focus: Optional[Focus] = None,
                     within: Optional[Sequence[int]] = None) -> list[tuple[float, int]]:
    """(score, place row) pairs, best first."""
    cands = gather_candidates(gaz, name, hints)
    if cands and focus is not None and focus.monitored:
        # In the monitored theatre a spelling variant is trusted there only: "Villat area" of a Raqqa
        # neighbourhood is not Villeta, Colombia.
        cands = [c for c in cands if c.rank != RANK_SKELETON or gaz.country_code[c.idx] in focus.monitored]
    if not cands:
        return []
    idx = np.fromiter((c.idx for c in cands), dtype=np.int64, count=len(cands))
    w = WEIGHTS
    pop = gaz.population[idx].astype(np.float64)
    codes = gaz.feature_code[idx]
    is_admin = (codes == "ADM1") | (codes == "ADM2")
    pop = np.where(is_admin, pop * w.admin_population_share, pop)
    scores = w.population * np.log10(pop + 1.0)
    sources = gaz.columns["source"]
    for i, cand in enumerate(cands):
        if cand.rank == RANK_SKELETON:
            scores[i] += -3.5 + 3.0 * cand.similarity
        else:
            scores[i] += _RANK_SCORE.get(cand.rank, -1.0)
            if cand.rank == 2 and not hints.demonym:
                scores[i] -= 0.5
        code = codes[i]
        scores[i] += w.pclI if code == "PCLI" else w.adm1 if code == "ADM1" else w.pplc if code == "PPLC" else _FEATURE_SCORE.get(code, 0.0)
        if sources[cand.idx] == "ucdp":
            scores[i] += w.ucdp  # a village without a census figure, but one that conflict reporting names
        if hints.admin and code in ("ADM1", "ADM2"):
            scores[i] += w.admin_hint
        if hints.populated and gaz.feature_class[cand.idx] == "P":
            scores[i] += 1.0
        if hints.demonym and str(code).startswith("PCL"):
            scores[i] += 3.0
    # A city that shares its name with its own province: conflict reporting in the monitored countries means
    # the city ("shells fell on Aleppo"), as does "near X" / "north of X"; elsewhere the news (and the GeoNames
    # convention of the evaluation sets) mostly means the larger unit ("New York", "Quebec", "Washington state").
    monitored = focus.monitored if focus is not None else frozenset()
    units = {(gaz.country_code[c.idx], gaz.admin1_code[c.idx]) for c in cands if gaz.feature_code[c.idx] == "ADM1"
             and (hints.point or gaz.country_code[c.idx] in monitored)}
    if units and not hints.admin:
        for i, cand in enumerate(cands):
            if gaz.feature_class[cand.idx] == "P" and (gaz.country_code[cand.idx], gaz.admin1_code[cand.idx]) in units:
                scores[i] += w.namesake_city
    if within:
        for i, cand in enumerate(cands):
            if _inside(gaz, cand.idx, within):
                scores[i] += w.within
    if focus is not None:
        if focus.countries:
            cc = gaz.country_code[idx]
            # Oceans, continents and world regions belong to no country: they are in every document's focus
            # (else "Pacific" in an American article was a town of 7,000 in Washington state).
            everywhere = w.focus_share * max(focus.countries.values()) + w.focus_any
            scores += np.array([w.focus_share * focus.countries.get(c, 0.0) + (w.focus_any if c in focus.countries else 0.0)
                                if c else everywhere for c in cc])
        if focus.admin1:
            # "Holliday, Mo. ... Monroe County ... Paris, Missouri": the Monroe County of Missouri. This only
            # chooses among the namesakes in the country of the best candidate so far: a town in the focus
            # unit must not outvote a province or a capital abroad ("Queensland", Alberta; "Athens", Ontario).
            # Nor does it turn a province or a country into a village ("Wales", "Washington" state).
            a1, cc = gaz.admin1_code[idx], gaz.country_code[idx]
            best = int(np.argmax(scores))
            if codes[best] not in ("ADM1", "PCLI"):
                scores += np.array([w.admin1_share * focus.admin1.get((c, a), 0.0) if a and c == cc[best] else 0.0
                                    for c, a in zip(cc, a1)])
        # A point that is one of this name's own candidates is this name's first-pass pick: it must not
        # vote for its namesakes ("Hama" the city would make "Hama" the province look near the focus).
        points = focus.points
        if points:
            own = _nearest_km(np.asarray([p[0] for p in points]), np.asarray([p[1] for p in points]),
                              list(zip(gaz.latitude[idx], gaz.longitude[idx])))
            points = [p for p, d in zip(points, own) if d >= 1.0]
        if points:
            nearest = _nearest_km(gaz.latitude[idx], gaz.longitude[idx], points)
            scores += np.where(nearest < 150, w.near_150km, np.where(nearest < 800, w.near_800km, 0.0))
    order = np.argsort(-scores, kind="stable")
    return [(float(scores[i]), int(idx[i])) for i in order]


def _nearest_km(lat: np.ndarray, lon: np.ndarray, points: Sequence[tuple[float, float]]) -> np.ndarray:
    """For each (lat, lon), the distance to the nearest of ``points`` (one broadcast haversine)."""
    pts = np.radians(np.asarray(points, dtype=np.float64))
    p1, l1 = np.radians(lat)[:, None], np.radians(lon)[:, None]
    a = np.sin((pts[None, :, 0] - p1) / 2) ** 2 + np.cos(p1) * np.cos(pts[None, :, 0]) * np.sin((pts[None, :, 1] - l1) / 2) ** 2
    return (2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))).min(axis=1)


def _inside(gaz: Gazetteer, idx: int, containers: Sequence[int]) -> bool:
    """Whether place ``idx`` lies in one of the admin units / countries ``containers``."""
    for c in containers:
        if c == idx:
            continue
        code = gaz.feature_code[c]
        if str(code).startswith("PCL") and gaz.country_code[idx] == gaz.country_code[c]:
            return True
        if code == "ADM1" and gaz.country_code[idx] == gaz.country_code[c] and gaz.admin1_code[idx] == gaz.admin1_code[c]:
            return True
    return False


def containers_of(gaz: Gazetteer, name: str) -> list[int]:
    """Countries and first-order admin units called ``name`` (for "Pandi, Bulacan")."""
    return [c.idx for c in gaz.candidates(name, fuzzy=False)
            if str(gaz.feature_code[c.idx]).startswith("PCL") or gaz.feature_code[c.idx] == "ADM1"][:20]


def focus_from(gaz: Gazetteer, resolved: Iterable[tuple[int, float]]) -> Focus:
    """Country weights from first-pass resolutions (row, confidence); countries themselves count double."""
    weights: Counter = Counter()
    units: Counter = Counter()
    points: list[tuple[float, float]] = []
    _add_evidence(gaz, resolved, weights, units, points)
    return _normalised(weights, units, points)


def _add_evidence(gaz: Gazetteer, resolved: Iterable[tuple[int, float]], weights: Counter, units: Counter, points: list) -> None:
    """Add picks (row, confidence) to country weights, first-order unit weights and points."""
    for idx, confidence in resolved:
        cc = gaz.country_code[idx]
        country = gaz.is_country(idx)
        if cc:
            weights[cc] += confidence * (2.0 if country else 1.0)
            if not country and gaz.admin1_code[idx]:
                units[(cc, gaz.admin1_code[idx])] += confidence * (2.0 if gaz.feature_code[idx] == "ADM1" else 1.0)
        if not country and gaz.feature_code[idx] != "CONT":
            points.append((float(gaz.latitude[idx]), float(gaz.longitude[idx])))


def _normalised(weights: Counter, units: Counter, points: list[tuple[float, float]]) -> Focus:
    total = sum(w for w in weights.values() if w > 0) or 1.0
    unit_total = sum(w for w in units.values() if w > 0) or 1.0
    return Focus({cc: w / total for cc, w in weights.items() if w > 1e-9}, points,
                 admin1={u: w / unit_total for u, w in units.items() if w > 1e-9})


def focus_by_name(gaz: Gazetteer, resolved: dict[str, list[tuple[int, float]]]) -> dict[str, Focus]:
    """For each name, the focus of the document's *other* names (first-pass picks: row, confidence).

    A name must not vote for its own reading: "Santa Ana" said sixteen times once made El Salvador
    the focus that then outvoted "Santa Ana, California"; "London" made Britain the focus of an
    article on London, Ontario. The points are shared: ``score_candidates`` already leaves out
    the points that are one of the name's own candidates.
    """
    own: dict[str, tuple[Counter, Counter]] = {}
    total: Counter = Counter()
    unit_total: Counter = Counter()
    points: list[tuple[float, float]] = []
    for name, picks in resolved.items():
        weights: Counter = Counter()
        units: Counter = Counter()
        _add_evidence(gaz, picks, weights, units, points)
        own[name] = (weights, units)
        total.update(weights)
        unit_total.update(units)
    out = {}
    for name, (weights, units) in own.items():
        rest = Counter({cc: w - weights.get(cc, 0.0) for cc, w in total.items()})
        unit_rest = Counter({u: w - units.get(u, 0.0) for u, w in unit_total.items()})
        out[name] = _normalised(rest, unit_rest, points)
    return out


def resolve(name: str, gazetteer: Gazetteer, countries: Sequence[str] = (), near: Optional[tuple[float, float]] = None,
            admin: bool = False, within: Optional[str] = None) -> Optional[Place]:
    """The place ``name`` most likely refers to.

    ``countries`` (ISO alpha-2) are the document's focus, ``near`` a (lat, lon) it is about,
    ``admin`` asks for an admin unit ("the province of X"), ``within`` names a containing
    country or admin1 unit ("Pandi, Bulacan").
    """
    cleaned, hints = clean_name(name)
    hints.admin = hints.admin or admin
    focus = Focus({cc.upper(): 1.0 / len(countries) for cc in countries} if countries else {}, [near] if near else [],
                  frozenset(cc.upper() for cc in countries))
    containers = containers_of(gazetteer, within) if within else None
    ranked = score_candidates(gazetteer, cleaned, hints, focus, containers)
    return gazetteer.place(ranked[0][1]) if ranked else None
