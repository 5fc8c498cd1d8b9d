"""Toponym resolution: from a name (and what the document says around it) to one gazetteer place.

Candidates come from ``Gazetteer.candidates``; each gets a score that adds up
- how the name matched (official name > alternate > article-free > skeleton, by similarity),
- how important the place is (population, countries and first-order admin units first),
- the document's focus: countries the document names or whose places it names,
- admin context: "northern Hama" and "the province of Idlib" want an admin unit,
  "Pandi, Bulacan" wants a Pandi inside Bulacan,
- coherence: closeness to the document's other places, and to the close runners-up of its other names.
The document is resolved twice: a first pass without focus finds the focus (``focus.py``), the second uses it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Collection, NamedTuple, Optional, Sequence

import numpy as np

from ..models import Place
from .focus import Focus
from .gazetteer import RANK_SKELETON, Gazetteer

EARTH_RADIUS_KM = 6371.0088

# Words around a name that are part of the phrase, not of the name.
_ADMIN_SUFFIX_RE = re.compile(r"\s+(province|governorate|gov\.|region|state|district|county|prefecture|oblast|countryside|municipality)$", re.I)
_PREFIX_RE = re.compile(r"^(the\s+)", re.I)
_POSSESSIVE_RE = re.compile(r"(['’]s|['’])$")
_COUNTY_ABBREVIATION_RE = re.compile(r"(?<=\w)\s+co\.?$", re.I)
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
    city: bool = False  # a dateline ("WASHINGTON —") or "X-based": a city is meant


def clean_name(text: str) -> tuple[str, Hints]:
    """Strip "the" and possessives from a span's text; the rest is kept ("South Africa", "Metcalfe County").

    American local news abbreviates county ("PLYMOUTH CO. -"): the name is read as "Plymouth County".
    """
    name = _POSSESSIVE_RE.sub("", _PREFIX_RE.sub("", text.strip())).strip(" ,;:-")
    name = _COUNTY_ABBREVIATION_RE.sub(" County", name).strip(" .")
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


def gather_candidates(gaz: Gazetteer, name: str, hints: Hints, variants_in: Collection[str] = ()) -> list:
    """Candidates of the first variant of ``name`` that matches exactly; else fuzzy ones of the full name.

    ``variants_in``: countries whose spelling variants compete with exact matches abroad (``Gazetteer.candidates``).
    """
    variants = _kind_variants(name)
    for variant, kind in variants:
        cands = gaz.candidates(variant, fuzzy=False, variants_in=variants_in)
        if cands:
            hints.admin = hints.admin or kind == "admin"
            hints.populated = hints.populated or kind == "populated"
            return cands
    for variant, kind in variants[::-1]:
        cands = gaz.candidates(variant, variants_in=variants_in)
        if cands:
            hints.admin = hints.admin or kind == "admin"
            hints.populated = hints.populated or kind == "populated"
            return cands
    return []


def variant_countries(gaz: Gazetteer, focus: Optional[Focus], within: Optional[Sequence[int]] = None) -> frozenset[str]:
    """Countries whose spelling variants of a name compete with its exact matches abroad.

    The monitored countries (``Settings.focus_countries``) and the country of an admin context ("Al-Shafa,
    Deir ez-Zor": the governorate is Syrian). Not the focus that a document's other names suggest: on the
    development corpora that turned "U.S." into Uşak in an article on Turkey, "Taichung" into Tacheng.
    """
    out: set[str] = set(focus.monitored) if focus is not None else set()
    if within:
        out.update(str(gaz.country_code[c]) for c in within if gaz.country_code[c])
    return frozenset(out)


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
    city_hint: float = 2.0
    within: float = 2.0
    focus_share: float = 3.0
    focus_any: float = 0.8
    near_150km: float = 2.0
    near_800km: float = 0.9
    near_alternative: float = 2.0
    ucdp: float = 1.5
    namesake_city: float = 2.5
    admin1_share: float = 2.0


WEIGHTS = Weights()


def _place_arrays(gaz: Gazetteer) -> dict[str, np.ndarray]:
    """Per-place evidence that depends on the place alone (population, feature, source), computed once per gazetteer.

    What depends on a categorical column is computed per distinct value and spread by the column's codes.
    """
    arrays = gaz.derived.get(("resolve", WEIGHTS))
    if arrays is None:
        w = WEIGHTS

        def per_place(column: str, value_of, dtype) -> np.ndarray:
            codes, distinct = gaz.categories(column)
            return np.array([value_of(v) for v in distinct], dtype=dtype)[np.asarray(codes)]

        feature = per_place("feature_code", lambda c: w.pclI if c == "PCLI" else w.adm1 if c == "ADM1" else w.pplc if c == "PPLC"
                            else _FEATURE_SCORE.get(c, 0.0), np.float64)
        is_admin = per_place("feature_code", lambda c: c == "ADM1" or c == "ADM2", bool)
        population = np.log10(np.asarray(gaz.population, dtype=np.float64) + 1.0)
        admin_population = np.log10(np.asarray(gaz.population, dtype=np.float64) * w.admin_population_share + 1.0)
        ucdp = per_place("source", lambda v: v == "ucdp", bool)
        arrays = {
            "prior": w.population * np.where(is_admin, admin_population, population) + feature + np.where(ucdp, w.ucdp, 0.0),
            "populated": per_place("feature_class", lambda v: v == "P", bool),
            "admin": is_admin,
            "adm1": per_place("feature_code", lambda c: c == "ADM1", bool),
            "country": per_place("feature_code", lambda c: str(c).startswith("PCL"), bool),
        }
        gaz.derived[("resolve", WEIGHTS)] = arrays
    return arrays


# Score of a match kind (``Gazetteer`` ranks 0..7; other ranks -1.0; skeleton matches are scored by similarity).
_RANK_TABLE = np.array([_RANK_SCORE.get(r, -1.0) for r in range(RANK_SKELETON + 1)])


class _Scored(NamedTuple):
    """A name's candidates with the scores of what the name and its phrase say (before the document's focus)."""

    idx: np.ndarray
    rows: list[int]  # ``idx`` as ints
    populated: np.ndarray
    scores: np.ndarray  # shared: callers add the focus to a copy
    countries: list[Optional[str]]  # each candidate's country code
    admin1: list[Optional[str]]  # each candidate's first-order unit code


def score_candidates(gaz: Gazetteer, name: str, hints: Hints, focus: Optional[Focus] = None,
                     within: Optional[Sequence[int]] = None) -> list[tuple[float, int]]:
    """(score, place row) pairs, best first."""
    scored = _scored_candidates(gaz, name, hints, focus.monitored if focus is not None else frozenset(), within)
    if scored is None:
        return []
    scores = scored.scores
    if focus is not None:
        scores = scores.copy()
        _add_focus(gaz, name, scored, scores, focus)
    order = np.argsort(-scores, kind="stable")
    rows = scored.rows
    return [(float(scores[i]), rows[i]) for i in order.tolist()]


def _scored_candidates(gaz: Gazetteer, name: str, hints: Hints, monitored: frozenset[str],
                       within: Optional[Sequence[int]]) -> Optional[_Scored]:
    """``_score`` remembered in the gazetteer's memo: a document's second pass scores each name as its first pass
    did before adding the focus, and news repeats its names across documents. The kind words of the name
    ("Idlib province") set ``hints.admin`` / ``hints.populated`` on the way, and so they do when remembered."""
    key = ("scored", name, hints.admin, hints.populated, hints.demonym, hints.point, hints.city, monitored,
           tuple(within) if within else None)
    found = gaz.memo_get(key)
    if found is None:
        scored = _score(gaz, name, hints, monitored, within)
        found = gaz.memo_put(key, (scored, hints.admin, hints.populated))
    scored, hints.admin, hints.populated = found
    return scored


def _score(gaz: Gazetteer, name: str, hints: Hints, monitored: frozenset[str], within: Optional[Sequence[int]]) -> Optional[_Scored]:
    cands = gather_candidates(gaz, name, hints, variant_countries(gaz, Focus(monitored=monitored), within))
    if cands and monitored:
        # In the monitored theatre a spelling variant is trusted there only: "Villat area" of a Raqqa
        # neighbourhood is not Villeta, Colombia.
        cands = [c for c in cands if c.rank != RANK_SKELETON or gaz.country_code[c.idx] in monitored]
    home = {gaz.country_code[c] for c in within or ()} & set(monitored)
    if cands and home:
        # "al Sabahiya area, Raqqa governorate" in the monitored theatre: a spelling guess outside the unit the
        # text names is another place, and so is an exact namesake abroad ("Al Nour neighbourhood, Raqqa").
        cands = [c for c in cands if _inside(gaz, c.idx, within)
                 or (c.rank != RANK_SKELETON and gaz.country_code[c.idx] in home)]
    if not cands:
        return None
    n = len(cands)
    idx = np.fromiter((c.idx for c in cands), dtype=np.int64, count=n)
    ranks = np.fromiter((c.rank for c in cands), dtype=np.int64, count=n)
    similarity = np.fromiter((c.similarity for c in cands), dtype=np.float64, count=n)
    w = WEIGHTS
    arrays = _place_arrays(gaz)
    populated, country = arrays["populated"][idx], arrays["country"][idx]
    scores = arrays["prior"][idx] + np.where(ranks == RANK_SKELETON, -3.5 + 3.0 * similarity, _RANK_TABLE[np.minimum(ranks, RANK_SKELETON)])
    if not hints.demonym:
        scores -= np.where(ranks == 2, 0.5, 0.0)  # matched as an adjective, but the text uses it as a name
    else:
        scores += np.where(country, 3.0, 0.0)
    if hints.admin:
        scores += np.where(arrays["admin"][idx], w.admin_hint, 0.0)
    if hints.populated:
        scores += np.where(populated, 1.0, 0.0)
    if hints.city:
        # Reports are filed from, and companies based in, cities large enough to have a bureau or an office:
        # population counts twice ("WASHINGTON —" of a wire report naming Iowa is not Washington, Iowa).
        scores += np.where(populated, w.city_hint + w.population * np.log10(gaz.population[idx].astype(np.float64) + 1.0), 0.0)
    # A city that shares its name with its own province: conflict reporting in the monitored countries means
    # the city ("shells fell on Aleppo"), as does "near X" / "north of X"; elsewhere the news (and the GeoNames
    # convention of the evaluation sets) mostly means the larger unit ("New York", "Quebec", "Washington state").
    adm1 = arrays["adm1"][idx]
    if adm1.any() and not hints.admin and (hints.point or monitored):
        units = {(gaz.country_code[i], gaz.admin1_code[i]) for i in idx[adm1].tolist() if hints.point or gaz.country_code[i] in monitored}
        if units:
            scores += np.array([w.namesake_city if p and (gaz.country_code[i], gaz.admin1_code[i]) in units else 0.0
                                for i, p in zip(idx.tolist(), populated.tolist())])
    if within:
        scores += np.array([w.within if _inside(gaz, i, within) else 0.0 for i in idx.tolist()])
    return _Scored(idx, idx.tolist(), populated, scores, gaz.country_code[idx].tolist(), gaz.admin1_code[idx].tolist())


def _add_focus(gaz: Gazetteer, name: str, scored: _Scored, scores: np.ndarray, focus: Focus) -> None:
    """Add the document's evidence to ``scores`` (in place): its countries, first-order units, and places nearby."""
    w = WEIGHTS
    idx = scored.idx
    if focus.countries:
        # Oceans, continents and world regions belong to no country: they are in every document's focus
        # (else "Pacific" in an American article was a town of 7,000 in Washington state).
        everywhere = w.focus_share * max(focus.countries.values()) + w.focus_any
        scores += np.array([w.focus_share * focus.countries.get(c, 0.0) + (w.focus_any if c in focus.countries else 0.0)
                            if c else everywhere for c in scored.countries])
    if focus.admin1:
        # "Holliday, Mo. ... Monroe County ... Paris, Missouri": the Monroe County of Missouri. This only
        # chooses among the namesakes in the country of the best candidate so far: a town in the focus
        # unit must not outvote a province or a capital abroad ("Queensland", Alberta; "Athens", Ontario).
        # Nor does it turn a province or a country into a village ("Wales", "Washington" state).
        best = int(idx[int(np.argmax(scores))])
        if gaz.feature_code[best] not in ("ADM1", "PCLI"):
            top = gaz.country_code[best]
            scores += np.array([w.admin1_share * focus.admin1.get((c, a), 0.0) if a and c == top else 0.0
                                for c, a in zip(scored.countries, scored.admin1)])
    n_points = len(focus.points)
    if not n_points and not focus.alternatives:
        return
    # One distance matrix (candidates x the document's picks and close runners-up). A point within 1 km of one of
    # this name's own candidates is this name's own reading: it must not vote for its namesakes ("Hama" the city
    # would make "Hama" the province look near the focus).
    distances = _distances_km(gaz.latitude[idx], gaz.longitude[idx], focus.point_array())
    others = distances.min(axis=0) >= 1.0
    if n_points and others[:n_points].any():
        nearest = distances[:, :n_points][:, others[:n_points]].min(axis=1)
        scores += np.where(nearest < 150, w.near_150km, np.where(nearest < 800, w.near_800km, 0.0))
    if focus.alternatives and others[n_points:].any():
        nearest = distances[:, n_points:][:, others[n_points:]].min(axis=1)
        # Only for live readings that are points: a province's or a country's centre says nothing about the towns near it.
        key = name.lower()
        live = np.fromiter(((key, i) in focus.live for i in scored.rows), dtype=bool, count=len(idx))
        scores += np.where((nearest < 150) & live & scored.populated, w.near_alternative, 0.0)


def _distances_km(lat: np.ndarray, lon: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Haversine distances (len(lat) x len(points)); ``points`` are (lat, lon) rows in radians."""
    p1, l1 = np.radians(lat)[:, None], np.radians(lon)[:, None]
    a = np.sin((points[None, :, 0] - p1) / 2) ** 2 + np.cos(p1) * np.cos(points[None, :, 0]) * np.sin((points[None, :, 1] - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


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
    """Countries and first-order admin units called ``name`` (for "Pandi, Bulacan"; "..., western Raqqa city")."""
    for variant, _ in _kind_variants(name):
        found = [c.idx for c in gaz.candidates(variant, fuzzy=False)
                 if str(gaz.feature_code[c.idx]).startswith("PCL") or gaz.feature_code[c.idx] == "ADM1"][:20]
        if found:
            return found
    return []


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
