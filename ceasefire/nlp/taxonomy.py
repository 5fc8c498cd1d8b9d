"""The event taxonomy: ACLED event types and sub-event types, and the CASE 2021 task 2 label codes.

One table, used by every stage: the classifier predicts CASE codes (``AIR_STRIKE``),
mentions and events store ACLED's official names (``Explosions/Remote violence`` /
``Air/drone strike``). The five non-conflict classes of CASE 2021 keep their code as
both event type and sub-event type.
"""

from __future__ import annotations

from dataclasses import dataclass

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC_DEVELOPMENTS = "Strategic developments"

ACLED_EVENT_TYPES: tuple[str, ...] = (
    BATTLES,
    EXPLOSIONS,
    VIOLENCE_AGAINST_CIVILIANS,
    PROTESTS,
    RIOTS,
    STRATEGIC_DEVELOPMENTS,
)


@dataclass(frozen=True)
class EventLabel:
    """One label of the classifier: its CASE 2021 code and its ACLED names."""

    code: str
    event_type: str
    sub_event_type: str

    @property
    def is_acled(self) -> bool:
        return self.event_type in ACLED_EVENT_TYPES


# The 25 ACLED sub-event types (ACLED codebook 2019+), in codebook order.
_ACLED = (
    ("ARMED_CLASH", BATTLES, "Armed clash"),
    ("GOV_REGAINS_TERIT", BATTLES, "Government regains territory"),
    ("NON_STATE_ACTOR_OVERTAKES_TER", BATTLES, "Non-state actor overtakes territory"),
    ("CHEM_WEAP", EXPLOSIONS, "Chemical weapon"),
    ("AIR_STRIKE", EXPLOSIONS, "Air/drone strike"),
    ("SUIC_BOMB", EXPLOSIONS, "Suicide bomb"),
    ("ART_MISS_ATTACK", EXPLOSIONS, "Shelling/artillery/missile attack"),
    ("REM_EXPLOS", EXPLOSIONS, "Remote explosive/landmine/IED"),
    ("GRENADE", EXPLOSIONS, "Grenade"),
    ("SEX_VIOL", VIOLENCE_AGAINST_CIVILIANS, "Sexual violence"),
    ("ATTACK", VIOLENCE_AGAINST_CIVILIANS, "Attack"),
    ("ABDUCT_DISSAP", VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"),
    ("PEACE_PROTEST", PROTESTS, "Peaceful protest"),
    ("PROTEST_WITH_INTER", PROTESTS, "Protest with intervention"),
    ("FORCE_AGAINST_PROTEST", PROTESTS, "Excessive force against protesters"),
    ("VIOL_DEMONSTR", RIOTS, "Violent demonstration"),
    ("MOB_VIOL", RIOTS, "Mob violence"),
    ("AGREEMENT", STRATEGIC_DEVELOPMENTS, "Agreement"),
    ("ARREST", STRATEGIC_DEVELOPMENTS, "Arrests"),
    ("CHANGE_TO_GROUP_ACT", STRATEGIC_DEVELOPMENTS, "Change to group/activity"),
    ("DISR_WEAP", STRATEGIC_DEVELOPMENTS, "Disrupted weapons use"),
    ("HQ_ESTABLISHED", STRATEGIC_DEVELOPMENTS, "Headquarters or base established"),
    ("PROPERTY_DISTRUCT", STRATEGIC_DEVELOPMENTS, "Looting/property destruction"),
    ("NON_VIOL_TERRIT_TRANSFER", STRATEGIC_DEVELOPMENTS, "Non-violent transfer of territory"),
    ("OTHER", STRATEGIC_DEVELOPMENTS, "Other"),
)

# CASE 2021's non-conflict classes: the code is both event type and sub-event type.
NON_CONFLICT_CODES: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")

LABELS: tuple[EventLabel, ...] = tuple(EventLabel(*row) for row in _ACLED) + tuple(
    EventLabel(code, code, code) for code in NON_CONFLICT_CODES
)
BY_CODE: dict[str, EventLabel] = {label.code: label for label in LABELS}
BY_SUB_EVENT_TYPE: dict[str, EventLabel] = {label.sub_event_type: label for label in LABELS}

CASE_CODES: tuple[str, ...] = tuple(label.code for label in LABELS)
ACLED_CODES: tuple[str, ...] = tuple(label.code for label in LABELS if label.is_acled)


def label_for(code: str) -> EventLabel:
    """The label for a CASE 2021 code; ``KeyError`` names the known codes."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown event label {code!r}; known: {', '.join(CASE_CODES)}") from None


def code_for(sub_event_type: str) -> str:
    """The CASE 2021 code of an ACLED sub-event type name (or of a non-conflict class)."""
    try:
        return BY_SUB_EVENT_TYPE[sub_event_type].code
    except KeyError:
        raise KeyError(f"unknown sub-event type {sub_event_type!r}") from None


__all__ = [
    "ACLED_CODES",
    "ACLED_EVENT_TYPES",
    "BY_CODE",
    "CASE_CODES",
    "EventLabel",
    "LABELS",
    "NON_CONFLICT_CODES",
    "code_for",
    "label_for",
]
