"""Classifier-only features for the look-alike labels the cue groups of ``cues.py`` do not separate.

Kept apart from ``cues.py`` because those cue groups double as the event
detector's trigger lexicon; nothing here changes what is detected.

* Territory: who took the ground (``territory.capture_agent``), state or non-state.
* Protests (ACLED codebook, "Protests" and "Riots"): a protest met with force
  that injured or killed people is "Excessive force against protesters"; force
  without serious harm (tear gas, dispersal, arrests) is "Protest with
  intervention"; demonstrators who turn violent (clashes, blocked roads,
  burning tyres, stones) make a "Violent demonstration"; and a protest that
  says it was peaceful is a "Peaceful protest".
* Protest relations (``relation_vector``): who used force against whom, read
  from word order in a short window, as a cheap stand-in for the parse (no
  spaCy in the classifier): state forces firing on or killing protesters,
  protesters harmed, lethal means, protesters as the agents of violence,
  officers harmed, and mob words. The codebook turns on exactly this:
  excessive force is lethal or serious force by state forces on peaceful
  protesters; a violent demonstration is demonstrators using violence, whatever
  the police do in return; mob violence is rioters without a demonstration.
"""

from __future__ import annotations

import re

import numpy as np

from .cues import IndicatorFeatures
from .pattern_screen import CaseInsensitivePattern
from .territory import NON_STATE, STATE, capture_agent

_PATTERNS: dict[str, str] = {
    "protest_any": r"\b(protest\w*|demonstrat\w*|rall(y|ies)|march(ed|es|ers|ing)?|sit-?ins?|picket\w*|vigils?|strikers|took to the streets|chant\w*|placards?|gilets jaunes|crowds?)\b",
    "injury": r"\b(injur\w*|wound\w*|hurt|hospitali[sz]\w*|casualt\w*|maimed|mangled|bleeding|blinded|lost an eye)\b",
    "death": r"\b(killed|killing|kills?|dead|deaths?|died|dies|fatal\w*|shot dead|lives|bodies|martyr\w*|death toll)\b",
    "firearms": r"\b(live (ammunition|rounds|fire|bullets)|opened fire|fired (on|at|into) (the )?(protesters|demonstrators|crowds?|marchers)|gunfire|snipers?|shot (at|into)?)\b",
    "crowd_control": r"\b(tear ?gas|water cannons?|pepper[- ]?spray\w*|rubber bullets|batons?|stun grenades|dispers\w*|broke up|break up|crackdown|riot police|mace|charged|kettl\w*|suppress\w*)\b",
    "detained": r"\b(arrest\w*|detain\w*|custody|rounded up)\b",
    "demonstrator_violence": r"\b(riot\w*|stones?|rocks?|petrol bombs?|molotov\w*|set (on )?fire|torch\w*|burn(ing|ed|t)? (tyres|tires|cars?|vehicles?|police)|loot\w*|vandal\w*|smash\w*|hurl\w*|pelt\w*|threw|throwing|"
    r"barricad\w*|block(ed|ing|aded)? (the )?(roads?|streets?|highways?|entrance\w*|traffic)|shut down (roads|streets|offices)|clash\w*|scuffl\w*|turned violent|violent\w*|aggressive|storm(ed|ing)|attacked (police|officers|security))\b",
    "peaceful": r"\b(peaceful(ly)?|without incident|no (arrests|incidents|violence)|calm|silent|sat|sitting|held (up )?(signs|placards|banners|candles)|gathered)\b",
    "police": r"\b(police|officers?|security forces|troops|soldiers|riot police|gendarm\w*|authorities)\b",
    "rival_groups": r"\b(rival|opposing|counter-?protest\w*|dueling|against each other|two groups|supporters of)\b",
}
_COMPILED = {name: CaseInsensitivePattern(pattern) for name, pattern in _PATTERNS.items()}  # searched in the lower-cased text where that is the same

# Conjunctions over the indicators above, each aimed at one label of the protest family.
_PROTEST_COMBINATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("protest&injury", ("protest_any", "injury")),
    ("protest&death", ("protest_any", "death")),
    ("protest&firearms", ("protest_any", "firearms")),
    ("protest&crowd_control", ("protest_any", "crowd_control")),
    ("protest&crowd_control&injury", ("protest_any", "crowd_control", "injury")),
    ("protest&detained", ("protest_any", "detained")),
    ("protest&demonstrator_violence", ("protest_any", "demonstrator_violence")),
    ("protest&peaceful", ("protest_any", "peaceful")),
    ("protest&rival_groups", ("protest_any", "rival_groups")),
    ("protest&police", ("protest_any", "police")),
)

FEATURE_NAMES: tuple[str, ...] = ("territory_by_state", "territory_by_nonstate") + tuple(name for name, _ in _PROTEST_COMBINATIONS)


def feature_vector(text: str) -> np.ndarray:
    """The indicators of ``FEATURE_NAMES`` for one text."""
    agent = capture_agent(text)
    # every protest combination needs a protest word: most texts stop after one search
    lower = text.lower()
    found = {name for name, pattern in _COMPILED.items() if pattern.search(text, lower)} if _COMPILED["protest_any"].search(text, lower) else set()
    values = [float(agent == STATE), float(agent == NON_STATE)]
    values += [float(all(part in found for part in parts)) for _, parts in _PROTEST_COMBINATIONS]
    return np.array(values)


# Word windows between the parts of a relation: up to N words of any kind.
def _gap(n: int) -> str:
    return rf"(?:[\w'’,-]+ ){{0,{n}}}"


_PROTESTERS = (
    r"(?:protest(?:er|or)s?|demonstrators?|marchers?|crowds?|rall(?:y|ies)|students|youths|strikers|activists|mourners|participants|"
    r"sit-?ins?|demonstrations?|protests?|march(?:es)?|gatherings?)"
)
_STATE_FORCES = r"(?:police(?:men|women)?|officers?|security (?:forces|personnel|officers)|troops|soldiers|army|military|gendarm\w*|forces|guards|authorities|regime|militiamen|snipers)"
# Force that harms, not crowd control: "fired tear gas" is not here, "fired on / live rounds" is.
_HARMFUL_FORCE = (
    r"(?:opened fire|fired (?:on|at|into|upon|live|real|bullets|shots|pellets)|shot(?! tear)|shoot\w*|killed|killing|kills?|beat|beating|beaten|"
    r"bludgeon\w*|tortur\w*|gunned down|used live|used (?:lethal|excessive|deadly) force|stabbed|ran over|crushed)"
)
_HARMED = r"(?:(?:were|was|been|being|got) )?(?:killed|shot(?: dead)?|injured|wounded|hurt|beaten|hospitali[sz]ed|died|dead|maimed|blinded)"
_DEMONSTRATOR_VIOLENCE = (
    r"(?:threw|throwing|thrown|hurl\w*|pelt\w*|set (?:\w+ )?(?:on )?fire|set ablaze|torch\w*|burn(?:ed|t|ing)|attack\w*|assault\w*|storm\w*|"
    r"clash\w*|vandali[sz]\w*|smash\w*|loot\w*|block(?:ed|ing|aded)|barricad\w*|damag\w*|destroy\w*|ransack\w*|"
    r"injur(?:ed|ing) (?:\w+ ){0,2}(?:police|officers|policemen)|turned violent|rioted|rampag\w*)"
)
_OFFICERS = r"(?:police(?:men)?|officers?|security (?:forces|personnel)|soldiers|troops)"
_MOB = (
    r"(?:mobs?|lynch\w*|vigilant\w*|villagers|residents|locals|angry (?:crowd|residents|villagers|youths)|set upon|"
    r"beat(?:en)? (?:him|her|them|\w+ )?to death|burned (?:him|her|them) alive|rival (?:groups|supporters|clans|gangs|communities|factions)|communal|sectarian)"
)
_RELATIONS: dict[str, str] = {
    "state_force_on_protesters": rf"\b{_STATE_FORCES} {_gap(4)}{_HARMFUL_FORCE}\b {_gap(5)}{_PROTESTERS}\b",
    "protesters_harmed": rf"\b{_PROTESTERS} {_gap(3)}{_HARMED}\b|\b(?:killed|killing|shot|shooting|injur\w*|wound\w*|beat(?:ing)?) {_gap(3)}"
    rf"(?:\d+ |two |three |several |dozens of |scores of |many )?{_PROTESTERS}\b",
    "lethal_means": r"\b(?:live (?:ammunition|rounds|fire|bullets)|real bullets|opened fire|shot dead|gunned down|shot and killed|sniper fire|machine guns?)\b",
    "protesters_violent": rf"\b(?:{_PROTESTERS}|rioters|mob) {_gap(3)}{_DEMONSTRATOR_VIOLENCE}\b",
    "officers_harmed": rf"\b{_OFFICERS} {_gap(2)}{_HARMED}\b|\b(?:injur\w*|wound\w*|attack\w*|assault\w*|pelt\w*|hurl\w* (?:\w+ ){{0,3}}at|"
    rf"threw (?:\w+ ){{0,3}}at|killing) {_gap(3)}{_OFFICERS}\b",
    "mob_agent": rf"\b{_MOB}\b",
}
_RELATION_PATTERNS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in _RELATIONS.values())
_CROWD_OR_MOB = re.compile(r"\b(protest\w*|demonstrat\w*|rall(y|ies)|march(ed|es|ers|ing)?|sit-?ins?|crowds?|riot\w*|strikers|" + _MOB + r")\b", re.IGNORECASE)
RELATION_NAMES: tuple[str, ...] = tuple(_RELATIONS)


def relation_vector(text: str) -> np.ndarray:
    """The indicators of ``RELATION_NAMES``: all zero unless the text names a protest, a crowd or a mob."""
    if not _CROWD_OR_MOB.search(text):
        return np.zeros(len(RELATION_NAMES))
    return np.array([1.0 if pattern.search(text) else 0.0 for pattern in _RELATION_PATTERNS])


class ProtestRelationFeatures(IndicatorFeatures):
    """One indicator column per ``RELATION_NAMES`` entry."""

    names = RELATION_NAMES

    def __init__(self, weight: float = 0.3) -> None:
        super().__init__(weight)

    def vector(self, text: str) -> np.ndarray:
        return relation_vector(text)


class CodebookFeatures(IndicatorFeatures):
    """One indicator column per ``FEATURE_NAMES`` entry."""

    names = FEATURE_NAMES

    def __init__(self, weight: float = 0.3) -> None:
        super().__init__(weight)

    def vector(self, text: str) -> np.ndarray:
        return feature_vector(text)
