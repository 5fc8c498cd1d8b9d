"""The store interface: one narrow API, several backends (DuckDB embedded, PostGIS server).

Writes are idempotent: documents are keyed by their content hash, events by
their id, so running the same input twice changes nothing.
"""

from __future__ import annotations

import abc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Iterator, Optional, Sequence

from ..models import Claim, Document, Event, Mention, Toponym, Violation


@dataclass(frozen=True)
class EventFilter:
    """Which events a query wants: period, origin, distance from ``near`` (lat, lon), actor, type, country; only located ones."""

    since: Optional[date] = None
    until: Optional[date] = None
    origin: Optional[str] = None
    near: Optional[tuple[float, float]] = None
    km: Optional[float] = None
    actor: Optional[str] = None
    event_type: Optional[str] = None
    country: Optional[str] = None
    located: bool = False  # only events with coordinates

    @property
    def radius_m(self) -> float:
        return (self.km if self.km is not None else 10.0) * 1000.0

    def conditions(self, mark: str) -> tuple[list[str], list[Any]]:
        """SQL conditions and their parameters for everything but ``near``, with ``mark`` as the placeholder.

        The distance condition is the backend's own (DuckDB spatial or a PostGIS geography index).
        """
        where: list[str] = []
        params: list[Any] = []
        if self.since:
            where.append(f"event_date >= {mark}"), params.append(self.since)
        if self.until:
            where.append(f"event_date <= {mark}"), params.append(self.until)
        if self.origin:
            where.append(f"origin = {mark}"), params.append(self.origin)
        if self.actor:
            where.append(f"(actor1 ILIKE {mark} OR actor2 ILIKE {mark} OR assoc_actor1 ILIKE {mark} OR assoc_actor2 ILIKE {mark})")
            params += [f"%{self.actor}%"] * 4
        if self.event_type:
            where.append(f"(event_type ILIKE {mark} OR sub_event_type ILIKE {mark})"), params.extend([self.event_type] * 2)
        if self.country:
            where.append(f"country ILIKE {mark}"), params.append(self.country)
        if self.located:
            where.append("latitude IS NOT NULL AND longitude IS NOT NULL")
        return where, params


class Store(abc.ABC):
    """Persist the records of every stage. Use as a context manager."""

    # -- lifecycle
    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside is committed together or not at all."""

    @contextmanager
    def single_threaded(self) -> Iterator[None]:
        """An embedded database runs its statements on one thread inside: for streams of small writes (ingest,
        extraction results), where a second thread costs more than it does, above all while extraction workers
        hold the cores. Nothing to change for a database server."""
        yield

    # -- documents
    @abc.abstractmethod
    def write_document(self, document: Document, raw: Optional[bytes] = None, minhash: Optional[bytes] = None) -> bool:
        """Store a document once; returns False (and changes nothing) when its id is already stored."""

    def write_documents(self, items: Sequence[tuple[Document, Optional[bytes], Optional[bytes]]]) -> list[bool]:
        """Store several ``(document, raw, minhash)`` in one transaction; True for each one newly stored."""
        with self.transaction():
            return [self.write_document(document, raw=raw, minhash=minhash) for document, raw, minhash in items]

    @abc.abstractmethod
    def has_document(self, document_id: str) -> bool: ...

    @abc.abstractmethod
    def document(self, document_id: str) -> Optional[Document]:
        """The document with this id or id prefix (at least 6 characters), or None."""

    @abc.abstractmethod
    def documents(self) -> list[Document]: ...

    @abc.abstractmethod
    def count_documents(self) -> int: ...

    @abc.abstractmethod
    def document_signatures(self) -> Iterator[tuple[str, Optional[str], bytes]]:
        """(document id, syndication group, MinHash signature bytes) for every stored document."""

    # -- mentions and claims
    @abc.abstractmethod
    def write_mentions(self, document_id: str, mentions: Sequence[Mention]) -> None:
        """Replace the mentions of one document."""

    @abc.abstractmethod
    def mentions(self, document_id: Optional[str] = None) -> list[Mention]: ...

    @abc.abstractmethod
    def write_claims(self, document_id: str, claims: Sequence[Claim]) -> None:
        """Replace the claims of one document."""

    @abc.abstractmethod
    def claims(self, document_id: Optional[str] = None) -> list[Claim]: ...

    @abc.abstractmethod
    def write_toponyms(self, document_id: str, toponyms: Sequence[Toponym]) -> None:
        """Replace the toponyms of one document."""

    @abc.abstractmethod
    def toponyms(self, document_id: Optional[str] = None) -> list[Toponym]: ...

    @abc.abstractmethod
    def mark_extracted(self, document_id: str, pipeline: str, mentions: int, claims: int, toponyms: int) -> None:
        """Record that ``pipeline`` has processed the document."""

    def write_extractions(self, pipeline: str, results: Sequence[tuple[str, Sequence[Mention], Sequence[Claim], Sequence[Toponym]]]) -> None:
        """Replace the mentions, claims and toponyms of several documents and mark them extracted, in one transaction.

        ``results`` holds ``(document id, mentions, claims, toponyms)``; a backend may write them in bulk.
        """
        with self.transaction():
            for document_id, mentions, claims, toponyms in results:
                self.write_mentions(document_id, mentions)
                self.write_claims(document_id, claims)
                self.write_toponyms(document_id, toponyms)
                self.mark_extracted(document_id, pipeline, len(mentions), len(claims), len(toponyms))

    @abc.abstractmethod
    def unextracted_documents(self, pipeline: str) -> list[Document]:
        """Documents that ``pipeline`` (a version string) has not processed yet."""

    # -- events
    @abc.abstractmethod
    def write_events(self, events: Iterable[Event]) -> int:
        """Insert or replace events by ``event_id``; returns how many were written."""

    @abc.abstractmethod
    def delete_events(self, origin: str) -> int:
        """Remove every event of one origin (text, ucdp, acled) before a rebuild."""

    def events(
        self,
        since: Optional[date] = None,
        until: Optional[date] = None,
        origin: Optional[str] = None,
        near: Optional[tuple[float, float]] = None,
        km: Optional[float] = None,
        actor: Optional[str] = None,
        event_type: Optional[str] = None,
        country: Optional[str] = None,
        *,
        limit: Optional[int] = None,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[Event]:
        """Events filtered by period, origin, distance from ``near`` (lat, lon), actor, type, country.

        Ordered by date then id (``newest_first`` reverses it); ``limit``/``offset`` page through them in the database.
        """
        found = EventFilter(since, until, origin, near, km, actor, event_type, country)
        return self.select_events(found, limit=limit, offset=offset, newest_first=newest_first)

    @abc.abstractmethod
    def select_events(self, found: EventFilter, limit: Optional[int] = None, offset: int = 0, newest_first: bool = False) -> list[Event]:
        """The events ``found`` selects, in date order, one page of them when ``limit`` is given."""

    @abc.abstractmethod
    def count_events(self, found: EventFilter = EventFilter()) -> int:
        """How many events ``found`` selects (all of them by default)."""

    @abc.abstractmethod
    def weekly_event_counts(self, found: EventFilter = EventFilter()) -> list[tuple[date, str, int]]:
        """(Monday of the week, event type, events) for the events ``found`` selects, in week order."""

    @abc.abstractmethod
    def event_points(self, found: EventFilter = EventFilter()) -> list[tuple[float, float, str]]:
        """(longitude, latitude, origin) of every located event ``found`` selects: a map's points without loading the events."""

    def event(self, event_id: str) -> Optional[Event]:
        """The event with this id, or None."""
        return next((e for e in self.events() if e.event_id == event_id), None)

    def events_in(self, area: tuple[float, float, float], period: tuple[Optional[date], Optional[date]]) -> list[Event]:
        """Events within ``area`` = (lat, lon, km) during ``period`` = (since, until)."""
        lat, lon, km = area
        return self.events(since=period[0], until=period[1], near=(lat, lon), km=km)

    # -- violations
    @abc.abstractmethod
    def write_violations(self, violations: Iterable[Violation]) -> int: ...

    @abc.abstractmethod
    def violations(self, agreement: Optional[str] = None) -> list[Violation]: ...
