"""The document's focus: the countries, first-order units and places that its names point to.

A first pass resolves each name alone; its picks (with a confidence) become the focus that the second
pass scores candidates against (``resolve.score_candidates``). Each name is resolved in the focus of
the document's *other* names (``focus_by_name``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

import numpy as np

from .gazetteer import Gazetteer

# Country shares are normalised over at least this much evidence (one confident pick): two names that barely
# chose ("Crescent", "Enfield" of a north London article: a coin toss among American towns) must not make a
# country the document's whole focus.
FOCUS_MIN_EVIDENCE = 1.0


@dataclass
class Focus:
    """What the whole document says: its countries (weights sum to 1) and its places so far."""

    countries: dict[str, float] = field(default_factory=dict)
    points: list[tuple[float, float]] = field(default_factory=list)
    monitored: frozenset[str] = frozenset()  # the monitor's theatre (Settings.focus_countries)
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)  # (country, admin1 code) -> weight
    # Close runner-up readings of the document's names (points): a place near one of them is coherent with the
    # document even when that name's own first pick went elsewhere (see ``geoparse._alternatives``).
    alternatives: list[tuple[float, float]] = field(default_factory=list)
    live: frozenset[tuple[str, int]] = frozenset()  # (lower-cased name, row) of picks and close runners-up: only they earn it

    # ``points`` then ``alternatives`` in radians, when the caller computed them once for several foci sharing them.
    radians: Optional[np.ndarray] = None

    def point_array(self) -> np.ndarray:
        """``points`` then ``alternatives`` as one (n, 2) array of radians."""
        if self.radians is not None:
            return self.radians
        return np.radians(np.asarray(list(self.points) + list(self.alternatives), dtype=np.float64).reshape(-1, 2))


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
    total = max(sum(w for w in weights.values() if w > 0), FOCUS_MIN_EVIDENCE)
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
