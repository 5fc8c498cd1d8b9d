"""The phrase around a toponym: "near the town of X", "north of X", "northern X", "the provinces of X and Y", "X, Y"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# Phrases before a name, read on the lower-cased text just before it.
_NEAR_RE = re.compile(r"\b(near|nearby|close to|outside|outskirts of|vicinity of|around|surroundings of|countryside of|edge of)\s+(the\s+)?((town|village|city|area|villages|towns)\s+of\s+)?$")
_DIRECTION_OF_RE = re.compile(r"\b((?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?)\s+(?:of|from)\s+(the\s+)?((town|village|city|area)\s+of\s+)?$")
_DIRECTION_ADJ_RE = re.compile(r"\b(northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western|northeastern|northwestern|southeastern|southwestern|rural)\s+$")
_ADMIN_OF_RE = re.compile(r"\b(provinces?|governorates?|regions?|states?|districts?|counties|county)\s+of\s+(the\s+)?([\w'’\- ]+?\s*(,|and)\s+)?$")
_ADMIN_AFTER_RE = re.compile(r"^\s*(province|governorate|region|district)\b", re.I)
# "Aleppo countryside", "Hama northern countryside": the rural area around the city, as "countryside of X"
# reads (UCDP codes such reports at the town, precision 2, forty times as often as at the governorate).
_COUNTRYSIDE_AFTER_RE = re.compile(r"^\s*(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)-?(?:east|west)(?:ern)?\s+)?countryside\b", re.I)
# A dateline opens the article: "WASHINGTON —", "Washington (CNN)", "EDMONTON, Ky. (WBKO) --", or a name in capitals
# whose dash the corpus dropped ("WASHINGTON Barack Obama pardoned ..."). It names the city the report was filed from.
_DATELINE_AFTER_RE = re.compile(r"^(?:\s*\(|\s*[—–]|\s+-{1,2}\s|,\s*[A-Z][\w.]{1,12}\s*(?:\(|[—–]|-{1,2}\s))")
# "New York-based", "a Washington-based group": the city a company or group is based in.
_BASED_AFTER_RE = re.compile(r"^-based\b", re.I)
_WITHIN_GAP_RE = re.compile(r"(?:\s+(?:area|village|town|city|neighbou?rhood|district|suburb))?\s*,\s?"
                            r"(?:(?:north|south|east|west)(?:ern)?\s+)?")
# A place of origin: "a displaced man from Homs", "4 displaced people from Hama countryside", "convoy launched from Tal
# Tamr towards Ras al-Ayn", "a citizen from Daraa": where someone or something came from, not (when the text names another
# place) where the event happened. The word before "from" says so: a person or a group that comes from somewhere, or a
# verb of going, fleeing or sending, or fire ("shelling from X on Y": X is where it was fired from). Not "withdraws from X", "expel ISIS from X", "20 km away from X": the event is there.
ORIGIN = "from"
_ORIGIN_CUE = (r"(?:displaced|displace|displacement|refugees?|fled|flee|flees|fleeing|escape[sd]?|escaping|evacuat(?:ed|ion|ing)|"
               r"deport(?:ed|ees)|com(?:e|es|ing)|came|arriv(?:e|es|ed|ing)|return(?:ed|ing|ees)?|mov(?:ed|ing)|transferr?(?:ed|ing)|"
               r"brought|bring(?:s|ing)?|sent|launched|fired|descended|hailing|originally|native|natives|head(?:ed|ing)|walk(?:ed|ing)|"
               r"travell?(?:ed|ing)|man|men|woman|women|child|children|boy|girl|teen|youth|person|persons|people|family|families|"
               r"citizens?|civilians?|residents?|fighters?|members?|officers?|soldiers?|activists?|leaders?|commanders?|casualt(?:y|ies)|"
               r"gunmen|factions?|convoys?|buses|bus|column|reinforcements|delegation|shelling|shells|rockets|missiles|bombardment)")
_ORIGIN_RE = re.compile(rf"\b{_ORIGIN_CUE}(?:\s+[\w'’-]+){{0,3}}?\s+from\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?"
                        r"(?:(?:countryside|outskirts|vicinity|city|town|village|province|governorate|area|region|camp|east|west|north|south)"
                        r"\s+of\s+(?:the\s+)?)?$")
_FROM_RE = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?(?:(?:countryside|city|town|village|province|governorate|area)"
                      r"\s+of\s+(?:the\s+)?)?$")
# "from X towards Y": X is where it set out from
_TOWARDS_AFTER_RE = re.compile(r"^(?:\s+(?:city|town|village|countryside|province|governorate|area|camp))?\s*[“”\"]?\s*(?:to|towards?|into)\s", re.I)
# "Shohadaa al-Yarmouk battalion", "Martyrs of Idlib Brigade": a word of an armed unit's name (a capitalised word of the
# name before it, a unit word after it) names no place.
GROUP = "group"
_UNIT_AFTER_RE = re.compile(r"^\s+(?:battalions?|brigades?|regiments?|division|corps|legion)\b", re.I)
_NAME_WORD_BEFORE_RE = re.compile(r"(?:^|[^.!?:;,\s]\s+|^\s*)[A-Z][\w'’-]*\s+(?:of\s+)?$")
# "eastern Aleppo city": a direction before a name followed by this is a part of the town, not of its governorate
TOWN_AFTER_RE = re.compile(r"^\s+(?:city|town)\b", re.I)
_POPULATED_RE = re.compile(r"\b(town|village|city|villages|towns|cities|hamlet|suburb|neighbourhood|neighborhood)\s+of\s+(the\s+)?$")

# Heads whose subject is a government or its people rather than a place ("Washington will have to find...").
AGENT_VERBS = frozenset("""say tell announce claim deny accuse warn urge demand want need have find decide agree sign support back
oppose condemn reject insist threaten respond call ask seek offer plan hope expect believe argue push press vow pledge send""".split())


@dataclass(frozen=True)
class SpanContext:
    """A candidate toponym: character span, and what the words around it say."""

    start: int
    end: int
    text: str
    relation: Optional[str] = None
    admin: bool = False
    populated: bool = False
    within: Optional[str] = None
    metonym: bool = False
    dateline: bool = False  # the place a report is filed from, or a company is based in: a city


def read_context(text: str, start: int, end: int, next_span: Optional[tuple[int, int]] = None, metonym: bool = False) -> SpanContext:
    """The phrase around ``text[start:end]``: near / north of / northern / province of / town of / "X, Y".

    ``metonym``: what the caller found the span to be (``SpanContext.metonym``).
    """
    before = text[max(0, start - 60):start].lower()
    after = text[end:end + 30]
    relation, admin, populated = None, False, False
    if m := _NEAR_RE.search(before):
        relation = "near"
        populated = bool(m.group(3))
    elif m := _DIRECTION_OF_RE.search(before):
        relation = f"{m.group(1).replace('ern', '')} of"
        populated = bool(m.group(3))
    elif m := _DIRECTION_ADJ_RE.search(before):
        # "northern Hama" is a part of the governorate; "eastern Aleppo city" a part of the city
        relation, admin = m.group(1), not TOWN_AFTER_RE.match(after)
        populated = not admin
    if _ADMIN_OF_RE.search(before):
        relation, admin = relation or "province of", True
    elif _ADMIN_AFTER_RE.match(after):
        relation, admin = relation or "province of", True
    elif _COUNTRYSIDE_AFTER_RE.match(after) and not admin:
        relation = relation or "near"
    if _POPULATED_RE.search(before):
        populated = True
    if _ORIGIN_RE.search(before) or (_FROM_RE.search(before) and _TOWARDS_AFTER_RE.match(after)):
        relation = ORIGIN
    if _UNIT_AFTER_RE.match(after) and _NAME_WORD_BEFORE_RE.search(text[max(0, start - 40):start]):
        relation = GROUP
    name = text[start:end]
    opening = not before.strip() and not text[:max(0, start - 60)].strip()  # the text before it is blank
    dateline = (opening and (_DATELINE_AFTER_RE.match(after) is not None or (name.isupper() and sum(c.isalpha() for c in name) >= 3))) \
        or _BASED_AFTER_RE.match(after) is not None
    within = None
    # "Pandi, Bulacan"; "al Sabahiya area, Raqqa governorate" (a kind word between the name and its comma).
    if next_span and _WITHIN_GAP_RE.fullmatch(text[end:next_span[0]]):
        within = text[next_span[0]:next_span[1]]
    return SpanContext(start, end, name, relation, admin, populated, within, metonym, dateline)
