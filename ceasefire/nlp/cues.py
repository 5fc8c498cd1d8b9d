"""Codebook cues: short lexicons, grounded in the ACLED codebook's definitions, that signal a kind of event.

Each cue group is a regular expression over lower-cased text. They serve twice:
the event detector uses the violent and strategic ones as trigger lexicon, and
the classifier gets one indicator feature per group (``CueFeatures``), which
generalises from few examples better than raw n-grams ("barrel bombs" and
"warplanes" are both air strikes even if only one was in the training data).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np

from .pattern_screen import PatternScreen

if TYPE_CHECKING:
    from scipy import sparse

# name -> pattern (matched case-insensitively, on word boundaries where given).
# "air" also matches Airwars' incident codes ("March 21st 2017: (S527b) Tabaqa, ..."): each is one reported strike.
CUE_PATTERNS: dict[str, str] = {
    "air": r"\b(air ?strikes?|air ?raids?|airstrikes?|war ?planes?|warplanes?|fighter jets?|jets?|aircraft|helicopters?|gunships?|bombers?|air force|aerial|barrel bombs?|sorties?|air campaign|air support)\b|\(s\d{2,5}[a-z]?\)",
    "drone": r"\b(drones?|uavs?|unmanned aerial)\b",
    "shelling": r"\b(shell(s|ing|ed)?|artillery|mortars?|rockets?|missiles?|howitzers?|mlrs|grads?|katyushas?|tank (fire|attack|shells?)|tanks? attacked|rpgs?|rocket-propelled|projectiles?|bombard\w*|cruise missiles?|ballistic)\b",
    "suicide": r"\b(suicide|self-detonat\w*|explosive (vest|belt)s?|suicide vest|blew (himself|herself|themselves) up|vbieds?|kamikaze)\b",
    "explosive": r"\b(ieds?|improvised explosive|roadside bombs?|land ?mines?|mines?\b|car bombs?|explosive devices?|booby[- ]trap\w*|sticky bombs?|limpet|detonat\w*|blasts?|explosions?|exploded|explodes?|bombs? (went off|exploded)|planted)\b",
    "grenade": r"\bgrenades?\b",
    "chemical": r"\b(chemical|chlorine|sarin|toxic (gas|chemicals?)|poison(ous)? gas|nerve (agent|gas)|mustard (gas|agent)|gas attack|suffocat\w*)\b",
    "sexual": r"\b(rap(e|ed|es|ing|ist)|sexual\w*|molest\w*|gang-?rap\w*|sex slave\w*)\b",
    "abduction": r"\b(kidnap\w*|abduct\w*|hostages?|disappear\w*|taken captive|snatched|ransom)\b",
    "killing": r"\b(shot dead|gunmen|gunman|massacre\w*|execut\w*|behead\w*|stabb?\w*|murder\w*|assassinat\w*|slaughter\w*|lynch\w*|killed|kills?|killing)\b",
    "civilians": r"\b(civilians?|villagers?|residents?|worshippers?|farmers?|students?|passengers?|children|women|journalists?|teachers?|unarmed|mourners?)\b",
    "attack": r"\b(attack(s|ed|ing)?|raid(s|ed)?|strikes?|struck|target(s|ed|ing)?|bomb(s|ed|ing)|offensive|operation)\b",
    "fighting": r"\b(clash\w*|fight(ing|s)?|fought|battl\w*|gun ?fights?|firefights?|gunbattles?|exchange of fire|exchanged fire|ambush\w*|encounter|repel\w*|offensive|assault\w*|engag\w*|counter-?attack\w*|skirmish\w*|attacked (an? )?(army|military|police) (post|positions?|base|checkpoint|patrol|convoy))\b",
    "regain": r"\b(recaptur\w*|retook|retake\w*|retaken|regain\w*|liberat\w*|took back|taken back|recover(ed)? (control|the)|reclaim\w*|restored (state )?control|back under (government|state) control)\b",
    "takeover": r"\b(seiz\w*|captur\w*|took (full )?control|taken control|take control|took over|taken over|overr(a|u)n\w*|gained (control|ground)|fell to|fallen to|advanc\w*|stormed|control of)\b",
    "state_actor": r"\b(army|troops|soldiers|security forces|government forces|military|police|regime forces|national guard|forces of the government|armed forces|pro-government)\b",
    "nonstate_actor": r"\b(militants?|rebels?|insurgents?|taliban|isis|isil|islamic state|daesh|jihadists?|al-?shabaa?b|boko haram|al-?qaeda|militias?|militiamen|separatists?|guerrill\w*|terrorists?|fighters|factions?|armed groups?|houthis?|sdf|ypg|pkk|hts|nusra)\b",
    "protest": r"\b(protest\w*|demonstrat\w*|rall(y|ies)|march(ed|es|ers|ing)|(?-i:march)\b|sit-?ins?|picket\w*|vigils?|strikers|took to the streets|chant\w*|placards?|banners?)\b",
    "intervention": r"\b(tear ?gas|water cannons?|dispers\w*|pepper|rubber bullets|batons?|stun grenades|smoke grenades|broke up|detain\w*|arrest\w*|clear(ed)? the)\b",
    "lethal_force": r"\b(live (ammunition|rounds|fire)|opened fire|fired (on|at|into)|shot (dead|and killed)|killing|killed|died|deaths?|dead)\b",
    "rioting": r"\b(riot\w*|stones?|rocks?|petrol bombs?|molotov\w*|set (on )?fire|torch\w*|burn\w*|loot\w*|vandal\w*|smash\w*|hurl\w*|pelt\w*|barricades?|threw|throwing|fireworks)\b",
    "mob": r"\b(mobs?|lynch\w*|vigilant\w*|communal|sectarian|rival (groups|supporters|clans|gangs|communities)|beat(en)? to death|machetes?|sticks|iron rods|clubs|herders?|herdsmen|clan|tribes?|neighbou?ring communities)\b",
    "agreement": r"\b(agree\w*|ceasefire|cease-fire|truce|deal|accords?|peace talks|negotiat\w*|surrender\w*|prisoner (exchange|swap)|exchanged prisoners|swap\w*|treaty|pact|reconciliation|amnesty|laid down)\b",
    "arrest": r"\b(arrest\w*|detain\w*|custody|apprehend\w*|rounded up|round-up|nabbed|intercepted|taken into custody|detention|jailed|charged)\b",
    "group_change": r"\b(defect\w*|deploy\w*|reinforc\w*|withdr(ew|aw|awn|awal)|mobili[sz]\w*|merg\w*|formed|recruit\w*|curfew|state of emergency|switched sides|joined|pull(ed)? out|preparations?|build-?up|sent (troops|reinforcements))\b",
    "weapons_seized": r"\b(cache|stash|arms|ammunition|weapons|rifles|defus\w*|intercept\w*|shot down|foil\w*|confiscat\w*|dismantl\w*|disposal|seized|found|recovered|uncovered)\b",
    "base": r"\b(bases?|headquarters|hq|outposts?|barracks|set up|established|establish\w*|camp|observation (post|point|tower)|military post|airstrip|command cent(er|re))\b",
    "property": r"\b(loot\w*|torch\w*|arson\w*|set fire|set ablaze|demolish\w*|vandal\w*|destroy\w*|ransack\w*|burn(ed|t) down|razed|uproot\w*|damag\w*)\b",
    "transfer": r"\b(handed (over|control)|hand(ing)? over|without (a )?(fight|resistance|fighting)|unopposed|vacated|pulled out|ced(ed|ing)|withdr(ew|awn) from|evacuat\w*|took over positions)\b",
    "crime": r"\b(robb\w*|gangs?|drugs?|traffick\w*|smuggl\w*|fraud\w*|theft|thieves|stolen|steal\w*|burglar\w*|cartel\w*|mafia|launder\w*|extortion|cocaine|heroin|narcotics?|scam\w*|break-?ins?|suspects?|criminal\w*)\b",
    "natural": r"\b(earthquakes?|quakes?|floods?|flooding|tsunami|cyclones?|hurricanes?|typhoons?|storms?|landslides?|volcan\w*|erupt\w*|drought|wildfires?|bushfires?|tornado\w*|avalanches?|magnitude|torrential|rains?|lightning|heatwave|monsoon|tremors?)\b",
    "accident": r"\b(fire broke out|blaze|crash(ed|es)?|collided|collision|accident\w*|derail\w*|capsiz\w*|collaps\w*|leak\w*|spill\w*|gas (cylinder|explosion|leak)|cylinder|short circuit|firefighters|fire (fighters|brigade|service)|caught fire|sank|plunged)\b",
    "diplomacy": r"\b(sanctions?|diplomat\w*|ambassadors?|ministers?|summit|bilateral|embass(y|ies)|condemn\w*|urg(e|ed|es)|relations|foreign ministry|security council|visit\w*|talks|statement|envoy|summon\w*|expel\w*)\b",
    "attribution": r"\b(claim(ed|s)? responsibility|responsib\w*|den(y|ied|ies)|accus\w*|blam\w*|reject\w*|allegation\w*|alleg\w*|behind the|attribut\w*|was ordered|carried out by)\b",
    "displacement": r"\b(fled|fleeing|refugees?|displaced|returnees|returned|exodus|crossed into|satellite|test launch|military drills?|exercises?|parade)\b",
}

CUE_NAMES: tuple[str, ...] = tuple(CUE_PATTERNS)
_COMPILED = tuple(re.compile(CUE_PATTERNS[name], re.IGNORECASE) for name in CUE_NAMES)

# Cue groups that name violence or a strategic move: a sentence with none of
# them is not an event mention (used by the detector as trigger lexicon).
TRIGGER_CUES: tuple[str, ...] = (
    "air", "drone", "shelling", "suicide", "explosive", "grenade", "chemical", "sexual", "abduction", "killing",
    "attack", "fighting", "regain", "takeover", "protest", "rioting", "mob", "agreement", "arrest", "group_change",
    "weapons_seized", "base", "property", "transfer",
)

# Casualty reports and toll updates ("6 wounded die", "raises the death toll to 83", "bodies of 7 found",
# "3 more deaths", "casualties in shelling") report deaths of an event without naming the act; the typer
# types them from the sentence, with lowered confidence when this is their only trigger. Kept out of the
# classifier's cue features (``CUE_PATTERNS``) so the trained model does not change.
TOLL_CUE = "toll"
TOLL_PATTERN = (
    r"\b(death ?tolls?|tolls?|(?:rais|ris|climb|increas|reach)\w* (?:the (?:number|toll|death toll)|to)|"
    r"(?:wounded|injured) (?:die|died|dies)|succumb\w*|died|dies|deaths?|dead|bodies|body|corpses?|"
    r"casualt(?:y|ies)|martyrs?|martyred|human losses|los[te]s? (?:his|her|their) li(?:fe|ves)|claim\w* the li(?:fe|ves)|to death)\b"
)


def cue_matches(text: str) -> dict[str, list[re.Match[str]]]:
    """Every cue group that matches ``text``, with its matches (in text order)."""
    out = {}
    for name, pattern in zip(CUE_NAMES, _COMPILED):
        found = list(pattern.finditer(text))
        if found:
            out[name] = found
    return out


# Pairs of cues whose co-occurrence separates look-alike labels: who takes ground
# (state vs non-state), how a protest went (peaceful, dispersed, lethal, riot).
INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("state_actor", "regain"),
    ("state_actor", "takeover"),
    ("nonstate_actor", "regain"),
    ("nonstate_actor", "takeover"),
    ("protest", "intervention"),
    ("protest", "lethal_force"),
    ("protest", "rioting"),
    ("protest", "killing"),
    ("state_actor", "fighting"),
    ("nonstate_actor", "fighting"),
    ("civilians", "killing"),
    ("chemical", "accident"),
    ("explosive", "accident"),
    ("state_actor", "civilians"),
    ("nonstate_actor", "civilians"),
    ("crime", "arrest"),
    ("weapons_seized", "arrest"),
    ("agreement", "transfer"),
    ("group_change", "transfer"),
)
_INDEX = {name: i for i, name in enumerate(CUE_NAMES)}
FEATURE_NAMES: tuple[str, ...] = CUE_NAMES + tuple(f"{a}&{b}" for a, b in INTERACTIONS)


# The same patterns for cue_vector, which needs only whether each matches: searched in the
# lower-cased text without re.IGNORECASE, twice as fast. A pattern with a case-sensitive part
# ("(?-i:march)", the verb but not the month) keeps the flag and the original text.
_PRESENCE = tuple((re.compile(CUE_PATTERNS[name], re.IGNORECASE), False) if "(?-i:" in CUE_PATTERNS[name] else (re.compile(CUE_PATTERNS[name]), True) for name in CUE_NAMES)


def cue_vector(text: str) -> np.ndarray:
    """Indicators of each cue group, then of each interaction pair, in ``FEATURE_NAMES`` order."""
    lower = text.lower()
    possible = _CUE_SCREEN.mask(text, lower)
    single = [1.0 if possible >> i & 1 and pattern.search(lower if lowered else text) else 0.0 for i, (pattern, lowered) in enumerate(_PRESENCE)]
    pairs = [single[_INDEX[a]] * single[_INDEX[b]] for a, b in INTERACTIONS]
    return np.array(single + pairs)


_CUE_SCREEN = PatternScreen([CUE_PATTERNS[name] for name in CUE_NAMES])


class IndicatorFeatures:
    """A scikit-learn transformer: the indicator columns ``vector(text)`` gives, one per name in ``names``, scaled by ``weight``."""

    names: tuple[str, ...] = ()

    def __init__(self, weight: float) -> None:
        self.weight = weight

    def vector(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def fit(self, texts: Iterable[str], y: Any = None) -> "IndicatorFeatures":
        return self

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        from scipy import sparse  # here, not at import: the ledger and the API import the cue patterns alone

        rows = [self.vector(text) for text in texts]
        return sparse.csr_matrix(np.vstack(rows) * self.weight if rows else np.zeros((0, len(self.names))))

    def fit_transform(self, texts: Iterable[str], y: Any = None) -> sparse.csr_matrix:
        return self.transform(texts)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"weight": self.weight}

    def set_params(self, **params: Any) -> "IndicatorFeatures":
        for key, value in params.items():
            setattr(self, key, value)
        return self


class CueFeatures(IndicatorFeatures):
    """One indicator column per cue group and interaction pair (``FEATURE_NAMES``)."""

    names = FEATURE_NAMES

    def __init__(self, weight: float = 0.5) -> None:
        super().__init__(weight)

    def vector(self, text: str) -> np.ndarray:
        return cue_vector(text)


# The cue groups whose words can be the trigger of a mention of each label,
# most specific first (an air strike's trigger is "warplanes" before "killed").
CODE_CUES: dict[str, tuple[str, ...]] = {
    "ARMED_CLASH": ("fighting", "attack", "takeover", "killing"),
    "GOV_REGAINS_TERIT": ("regain", "takeover", "fighting"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("takeover", "regain", "fighting"),
    "CHEM_WEAP": ("chemical", "air", "shelling"),
    "AIR_STRIKE": ("air", "drone", "attack", "explosive", "killing"),
    "SUIC_BOMB": ("suicide", "explosive", "killing"),
    "ART_MISS_ATTACK": ("shelling", "grenade", "attack", "killing"),
    "REM_EXPLOS": ("explosive", "killing"),
    "GRENADE": ("grenade", "explosive"),
    "SEX_VIOL": ("sexual",),
    "ATTACK": ("killing", "attack", "fighting", "property"),
    "ABDUCT_DISSAP": ("abduction", "arrest"),
    "PEACE_PROTEST": ("protest",),
    "PROTEST_WITH_INTER": ("intervention", "protest"),
    "FORCE_AGAINST_PROTEST": ("lethal_force", "protest"),
    "VIOL_DEMONSTR": ("rioting", "protest"),
    "MOB_VIOL": ("mob", "killing", "rioting"),
    "AGREEMENT": ("agreement",),
    "ARREST": ("arrest",),
    "CHANGE_TO_GROUP_ACT": ("group_change", "takeover"),
    "DISR_WEAP": ("weapons_seized",),
    "HQ_ESTABLISHED": ("base",),
    "PROPERTY_DISTRUCT": ("property", "rioting"),
    "NON_VIOL_TERRIT_TRANSFER": ("transfer", "group_change", "takeover"),
    "OTHER": ("displacement", "group_change"),
    "ORG_CRIME": ("crime", "killing", "arrest"),
    "NATURAL_DISASTER": ("natural",),
    "MAN_MADE_DISASTER": ("accident", "explosive"),
    "DIPLO": ("diplomacy",),
    "ATTRIB": ("attribution",),
}
