"""Codebook rules applied after the statistical classifier, where the ACLED codebook is explicit.

* Territory changes hands only when the text says so: ACLED codes "Government
  regains territory" / "Non-state actor overtakes territory" for a completed
  capture; an advance, push or offensive without one is an "Armed clash".
* Which of the two is decided by who took the ground (``territory.capture_agent``):
  state forces regain, non-state actors overtake, whatever the verb
  ("ISIS fighters recaptured the village" is a non-state gain).
* An air/drone strike needs something that flies in the text (aircraft, drone,
  air raid, helicopter, ...); without one the label is ruled out ("infiltrators
  of Tahrir al-Sham attack the regime" is no air strike, whatever its n-grams say).
* A natural disaster needs a natural hazard in the text (flood, earthquake,
  volcano, storm, snow, ...): "Clashes erupted in Deir Ezzor city" is no
  eruption, whatever "erupted" says in the training data.
* The four protest labels need demonstrators in the text (protest, rally,
  march, crowd, rioters, ...): ACLED's protests are public demonstrations, so
  "clashes" without them is fighting, not a violent demonstration.
* An agreement needs agreement terms (ceasefire, deal, talks, exchange,
  surrender, signed, ...).
* The weapon sub-types need their weapon in the text: a remote explosive needs
  a bomb, mine or blast; a suicide bomb a suicide bomber; a grenade a grenade; a
  chemical weapon a chemical or gas; shelling an artillery, rocket or missile
  word. Headlines such as "IS targets SDF in al-Raqqa countryside" name no
  weapon, so they are no remote explosive, whatever "targets" says in training.
* An attribution names a claim or an accusation ("claimed responsibility",
  "blamed"): "Attack by the Islamic State on the villages" is no attribution.
* Mob violence needs rioters, a crowd, a mob or a group of people
  (villagers, residents, supporters, clans, ...): ACLED's mob violence is
  violence by rioters, so "Clashes in several areas of the desert" is fighting.
* A headquarters or base needs a base word (base, headquarters, post, camp, ...).
* A move against the enemy's positions, or an attack aimed at an armed group,
  is a battle, not a "Change to group/activity" or a new base (the codebook
  keeps those strategic developments for non-violent moves: deployments,
  withdrawals): "the SDF resumed their advance on ISIS positions" and
  "Islamic State targets the SDF" are Armed clashes.
"""

from __future__ import annotations

import re
from typing import Optional, Union

import numpy as np

from .cues import CUE_PATTERNS
from .territory import STATE, actor_pattern, capture_agent

TERRITORIAL = ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
_CAPTURE = re.compile(
    r"\b(captur\w*|seiz\w*|(took|taken|take|takes|taking|gained|gain|gains|regained|in|under|full|total) (full |total )?control|took over|taken over|"
    r"overr[au]n\w*|fell|fallen|gained ground|recaptur\w*|retook|retak\w*|regain\w*|liberat\w*|took back|taken back|reclaim\w*|"
    r"restored|recover\w*|entered|controll?\w*|flags?|won|drove out|driven out|expell\w*|cleared|freed|occup\w*)\b",
    re.IGNORECASE,
)


_AIR_MEANS = re.compile(CUE_PATTERNS["air"] + "|" + CUE_PATTERNS["drone"] + r"|\b(choppers?|planes?|airplanes?|b-\d+\w*|mig-?\d*|sukhois?|su-\d+|f-\d+\w*|mirage|raids? by|bombing raids?|coalition strikes?|air-?dropped|dropped bombs?)\b", re.IGNORECASE)
_ADVANCE_ON_ENEMY = re.compile(
    r"\b(advanc\w*|offensives?|assault\w*|push\w*|attack\w*|storm\w*|offensive) (on|against|into|towards?) (the )?([\w'-]+ ){0,4}"
    r"(positions?|lines|defen[cs]es|strongholds?|bases?|fortifications)\b",
    re.IGNORECASE,
)

# A violent verb whose object is an armed group ("targets the SDF", "attacked regime forces"): violence between armed groups.
_VIOLENCE_ON = re.compile(
    r"\b(?:attack(?:s|ed|ing)?|target(?:s|ed|ing)?|struck|strikes?|hit|hits|ambush(?:es|ed)?|assault(?:s|ed)?|raid(?:s|ed)?) "
    r"(?:on |against )?(?:the )?(?:positions? (?:of |held by )(?:the )?|posts? of (?:the )?)?",
    re.IGNORECASE,
)
# Strategic developments the codebook keeps for non-violent moves.
_NON_VIOLENT_MOVES = ("CHANGE_TO_GROUP_ACT", "HQ_ESTABLISHED")


def _violence_against_armed_group(text: str) -> bool:
    actors = actor_pattern()
    return any(actors.match(text, m.end()) for m in _VIOLENCE_ON.finditer(text))


def _any_of(*names: str, extra: str = "") -> re.Pattern[str]:
    """One pattern matching any of the named cue groups of ``cues.py`` or ``extra``."""
    return re.compile("|".join([CUE_PATTERNS[n] for n in names] + ([extra] if extra else [])), re.IGNORECASE)


# The weapon each weapon sub-type is named after (cue groups of ``cues.py`` plus a few plain words).
_WEAPON_EVIDENCE: dict[str, Union[re.Pattern[str], _OutsideFrames]] = {
    "REM_EXPLOS": _any_of("explosive", "suicide", extra=r"\b(bombs?|bombing|bomber|explosives?|blew up|blown up|devices?|mined)\b"),
    "SUIC_BOMB": _any_of("suicide", extra=r"\b(bombers?|blew (himself|herself|themselves) up)\b"),
    "GRENADE": _any_of("grenade"),
    "CHEM_WEAP": _any_of("chemical", extra=r"\b(gas|toxic|poison\w*|agents?|chemicals?)\b"),
    "ART_MISS_ATTACK": _any_of("shelling", extra=r"\b(shells?|fired|bombard\w*|rockets?|tanks?)\b"),
}
_ATTRIBUTION = _any_of("attribution", extra=r"\b(claim\w*|says|said|according|statement|responsib\w*)\b")
_RIOTERS = _any_of(
    "mob", "rioting",
    extra=r"\b(crowds?|villagers|residents|youths?|locals|groups?|supporters|fans|men|people|assailants|attackers|gangs?|communit\w+|famil(y|ies)|neighbou?r\w*)\b",
)
_BASE = _any_of("base")

_NATURAL_HAZARD = re.compile(
    r"\b(earthquakes?|quakes?|floods?|flooding|flooded|flash floods?|tsunamis?|cyclones?|hurricanes?|typhoons?|storms?|landslides?|mudslides?|"
    r"volcan\w*|eruptions?|lava|ash|mount \w+ erupt\w*|spew\w*|drought|wildfires?|bushfires?|forest fires?|tornado\w*|avalanches?|magnitude|"
    r"torrential|rains?|rainfall|downpours?|lightning|heat ?waves?|cold (wave|snap)s?|monsoon|tremors?|seismic|snow\w*|blizzards?|hail\w*|locusts?|epidemic)\b",
    re.IGNORECASE,
)
_DEMONSTRATORS = re.compile(
    r"\b(protest\w*|demonstrat\w*|rall(y|ies|ied)|march(ed|es|ers|ing)?|sit-?ins?|picket\w*|vigils?|strikers|(general|on|went on|national|hunger) strikes?|walk-?outs?|boycott\w*|"
    r"took to the streets|chant\w*|placards?|banners?|slogans?|gilets jaunes|yellow vests|crowds?|riot\w*|mobs?|dispers\w*|gather\w*|activists?|"
    r"petition\w*|unrest|uprising|threw|throwing|hurl\w*|pelt\w*|stone-throw\w*)\b",
    re.IGNORECASE,
)
# ACLED's "Agreement": a ceasefire, peace deal, prisoner exchange, surrender or the like, which the text has to name.
_AGREEMENT_TERMS = re.compile(
    CUE_PATTERNS["agreement"] + r"|\b(signed|sign|signing|exchang\w*|releas\w*|settlement|memorandum|peace|talks|accept\w*|mediat\w*)\b", re.IGNORECASE
)


class _OutsideFrames:
    """Agreement evidence found outside the phrases that name an agreement only as the time or place of something else.

    "killed during the Putin–Erdogan agreement", "attacks within the areas of the agreement": ACLED codes the
    violence; an agreement event is one being reached, signed or carried out, which these phrases do not report.
    """

    _FRAME = re.compile(
        r"\b(during|within|since|despite|amid|(in )?violations? of|breach(es)? of)\s+(the\s+)?(areas?\s+of\s+(the\s+)?)?"
        r"([\w'’\"“”–-]+\s+){0,4}?(agreement|deal|truce|ceasefire|cease-fire|memorandum|accords?)\b",
        re.IGNORECASE,
    )

    def __init__(self, evidence: re.Pattern[str]) -> None:
        self.evidence = evidence

    def search(self, text: str) -> Optional[re.Match[str]]:
        return self.evidence.search(self._FRAME.sub(" ", text))


PROTESTS = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR")
# Labels the codebook grants only when the text names their defining thing; a label whose evidence
# is missing is ruled out (with every other such label of the text) when it comes out on top.
_EVIDENCE: dict[str, Union[re.Pattern[str], _OutsideFrames]] = {
    **{code: _CAPTURE for code in TERRITORIAL},
    "AIR_STRIKE": _AIR_MEANS,
    "NATURAL_DISASTER": _NATURAL_HAZARD,
    "AGREEMENT": _OutsideFrames(_AGREEMENT_TERMS),
    **{code: _DEMONSTRATORS for code in PROTESTS},
    **_WEAPON_EVIDENCE,
    "ATTRIB": _ATTRIBUTION,
    "MOB_VIOL": _RIOTERS,
    "HQ_ESTABLISHED": _BASE,
}


def _rule_out_unevidenced(text: str, probabilities: np.ndarray, codes: tuple[str, ...], best: int) -> int:
    """Zero every label lacking its evidence in ``text`` when the best one does; renormalise; the new best index."""
    if codes[best] not in _EVIDENCE or _EVIDENCE[codes[best]].search(text):
        return best
    lacking = [i for i, code in enumerate(codes) if code in _EVIDENCE and not _EVIDENCE[code].search(text)]
    probabilities[lacking] = 0.0
    probabilities /= probabilities.sum()
    return int(probabilities.argmax())


def apply_codebook_rules(texts: list[str], probabilities: np.ndarray, codes: tuple[str, ...]) -> np.ndarray:
    """Apply the rules in place to ``probabilities`` (rows in ``codes`` order); returns the label index per text.

    A label ruled out for a text gets probability 0 and the rest is renormalised,
    so the confidence becomes the probability given that the rule holds.
    """
    best = probabilities.argmax(axis=1)
    territorial = [codes.index(c) for c in TERRITORIAL if c in codes]
    for row, text in enumerate(texts):
        best[row] = _rule_out_unevidenced(text, probabilities[row], codes, int(best[row]))
        if (
            codes[best[row]] in _NON_VIOLENT_MOVES
            and "ARMED_CLASH" in codes
            and (_ADVANCE_ON_ENEMY.search(text) or _violence_against_armed_group(text))
        ):
            clash = codes.index("ARMED_CLASH")
            probabilities[row, clash] += probabilities[row, best[row]]
            probabilities[row, best[row]] = 0.0
            best[row] = clash
        if best[row] in territorial and len(territorial) == 2:
            agent = capture_agent(text)
            if agent is not None:
                # the two labels pool their probability: the text says ground changed hands, the agent says which way
                wanted, other = (territorial[0], territorial[1]) if agent == STATE else (territorial[1], territorial[0])
                probabilities[row, wanted] += probabilities[row, other]
                probabilities[row, other] = 0.0
                best[row] = wanted
    return best
