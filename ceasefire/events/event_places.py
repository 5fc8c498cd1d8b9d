"""Which of the places a document names is where an event happened, beyond the place inside its mention.

Used by ``assemble_events``: a country or governorate does not conflict with a
town in it (the town is where); an event located at an area takes the town its
mentions name inside it; one whose mentions name no place takes the first place
named right after them (headline fragments), else the place named most just
before them; places named together make one event each.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..models import Mention, Place, Toponym
from .geometry import haversine_km, place_tolerance_km


def toponym_precision(toponym: Toponym) -> int:
    if toponym.geo_precision:
        return toponym.geo_precision
    place = toponym.place
    if place is not None and place.feature_class == "A":
        return 3
    return 2 if toponym.relation else 1


def contains(area: Place, place: Place) -> bool:
    """``area`` is the country or the governorate that ``place`` lies in (an administrative area, not the same place)."""
    if area.id == place.id or area.feature_class != "A" or not area.country_code or area.country_code != place.country_code:
        return False
    code = area.feature_code or ""
    if code.startswith("PCL"):
        return True
    return code == "ADM1" and bool(area.admin1) and area.admin1 == place.admin1 and place.feature_code != "ADM1"


# A headline cut into fragments ("July 8th 2017: (S1030) | Raqqa city, Raqqa governorate, Syria") names the
# place in the fragment after the event's: a place that close, before the next event, is the event's.
FOLLOWING_PLACE_CHARS = 160
NOT_EVENT_PLACES = frozenset({"demonym", "metonym"})  # "Turkish", "Damascus said": not where anything happened


# A mention whose own sentence (or clause) names no place, after a sentence that does ("Displaced people of
# Tadef walked to their town Tadef. Assad forces shot on them and one civilian was killed"), or a clause that
# leaves out the name before it ("Al-Shafa town's massacre claims the lives of ..."): the place just told is where.
PRECEDING_PLACE_CHARS = 240


def place_before(mentions: Sequence[Mention], toponyms: Sequence[Toponym], text: str, previous_end: int) -> Optional[Toponym]:
    """The place most named just before the first of ``mentions``, in the same paragraph and after the previous event.

    Ties go to the first named (a headline names its subject first).
    """
    start = mentions[0].start
    limit = max(previous_end, start - PRECEDING_PLACE_CHARS)
    preceding = [t for t in toponyms if t.place is not None and limit <= t.start and t.end <= start
                 and t.relation not in NOT_EVENT_PLACES and "\n\n" not in text[t.end : start]]
    if not preceding:
        return None
    counts: dict[str, int] = {}
    for t in preceding:
        counts[t.place.id] = counts.get(t.place.id, 0) + 1
    return min(preceding, key=lambda t: (-counts[t.place.id], t.start))


def place_after(mentions: Sequence[Mention], toponyms: Sequence[Toponym], text: str, next_start: int) -> Optional[Toponym]:
    """The first resolved place after the last of ``mentions``, in the same paragraph and before the next event."""
    end = mentions[-1].end
    limit = min(next_start, end + FOLLOWING_PLACE_CHARS)
    following = [t for t in toponyms if t.place is not None and end <= t.start and t.end <= limit
                 and t.relation not in NOT_EVENT_PLACES and "\n\n" not in text[end : t.start]]
    return min(following, key=lambda t: t.start) if following else None


# What may stand between two places named together: "Duma and Jesr al-Shughour", "Tal Abyad, Ras al-Ayn",
# "al-Fu'ah and Deir Ezzor city", "Kafriya and the town of Binnish".
_PLACE_KIND = r"(?:city|town|village|camp|cities|towns|villages|neighbou?rhoods?)"
_BETWEEN_PLACES = re.compile(rf"^(?:\s+{_PLACE_KIND})?\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?(?:{_PLACE_KIND}\s+of\s+)?$", re.IGNORECASE)


def coordinated_places(mentions: Sequence[Mention], first: Optional[Toponym], toponyms: Sequence[Toponym], text: str) -> list[Toponym]:
    """Places named together with ``first``, the place of the event ``mentions`` tell ("X and Y"), each a town of its own, far enough apart to be two events.

    They make events of their own with the same type, date and actors; figures stated for the places together stay
    with the first place (they cannot be shared out).
    """
    if first is None or first.place is None or toponym_precision(first) > 2 or len(mentions) != 1:
        return []
    mention = mentions[0]
    named = sorted((t for t in toponyms if t.place is not None and mention.start <= t.start < mention.end
                    and t.relation not in NOT_EVENT_PLACES and t.place.feature_class != "A"), key=lambda t: t.start)
    if first not in named:
        return []
    chain = [first]
    position = named.index(first)
    for later in named[position + 1 :]:
        if not _BETWEEN_PLACES.match(text[chain[-1].end : later.start]):
            break
        chain.append(later)
    for earlier in reversed(named[:position]):
        if not _BETWEEN_PLACES.match(text[earlier.end : chain[0].start]):
            break
        chain.insert(0, earlier)
    out: list[Toponym] = []
    for t in chain:
        far = all(haversine_km(t.place.latitude, t.place.longitude, o.place.latitude, o.place.longitude) > place_tolerance_km(1)
                  for o in [first, *out])
        if t is not first and far:
            out.append(t)
    return out


def place_within(mentions: Sequence[Mention], area_toponym: Optional[Toponym], toponyms: Sequence[Toponym]) -> Optional[Toponym]:
    """A town ``mentions`` name inside the country or governorate ``area_toponym`` they were located at ("Syria: Mines Kill ... in Manbij")."""
    area = area_toponym.place if area_toponym is not None else None
    if area is None or area.feature_class != "A":
        return None
    inside = [t for t in toponyms if t.place is not None and t.relation not in NOT_EVENT_PLACES and contains(area, t.place)
              and any(m.start <= t.start < m.end for m in mentions)]
    anchor = mentions[0].trigger_start
    return min(inside, key=lambda t: (abs(t.start - anchor), t.start)) if inside else None
