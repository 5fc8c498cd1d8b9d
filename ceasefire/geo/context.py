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


def read_context(text: str, start: int, end: int, next_span: Optional[tuple[int, int]] = None) -> SpanContext:
    """The phrase around ``text[start:end]``: near / north of / northern / province of / town of / "X, Y"."""
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
        relation, admin = m.group(1), True
    if _ADMIN_OF_RE.search(before):
        relation, admin = relation or "province of", True
    elif _ADMIN_AFTER_RE.match(after):
        relation, admin = relation or "province of", True
    elif _COUNTRYSIDE_AFTER_RE.match(after) and not admin:
        relation = relation or "near"
    if _POPULATED_RE.search(before):
        populated = True
    name = text[start:end]
    opening = not text[:start].strip()
    dateline = (opening and (_DATELINE_AFTER_RE.match(after) is not None or (name.isupper() and sum(c.isalpha() for c in name) >= 3))) \
        or _BASED_AFTER_RE.match(after) is not None
    within = None
    # "Pandi, Bulacan"; "al Sabahiya area, Raqqa governorate" (a kind word between the name and its comma).
    if next_span and _WITHIN_GAP_RE.fullmatch(text[end:next_span[0]]):
        within = text[next_span[0]:next_span[1]]
    return SpanContext(start, end, name, relation, admin, populated, within, dateline=dateline)
