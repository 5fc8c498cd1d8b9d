"""Generated event notes: neutral sentences in ACLED's style, built from the event's fields only.

Who did what, where, when, how many, according to whom. The note never takes a
side's labels ("terrorists", "martyrs", "regime"): actor names come from the
actor dictionary, figures are "killed", and a name carrying a label is replaced
by a neutral description.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Sequence

from ..models import Claim, Event
from .sources import SourceIndex

_LABELS = re.compile(
    r"terroris|martyr|takfir|mercenar|regime|infiltrat|thug|crusader|apostate|rafid|khawarij|kharij|"
    r"occupier|invader|traitor|heroic|criminal gang|eliminat",
    re.IGNORECASE,
)
# compiled once: the phrases below run for every event
_ADMIN_SUFFIX = re.compile(r"\s+(Governorate|Province|District|Region)$")
_ABOUT = re.compile(r"about|approximately|around|nearly", re.I)
_APPROXIMATE_NUMBER = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some)\s+(\d[\d,]*)", re.I)
_CIVILIAN = re.compile(r"civilian", re.I)
_CAVEAT = re.compile(r"disput|unconfirmed|unverified", re.I)
_OUTCOME = {
    "fatalities": "killed",
    "injured": "injured",
    "captured": "captured",
    "displaced": "displaced",
    "besieged": "besieged",
    "evacuated": "evacuated",
    "missing": "missing",
}
# What actor1 did to actor2, by ACLED sub-event type ({a1}, {a2} are filled in).
_ACTIONS = {
    "Armed clash": "{a1} clashed with {a2}",
    "Government regains territory": "{a1} regained territory from {a2}",
    "Non-state actor overtakes territory": "{a1} took territory from {a2}",
    "Chemical weapon": "{a1} used chemical weapons against {a2}",
    "Air/drone strike": "{a1} carried out air or drone strikes on {a2}",
    "Suicide bomb": "a suicide bombing attributed to {a1} targeted {a2}",
    "Shelling/artillery/missile attack": "{a1} shelled {a2}",
    "Remote explosive/landmine/IED": "an explosive device attributed to {a1} hit {a2}",
    "Grenade": "{a1} threw a grenade at {a2}",
    "Sexual violence": "{a1} committed sexual violence against {a2}",
    "Attack": "{a1} attacked {a2}",
    "Abduction/forced disappearance": "{a1} abducted {a2}",
    "Peaceful protest": "{a1} protested",
    "Protest with intervention": "{a1} protested and {a2} intervened",
    "Excessive force against protesters": "{a2} used excessive force against {a1}",
    "Violent demonstration": "{a1} held a violent demonstration",
    "Mob violence": "{a1} engaged in mob violence against {a2}",
    "Agreement": "{a1} reached an agreement with {a2}",
    "Arrests": "{a1} arrested {a2}",
    "Change to group/activity": "{a1} changed its activity",
    "Disrupted weapons use": "{a1} disrupted weapons use by {a2}",
    "Headquarters or base established": "{a1} established a base",
    "Looting/property destruction": "{a1} looted or destroyed property of {a2}",
    "Non-violent transfer of territory": "{a1} took over territory from {a2} without fighting",
}


def neutral(name: Optional[str], fallback: str) -> str:
    """``name``, or ``fallback`` when it is missing or carries a side's label."""
    if not name or _LABELS.search(name):
        return fallback
    return name


def date_phrase(event: Event) -> str:
    day = event.event_date
    if event.date_end and event.date_end != day:
        return f"Between {_day(day)} and {_day(event.date_end)}"
    if event.time_precision == 3:
        return f"In {day.strftime('%B')} {day.year}"
    if event.time_precision == 2:
        return f"In the week of {_day(day)}"
    return f"On {_day(day)}"


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def place_phrase(event: Event) -> str:
    if not event.location:
        return f" in {event.admin1}" if event.admin1 else (f" in {event.country}" if event.country else "")
    region = f" ({_short_admin(event.admin1)})" if event.admin1 and _short_admin(event.admin1) != event.location else ""
    relation = {1: "in", 2: "near", 3: "in the area of"}.get(event.geo_precision or 1, "near")
    return f" {relation} {event.location}{region}"


def _short_admin(admin: str) -> str:
    return _ADMIN_SUFFIX.sub("", admin.strip())


def action_phrase(event: Event) -> str:
    a1 = neutral(event.actor1, "an unidentified armed group")
    a2 = neutral(event.actor2, "civilians" if event.event_type == "Violence against civilians" else "an unidentified party")
    template = _ACTIONS.get(event.sub_event_type)
    if template is None:
        kind = (event.sub_event_type or event.event_type or "an event").lower()
        return f"{a1} was involved in an event of type {kind}" + (f" with {a2}" if event.actor2 else "")
    return template.format(a1=a1, a2=a2)


def count_phrase(claim: Claim) -> str:
    low, high = claim.value_low, claim.value_high
    if low is None and high is not None:
        return f"up to {int(high)}"
    if high is None:
        return f"at least {int(low)}"
    if low == high:
        hedge = "about " if claim.hedge and _ABOUT.search(claim.hedge) else ""
        return f"{hedge}{int(low)}"
    approximate = _APPROXIMATE_NUMBER.search(claim.wording or "")
    if approximate:
        return f"about {approximate.group(1)}"  # "about 30" reads as the source said it, not as its 27-33 band
    return f"between {int(low)} and {int(high)}"


def _who(claim: Claim) -> str:
    about = claim.about
    if not about:
        return "people"
    if _CIVILIAN.search(about):
        return "civilians"
    return f"members of {neutral(about, 'one of the sides')}" if not _LABELS.search(about) else "fighters"


def figures_sentences(claims: Sequence[Claim], index: Optional[SourceIndex] = None) -> list[str]:
    """One sentence per source: what it reported, with superseded figures named as revisions."""
    current = [c for c in claims if c.kind in _OUTCOME and c.status is None and (c.value_low is not None or c.value_high is not None)]
    superseded = [c for c in claims if c.status == "superseded"]
    by_phrase: dict[str, list[str]] = {}
    for claim in current:
        phrase = index.attribution(claim).phrase if index else (claim.source or claim.publisher or "one report")
        count = count_phrase(claim)
        earlier = [count_phrase(s) for s in superseded if s.kind == claim.kind and s.about == claim.about and _same_source(s, claim, index)]
        revision = f" (revised from {', '.join(dict.fromkeys(earlier))})" if earlier else ""
        verb = "was" if count == "1" else "were"
        caveat = f" ({claim.hedge.strip()})" if claim.hedge and _CAVEAT.search(claim.hedge) else ""
        by_phrase.setdefault(phrase, []).append(f"{count} {_who(claim)} {verb} {_OUTCOME[claim.kind]}{revision}{caveat}")
    return [f"According to {_neutral_source(phrase)}, {'; '.join(parts)}." for phrase, parts in by_phrase.items()]


def _neutral_source(phrase: str) -> str:
    return phrase if not _LABELS.search(phrase) else "one source"


def _same_source(a: Claim, b: Claim, index: Optional[SourceIndex]) -> bool:
    if index is not None:
        return index.attribution(a).key == index.attribution(b).key
    return (a.source, a.publisher) == (b.source, b.publisher)


def event_note(event: Event, claims: Sequence[Claim] = (), index: Optional[SourceIndex] = None) -> str:
    """The note of an event: what happened, then who reported which figures."""
    first = f"{date_phrase(event)}, {action_phrase(event)}{place_phrase(event)}."
    sentences = [first]
    figures = figures_sentences(claims, index)
    if figures:
        sentences += figures
    elif event.fatalities_best is not None:
        sources = ", ".join(event.sources)
        noun = "fatality was" if event.fatalities_best == 1 else "fatalities were"
        sentences.append(f"{event.fatalities_best} {noun} reported" + (f" (sources: {sources})." if sources else "."))
    return " ".join(sentences)
