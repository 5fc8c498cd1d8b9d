"""Do our actors agree with the two sides UCDP coded?

UCDP sides are mapped to canonical actors with the NLP stage's dictionary
(``ceasefire.nlp.actors``). A side may list several groups ("Ahrar al-Sham,
HTS, Southern Front"); it agrees when any of them is among our event's actors
(actor1, actor2 or their associates). UCDP's umbrella side "Syrian insurgents"
(our "Opposition Rebels (Syria)") also agrees with any named Syrian rebel
group other than the Islamic State, the SDF and their components, because
UCDP folds those groups into it. A match's actors agree when both sides agree;
order is ignored (UCDP's side_a is the government side, not the attacker).

GED names only the primary warring parties of a dyad: a secondary party
fighting on a side is coded as that side (Russian and Iranian forces,
Hezbollah and pro-government militias under "Government of Syria"; the YPG,
and the US-led coalition's strikes with it, under "SDF"; Turkish forces with
the Turkish-backed factions they fight beside). So a UCDP side also agrees
with our event when one of our actors is a secondary party of that side
(``SECONDARY_PARTIES``).
"""

from __future__ import annotations

import functools
from typing import Optional

from ..models import Event
from ..nlp.actors import ActorDictionary

OPPOSITION_UMBRELLA = "Opposition Rebels (Syria)"
NOT_OPPOSITION = frozenset({"Islamic State", "Syrian Democratic Forces", "YPG", "PKK"})
# Primary party (canonical name) -> the parties that fight on its side and that GED codes under it.
SECONDARY_PARTIES = {
    "Military Forces of Syria": frozenset({"Military Forces of Russia", "Military Forces of Iran", "Hezbollah", "National Defence Forces (Syria)"}),
    "Syrian Democratic Forces": frozenset({"YPG", "Global Coalition Against Daesh"}),
    "Syrian National Army": frozenset({"Military Forces of Turkey"}),
    "Opposition Rebels (Syria)": frozenset({"Military Forces of Turkey"}),
}


@functools.lru_cache(maxsize=4096)
def side_actors(side: str) -> frozenset[str]:
    """Canonical names of the groups a UCDP side lists (empty when none is known)."""
    dictionary = ActorDictionary.load()
    names = set()
    for part in [side, *side.split(",")]:
        part = part.strip()
        if not part:
            continue
        actor = dictionary.ucdp_side(part) if part == side else (dictionary.ucdp_side(part) or dictionary.resolve(part))
        if actor is not None:
            names.add(actor.name)
    return frozenset(names)


@functools.lru_cache(maxsize=4096)
def _is_syrian_rebel(name: str) -> bool:
    actor = ActorDictionary.load().get(name)
    return actor is not None and actor.kind == "rebel group" and actor.country == "Syria" and name not in NOT_OPPOSITION


@functools.lru_cache(maxsize=4096)
def _canonical(name: Optional[str]) -> Optional[str]:
    """The dictionary name for one of our actor names; case-insensitive second try ("Isis" -> Islamic State)."""
    if not name:
        return None
    dictionary = ActorDictionary.load()
    actor = dictionary.resolve(name) or dictionary.resolve(name, cased=False)
    return actor.name if actor else name


def event_actors(event: Event) -> frozenset[str]:
    names = (event.actor1, event.actor2, event.assoc_actor1, event.assoc_actor2)
    return frozenset(c for c in (_canonical(n) for n in names) if c)


def side_agrees(side: str, ours: frozenset[str]) -> bool:
    wanted = side_actors(side)
    if not wanted:
        return False
    if wanted & ours:
        return True
    if any(SECONDARY_PARTIES.get(name, frozenset()) & ours for name in wanted):
        return True
    if OPPOSITION_UMBRELLA in wanted and any(_is_syrian_rebel(n) for n in ours):
        return True
    return OPPOSITION_UMBRELLA in ours and any(_is_syrian_rebel(n) for n in wanted)


def sides_agreeing(side_a: str, side_b: str, event: Event) -> int:
    """How many of the two UCDP sides are among the event's actors: 0, 1 or 2."""
    ours = event_actors(event)
    return int(side_agrees(side_a, ours)) + int(side_agrees(side_b, ours))


def actors_agree(side_a: str, side_b: str, event: Event) -> bool:
    """True when both UCDP sides are among the event's actors (in either order)."""
    return sides_agreeing(side_a, side_b, event) == 2
