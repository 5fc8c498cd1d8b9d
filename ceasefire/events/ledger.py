"""The text ledger: per-document events, clustered across documents, merged into canonical events.

A canonical event takes each field from its most precise report: the date of
the report with the finest time precision (the most frequent such date, then
the earliest), the place of the report with the finest geo precision (the most
frequent such place, then the place of the most detailed report: both actors
named, most claims), the most frequent type and actors; its figures are
reconciled from every claim of every report (:mod:`ceasefire.events.figures`).
Imported events (UCDP, ACLED) are never merged into text events.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..models import Event, Toponym
from ..settings import Settings
from ..store.base import Store
from .assemble import UNDATED, ActorResolver, Locator, assemble_events, canonical_name, default_actors, event_id_for, with_note
from .cluster import actor_key, cluster_events
from .figures import reconcile, side_resolver
from .sources import SourceIndex, source_key

log = logging.getLogger(__name__)
# Document ids named in the ledger's one warning about undated events.
UNDATED_SHOWN = 5


def _most_common(values: Iterable[Any]) -> Any:
    """The most frequent value, ties to the first seen (the members are in a fixed order)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    counts = Counter(values)
    top = max(counts.values())
    return next(v for v in values if counts[v] == top)


def merge_cluster(members: Sequence[Event], index: SourceIndex, actors: Optional[ActorResolver] = None) -> Event:
    """One canonical event from the per-document events of one cluster."""
    members = sorted(members, key=lambda e: (index.published(e.documents[0]) if e.documents else None) or e.event_date)
    finest_time = min(m.time_precision for m in members)
    dated = [m for m in members if m.time_precision == finest_time]
    day = _most_common(m.event_date for m in dated)
    day = min((m.event_date for m in dated if m.event_date == day), default=day)
    ends = {m.date_end for m in dated if m.event_date == day}
    date_end = ends.pop() if len(ends) == 1 else None

    located = [m for m in members if m.latitude is not None]
    where = None
    if located:
        finest_geo = min(m.geo_precision or 3 for m in located)
        at_finest = [m for m in located if (m.geo_precision or 3) == finest_geo]
        # The most frequent place; between equally frequent ones, the place of the most detailed report
        # (both actors named, then the most claims): "near Masasneh" over a headline's "north of Hama".
        counts = Counter(m.location for m in at_finest)
        where = min(at_finest, key=lambda m: (-counts[m.location], -(bool(m.actor1) + bool(m.actor2)), -len(m.claims)))

    kind = _most_common((m.event_type, m.sub_event_type) for m in members)
    actor1 = _most_common(m.actor1 for m in members)
    actor2 = _most_common(a for m in members for a in (m.actor2, m.actor1) if a and actor_key(a) != actor_key(actor1 or ""))
    inter = {actor_key(a): i for m in members for a, i in ((m.actor1, m.inter1), (m.actor2, m.inter2)) if a and i}

    claims = [c for m in members for c in m.claims]
    figures = reconcile(claims, index, side_resolver((actor1, actor2), canonical_name(actors)))
    sources: dict[str, str] = {}
    for claim in figures.current:
        attribution = index.attribution(claim)
        sources.setdefault(attribution.key, attribution.name)
    for member in members:
        for name in member.sources:
            sources.setdefault(source_key(name), name)
    mention_ids = sorted({i for m in members for i in m.mention_ids})
    fields = dict(
        event_id=event_id_for(mention_ids) if mention_ids else members[0].event_id,
        event_date=day,
        date_end=date_end,
        time_precision=finest_time,
        event_type=kind[0],
        sub_event_type=kind[1],
        actor1=actor1,
        actor2=actor2,
        inter1=inter.get(actor_key(actor1)) if actor1 else None,
        inter2=inter.get(actor_key(actor2)) if actor2 else None,
        country=where.country if where else _most_common(m.country for m in members),
        admin1=where.admin1 if where else _most_common(m.admin1 for m in members),
        admin2=where.admin2 if where else None,
        location=where.location if where else None,
        latitude=where.latitude if where else None,
        longitude=where.longitude if where else None,
        geo_precision=where.geo_precision if where else None,
        fatalities_low=figures.low,
        fatalities_best=figures.best,
        fatalities_high=figures.high,
        fatalities_by_side=figures.by_side,
        disputed=figures.disputed,
        sources=tuple(sources.values()),
        claims=figures.claims,
        documents=tuple(sorted({d for m in members for d in m.documents})),
        mention_ids=tuple(mention_ids),
        origin="text",
    )
    return with_note(fields, figures.claims, index)


def text_events(
    store: Store,
    toponyms: Optional[Mapping[str, Sequence[Toponym]] | Sequence[Toponym]] = None,
    locate: Optional[Locator] = None,
    actors: Optional[ActorResolver] = None,
) -> list[Event]:
    """The canonical text events of everything in the store (nothing written)."""
    documents = store.documents()
    index = SourceIndex(documents)
    actors = actors if actors is not None else default_actors()
    by_doc: dict[str, dict[str, list]] = {}
    for mention in store.mentions():
        by_doc.setdefault(mention.document_id, {"m": [], "c": []})["m"].append(mention)
    for claim in store.claims():
        by_doc.setdefault(claim.document_id, {"m": [], "c": []})["c"].append(claim)
    places = _toponyms_by_document(store, toponyms)
    per_document: list[Event] = []
    undated: dict[str, int] = {}
    for document in documents:
        records = by_doc.get(document.id)
        if not records or not records["m"]:
            continue
        per_document += assemble_events(document, records["m"], records["c"], places.get(document.id, []), locate=locate,
                                        actors=actors, index=index, undated=undated)
    if undated:
        # One line for the ledger: an undated archive (1,500 MUC-4 reports in the benchmark) printed a line per document.
        shown = ", ".join(doc_id[:12] for doc_id in list(undated)[:UNDATED_SHOWN])
        more = f" and {len(undated) - UNDATED_SHOWN} more" if len(undated) > UNDATED_SHOWN else ""
        log.warning("ledger: %d event(s) of %d document(s) left out: %s (give the documents their publication date): %s%s",
                    sum(undated.values()), len(undated), UNDATED, shown, more)
    clusters = cluster_events(per_document)
    merged = [merge_cluster(c, index, actors) if len(c) > 1 else c[0] for c in clusters]
    log.info("ledger: %d document events in %d clusters", len(per_document), len(merged))
    return merged


def _toponyms_by_document(store: Store, toponyms: Any) -> dict[str, list[Toponym]]:
    if toponyms is None:
        reader = getattr(store, "toponyms", None)
        toponyms = reader() if callable(reader) else []
    if isinstance(toponyms, Mapping):
        return {k: list(v) for k, v in toponyms.items()}
    out: dict[str, list[Toponym]] = {}
    for toponym in toponyms:
        out.setdefault(toponym.document_id, []).append(toponym)
    return out


def build_ledger(
    store: Store,
    settings: Optional[Settings] = None,
    toponyms: Optional[Mapping[str, Sequence[Toponym]] | Sequence[Toponym]] = None,
    locate: Optional[Locator] = None,
    actors: Optional[ActorResolver] = None,
) -> int:
    """Rebuild the text-origin events from the stored mentions, claims and toponyms; returns how many."""
    events = text_events(store, toponyms, locate, actors)
    with store.transaction():
        store.delete_events("text")
        store.write_events(events)
    return len(events)
