"""The worst misses: gold events nothing matched, with their text, what we produced and a likely cause.

Misses whose place is named in a cited headline come first (the flow had
what it needed), then the deadliest. The cause looks only at events produced
from the same documents:

- ``no event``: no event came from its documents (event typing, or the ledger dropped it);
- ``no location``: events came, none with coordinates (geo);
- ``too far``: the nearest same-day event is beyond the distance limit (geo);
- ``wrong date``: an event is close enough but outside the date window (dates);
- ``taken``: a compatible event was matched to another gold event (ledger: one event for several).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..models import Event
from .ged import TYPE_OF_VIOLENCE, GoldEvent
from .matching import Match, date_compatible, haversine_km, max_distance_km


def _produced_row(event: Event, gold: GoldEvent, matched_to: dict[str, str]) -> dict:
    located = event.latitude is not None and event.longitude is not None
    return {
        "event_id": event.event_id,
        "event_date": event.event_date.isoformat(),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "distance_km": round(haversine_km(gold.latitude, gold.longitude, event.latitude, event.longitude), 1) if located else None,
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "matched_to": matched_to.get(event.event_id),
    }


def miss_cause(gold: GoldEvent, produced: Sequence[Event], matched_to: dict[str, str]) -> str:
    if not produced:
        return "no event"
    located = [e for e in produced if e.latitude is not None and e.longitude is not None]
    if not located:
        return "no location"
    limit = max_distance_km(gold)
    near = [e for e in located if haversine_km(gold.latitude, gold.longitude, e.latitude, e.longitude) <= limit]
    in_window = [e for e in near if date_compatible(e.event_date, gold)]
    if in_window:
        # Greedy assignment leaves no compatible pair unused, so these went to other gold events.
        return "taken"
    if near:
        return "wrong date"
    return "too far"


@dataclass(frozen=True)
class Misses:
    worst: list[dict]  # the ``limit`` worst, described
    causes: dict[str, int]  # cause -> count, over every miss
    causes_place_named: dict[str, int]  # the same over misses whose place a headline names


def describe_misses(
    gold: Sequence[GoldEvent],
    matches: Sequence[Match],
    predicted: Sequence[Event],
    named_ids: set[str],
    document_ids: dict[tuple[str, str, str], str],
    sampled: set[tuple[str, str, str]],
    texts: dict[str, str],
    limit: int,
) -> Misses:
    """Every unmatched gold event's cause; the ``limit`` worst with documents, our events and UCDP's coding."""
    matched_gold = {m.gold.id for m in matches}
    matched_to = {m.predicted.event_id: m.gold.id for m in matches}
    by_document: dict[str, list[Event]] = {}
    for event in predicted:
        for doc_id in event.documents:
            by_document.setdefault(doc_id, []).append(event)
    missed = [e for e in gold if e.id not in matched_gold]
    missed.sort(key=lambda e: (e.id not in named_ids, -e.best, e.date_start, e.id))
    rows = []
    causes: Counter[str] = Counter()
    causes_named: Counter[str] = Counter()
    for rank, event in enumerate(missed):
        cited = [(c, document_ids[c.key]) for c in event.citations if c.key in sampled and c.key in document_ids]
        produced = list({e.event_id: e for _, d in cited for e in by_document.get(d, [])}.values())
        cause = miss_cause(event, produced, matched_to)
        causes[cause] += 1
        if event.id in named_ids:
            causes_named[cause] += 1
        if rank >= limit:
            continue
        rows.append(
            {
                "ucdp_id": event.id,
                "cause": cause,
                "place_named": event.id in named_ids,
                "documents": [
                    {"id": doc_id, "publisher": c.publisher, "published": c.published.isoformat() if c.published else None, "text": texts[doc_id]}
                    for c, doc_id in cited
                ],
                "produced": [_produced_row(e, event, matched_to) for e in produced],
                "ucdp": {
                    "date_start": event.date_start.isoformat(),
                    "date_end": event.date_end.isoformat(),
                    "where": event.where_coordinates,
                    "where_prec": event.where_prec,
                    "admin1": event.admin1,
                    "latitude": event.latitude,
                    "longitude": event.longitude,
                    "type_of_violence": TYPE_OF_VIOLENCE.get(event.type_of_violence, str(event.type_of_violence)),
                    "side_a": event.side_a,
                    "side_b": event.side_b,
                    "low": event.low,
                    "best": event.best,
                    "high": event.high,
                },
            }
        )
    return Misses(rows, dict(causes.most_common()), dict(causes_named.most_common()))
