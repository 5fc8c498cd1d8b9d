"""Geoparsing a document: find toponyms, read the phrase around each, resolve them together.

``geoparse(doc, document_id, gazetteer)`` takes an already parsed spaCy ``Doc``
(the pipeline parses once); ``resolve_spans`` does the resolution for spans
found elsewhere (gold spans in evaluation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..models import Toponym
from .gazetteer import RANK_DEMONYM, Gazetteer
from .resolve import Focus, Hints, clean_name, containers_of, focus_from, score_candidates

# Phrases before a name, read on the lower-cased text just before it.
_NEAR_RE = re.compile(r"\b(near|nearby|close to|outside|outskirts of|vicinity of|around|surroundings of|countryside of|edge of)\s+(the\s+)?((town|village|city|area|villages|towns)\s+of\s+)?$")
_DIRECTION_OF_RE = re.compile(r"\b((?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?)\s+(?:of|from)\s+(the\s+)?((town|village|city|area)\s+of\s+)?$")
_DIRECTION_ADJ_RE = re.compile(r"\b(northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western|northeastern|northwestern|southeastern|southwestern|rural)\s+$")
_ADMIN_OF_RE = re.compile(r"\b(provinces?|governorates?|regions?|states?|districts?|counties|county)\s+of\s+(the\s+)?([\w'’\- ]+?\s*(,|and)\s+)?$")
_ADMIN_AFTER_RE = re.compile(r"^\s*(province|governorate|region|district|countryside)\b", re.I)
_POPULATED_RE = re.compile(r"\b(town|village|city|villages|towns|cities|hamlet|suburb|neighbourhood|neighborhood)\s+of\s+(the\s+)?$")

# Heads whose subject is a government or its people rather than a place ("Washington will have to find...").
_AGENT_VERBS = frozenset("""say tell announce claim deny accuse warn urge demand want need have find decide agree sign support back
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
    if _POPULATED_RE.search(before):
        populated = True
    within = None
    if next_span and text[end:next_span[0]] in (", ", ","):
        within = text[next_span[0]:next_span[1]]
    return SpanContext(start, end, text[start:end], relation, admin, populated, within)


def _precision(gaz: Gazetteer, idx: int, relation: Optional[str]) -> int:
    code = gaz.feature_code[idx]
    if str(code).startswith("PCL") or code in ("ADM1", "CONT", "RGN"):
        return 3
    if relation or code in ("ADM2", "ADM3", "AREA"):
        return 2
    return 1


def resolve_spans(text: str, spans: Sequence[SpanContext], gazetteer: Gazetteer, document_id: str = "") -> list[Toponym]:
    """Resolve the spans of one document together (two passes: the first finds the document's focus)."""
    cleaned = []
    for span in spans:
        name, hints = clean_name(span.text)
        hints.admin = hints.admin or span.admin
        hints.populated = span.populated
        hints.within = span.within
        cands = gazetteer.candidates(name, fuzzy=False, limit=5)
        hints.demonym = bool(cands) and cands[0].rank == RANK_DEMONYM
        cleaned.append((name, hints))
    containers = {i: containers_of(gazetteer, hints.within) for i, (_, hints) in enumerate(cleaned) if hints.within}

    first: list[Optional[tuple[float, int]]] = []
    for i, (name, hints) in enumerate(cleaned):
        ranked = score_candidates(gazetteer, name, hints, None, containers.get(i))
        first.append(_best_with_margin(ranked))
    resolved_first = [(r[1], r[0]) for r in first if r is not None]

    out = []
    for i, (span, (name, hints)) in enumerate(zip(spans, cleaned)):
        others = [(idx, conf) for j, r in enumerate(first) if r is not None and j != i for idx, conf in [(r[1], r[0])]]
        focus = focus_from(gazetteer, others) if others else Focus()
        ranked = score_candidates(gazetteer, name, hints, focus, containers.get(i))
        if not ranked:
            out.append(Toponym(document_id, span.start, span.end, span.text, None, None, span.relation))
            continue
        idx = ranked[0][1]
        relation = "demonym" if hints.demonym else ("metonym" if span.metonym else span.relation)
        out.append(Toponym(document_id, span.start, span.end, span.text, gazetteer.place(idx), _precision(gazetteer, idx, span.relation), relation))
    del resolved_first
    return out


def _best_with_margin(ranked: list[tuple[float, int]]) -> Optional[tuple[float, int]]:
    """(confidence 0..1, row) of the best candidate; confidence grows with its lead over the runner-up."""
    if not ranked:
        return None
    lead = ranked[0][0] - (ranked[1][0] if len(ranked) > 1 else ranked[0][0] - 3.0)
    return (min(1.0, max(0.1, lead / 3.0)), ranked[0][1])
