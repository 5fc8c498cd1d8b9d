"""One-to-one matching of predicted events to gold events, nearest first.

A predicted event may match a gold event when its date lies within
[date_start - 1 day, date_end + 1 day] and it lies within 25 km of the gold
location (50 km when UCDP located the event only to a district or coarser,
``where_prec`` >= 4). Among all such candidate pairs, the closest pair is
taken first (ties: nearer date, then ids), and each event is used at most once.
Events without coordinates never match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional, Sequence

import numpy as np

from ..models import Event
from .ged import GoldEvent

EARTH_RADIUS_KM = 6371.0088
DATE_SLACK = timedelta(days=1)
MAX_KM = 25.0
MAX_KM_COARSE = 50.0
COARSE_WHERE_PREC = 4


@dataclass(frozen=True)
class Match:
    gold: GoldEvent
    predicted: Event
    distance_km: float
    days_off: int  # 0 when the predicted date lies within [date_start, date_end]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def max_distance_km(gold: GoldEvent) -> float:
    return MAX_KM_COARSE if gold.where_prec >= COARSE_WHERE_PREC else MAX_KM


def days_outside(day: date, gold: GoldEvent) -> int:
    """How many days ``day`` lies outside [date_start, date_end] (0 inside)."""
    if day < gold.date_start:
        return (gold.date_start - day).days
    if day > gold.date_end:
        return (day - gold.date_end).days
    return 0


def date_compatible(day: date, gold: GoldEvent) -> bool:
    return gold.date_start - DATE_SLACK <= day <= gold.date_end + DATE_SLACK


def _distances(predicted: Sequence[Event], gold: Sequence[GoldEvent]) -> np.ndarray:
    """Great-circle distances (km), predicted x gold; NaN where a prediction has no coordinates."""
    plat = np.radians(np.array([e.latitude if e.latitude is not None else np.nan for e in predicted], dtype=float))[:, None]
    plon = np.radians(np.array([e.longitude if e.longitude is not None else np.nan for e in predicted], dtype=float))[:, None]
    glat = np.radians(np.array([g.latitude for g in gold], dtype=float))[None, :]
    glon = np.radians(np.array([g.longitude for g in gold], dtype=float))[None, :]
    a = np.sin((glat - plat) / 2) ** 2 + np.cos(plat) * np.cos(glat) * np.sin((glon - plon) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def candidate_pairs(predicted: Sequence[Event], gold: Sequence[GoldEvent]) -> list[tuple[float, int, int, int]]:
    """(distance km, days off, predicted index, gold index) of every pair allowed to match."""
    if not predicted or not gold:
        return []
    km = _distances(predicted, gold)
    limit = np.array([max_distance_km(g) for g in gold])[None, :]
    # Dates as ordinals so the window test is vectorised too.
    day = np.array([e.event_date.toordinal() for e in predicted])[:, None]
    first = np.array([(g.date_start - DATE_SLACK).toordinal() for g in gold])[None, :]
    last = np.array([(g.date_end + DATE_SLACK).toordinal() for g in gold])[None, :]
    with np.errstate(invalid="ignore"):
        allowed = (km <= limit) & (day >= first) & (day <= last)
    pairs = []
    for p, g in zip(*np.nonzero(allowed)):
        pairs.append((float(km[p, g]), days_outside(predicted[p].event_date, gold[g]), int(p), int(g)))
    return pairs


def match_events(predicted: Sequence[Event], gold: Sequence[GoldEvent]) -> list[Match]:
    """Greedy one-to-one assignment over all candidate pairs, nearest (then closest in date) first."""
    pairs = candidate_pairs(predicted, gold)
    pairs.sort(key=lambda t: (t[0], t[1], gold[t[3]].id, predicted[t[2]].event_id))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = []
    for km, days, p, g in pairs:
        if p in used_p or g in used_g:
            continue
        used_p.add(p)
        used_g.add(g)
        matches.append(Match(gold[g], predicted[p], km, days))
    return matches


def nearest_prediction(gold: GoldEvent, predicted: Sequence[Event]) -> Optional[tuple[Event, float]]:
    """The located prediction closest to ``gold`` (any date), with its distance; for explaining misses."""
    best: Optional[tuple[Event, float]] = None
    for event in predicted:
        if event.latitude is None or event.longitude is None:
            continue
        km = haversine_km(gold.latitude, gold.longitude, event.latitude, event.longitude)
        if best is None or km < best[1]:
            best = (event, km)
    return best
