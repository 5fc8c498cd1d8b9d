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

Candidates come from blocking: one index per tolerance class, by grid cell (cells as
wide as the class's place tolerance) and day, so the work grows with the number of
nearby reports, not with the square of the input.
Compatible pairs are joined closest first (date gap, then distance) with
complete linkage: two clusters merge only when every pair across them is
compatible, so a chain of near neighbours cannot drag distant reports together.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Optional, Sequence

from ..models import Event
from .geometry import date_tolerance_days, place_tolerance_km
from .taxonomy import family

_KM_PER_DEGREE = 111.2


@functools.lru_cache(maxsize=65536)
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
    cos_lat: float


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
        cos_lat=math.cos(math.radians(event.latitude)) if located else 1.0,
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
    # Equirectangular distance: within 100 km it is off from the great circle by far less than the tolerances.
    dy = a.lat - b.lat
    dx = (a.lon - b.lon) * a.cos_lat
    km = _KM_PER_DEGREE * math.sqrt(dx * dx + dy * dy)
    if km > max(a.km, b.km):
        return None
    return gap, km


class _Blocks:
    """Events of one tolerance class: per grid cell and overall, (day, index) pairs sorted by day."""

    def __init__(self, days: int, km: float) -> None:
        self.days, self.km = days, km
        # Cells as wide as the class's own tolerance: a query then looks at about 3 x 3 cells.
        self.cell_degrees = max(km, 2.0) / _KM_PER_DEGREE
        self._cells: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._all: list[tuple[int, int]] = []

    def add(self, i: int, item: _Item) -> None:
        for day in range(item.start, item.end + 1):
            self._all.append((day, i))
            if item.lat is not None:
                self._cells.setdefault((self._cell(item.lat), self._cell(item.lon)), []).append((day, i))

    def freeze(self) -> None:
        self._all.sort()
        self.all_days = [d for d, _ in self._all]
        self.all_ids = [i for _, i in self._all]
        self.cells = {}
        for cell, pairs in self._cells.items():
            pairs.sort()
            self.cells[cell] = ([d for d, _ in pairs], [i for _, i in pairs])

    def _cell(self, degrees: float) -> int:
        return math.floor(degrees / self.cell_degrees)

    def candidates(self, item: _Item, found: set[int]) -> None:
        """Add to ``found`` the events of this class that ``item`` could be, by day and cell."""
        window_days = max(item.days, self.days)
        first, last = item.start - window_days, item.end + window_days
        lo, hi = bisect_left(self.all_days, first), bisect_right(self.all_days, last)
        if lo == hi:
            return
        if item.lat is None:
            found.update(self.all_ids[lo:hi])
            return
        km = max(item.km, self.km)
        size = self.cell_degrees
        reach_lat = math.ceil(km / (_KM_PER_DEGREE * size))
        # Measured at the poleward edge of the window, so the reach covers every point within ``km``.
        poleward = min(89.0, abs(item.lat) + km / _KM_PER_DEGREE + size)
        reach_lon = math.ceil(km / (_KM_PER_DEGREE * size * math.cos(math.radians(poleward))))
        # Looking up a cell costs about as much as checking a few candidates: scan the
        # whole date window instead when it holds fewer events than there are cells.
        if (2 * reach_lat + 1) * (2 * reach_lon + 1) >= 4 * (hi - lo):
            found.update(self.all_ids[lo:hi])
            return
        cx, cy = self._cell(item.lat), self._cell(item.lon)
        cells = self.cells
        for x in range(cx - reach_lat, cx + reach_lat + 1):
            for y in range(cy - reach_lon, cy + reach_lon + 1):
                entry = cells.get((x, y))
                if entry is not None:
                    days, ids = entry
                    found.update(ids[bisect_left(days, first) : bisect_right(days, last)])


def cluster_events(events: Sequence[Event]) -> list[list[Event]]:
    """Group per-document events into clusters of reports of one event (order: by first member)."""
    items = [_item(e) for e in events]
    # One index per tolerance class, so each query widens its window only as far as
    # the looser of its own and the other class's tolerances requires.
    classes: dict[tuple[int, float], _Blocks] = {}
    for i, item in enumerate(items):
        classes.setdefault((item.days, item.km), _Blocks(item.days, item.km)).add(i, item)
    for blocks in classes.values():
        blocks.freeze()
    # Search windows are symmetric (each uses the looser tolerance of the pair), so a pair
    # is found from either side: each event looks only in its class and the classes after it.
    ordered = sorted(classes)
    later = {key: [(classes[k], k == key) for k in ordered[n:]] for n, key in enumerate(ordered)}
    edges: dict[tuple[int, int], tuple[int, float]] = {}
    for i, item in enumerate(items):
        lat, kin = item.lat, item.family
        for blocks, same in later[(item.days, item.km)]:
            found: set[int] = set()
            blocks.candidates(item, found)
            for j in found:
                if same and j <= i:
                    continue
                other = items[j]
                # Cheap rejections before the full check: most candidates fail on type or latitude.
                if other.family != kin or (lat is not None and other.lat is not None and abs(other.lat - lat) * _KM_PER_DEGREE > max(item.km, other.km)):
                    continue
                score = _distance(item, other)
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
