"""The column layouts of the UCDP GED and ACLED CSV files, and the code tables between them."""

from __future__ import annotations

import re
from typing import Optional

UCDP_COLUMNS = (
    "id", "year", "active_year", "type_of_violence", "conflict_new_id", "conflict_name", "dyad_new_id", "dyad_name",
    "side_a_new_id", "side_a", "side_b_new_id", "gwnob", "side_b", "number_of_sources", "source_article",
    "source_office", "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "adm_1",
    "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best",
    "high",
)  # fmt: skip
UCDP_REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_prec", "where_prec", "latitude", "longitude", "low", "best", "high")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
ACLED_REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country", "fatalities")

# UCDP date_prec: 1 day, 2 two-to-six days, 3 week, 4 month, 5 longer -> ACLED time precision.
UCDP_DATE_PREC = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
ACLED_TO_UCDP_DATE_PREC = {1: 1, 2: 3, 3: 4}
# UCDP where_prec: 1 exact place, 2 within 25 km, 3 district, 4 governorate, 5 larger area, 6 country,
# 7 international waters -> ACLED geo precision.
UCDP_WHERE_PREC = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
ACLED_TO_UCDP_WHERE_PREC = {1: 1, 2: 2, 3: 4}

# UCDP type_of_violence -> ACLED (event type, sub-event type), before headline clues.
UCDP_VIOLENCE_TYPES = {
    1: ("Battles", "Armed clash"),  # state-based
    2: ("Battles", "Armed clash"),  # non-state
    3: ("Violence against civilians", "Attack"),  # one-sided
}
# Headline words that say how the violence was done: remote violence is ACLED's
# "Explosions/Remote violence" whatever the UCDP type (the first clue in the headline wins).
UCDP_HEADLINE_CLUES = (
    (re.compile(r"suicide|car bomb|vbied|booby-trapped vehicle", re.I), ("Explosions/Remote violence", "Suicide bomb")),
    (re.compile(r"chemical|chlorine|sarin|toxic gas", re.I), ("Explosions/Remote violence", "Chemical weapon")),
    (re.compile(r"air ?strike|air raid|airstrike|warplane|jet|helicopter|barrel bomb|drone|aerial", re.I), ("Explosions/Remote violence", "Air/drone strike")),
    (re.compile(r"\bied\b|landmine|land mine|explosive device|roadside bomb|mine explosion|explosion|blast", re.I), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    (re.compile(r"shell|artillery|rocket|missile|mortar|bombard", re.I), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
)


_CLUES = re.compile("|".join(f"(?P<c{i}>{p.pattern})" for i, (p, _) in enumerate(UCDP_HEADLINE_CLUES)), re.I)


def ucdp_event_type(type_of_violence: int, headline: Optional[str]) -> tuple[str, str]:
    """ACLED type for a UCDP event: headline clues of remote violence first, else by type of violence."""
    if headline:
        # The earliest clue in the text wins; among clues at one place, the first listed.
        match = _CLUES.search(headline)
        if match:
            return UCDP_HEADLINE_CLUES[int(match.lastgroup[1:])][1]
    return UCDP_VIOLENCE_TYPES[type_of_violence]


def ucdp_type_of_violence(event_type: str, actor1: Optional[str], actor2: Optional[str], inter1: Optional[int], inter2: Optional[int]) -> int:
    """The UCDP type of violence an ACLED-typed event would have: one-sided, state-based or non-state."""
    if event_type == "Violence against civilians" or inter2 == 7 or (actor2 or "").lower().startswith("civilians"):
        return 3
    if 1 in (inter1, inter2) or any((a or "").startswith(("Government of", "Military Forces of")) for a in (actor1, actor2)):
        return 1
    return 2


def inter_for_side(name: str) -> int:
    """ACLED inter code of a UCDP side without a dictionary entry: 1 governments, 7 civilians, else 2."""
    lowered = name.strip().lower()
    if lowered.startswith("government of") or lowered.startswith("military forces of"):
        return 1
    if lowered.startswith("civilians"):
        return 7
    return 2


DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
