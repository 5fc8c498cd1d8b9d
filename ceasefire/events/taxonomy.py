"""ACLED event types as the ledger uses them: name normalisation and type families."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..nlp.taxonomy import ACLED_EVENT_TYPES, BY_CODE, BY_SUB_EVENT_TYPE

# ACLED's disorder types: events of one family can be the same event told two ways
# (an "attack" in one report is "shelling" in another).
FAMILIES = {
    "Battles": "political violence",
    "Explosions/Remote violence": "political violence",
    "Violence against civilians": "political violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic developments",
}
_BY_LOWER_TYPE = {t.lower(): t for t in ACLED_EVENT_TYPES}
_BY_LOWER_SUB = {s.lower(): label for s, label in BY_SUB_EVENT_TYPE.items()}


@lru_cache(maxsize=4096)  # a few dozen distinct pairs, asked for every mention and event
def normalise_type(event_type: str, sub_event_type: Optional[str] = None) -> tuple[str, str]:
    """ACLED (event type, sub-event type) for ACLED names in any case or CASE 2021 codes."""
    for value in (sub_event_type, event_type):
        if value and value.upper() in BY_CODE:
            label = BY_CODE[value.upper()]
            return label.event_type, label.sub_event_type
    if sub_event_type and sub_event_type.strip().lower() in _BY_LOWER_SUB:
        label = _BY_LOWER_SUB[sub_event_type.strip().lower()]
        return label.event_type, label.sub_event_type
    canonical = _BY_LOWER_TYPE.get((event_type or "").strip().lower(), (event_type or "").strip())
    return canonical, (sub_event_type or "").strip()


def is_conflict_type(event_type: str) -> bool:
    """True for the six ACLED event types; False for CASE's non-conflict classes (DIPLO, ORG_CRIME, ...)."""
    return normalise_type(event_type)[0] in FAMILIES


def family(event_type: str) -> str:
    return FAMILIES.get(event_type, event_type)
