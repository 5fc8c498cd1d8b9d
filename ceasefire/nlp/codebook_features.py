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
"""

from __future__ import annotations

import re

import numpy as np

from .cues import IndicatorFeatures
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
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _PATTERNS.items()}

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
    found = {name for name, pattern in _COMPILED.items() if pattern.search(text)} if _COMPILED["protest_any"].search(text) else set()
    values = [float(agent == STATE), float(agent == NON_STATE)]
    values += [float(all(part in found for part in parts)) for _, parts in _PROTEST_COMBINATIONS]
    return np.array(values)


class CodebookFeatures(IndicatorFeatures):
    """One indicator column per ``FEATURE_NAMES`` entry."""

    names = FEATURE_NAMES

    def __init__(self, weight: float = 0.3) -> None:
        super().__init__(weight)

    def vector(self, text: str) -> np.ndarray:
        return feature_vector(text)
