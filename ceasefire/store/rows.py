"""Conversions between the frozen records and database rows (shared by the backends)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any, Optional

from ..models import Claim, Document, Event, Mention, Place, Toponym, Violation

DOCUMENT_COLUMNS = [f.name for f in dataclasses.fields(Document)]
MENTION_COLUMNS = ["id"] + [f.name for f in dataclasses.fields(Mention)]
CLAIM_COLUMNS = [f.name for f in dataclasses.fields(Claim)]
EVENT_COLUMNS = [f.name for f in dataclasses.fields(Event)]
VIOLATION_COLUMNS = [f.name for f in dataclasses.fields(Violation)]

_EVENT_JSON = {"fatalities_by_side", "sources", "claims", "documents", "mention_ids"}


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The claim as the stable JSONL shape (``span`` instead of start/end)."""
    out = dataclasses.asdict(claim)
    out["span"] = [out.pop("start"), out.pop("end")]
    return out


def claim_from_json(data: dict[str, Any]) -> Claim:
    data = dict(data)
    if "span" in data:
        data["start"], data["end"] = data.pop("span")
    known = {f.name for f in dataclasses.fields(Claim)}
    return Claim(**{k: v for k, v in data.items() if k in known})


def _as_date(value: Any) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def document_row(doc: Document) -> list[Any]:
    return [list(doc.tags) if f == "tags" else getattr(doc, f) for f in DOCUMENT_COLUMNS]


def document_from_row(row: dict[str, Any]) -> Document:
    values = {f: row[f] for f in DOCUMENT_COLUMNS}
    values["tags"] = tuple(values["tags"] or ())
    values["published"] = _as_date(values["published"])
    values["original_published"] = _as_date(values["original_published"])
    return Document(**values)


def mention_row(mention: Mention) -> list[Any]:
    return [mention.id] + [getattr(mention, f) for f in MENTION_COLUMNS[1:]]


def mention_from_row(row: dict[str, Any]) -> Mention:
    return Mention(**{f: row[f] for f in MENTION_COLUMNS[1:]})


def claim_row(claim: Claim) -> list[Any]:
    return [getattr(claim, f) for f in CLAIM_COLUMNS]


def claim_from_row(row: dict[str, Any]) -> Claim:
    return Claim(**{f: row[f] for f in CLAIM_COLUMNS})


def event_row(event: Event) -> list[Any]:
    out = []
    for f in EVENT_COLUMNS:
        value = getattr(event, f)
        if f == "claims":
            value = json.dumps([claim_to_json(c) for c in value])
        elif f in _EVENT_JSON:
            value = json.dumps(list(value))
        out.append(value)
    return out


def event_from_row(row: dict[str, Any]) -> Event:
    values = {f: row[f] for f in EVENT_COLUMNS}
    values["claims"] = tuple(claim_from_json(c) for c in json.loads(values["claims"] or "[]"))
    values["fatalities_by_side"] = tuple(tuple(s) for s in json.loads(values["fatalities_by_side"] or "[]"))
    for f in ("sources", "documents", "mention_ids"):
        values[f] = tuple(json.loads(values[f] or "[]"))
    values["event_date"] = _as_date(values["event_date"])
    values["date_end"] = _as_date(values["date_end"])
    values["disputed"] = bool(values["disputed"])
    return Event(**values)


# The stable shape of a document listing (``ceasefire documents --format json``, ``GET /documents``).
DOCUMENT_LISTING_FIELDS = ("id", "url", "title", "publisher", "byline", "original_source", "published", "language", "chars")


def document_listing(document: Document) -> dict[str, Any]:
    """The document's metadata in ``DOCUMENT_LISTING_FIELDS`` order, with its length in characters."""
    row = {name: getattr(document, name) for name in DOCUMENT_LISTING_FIELDS if name != "chars"}
    row["published"] = document.published.isoformat() if document.published else None
    row["chars"] = len(document.text)
    return row


def event_to_json(event: Event) -> dict[str, Any]:
    """The event as the stable ``ceasefire events --format jsonl`` object."""
    out = dataclasses.asdict(event)
    out["event_date"] = event.event_date.isoformat()
    out["date_end"] = event.date_end.isoformat() if event.date_end else None
    out["claims"] = [claim_to_json(c) for c in event.claims]
    for f in ("sources", "documents", "mention_ids"):
        out[f] = list(out[f])
    out["fatalities_by_side"] = [list(s) for s in event.fatalities_by_side]
    return out


def violation_row(violation: Violation) -> list[Any]:
    return [
        json.dumps([claim_to_json(c) for c in violation.claims]) if f == "claims" else getattr(violation, f)
        for f in VIOLATION_COLUMNS
    ]


def violation_from_row(row: dict[str, Any]) -> Violation:
    values = {f: row[f] for f in VIOLATION_COLUMNS}
    values["claims"] = tuple(claim_from_json(c) for c in json.loads(values["claims"] or "[]"))
    values["event_date"] = _as_date(values["event_date"])
    return Violation(**values)


TOPONYM_COLUMNS = ["document_id", "start", "end", "text", "geo_precision", "relation", "place"]


_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))


def toponym_row(toponym: Toponym) -> list[Any]:
    place = None
    if toponym.place is not None:
        # Place's fields are plain values, so a field dict gives asdict's JSON without its deep copy (an eighth of a store write's CPU).
        place = json.dumps({name: getattr(toponym.place, name) for name in _PLACE_FIELDS})
    return [toponym.document_id, toponym.start, toponym.end, toponym.text, toponym.geo_precision, toponym.relation, place]


def toponym_from_row(row: dict[str, Any]) -> Toponym:
    place = None
    if row["place"]:
        data = json.loads(row["place"])
        data["alternate_names"] = tuple(data.get("alternate_names") or ())
        place = Place(**data)
    return Toponym(
        document_id=row["document_id"], start=row["start"], end=row["end"], text=row["text"],
        place=place, geo_precision=row["geo_precision"], relation=row["relation"],
    )
