"""Which of the places a document names is where an event happened, beyond the place inside its mention.

Used by ``assemble_events``: a country or governorate does not conflict with a
town in it (the town is where); an event located at an area takes the town its
mentions name inside it, and one located at a countryside the town they name in
it; one whose mentions name no place takes the first place named right after
them (headline fragments), else the place named most just before them; a place
read outside the town or governorate the text says it lies in takes that
container; places named together make one event each; a country named for a
side ("Turkey-backed", "Israel artillery") is no place. A place someone came
from ("displaced people from Hama", relation ``from``) is never taken from
around an event, and a part of a governorate ("western Aleppo", ``PART_CODE``)
holds its towns as a countryside does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
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


# A directional part of a governorate ("western Aleppo", geo.parts.PART_FEATURE_CODE): GeoNames' code for an
# administrative division, with the governorate's admin1. Spelt here, as the relations below are, so that the
# ledger side never imports the geo stage (a test keeps them equal).
PART_CODE = "ADMD"


def contains(area: Place, place: Place) -> bool:
    """``area`` is the country, the governorate or the part of a governorate that ``place`` lies in (an administrative
    area, not the same place); a part of a governorate holds its towns, not the governorate or another part."""
    if area.id == place.id or area.feature_class != "A" or not area.country_code or area.country_code != place.country_code:
        return False
    code = area.feature_code or ""
    if code.startswith("PCL"):
        return True
    if code == "ADM1":
        return same_admin1(area, place) and place.feature_code != "ADM1"
    return code == PART_CODE and same_admin1(area, place) and place.feature_code not in ("ADM1", PART_CODE)


@lru_cache(maxsize=4096)
def name_skeleton(name: str) -> str:
    """A spelling-blind key for governorate names: "Ar-Raqqah" = "Ar Raqqa", "Idleb" = "Idlib", "Hamah" = "Hama"."""
    key = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    key = re.sub(r"^a[lrsdnt][\s-]+", "", key)  # the article
    key = re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", key))
    key = key[:1] + re.sub(r"[aeiouyw]", "", key[1:])
    return key.rstrip("h")


def same_admin1(a: Place, b: Place) -> bool:
    """Both lie in one governorate: by code where both have one (names are spelled several ways: "Ar-Raqqa", "Ar Raqqah")."""
    if a.admin1_code and b.admin1_code and a.country_code == b.country_code:
        return a.admin1_code == b.admin1_code
    return bool(a.admin1 and b.admin1) and (a.admin1 == b.admin1 or name_skeleton(a.admin1) == name_skeleton(b.admin1))


# A headline cut into fragments ("July 8th 2017: (S1030) | Raqqa city, Raqqa governorate, Syria") names the
# place in the fragment after the event's: a place that close, before the next event, is the event's.
FOLLOWING_PLACE_CHARS = 160
# "Turkish", "Damascus said", "Shohadaa al-Yarmouk battalion" (geo.context.GROUP): not where anything happened
NOT_EVENT_PLACES = frozenset({"demonym", "metonym", "group"})
# A place someone or something came from ("a displaced man from Homs", geo.context.ORIGIN): where the event happened only
# when its sentence names no other place (the locator's choice), never a place found around the event.
ORIGIN = "from"
NOT_AROUND = NOT_EVENT_PLACES | {ORIGIN}


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
                 and t.relation not in NOT_AROUND and "\n\n" not in text[t.end : start]]
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
                 and t.relation not in NOT_AROUND and "\n\n" not in text[end : t.start]]
    return min(following, key=lambda t: t.start) if following else None


# What may stand between two places named together: "Duma and Jesr al-Shughour", "Tal Abyad, Ras al-Ayn",
# "al-Fu'ah and Deir Ezzor city", "Kafriya and the town of Binnish", "Damascus and the outskirts of the Eastern Ghouta".
_PLACE_KIND = r"(?:city|town|village|camp|cities|towns|villages|neighbou?rhoods?)"
_BETWEEN_PLACES = re.compile(rf"^(?:\s+{_PLACE_KIND})?\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?(?:{_PLACE_KIND}\s+of\s+)?"
                             r"(?:(?:outskirts|vicinity|countryside|suburbs)\s+of\s+(?:the\s+)?)?$", re.IGNORECASE)


def _names_its_governorate(place: Toponym, later: Toponym, gap: str) -> bool:
    """"al Tabaqa, Raqqa, Syria": after a comma, the seat of the governorate the place lies in names that governorate."""
    return gap.strip() == "," and governorate_seat(later.place) and same_admin1(place.place, later.place)


def coordinated_places(mentions: Sequence[Mention], first: Optional[Toponym], toponyms: Sequence[Toponym], text: str) -> list[Toponym]:
    """Places named together with ``first``, the place of the event ``mentions`` tell ("X and Y"), each a town of its own, far enough apart to be two events.

    They make events of their own with the same type, date and actors; figures stated for the places together stay
    with the first place (they cannot be shared out).
    """
    if first is None or first.place is None or toponym_precision(first) > 2 or len(mentions) != 1:
        return []
    mention = mentions[0]
    named = sorted((t for t in toponyms if t.place is not None and mention.start <= t.start < mention.end
                    and t.relation not in NOT_AROUND and t.place.feature_class != "A"), key=lambda t: t.start)
    if first not in named:
        return []
    chain = [first]
    position = named.index(first)
    for later in named[position + 1 :]:
        gap = text[chain[-1].end : later.start]
        if not _BETWEEN_PLACES.match(gap) or _names_its_governorate(chain[-1], later, gap):
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
    if area is None or area.feature_class != "A" or area.feature_code == PART_CODE:
        return None  # a part of a governorate is a countryside: ``town_in_area``
    inside = [t for t in toponyms if t.place is not None and t.relation not in NOT_AROUND and contains(area, t.place)
              and any(m.start <= t.start < m.end for m in mentions)]
    anchor = mentions[0].trigger_start
    return min(inside, key=lambda t: (abs(t.start - anchor), t.start)) if inside else None


_COUNTRYSIDE_BEFORE = re.compile(r"\b(?:countryside|province|governorate|region|desert|badia)\s+of\s+(?:the\s+)?(?:city\s+of\s+)?$",
                                 re.IGNORECASE)

_COUNTRYSIDE_AFTER = re.compile(r"(?:\s+(?:city|town))?(?:’s|'s)?\s+(?:countryside|province|governorate|desert|badia)\b", re.IGNORECASE)


def is_wide(toponym: Toponym, text: str) -> bool:
    """A toponym standing for an area around a town ("the southern countryside of Aleppo", "Raqqa countryside"), a governorate
    or a region; not "the vicinity of Kefraya", which is near the town."""
    if toponym.place is not None and (toponym.place.feature_class == "A" or toponym_precision(toponym) >= 3):
        return True  # a governorate, or a region ("the Eastern Ghouta")
    return bool(_COUNTRYSIDE_BEFORE.search(text[max(0, toponym.start - 45) : toponym.start]) or _COUNTRYSIDE_AFTER.match(text[toponym.end :]))


def governorate_seat(place: Place) -> bool:
    """The town a governorate is named after ("Idlib" in Idlib): its name often stands for the governorate."""
    if (place.feature_code or "").startswith(("PPLA", "PPLC")):
        return True
    return bool(place.admin1) and name_skeleton(place.name) == name_skeleton(place.admin1)


def _in_area(area: Place, place: Place) -> bool:
    """``place`` lies in the countryside of town ``area`` (its governorate), or near region ``area`` (which has none)."""
    if area.country_code != place.country_code:
        return False
    if not area.admin1 and not area.admin1_code:
        return haversine_km(area.latitude, area.longitude, place.latitude, place.longitude) <= CONTAINER_REACH_KM
    return in_governorate_of(area, place)


def in_governorate_of(town: Place, place: Place) -> bool:
    """``place`` lies in the governorate of ``town``; a place the gazetteer gives no governorate (a curated airbase) is
    judged by distance, as far as a governorate reaches: unknown is not outside."""
    if town.country_code != place.country_code:
        return False
    if not place.admin1 and not place.admin1_code:
        return haversine_km(town.latitude, town.longitude, place.latitude, place.longitude) <= DIRECTION_REACH_KM
    return same_admin1(town, place)


def town_in_area(mentions: Sequence[Mention], area_toponym: Optional[Toponym], toponyms: Sequence[Toponym], text: str) -> Optional[Toponym]:
    """A town ``mentions`` name in the countryside they were located at ("advance in the southwestern countryside of
    Aleppo and approach Khan Tuman"): the most precise place the report gives, as UCDP and ACLED code it."""
    if area_toponym is None or area_toponym.place is None or not is_wide(area_toponym, text):
        return None
    if area_toponym.place.feature_class == "A" and area_toponym.place.feature_code != PART_CODE:
        return None  # a governorate or a country: ``place_within``
    area = area_toponym.place
    # not a governorate's seat: "Idlib and Hama countryside" names the countryside of both
    towns = [t for t in toponyms if t.place is not None and t is not area_toponym and t.relation not in NOT_AROUND
             and t.place.feature_class != "A" and not governorate_seat(t.place)
             and not is_wide(t, text) and toponym_precision(t) <= 2
             and any(m.start <= t.start < m.end for m in mentions)
             and _in_area(area, t.place)]
    # after the trigger: a town before it belongs to an earlier report ("Turkish forces go deep into Afrin area and
    # shelling targets the western countryside of Aleppo")
    anchor = mentions[0].trigger_start
    towns = [t for t in towns if t.start > anchor]
    return min(towns, key=lambda t: (abs(t.start - anchor), t.start)) if towns else None


# "Teshreen suburb in Latakia city", "Hamra Ghanem, east of Raqqa, Raqqa governorate", "Jourat al Souss area,
# northern outskirts of Raqqa city": a place told with the town or governorate it lies in. What may stand between
# the two: the rest of a name the gazetteer matched only the start of ("Hamra | Ghanem"), a kind word, then "in",
# "of", a direction or a comma, then a part of the container ("northern outskirts of").
_KIND_WORD = r"(?:area|areas|neighbou?rhoods?|suburb|district|quarter|village|town|city|camp|farms?|hill|street|junction|road|square|market)"
_IN_CONTAINER = re.compile(
    rf"^(?:\s+(?!{_KIND_WORD}\b)(?-i:[A-Z])[\w'-]*){{0,2}}(?P<kind>\s+{_KIND_WORD})?(?:\s+and(?:\s+(?-i:[A-Z])[\w'-]*){{1,3}}\s+{_KIND_WORD})?"
    r"(?:\s+near(?:\s+(?:al\s+|Al\s+)?(?-i:[A-Z])[\w'’-]*){1,3}(?=\s*,))?"
    r"\s*[\[(]?\s*(?P<sep>,\s+in\b|,|\s+in\b|\s+of\b|\s+(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\b)\s+(?:the\s+)?"
    r"(?P<part>(?:[a-z-]+\s+){1,3}?of\s+(?:the\s+)?)?"
    rf"(?:(?:city|town|governorate|province)\s+of\s+)?(?:(?:al|el)[\s-]+)?$",  # "..., al Tabaqa" where the name read is "Tabaqa"
    re.IGNORECASE,
)
# "Tal Abyad Street, Raqqa city", "Teshreen suburb in Latakia city": a part of the town itself, which the
# town's name then means, not its governorate
_PART_OF_TOWN = re.compile(r"\b(?:street|neighbou?rhoods?|quarter|suburb|square|market|junction|road|roundabout|district)\b", re.IGNORECASE)
_TOWN_AFTER = re.compile(r"\s+(?:city|town)\b", re.IGNORECASE)
_WIDE_CONTAINER = re.compile(r"\b(?:countryside|province|governorate|region|desert|badia|rural)\b", re.IGNORECASE)
CONTAINER_REACH_KM = 30.0  # a town's outskirts and surrounding villages; UCDP's own "within 25 km"
DIRECTION_REACH_KM = 80.0  # "Al-Ra'i town north of Aleppo" (53 km), "Zor Shamr village, east of Raqqa" (36 km)
_DIRECTION = re.compile(r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\b", re.IGNORECASE)


# Airwars writes each name in Arabic beside its English ("al Qariya district ﺍﻟﻄﺒﻘﺔ, al Tabaqa"): no part of the phrase.
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+(?:\s+[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+)*")


def found_direction(gap: str) -> bool:
    """The text between a place and its container gives a direction ("town north of", ", east of")."""
    return bool(_DIRECTION.search(gap))


def container_of(toponym: Toponym, toponyms: Sequence[Toponym], text: str) -> Optional[Toponym]:
    """The town or governorate ``toponym`` is said to lie in, named right after it ("X suburb in Latakia city"), if any."""
    after = sorted((t for t in toponyms if t.place is not None and t.start >= toponym.end and t.relation not in NOT_EVENT_PLACES),
                   key=lambda t: t.start)
    found = _IN_CONTAINER.match(_ARABIC_RUN.sub(" ", text[toponym.end : after[0].start])) if after else None
    if found is None:
        return None
    # "Masasneh, al-Baghuz" is a list of places; "X area, Y", "X, east of Y", "X, Raqqa governorate" say where X lies
    listed = found["sep"] == "," and not found["kind"] and not found["part"] and after[0].place.feature_class != "A"
    return None if listed else after[0]


def place_in_its_container(toponym: Optional[Toponym], toponyms: Sequence[Toponym], text: str) -> Optional[Toponym]:
    """The container instead of a place resolved outside it: "Teshreen suburb in Latakia city" read as a dam 230 km away.

    The text says where the place lies; a reading that contradicts it is a namesake (or the place is missing from the
    gazetteer), and the town or governorate the text gives is the most precise place known. A reading inside its
    container is kept.
    """
    if toponym is None or toponym.place is None:
        return toponym
    container = container_of(toponym, toponyms, text)
    if container is None or container.place is None:
        return toponym
    place, area = toponym.place, container.place
    if area.feature_class == "A":
        code = area.feature_code or ""
        if code.startswith("PCL"):
            inside = place.country_code == area.country_code
        elif code in ("ADM1", "ADM2", PART_CODE):
            inside = area.id == place.id or same_admin1(area, place) and (
                code != "ADM2" or not area.admin2_code or area.admin2_code == place.admin2_code)
        else:
            return toponym
        return toponym if inside else container
    if area.feature_class != "P" and not area.admin1 and not area.admin1_code:
        return toponym  # a region of unknown extent ("al-Baghuz in the Euphrates Valley") can't put a place outside it
    gap = text[toponym.end : container.start]
    in_town = bool(_PART_OF_TOWN.search(gap) or _TOWN_AFTER.match(text[container.end :]))
    if _WIDE_CONTAINER.search(gap) or is_wide(container, text) or (governorate_seat(area) and not in_town):
        # "X village in the countryside of Aleppo", "Ayn Issa in Al-Raqqah", "Al-Bokamal east of Deir Ezzor": the
        # governorate, villages 80 km out included (a governorate's seat often stands for the governorate)
        inside = in_governorate_of(area, place)
    else:
        directional = found_direction(gap)
        reach = DIRECTION_REACH_KM if directional else CONTAINER_REACH_KM
        inside = haversine_km(place.latitude, place.longitude, area.latitude, area.longitude) <= reach
    return toponym if inside else place_in_its_container(container, toponyms, text)


# "the Turkey-loyal Brigade", "US-led coalition", "Israel artillery strikes": a country named for the side it
# backs or the forces it sends, not for where anything happened.
_SPONSOR_AFTER = re.compile(r"^(?:-(?:loyal|backed|led|affiliated|allied|supported|funded|sponsored|aligned)\b|\s+(?:artillery|warplanes?|jets?|"
                            r"drones?|army|troops|forces|military|air\s+force|aircraft|helicopters?|tanks?|navy|missiles?)\b)", re.IGNORECASE)


def names_a_side(toponym: Toponym, text: str) -> bool:
    """The toponym is a country standing for a side ("Turkey-backed factions", "Israel artillery"), not a place."""
    place = toponym.place
    if place is None or not (place.feature_code or "").startswith("PCL"):
        return False
    return bool(_SPONSOR_AFTER.match(text[toponym.end : toponym.end + 30]))


_NAME_WORD_BEFORE = re.compile(r"[A-Z][A-Za-z'’]*(?<!'s)(?<!’s)[\s_-]+(?:(?:al|el|ad|ar|as|at|an|ash|az)[\s_-]+)?$")  # not "Syria's"
_NAME_WORD_AFTER = re.compile(r"^[\s_-]+[A-Z]")
NOT_NAMING_ACTORS = frozenset({"civilians", "citizens"})  # "civilians of Kafr Nabl": the place is theirs, and where


def inside_actor_name(toponym: Toponym, actor_claims: Sequence[tuple[int, int, str]], text: str) -> bool:
    """The toponym is a word of an armed group's name the text names as a side: "Hayyaat Tahrir al-Sham", "Ahrar
    al_Sham" (a capitalised word of the same name right before or after it, inside the actor's phrase)."""
    for start, end, actor in actor_claims:
        if actor.lower() in NOT_NAMING_ACTORS or not (start <= toponym.start and toponym.end <= end):
            continue
        if _NAME_WORD_BEFORE.search(text[start : toponym.start]) or _NAME_WORD_AFTER.match(text[toponym.end : end]):
            return True
    return False
