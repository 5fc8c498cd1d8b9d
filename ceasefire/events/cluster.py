"""Cross-document clustering: which per-document events are reports of the same event.

Two events can be one when all of these hold:

- **documents**: they come from different documents; and a cluster never holds
  two events of one document (the document reports them as distinct);
- **type**: their ACLED event types are of one family (:data:`taxonomy.FAMILIES`);
- **date**: their dates are no further apart than the looser of their time
  precisions allows (:data:`geometry.DATE_TOLERANCE_DAYS`: same day at
  precision 1, a week at 2, a month at 3);
- **place**: both located, and no further apart than the looser of their geo
  precisions allows (:data:`geometry.PLACE_TOLERANCE_KM`: 2, 15, 75 km); an
  event without a place joins only an event with the same, complete actor pair;
- **actors**: their actor sets overlap, or one of them names no actor.

Candidates come from blocking on (day, 0.1-degree grid cell) per tolerance class, so the work
grows with the number of nearby reports, not with the square of the input.
Compatible pairs are joined closest first (date gap, then distance) with
complete linkage: two clusters merge only when every pair across them is
compatible, so a chain of near neighbours cannot drag distant reports together.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..models import Event
from .geometry import date_tolerance_days, haversine_km, place_tolerance_km
from .taxonomy import family

CELL_DEGREES = 0.1
_KM_PER_DEGREE = 111.2


def actor_key(name: str) -> str:
    """Comparison key of an actor name: ACLED's "(2000-)" suffixes and case do not matter."""
    return re.sub(r"[^0-9a-z]+", "", re.sub(r"\s*\([^)]*\)\s*$", "", name).lower())


@dataclass(frozen=True)
class _Item:
    start: int  # ordinal day
    end: int
    days: int  # date tolerance
    lat: Optional[float]
    lon: Optional[float]
    km: float  # place tolerance
    family: str
    actors: frozenset[str]
    full_actors: bool  # both actor1 and actor2 known
    documents: frozenset[str]


def _item(event: Event) -> _Item:
    located = event.latitude is not None and event.longitude is not None
    actors = frozenset(actor_key(a) for a in (event.actor1, event.actor2) if a)
    return _Item(
        start=event.event_date.toordinal(),
        end=(event.date_end or event.event_date).toordinal(),
        days=date_tolerance_days(event.time_precision),
        lat=event.latitude if located else None,
        lon=event.longitude if located else None,
        km=place_tolerance_km(event.geo_precision),
        family=family(event.event_type),
        actors=actors,
        full_actors=bool(event.actor1 and event.actor2),
        documents=frozenset(event.documents),
    )


def _distance(a: _Item, b: _Item) -> Optional[tuple[int, float]]:
    """(date gap in days, distance in km) when ``a`` and ``b`` may be one event, else None."""
    if a.family != b.family or not a.documents.isdisjoint(b.documents):
        return None
    gap = max(0, b.start - a.end, a.start - b.end)
    if gap > max(a.days, b.days):
        return None
    if a.actors and b.actors and a.actors.isdisjoint(b.actors):
        return None
    if a.lat is None or b.lat is None:
        if not (a.full_actors and b.full_actors and a.actors == b.actors):
            return None
        return gap, math.inf
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if km > max(a.km, b.km):
        return None
    return gap, km


class _Blocks:
    """Events of one tolerance class, indexed by day and grid cell (located) and by day (all)."""

    def __init__(self, days: int, km: float) -> None:
        self.days, self.km = days, km
        self.by_day: dict[int, list[int]] = {}
        self.by_cell: dict[tuple[int, int, int], list[int]] = {}

    def add(self, i: int, item: _Item) -> None:
        for day in range(item.start, item.end + 1):
            self.by_day.setdefault(day, []).append(i)
            if item.lat is not None:
                self.by_cell.setdefault((day, _cell(item.lat), _cell(item.lon)), []).append(i)

    def candidates(self, item: _Item, found: set[int]) -> None:
        """Add to ``found`` the events of this class that ``item`` could be, by day and cell."""
        window_days = max(item.days, self.days)
        days = range(item.start - window_days, item.end + window_days + 1)
        if item.lat is None:
            for day in days:
                found.update(self.by_day.get(day, ()))
            return
        km = max(item.km, self.km)
        reach_lat = math.ceil(km / (_KM_PER_DEGREE * CELL_DEGREES))
        reach_lon = math.ceil(km / (_KM_PER_DEGREE * CELL_DEGREES * max(math.cos(math.radians(item.lat)), 0.05)))
        cx, cy = _cell(item.lat), _cell(item.lon)
        cells = (2 * reach_lat + 1) * (2 * reach_lon + 1)
        for day in days:
            on_day = self.by_day.get(day)
            if not on_day:
                continue
            if cells >= len(on_day):
                found.update(on_day)
                continue
            for x in range(cx - reach_lat, cx + reach_lat + 1):
                for y in range(cy - reach_lon, cy + reach_lon + 1):
                    found.update(self.by_cell.get((day, x, y), ()))


def _cell(degrees: float) -> int:
    return math.floor(degrees / CELL_DEGREES)


def cluster_events(events: Sequence[Event]) -> list[list[Event]]:
    """Group per-document events into clusters of reports of one event (order: by first member)."""
    items = [_item(e) for e in events]
    # One index per tolerance class, so each query widens its window only as far as
    # the looser of its own and the other class's tolerances requires.
    classes: dict[tuple[int, float], _Blocks] = {}
    for i, item in enumerate(items):
        classes.setdefault((item.days, item.km), _Blocks(item.days, item.km)).add(i, item)
    edges: dict[tuple[int, int], tuple[int, float]] = {}
    for i, item in enumerate(items):
        found: set[int] = set()
        for blocks in classes.values():
            blocks.candidates(item, found)
        for j in found:
            if j == i or (min(i, j), max(i, j)) in edges:
                continue
            score = _distance(item, items[j])
            if score is not None:
                edges[(min(i, j), max(i, j))] = score

    parent = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), _ in sorted(edges.items(), key=lambda kv: (kv[1], kv[0])):
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        left, right = members[ri], members[rj]
        if all(_compatible(edges, a, b) for a in left for b in right):
            parent[rj] = ri
            members[ri] = left + right
            del members[rj]
    groups = sorted(members.values(), key=min)
    return [[events[i] for i in sorted(group)] for group in groups]


def _compatible(edges: dict[tuple[int, int], tuple[int, float]], a: int, b: int) -> bool:
    return (min(a, b), max(a, b)) in edges
