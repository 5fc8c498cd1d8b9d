"""Codebook cues: short lexicons, grounded in the ACLED codebook's definitions, that signal a kind of event.

Each cue group is a regular expression over lower-cased text. They serve twice:
the event detector uses the violent and strategic ones as trigger lexicon, and
the classifier gets one indicator feature per group (``CueFeatures``), which
generalises from few examples better than raw n-grams ("barrel bombs" and
"warplanes" are both air strikes even if only one was in the training data).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import numpy as np
from scipy import sparse

# name -> pattern (matched case-insensitively, on word boundaries where given).
CUE_PATTERNS: dict[str, str] = {
    "air": r"\b(air ?strikes?|air ?raids?|airstrikes?|war ?planes?|warplanes?|fighter jets?|jets?|aircraft|helicopters?|gunships?|bombers?|air force|aerial|barrel bombs?|sorties?|air campaign|air support)\b",
    "drone": r"\b(drones?|uavs?|unmanned aerial)\b",
    "shelling": r"\b(shell(s|ing|ed)?|artillery|mortars?|rockets?|missiles?|howitzers?|mlrs|grads?|katyushas?|tank (fire|attack|shells?)|tanks? attacked|rpgs?|rocket-propelled|projectiles?|bombard\w*|cruise missiles?|ballistic)\b",
    "suicide": r"\b(suicide|self-detonat\w*|explosive (vest|belt)s?|suicide vest|blew (himself|herself|themselves) up|vbieds?|kamikaze)\b",
    "explosive": r"\b(ieds?|improvised explosive|roadside bombs?|land ?mines?|mines?\b|car bombs?|explosive devices?|booby[- ]trap\w*|sticky bombs?|limpet|detonat\w*|blasts?|explosions?|exploded|explodes?|bombs? (went off|exploded)|planted)",
    "grenade": r"\bgrenades?\b",
    "chemical": r"\b(chemical|chlorine|sarin|toxic (gas|chemicals?)|poison(ous)? gas|nerve (agent|gas)|mustard (gas|agent)|gas attack|suffocat\w*)",
    "sexual": r"\b(rap(e|ed|es|ing|ist)|sexual\w*|molest\w*|gang-?rap\w*|sex slave\w*)",
    "abduction": r"\b(kidnap\w*|abduct\w*|hostages?|disappear\w*|taken captive|snatched|ransom)",
    "killing": r"\b(shot dead|gunmen|gunman|massacre\w*|execut\w*|behead\w*|stabb?\w*|murder\w*|assassinat\w*|slaughter\w*|lynch\w*|killed|kills?|killing)\b",
    "civilians": r"\b(civilians?|villagers?|residents?|worshippers?|farmers?|students?|passengers?|children|women|journalists?|teachers?|unarmed|mourners?)\b",
    "fighting": r"\b(clash\w*|fight(ing|s)?|fought|battl\w*|gun ?fights?|firefights?|gunbattles?|exchange of fire|exchanged fire|ambush\w*|encounter|repel\w*|offensive|assault\w*|engag\w*|counter-?attack\w*|skirmish\w*|attacked (an? )?(army|military|police) (post|positions?|base|checkpoint|patrol|convoy))",
    "regain": r"\b(recaptur\w*|retook|retake\w*|retaken|regain\w*|liberat\w*|took back|taken back|recover(ed)? (control|the)|reclaim\w*|restored (state )?control|back under (government|state) control)",
    "takeover": r"\b(seiz\w*|captur\w*|took (full )?control|taken control|take control|took over|taken over|overr(a|u)n\w*|gained (control|ground)|fell to|fallen to|advanc\w*|stormed|control of)",
    "state_actor": r"\b(army|troops|soldiers|security forces|government forces|military|police|regime forces|national guard|forces of the government|armed forces|pro-government)\b",
    "nonstate_actor": r"\b(militants?|rebels?|insurgents?|taliban|isis|isil|islamic state|daesh|jihadists?|al-?shabaa?b|boko haram|al-?qaeda|militias?|militiamen|separatists?|guerrill\w*|terrorists?|fighters|factions?|armed groups?|houthis?|sdf|ypg|pkk|hts|nusra)\b",
    "protest": r"\b(protest\w*|demonstrat\w*|rall(y|ies)|march(ed|es|ers)?|sit-?ins?|picket\w*|vigils?|strikers|took to the streets|chant\w*|placards?|banners?)",
    "intervention": r"\b(tear ?gas|water cannons?|dispers\w*|pepper|rubber bullets|batons?|stun grenades|smoke grenades|broke up|detain\w*|arrest\w*|clear(ed)? the)",
    "lethal_force": r"\b(live (ammunition|rounds|fire)|opened fire|fired (on|at|into)|shot (dead|and killed)|killing|killed|died|deaths?|dead)\b",
    "rioting": r"\b(riot\w*|stones?|rocks?|petrol bombs?|molotov\w*|set (on )?fire|torch\w*|burn\w*|loot\w*|vandal\w*|smash\w*|hurl\w*|pelt\w*|barricades?|threw|throwing|fireworks)",
    "mob": r"\b(mobs?|lynch\w*|vigilant\w*|communal|sectarian|rival (groups|supporters|clans|gangs|communities)|beat(en)? to death|machetes?|sticks|iron rods|clubs|herders?|herdsmen|clan|tribes?|neighbou?ring communities)",
    "agreement": r"\b(agree\w*|ceasefire|cease-fire|truce|deal|accords?|peace talks|negotiat\w*|surrender\w*|prisoner (exchange|swap)|exchanged prisoners|swap\w*|treaty|pact|reconciliation|amnesty|laid down)",
    "arrest": r"\b(arrest\w*|detain\w*|custody|apprehend\w*|rounded up|round-up|nabbed|intercepted|taken into custody|detention|jailed|charged)",
    "group_change": r"\b(defect\w*|deploy\w*|reinforc\w*|withdr(ew|aw|awn|awal)|mobili[sz]\w*|merg\w*|formed|recruit\w*|curfew|state of emergency|switched sides|joined|pull(ed)? out|preparations?|build-?up|sent (troops|reinforcements))",
    "weapons_seized": r"\b(cache|stash|arms|ammunition|weapons|rifles|defus\w*|intercept\w*|shot down|foil\w*|confiscat\w*|dismantl\w*|disposal|seized|found|recovered|uncovered)\b",
    "base": r"\b(bases?|headquarters|hq|outposts?|barracks|set up|established|establish\w*|camp|observation (post|point|tower)|military post|airstrip|command cent(er|re))\b",
    "property": r"\b(loot\w*|torch\w*|arson\w*|set fire|set ablaze|demolish\w*|vandal\w*|destroy\w*|ransack\w*|burn(ed|t) down|razed|uproot\w*|damag\w*)",
    "transfer": r"\b(handed (over|control)|hand(ing)? over|without (a )?(fight|resistance|fighting)|unopposed|vacated|pulled out|ced(ed|ing)|withdr(ew|awn) from|evacuat\w*|took over positions)",
    "crime": r"\b(robb\w*|gangs?|drugs?|traffick\w*|smuggl\w*|fraud\w*|theft|thieves|stolen|steal\w*|burglar\w*|cartel\w*|mafia|launder\w*|extortion|cocaine|heroin|narcotics?|scam\w*|break-?ins?|suspects?|criminal\w*)",
    "natural": r"\b(earthquakes?|quakes?|floods?|flooding|tsunami|cyclones?|hurricanes?|typhoons?|storms?|landslides?|volcan\w*|erupt\w*|drought|wildfires?|bushfires?|tornado\w*|avalanches?|magnitude|torrential|rains?|lightning|heatwave|monsoon|tremors?)",
    "accident": r"\b(fire broke out|blaze|crash(ed|es)?|collided|collision|accident\w*|derail\w*|capsiz\w*|collaps\w*|leak\w*|spill\w*|gas (cylinder|explosion|leak)|cylinder|short circuit|firefighters|fire (fighters|brigade|service)|caught fire|sank|plunged)",
    "diplomacy": r"\b(sanctions?|diplomat\w*|ambassadors?|ministers?|summit|bilateral|embass(y|ies)|condemn\w*|urg(e|ed|es)|relations|foreign ministry|security council|visit\w*|talks|statement|envoy|summon\w*|expel\w*)",
    "attribution": r"\b(claim(ed|s)? responsibility|responsib\w*|den(y|ied|ies)|accus\w*|blam\w*|reject\w*|allegation\w*|alleg\w*|behind the|attribut\w*|was ordered|carried out by)",
    "displacement": r"\b(fled|fleeing|refugees?|displaced|returnees|returned|exodus|crossed into|satellite|test launch|military drills?|exercises?|parade)",
}

CUE_NAMES: tuple[str, ...] = tuple(CUE_PATTERNS)
_COMPILED = tuple(re.compile(CUE_PATTERNS[name], re.IGNORECASE) for name in CUE_NAMES)

# Cue groups that name violence or a strategic move: a sentence with none of
# them is not an event mention (used by the detector as trigger lexicon).
TRIGGER_CUES: tuple[str, ...] = (
    "air", "drone", "shelling", "suicide", "explosive", "grenade", "chemical", "sexual", "abduction", "killing",
    "fighting", "regain", "takeover", "protest", "rioting", "mob", "agreement", "arrest", "group_change",
    "weapons_seized", "base", "property", "transfer",
)


def cue_matches(text: str) -> dict[str, list[re.Match[str]]]:
    """Every cue group that matches ``text``, with its matches (in text order)."""
    out = {}
    for name, pattern in zip(CUE_NAMES, _COMPILED):
        found = list(pattern.finditer(text))
        if found:
            out[name] = found
    return out


def cue_vector(text: str) -> np.ndarray:
    return np.array([1.0 if pattern.search(text) else 0.0 for pattern in _COMPILED])


class CueFeatures:
    """A scikit-learn transformer: one indicator column per cue group, scaled by ``weight``."""

    def __init__(self, weight: float = 0.5) -> None:
        self.weight = weight

    def fit(self, texts: Iterable[str], y: Any = None) -> "CueFeatures":
        return self

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        rows = [cue_vector(text) for text in texts]
        return sparse.csr_matrix(np.vstack(rows) * self.weight if rows else np.zeros((0, len(CUE_NAMES))))

    def fit_transform(self, texts: Iterable[str], y: Any = None) -> sparse.csr_matrix:
        return self.transform(texts)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"weight": self.weight}

    def set_params(self, **params: Any) -> "CueFeatures":
        for key, value in params.items():
            setattr(self, key, value)
        return self
