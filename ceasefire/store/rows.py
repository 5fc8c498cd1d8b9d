"""Conversions between the frozen records and database rows (shared by the backends)."""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
from datetime import date
from typing import Any, Optional, Sequence

from ..models import Claim, Document, Event, Mention, Place, Toponym, Violation

DOCUMENT_COLUMNS = [f.name for f in dataclasses.fields(Document)]
MENTION_COLUMNS = ["id"] + [f.name for f in dataclasses.fields(Mention)]
CLAIM_COLUMNS = [f.name for f in dataclasses.fields(Claim)]
EVENT_COLUMNS = [f.name for f in dataclasses.fields(Event)]
VIOLATION_COLUMNS = [f.name for f in dataclasses.fields(Violation)]

_EVENT_JSON = {"fatalities_by_side", "sources", "claims", "documents", "mention_ids"}


_CLAIM_FIELDS = frozenset(CLAIM_COLUMNS)
_CLAIM_JSON_FIELDS = tuple(name for name in CLAIM_COLUMNS if name not in ("start", "end"))
_claim_json_values = operator.attrgetter(*_CLAIM_JSON_FIELDS)


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The claim as the stable JSONL shape (``span`` instead of start/end)."""
    # Claim's fields are plain values: a field dict is asdict's result without its recursive copy (a third of
    # writing the ledger's events).
    out = dict(zip(_CLAIM_JSON_FIELDS, _claim_json_values(claim)))
    out["span"] = [claim.start, claim.end]
    return out


# The keys claim_to_json writes, in its order; start and end are fields next to each other.
_CLAIM_JSON_KEYS = _CLAIM_JSON_FIELDS + ("span",)
_SPAN_AT = CLAIM_COLUMNS.index("start")
assert CLAIM_COLUMNS[_SPAN_AT + 1] == "end"


def claim_from_json(data: dict[str, Any]) -> Claim:
    if tuple(data) == _CLAIM_JSON_KEYS:  # claim_to_json's shape (every stored event's claims): by position
        values = list(data.values())
        return Claim(*values[:_SPAN_AT], *values[-1], *values[_SPAN_AT:-1])
    data = dict(data)
    if "span" in data:
        data["start"], data["end"] = data.pop("span")
    return Claim(**{k: v for k, v in data.items() if k in _CLAIM_FIELDS})


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


def mention_from_values(values: Sequence[Any]) -> Mention:
    """A mention from the values of a row in ``MENTION_COLUMNS`` order (the fields' order, after ``id``)."""
    return Mention(*values[1:])


def claim_row(claim: Claim) -> list[Any]:
    return [getattr(claim, f) for f in CLAIM_COLUMNS]


def claim_from_row(row: dict[str, Any]) -> Claim:
    return Claim(**{f: row[f] for f in CLAIM_COLUMNS})


def claim_from_values(values: Sequence[Any]) -> Claim:
    """A claim from the values of a row in ``CLAIM_COLUMNS`` order (the fields' order)."""
    return Claim(*values)


_event_values = operator.attrgetter(*EVENT_COLUMNS)
_EVENT_JSON_POSITIONS = tuple(n for n, f in enumerate(EVENT_COLUMNS) if f in _EVENT_JSON and f != "claims")
_EVENT_CLAIMS_POSITION = EVENT_COLUMNS.index("claims")


def event_row(event: Event) -> list[Any]:
    out = list(_event_values(event))
    for n in _EVENT_JSON_POSITIONS:
        out[n] = json.dumps(list(out[n]))
    out[_EVENT_CLAIMS_POSITION] = json.dumps([claim_to_json(c) for c in event.claims])
    return out


def event_from_row(row: dict[str, Any]) -> Event:
    return event_from_values([row[f] for f in EVENT_COLUMNS])


_AT = {name: n for n, name in enumerate(EVENT_COLUMNS)}
_EVENT_LIST_POSITIONS = (_AT["sources"], _AT["documents"], _AT["mention_ids"])


def event_from_values(row: Sequence[Any]) -> Event:
    """An event from the values of a row in ``EVENT_COLUMNS`` order (the fields' order)."""
    values = list(row)
    values[_EVENT_CLAIMS_POSITION] = tuple(claim_from_json(c) for c in json.loads(values[_EVENT_CLAIMS_POSITION] or "[]"))
    values[_AT["fatalities_by_side"]] = tuple(tuple(s) for s in json.loads(values[_AT["fatalities_by_side"]] or "[]"))
    for n in _EVENT_LIST_POSITIONS:
        values[n] = tuple(json.loads(values[n] or "[]"))
    values[_AT["event_date"]] = _as_date(values[_AT["event_date"]])
    values[_AT["date_end"]] = _as_date(values[_AT["date_end"]])
    values[_AT["disputed"]] = bool(values[_AT["disputed"]])
    return Event(*values)


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

# A total order of each table's rows, so that what a store reads back does not depend on the order the rows were
# written in (it did for claims sharing a start, e.g. one date claimed for two mentions: the ledger's events then
# listed their claims in the order the workers' results had arrived). Text compares byte by byte in both backends.
MENTION_ORDER = ("document_id", "start", "end", "id")
CLAIM_ORDER = ("document_id", "start", "end", "mention_id", "kind", "value_text", "about", "source", "publisher",
               "hedge", "wording", "status", "value_low", "value_high", "precision")
TOPONYM_ORDER = ("document_id", "start", "end", "text")
_NOT_TEXT = {"start", "end", "value_low", "value_high", "precision"}


def order_by(columns: Sequence[str], collate: str = "") -> str:
    """An ORDER BY list; ``collate`` (e.g. ' COLLATE "C"') is added to the text columns."""
    return ", ".join(f'"{c}"' + ("" if c in _NOT_TEXT else collate) for c in columns)


_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))
_place_values = operator.attrgetter(*_PLACE_FIELDS)


def place_to_json(place: Optional[Place]) -> Optional[str]:
    """A toponym's place as stored. Place's fields are plain values, so a field dict gives asdict's JSON without its
    deep copy (an eighth of a store write's CPU)."""
    return None if place is None else json.dumps(dict(zip(_PLACE_FIELDS, _place_values(place))))


def toponym_row(toponym: Toponym) -> list[Any]:
    return [toponym.document_id, toponym.start, toponym.end, toponym.text, toponym.geo_precision, toponym.relation,
            place_to_json(toponym.place)]


@functools.lru_cache(maxsize=16384)
def place_from_json(text: str) -> Place:
    """The place of a stored toponym. Memoised: a corpus names the same few thousand places again and again, and
    decoding them was most of reading the toponyms back (places are frozen, so toponyms can share one)."""
    data = json.loads(text)
    data["alternate_names"] = tuple(data.get("alternate_names") or ())
    return Place(**data)


def toponym_from_row(row: dict[str, Any]) -> Toponym:
    return toponym_from_values(row["document_id"], row["start"], row["end"], row["text"], row["geo_precision"], row["relation"], row["place"])


def toponym_from_values(document_id: str, start: int, end: int, text: str, geo_precision: Optional[int], relation: Optional[str],
                        place: Optional[str]) -> Toponym:
    """A toponym from the values of a row in ``TOPONYM_COLUMNS`` order."""
    return Toponym(document_id=document_id, start=start, end=end, text=text, place=place_from_json(place) if place else None,
                   geo_precision=geo_precision, relation=relation)
