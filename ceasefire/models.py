"""The data model: plain frozen dataclasses that flow one way through the stages.

documents -> mentions -> claims -> events -> violations

Stages are functions over these records, so the same code runs in a loop, in a
Dask task or behind the API. Every record that comes from text carries the
document id and character offsets into ``Document.text`` (provenance).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional


# ---------------------------------------------------------------- documents
@dataclass(frozen=True)
class Document:
    """One article, boilerplate removed. ``id`` is the SHA-256 of the normalised text."""

    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    publisher: Optional[str] = None
    byline: Optional[str] = None
    original_source: Optional[str] = None  # "The original source of this article is X" (syndication)
    original_published: Optional[date] = None
    published: Optional[date] = None
    language: Optional[str] = "en"
    source_path: Optional[str] = None
    tags: tuple[str, ...] = ()
    raw_sha256: Optional[str] = None  # hash of the raw bytes as read
    syndication_group: Optional[str] = None  # id of the first document of its near-duplicate group


# ----------------------------------------------------------------- mentions
@dataclass(frozen=True)
class Sentence:
    document_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """An event mention in one sentence of one document.

    ``start``/``end`` delimit the mention's span (usually the sentence) and
    ``trigger_start``/``trigger_end`` its trigger word, as offsets into
    ``Document.text``.
    """

    document_id: str
    sentence_index: int
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    event_type: str  # ACLED event type, or the non-conflict class (ORG_CRIME, DIPLO, ...)
    sub_event_type: str  # ACLED sub-event type, or the same non-conflict class
    confidence: float

    @property
    def id(self) -> str:
        return f"{self.document_id}:{self.sentence_index}:{self.trigger_start}"


# ------------------------------------------------------------------- claims
CLAIM_KINDS = (
    "fatalities",
    "injured",
    "captured",
    "displaced",
    "besieged",
    "evacuated",
    "missing",
    "actor1",
    "actor2",
    "location",
    "date",
    "weapon",
)


@dataclass(frozen=True)
class Claim:
    """One attributed statement about a mention.

    Numbers are ranges: "more than 16" -> low 17, high None (open);
    "between 250 and 300" -> 250..300. Non-numeric claims (actor, location,
    date) carry ``value_text``. ``source`` is who says it ("a military
    source", "SOHR"); ``publisher`` is who published the document.
    ``wording`` keeps the source's own words ("terrorists", "martyrs").
    """

    document_id: str
    mention_id: str
    kind: str
    start: int
    end: int
    value_low: Optional[float] = None
    value_high: Optional[float] = None
    value_text: Optional[str] = None
    about: Optional[str] = None  # the side/actor the figure is about (canonical name where known)
    source: Optional[str] = None
    publisher: Optional[str] = None
    hedge: Optional[str] = None  # "estimated", "disputed by author", "unconfirmed", ...
    wording: Optional[str] = None
    precision: Optional[int] = None  # date claims: ACLED time precision (1 day, 2 week, 3 month)
    status: Optional[str] = None  # set by the ledger: "superseded" (a later report of the same source revises it), "duplicate" (syndicated copy)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


# ------------------------------------------------------------------- actors
ACTOR_KINDS = (
    "state forces",
    "rebel group",
    "political militia",
    "identity militia",
    "rioters",
    "protesters",
    "civilians",
    "external",
    "unknown",
)


@dataclass(frozen=True)
class Actor:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "unknown"
    inter: Optional[int] = None  # ACLED inter code 1..8
    parent: Optional[str] = None  # "affiliated with al-Qaeda"
    country: Optional[str] = None


# ------------------------------------------------------------------- places
@dataclass(frozen=True)
class Place:
    id: str
    name: str
    latitude: float
    longitude: float
    feature_class: Optional[str] = None  # GeoNames class: P populated place, A admin, ...
    feature_code: Optional[str] = None
    country_code: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin1_code: Optional[str] = None
    admin2_code: Optional[str] = None
    population: int = 0
    alternate_names: tuple[str, ...] = ()
    source: Optional[str] = None  # geonames, ucdp, ocha, user


@dataclass(frozen=True)
class Toponym:
    """A place name found in text and what it resolved to."""

    document_id: str
    start: int
    end: int
    text: str
    place: Optional[Place] = None
    geo_precision: Optional[int] = None  # ACLED: 1 town, 2 near/part of region, 3 admin1 only
    relation: Optional[str] = None  # "near", "north of", "province of", ...


# ------------------------------------------------------------------- events
@dataclass(frozen=True)
class Event:
    """A canonical event, from one or more mentions across documents, or imported."""

    event_id: str
    event_date: date
    event_type: str
    sub_event_type: str
    time_precision: int = 1  # ACLED: 1 day, 2 week, 3 month
    date_end: Optional[date] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    assoc_actor1: Optional[str] = None
    assoc_actor2: Optional[str] = None
    inter1: Optional[int] = None
    inter2: Optional[int] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    location: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    fatalities_low: Optional[int] = None
    fatalities_best: Optional[int] = None
    fatalities_high: Optional[int] = None
    fatalities_by_side: tuple[tuple[str, int, Optional[int]], ...] = ()  # (side, low, high)
    disputed: bool = False
    sources: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    documents: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    notes: Optional[str] = None
    origin: str = "text"  # text | ucdp | acled
    origin_id: Optional[str] = None


# --------------------------------------------------------------- agreements
@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    geometry: dict  # GeoJSON geometry (Polygon / MultiPolygon), lon/lat order
    approximate: bool = False


@dataclass(frozen=True)
class Rule:
    id: str
    starts: Optional[date] = None
    ends: Optional[date] = None
    zones: tuple[str, ...] = ()
    prohibited_event_types: tuple[str, ...] = ()
    prohibited_sub_event_types: tuple[str, ...] = ()
    prohibited_actors: tuple[str, ...] = ()
    prohibited_actor_kinds: tuple[str, ...] = ()
    prohibited_weapons: tuple[str, ...] = ()
    buffer_km: float = 0.0
    description: Optional[str] = None
    exempt_actors: tuple[str, ...] = ()  # events involving these actors (e.g. fighting listed terrorist groups) are not violations


@dataclass(frozen=True)
class Agreement:
    id: str
    title: str
    signed: Optional[date] = None
    parties: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    zones: tuple[Zone, ...] = ()
    rules: tuple[Rule, ...] = ()
    sources: tuple[str, ...] = ()
    version: Optional[str] = None
    actors: tuple[Actor, ...] = ()  # the groups the rules name, with the aliases event ledgers use for them


@dataclass(frozen=True)
class Violation:
    agreement: str
    rule: str
    event_id: str
    event_date: date
    violator: Optional[str]
    confidence: str  # inside | buffer | possible
    zone: str
    distance_km: float  # 0 inside; distance to the zone edge otherwise
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    claims: tuple[Claim, ...] = ()
