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
- **actors**: their actor sets overlap, or one of them names no actor; but when the
  only shared actors swap roles (initiator in one, target in the other) and the
  sub-event types differ, they are two events (an air force's strikes, an attack on
  its soldiers);

Coarse reports then join a precise event (:func:`attach_coarse`). A report left alone
by the rules above that has no place, a place relative to a town ("north of Hama", geo
precision 2) or only a governorate (3), joins the one cluster that holds a located
report at least as precise when:

- its dates and type family agree with every member, and it shares no document with any;
- the actors it names are all actors of the cluster (an unlocated report must name at
  least one: with neither place nor actors nothing ties it to the event), and a report
  at precision 2 names fewer actors than the cluster (a headline that does not name the
  attacker); no shared actor swaps roles across event kinds;
- a located report lies within reach of the cluster's located report
  (:data:`COARSE_REACH_KM`: 30 km at precision 2, 75 km at precision 3);
- exactly one cluster qualifies. With two candidates nothing says which event the coarse
  report tells, so it stays on its own.

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
from .geometry import DATE_TOLERANCE_DAYS, date_tolerance_days, place_tolerance_km
from .taxonomy import family

_KM_PER_DEGREE = 111.2
# How far from a precise place a coarse report can still be about it: "north of X", "near X" (precision 2)
# reach about as far as UCDP's "within 25 km"; a governorate-level place (3) anywhere in the tolerance.
COARSE_REACH_KM = {2: 30.0, 3: 75.0}


@functools.lru_cache(maxsize=65536)
def actor_key(name: str) -> str:
    """Comparison key of an actor name: ACLED's "(2000-)" suffixes and case do not matter."""
    return re.sub(r"[^0-9a-z]+", "", re.sub(r"\s*\([^)]*\)\s*$", "", name).lower())


@dataclass(frozen=True, slots=True)
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
    precision: int = 4  # geo precision; 4 = no place
    initiator: str = ""  # actor key of actor1
    target: str = ""  # actor key of actor2
    sub_type: str = ""


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
        precision=(event.geo_precision or 3) if located else 4,
        initiator=actor_key(event.actor1) if event.actor1 else "",
        target=actor_key(event.actor2) if event.actor2 else "",
        sub_type=event.sub_event_type or "",
    )


def _actors_conflict(a: _Item, b: _Item, disjoint: bool = True) -> bool:
    """Named actors that rule out one event: none shared (when ``disjoint`` counts), or the only ones
    shared swap roles across two kinds of event (the air force striking in one report, its soldiers
    attacked in the other)."""
    if not a.actors or not b.actors:
        return False
    shared = a.actors & b.actors
    if not shared:
        return disjoint
    if a.sub_type == b.sub_type:
        return False
    return all((k == a.initiator and k == b.target) or (k == a.target and k == b.initiator) for k in shared)


def _distance(a: _Item, b: _Item) -> Optional[tuple[int, float]]:
    """(date gap in days, distance in km) when ``a`` and ``b`` may be one event, else None."""
    if a.family != b.family or not a.documents.isdisjoint(b.documents):
        return None
    gap = max(0, b.start - a.end, a.start - b.end)
    if gap > max(a.days, b.days):
        return None
    if _actors_conflict(a, b):
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
    """Events of one tolerance class: per grid cell and overall, (day, index) pairs sorted by day.

    Cells and the overall lists are kept per type family too (only events of one family can be one event):
    a query returns only the events of its own family, but decides between cells and the whole date window
    on the counts of the whole class, so it returns the same candidates of that family as a query over the
    whole class would."""

    def __init__(self, days: int, km: float) -> None:
        self.days, self.km = days, km
        # Cells as wide as the class's own tolerance: a query then looks at about 3 x 3 cells.
        self.cell_degrees = max(km, 2.0) / _KM_PER_DEGREE
        self._cells: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
        self._all: list[tuple[int, int]] = []
        self._by_family: dict[str, list[tuple[int, int]]] = {}
        self._cell_of: dict[int, tuple[int, int]] = {}

    def add(self, i: int, item: _Item) -> None:
        for day in range(item.start, item.end + 1):
            self._all.append((day, i))
            self._by_family.setdefault(item.family, []).append((day, i))
            if item.lat is not None:
                self._cell_of[i] = (self._cell(item.lat), self._cell(item.lon))
                self._cells.setdefault((item.family, *self._cell_of[i]), []).append((day, i))

    def freeze(self) -> None:
        self._all.sort()
        self.all_days = [d for d, _ in self._all]
        self.families = {}
        self.family_cell_of: dict[str, list[Optional[tuple[int, int]]]] = {}  # per family, the cell of each entry (None: no place)
        for family_name, pairs in self._by_family.items():
            pairs.sort()
            self.families[family_name] = ([d for d, _ in pairs], [i for _, i in pairs])
            self.family_cell_of[family_name] = [self._cell_of.get(i) for _, i in pairs]
        self.cells = {}
        self.family_cells: dict[str, list[tuple[int, int, list[int], list[int]]]] = {}
        for cell, pairs in self._cells.items():
            pairs.sort()
            self.cells[cell] = ([d for d, _ in pairs], [i for _, i in pairs])
            self.family_cells.setdefault(cell[0], []).append((cell[1], cell[2], *self.cells[cell]))

    def _cell(self, degrees: float) -> int:
        return math.floor(degrees / self.cell_degrees)

    def candidates(self, item: _Item, found: set[int]) -> None:
        """Add to ``found`` the events of this class and of ``item``'s family that ``item`` could be, by day and cell."""
        family = self.families.get(item.family)
        if family is None:
            return
        window_days = max(item.days, self.days)
        first, last = item.start - window_days, item.end + window_days
        family_days, family_ids = family
        family_lo, family_hi = bisect_left(family_days, first), bisect_right(family_days, last)
        if family_lo == family_hi:
            return  # no event of the family in the date window, in any cell
        if item.lat is None:
            found.update(family_ids[family_lo:family_hi])
            return
        km = max(item.km, self.km)
        size = self.cell_degrees
        reach_lat = math.ceil(km / (_KM_PER_DEGREE * size))
        # Measured at the poleward edge of the window, so the reach covers every point within ``km``.
        poleward = min(89.0, abs(item.lat) + km / _KM_PER_DEGREE + size)
        reach_lon = math.ceil(km / (_KM_PER_DEGREE * size * math.cos(math.radians(poleward))))
        # Looking up a cell costs about as much as checking a few candidates: scan the
        # whole date window instead when it holds fewer events than there are cells.
        if (2 * reach_lat + 1) * (2 * reach_lon + 1) >= 4 * (bisect_right(self.all_days, last) - bisect_left(self.all_days, first)):
            found.update(family_ids[family_lo:family_hi])
            return
        cx, cy = self._cell(item.lat), self._cell(item.lon)
        listed = self.family_cells.get(item.family, ())
        if family_hi - family_lo <= min(len(listed), (2 * reach_lat + 1) * (2 * reach_lon + 1)):
            # fewer events of the family in the window than cells to look at: the located ones in reach, one by one
            cell_of = self.family_cell_of[item.family]
            for k in range(family_lo, family_hi):
                cell = cell_of[k]
                if cell is not None and abs(cell[0] - cx) <= reach_lat and abs(cell[1] - cy) <= reach_lon:
                    found.add(family_ids[k])
            return
        if len(listed) < (2 * reach_lat + 1) * (2 * reach_lon + 1):
            # fewer cells hold events than the query would look up: go through those instead
            for x, y, days, ids in listed:
                if abs(x - cx) <= reach_lat and abs(y - cy) <= reach_lon:
                    found.update(ids[bisect_left(days, first) : bisect_right(days, last)])
            return
        cells, family_name = self.cells, item.family
        for x in range(cx - reach_lat, cx + reach_lat + 1):
            for y in range(cy - reach_lon, cy + reach_lon + 1):
                entry = cells.get((family_name, x, y))
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
        lat = item.lat
        if lat is None and not item.full_actors:
            continue  # without a place, only an event with the same complete actor pair can be this one (_distance)
        for blocks, same in later[(item.days, item.km)]:
            found: set[int] = set()
            blocks.candidates(item, found)  # of item's type family only
            km = max(item.km, blocks.km)  # every event of the class has the class's tolerance
            for j in found:
                if same and j <= i:
                    continue
                other = items[j]
                # A cheap rejection before the full check: most candidates fail on latitude.
                if lat is not None and other.lat is not None and abs(other.lat - lat) * _KM_PER_DEGREE > km:
                    continue
                score = _distance(item, other)
                if score is not None:
                    edges[(min(i, j), max(i, j))] = score

    parent = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    linked: list[set[int]] = [set() for _ in items]  # the compatible pairs, as each event's set of partners
    for i, j in edges:
        linked[i].add(j)
        linked[j].add(i)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, (i, j) in sorted((score, pair) for pair, score in edges.items()):  # closest first; pairs are unique
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        left, right = members[ri], members[rj]
        if all(linked[a].issuperset(right) for a in left):  # complete linkage: every pair across is compatible
            parent[rj] = ri
            members[ri] = left + right
            del members[rj]
    groups = attach_coarse(items, sorted(members.values(), key=min))
    return [[events[i] for i in sorted(group)] for group in groups]


def _km(a: _Item, b: _Item) -> float:
    dy = a.lat - b.lat
    dx = (a.lon - b.lon) * a.cos_lat
    return _KM_PER_DEGREE * math.sqrt(dx * dx + dy * dy)


def _may_share_cluster(item: _Item, other: _Item) -> bool:
    """The pairwise part of _can_attach: the same kind of event, other documents, days within tolerance."""
    if other.family != item.family or not other.documents.isdisjoint(item.documents):
        return False
    return max(0, other.start - item.end, item.start - other.end) <= max(item.days, other.days)


def _can_attach(item: _Item, group: Sequence[_Item]) -> bool:
    """Whether a coarse report fits a cluster with a more precisely located report (see the module docstring)."""
    # The actors first: the cheapest test, and the one most clusters fail.
    known = frozenset().union(*(other.actors for other in group))
    if not item.actors <= known or (item.lat is None and not item.actors):
        return False
    if not all(_may_share_cluster(item, other) for other in group):
        return False
    if item.precision == 2 and not item.actors < known:
        return False  # as precise in place and as detailed in actors: a report of its own, not a coarse one
    if any(_actors_conflict(item, other, disjoint=False) for other in group):
        return False
    anchors = [other for other in group if other.lat is not None and other.precision <= min(item.precision, 3)]
    if item.lat is None:
        return bool(anchors)
    reach = COARSE_REACH_KM.get(item.precision, COARSE_REACH_KM[3])
    return any(_km(item, other) <= reach for other in anchors)


def attach_coarse(items: Sequence[_Item], groups: list[list[int]]) -> list[list[int]]:
    """Let lone unlocated or governorate-level reports join the one cluster they can belong to."""
    clusters = {min(g): list(g) for g in groups}
    home = {i: min(g) for g in groups for i in g}
    lone = [g[0] for g in groups if len(g) == 1 and items[g[0]].precision >= 2]
    if not lone:
        return groups
    # Blocking: clusters with a located member of the same kind of event within the item's date window (at
    # least a week) and reach. A cluster with a member that _can_attach rejects on its own (another kind of
    # event, the same document, too many days apart) cannot take the item, so such members are dropped here:
    # that leaves out only clusters that would fail, and spares building and checking them (most of the
    # ledger's time on long runs of undated, unlocated reports of one period).
    # Per family and date tolerance, so each item looks only as many days around it as _may_share_cluster allows.
    by_family: dict[str, dict[int, list[tuple[int, int]]]] = {}
    span: dict[tuple[str, int], int] = {}  # the longest date range of a report, per family and date tolerance
    for j, other in enumerate(items):
        if other.lat is not None:
            by_family.setdefault(other.family, {}).setdefault(other.days, []).append((other.start, j))
            span[other.family, other.days] = max(span.get((other.family, other.days), 0), other.end - other.start)
    index = {family: [(days, [d for d, _ in pairs], [j for _, j in pairs], span[family, days]) for days, pairs in sorted(tolerances.items())
                      for pairs in (sorted(pairs),)]
             for family, tolerances in by_family.items()}
    known: dict[int, frozenset[str]] = {}  # the actors of a cluster, by root

    def actors_of(root: int) -> frozenset[str]:
        if root not in known:
            known[root] = frozenset().union(*(items[j].actors for j in clusters[root]))
        return known[root]

    for i in sorted(lone, key=lambda i: (items[i].precision, i)):
        if len(clusters[home[i]]) != 1:
            continue  # another coarse report joined it: it is a cluster now
        item = items[i]
        if item.family not in index or (item.lat is None and not item.actors):
            continue  # _can_attach takes no report of that kind, nor an unlocated one naming nobody
        window = max(item.days, DATE_TOLERANCE_DAYS[2])
        nearby = []
        for tolerance, days, ids, longest in index[item.family]:
            # within the window, and starting late enough (and early enough) for the dates to agree
            reach = max(item.days, tolerance)
            first, last = max(item.start - window, item.start - reach - longest), min(item.end + window, item.end + reach)
            nearby += ids[bisect_left(days, first) : bisect_right(days, last)]
        if item.lat is not None:
            degrees = COARSE_REACH_KM.get(item.precision, COARSE_REACH_KM[3]) / _KM_PER_DEGREE
            nearby = [j for j in nearby if abs(items[j].lat - item.lat) <= degrees]
        nearby = [j for j in nearby if _may_share_cluster(item, items[j])]
        roots = {home[j] for j in nearby} - {home[i]}
        # _can_attach's first test, on each cluster's actors worked out once: most clusters fail it
        fits = [root for root in sorted(roots) if item.actors <= actors_of(root) and _can_attach(item, [items[j] for j in clusters[root]])]
        if len(fits) == 1:
            clusters[fits[0]].append(i)
            known.pop(fits[0], None)
            del clusters[home[i]]
            home[i] = fits[0]
    return sorted(clusters.values(), key=min)
