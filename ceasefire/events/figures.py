"""Fatality figures of one event from the claims of its independent sources.

The rule (modelled on UCDP GED's low / best / high estimates):

1. **One voice per source.** Claims are grouped by independent source
   (:mod:`ceasefire.events.sources`), kind and scope (the side a figure is
   about, or the event as a whole). Within a group only the latest report
   counts: later publication date first; on the same date the higher lower
   bound, because running tolls grow as bodies are counted. Earlier figures stay
   listed, marked ``status="superseded"`` (or ``"repeated"`` when unchanged);
   identical claims from syndicated copies are marked ``"duplicate"``.
2. **Per scope, each source is an interval** ``[low, high]``: "27" is [27, 27],
   "more than 16" is [17, open), "between 250 and 300" is [250, 300].
   *Consistent* sources (the intervals overlap) narrow the figure to their
   intersection: SOHR's 27 and a military source's "more than 16" give 27.
   *Conflicting* sources widen it: low = the lowest lower bound, high = the
   highest upper bound (open when a source's figure is open-ended).
3. **best** is the point figure of the most detailed claim: an exact unhedged
   number before a hedged one ("about 30"), before a range (its midpoint), before
   an open-ended figure (its lower bound); ties go to the lower figure
   (conservative). It is clipped into [low, high].
4. **Total** = the sum of the per-side figures, reconciled with any claims about
   the whole event ("about 30 were killed on both sides") by rule 2; the per-side
   sum counts as the most detailed estimate.
5. **Running totals** (a toll over a period, "raises to 80 the number of their
   casualties since the start" beside the event's own count: ``nlp.casualties``)
   are marked ``status="running total"`` and left out: they count other events too.
6. **disputed** when conflicting sources are more than ``threshold`` (25 %)
   apart — ``(max lower bound - min upper bound) / max lower bound`` — or when a
   current claim's hedge says the figure is disputed.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Optional, Sequence

from ..models import Claim
from ..nlp.casualties import is_running_total  # the one running-total test, shared with the claim builder
from .sources import SourceIndex

NUMERIC_KINDS = ("fatalities", "injured", "captured", "displaced", "besieged", "evacuated", "missing")
DISPUTE_THRESHOLD = 0.25
_OPEN = math.inf
_APPROXIMATE = re.compile(r"about|approximately|around|estimat|nearly|almost|some|roughly|unconfirmed|reported", re.I)
# compiled once: side_resolver's ``side`` runs for every claim of every event
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_CIVILIAN = re.compile(r"civilian", re.I)
_PARENTHESISED_SUFFIX = re.compile(r"\s*\(.*?\)\s*$")


@dataclass(frozen=True)
class Estimate:
    """A reconciled figure; ``high`` None means no upper bound was stated."""

    low: int
    best: int
    high: Optional[int]
    rank: int = 0  # detail of the claim behind ``best`` (0 exact .. 3 open-ended)
    conflict: float = 0.0  # relative gap between conflicting sources, 0 when they agree


@dataclass(frozen=True)
class Figures:
    low: Optional[int] = None
    best: Optional[int] = None
    high: Optional[int] = None
    by_side: tuple[tuple[str, int, Optional[int]], ...] = ()
    disputed: bool = False
    claims: tuple[Claim, ...] = ()  # every claim, status set
    current: tuple[Claim, ...] = ()  # the claims the figures rest on


def _interval(claim: Claim) -> tuple[float, float]:
    low = claim.value_low if claim.value_low is not None else claim.value_high
    high = claim.value_high if claim.value_high is not None else _OPEN
    return float(low), float(high)


def _detail(claim: Claim) -> tuple[int, int]:
    """(rank, point figure): how specific the claim is and the single number it stands for."""
    low, high = _interval(claim)
    if high == _OPEN:
        return 3, int(low)
    if low == high:
        return (1 if claim.hedge and _APPROXIMATE.search(claim.hedge) else 0), int(low)
    return 2, int((low + high) // 2)


def combine(intervals: Sequence[tuple[float, float, int, int]]) -> Estimate:
    """Reconcile (low, high, rank, point) figures of independent voices by rules 2 and 3."""
    lows = [i[0] for i in intervals]
    highs = [i[1] for i in intervals]
    if max(lows) <= min(highs):
        low, high, conflict = max(lows), min(highs), 0.0
    else:
        low, high = min(lows), max(highs)
        conflict = (max(lows) - min(highs)) / max(lows) if max(lows) else 0.0
    rank, point = min((i[2], i[3]) for i in intervals)
    best = min(max(point, low), high)
    return Estimate(int(low), int(best), None if high == _OPEN else int(high), rank, conflict)


def _side_key(name: str) -> str:
    return _NOT_KEY.sub("", name.lower())


def side_resolver(actors: Sequence[Optional[str]], canonical: Optional[Callable[[str], str]] = None) -> Callable[[Optional[str]], Optional[str]]:
    """Map a claim's ``about`` to a side name: an event actor when it names one, "Civilians", or itself."""
    known = [a for a in actors if a]

    def side(about: Optional[str]) -> Optional[str]:
        if not about or not about.strip():
            return None
        name = canonical(about) if canonical else about.strip()
        if _CIVILIAN.search(name):
            return "Civilians"
        key = _side_key(name)
        for actor in known:
            actor_key = _side_key(_PARENTHESISED_SUFFIX.sub("", actor))
            if key and (key == actor_key or key == _side_key(actor)):
                return actor
        return name

    return side


def mark_duplicates_and_revisions(claims: Iterable[Claim], index: SourceIndex, side_of: Callable[[Optional[str]], Optional[str]]) -> tuple[list[Claim], list[Claim]]:
    """Set ``status`` on every numeric claim; returns (all claims, current claims) in input order."""
    # A claim is copied only when its status changes: most claims have none before and after, and copying
    # each claim twice was a third of assembling an event.
    claims = [c if c.status is None else dataclasses.replace(c, status=None) for c in claims]
    status: dict[int, str] = {}
    groups: dict[tuple, list[int]] = {}
    seen_copies: dict[tuple, int] = {}
    for i, claim in enumerate(claims):
        if claim.kind not in NUMERIC_KINDS or (claim.value_low is None and claim.value_high is None):
            continue
        if is_running_total(claim):
            status[i] = "running total"
            continue
        scope = side_of(claim.about)
        source = index.attribution(claim).key
        copy_key = (index.syndication_group(claim.document_id), claim.kind, scope, source, claim.value_low, claim.value_high)
        first = seen_copies.setdefault(copy_key, i)
        if first != i and claims[first].document_id != claim.document_id:
            status[i] = "duplicate"
            continue
        groups.setdefault((claim.kind, scope, source), []).append(i)
    for members in groups.values():
        def order(i: int) -> tuple:
            published = index.published(claims[i].document_id) or date.min
            return (published, _interval(claims[i])[0], claims[i].document_id, claims[i].start)

        members.sort(key=order)
        latest = claims[members[-1]]
        for i in members[:-1]:
            same = (claims[i].value_low, claims[i].value_high) == (latest.value_low, latest.value_high)
            status[i] = "repeated" if same else "superseded"
    marked = [dataclasses.replace(c, status=status[i]) if i in status else c for i, c in enumerate(claims)]
    current = [c for i, c in enumerate(marked) if i not in status and c.kind in NUMERIC_KINDS and (c.value_low is not None or c.value_high is not None)]
    return marked, current


def reconcile(
    claims: Sequence[Claim],
    index: SourceIndex,
    side_of: Optional[Callable[[Optional[str]], Optional[str]]] = None,
    kind: str = "fatalities",
    threshold: float = DISPUTE_THRESHOLD,
) -> Figures:
    """Low / best / high, per-side figures and the disputed flag for one event's claims of ``kind``."""
    side_of = side_of or side_resolver(())
    marked, current = mark_duplicates_and_revisions(claims, index, side_of)
    current = [c for c in current if c.kind == kind]
    if not current:
        return Figures(claims=tuple(marked))
    by_scope: dict[Optional[str], list[Claim]] = {}
    for claim in current:
        by_scope.setdefault(side_of(claim.about), []).append(claim)

    sides: dict[str, Estimate] = {}
    for scope, group in by_scope.items():
        if scope is not None:
            sides[scope] = combine([(*_interval(c), *_detail(c)) for c in group])
    voices: list[tuple[float, float, int, int]] = []
    if sides:
        total_high = None if any(e.high is None for e in sides.values()) else sum(e.high for e in sides.values())
        # Rank -1 puts the per-side sum ahead of equally specific whole-event figures.
        rank = max(e.rank for e in sides.values()) - 1
        voices.append((sum(e.low for e in sides.values()), _OPEN if total_high is None else total_high, rank, sum(e.best for e in sides.values())))
    voices += [(*_interval(c), *_detail(c)) for c in by_scope.get(None, [])]
    total = combine(voices)

    conflicts = [e.conflict for e in sides.values()] + [total.conflict]
    disputed = max(conflicts) > threshold or any(c.hedge and "disput" in c.hedge.lower() for c in current)
    by_side = tuple((name, e.low, e.high) for name, e in sorted(sides.items()))
    return Figures(total.low, total.best, total.high, by_side, disputed, tuple(marked), tuple(current))
