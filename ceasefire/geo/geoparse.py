"""Geoparsing a document: find toponyms, read the phrase around each, resolve them together.

``geoparse(doc, document_id, gazetteer)`` takes an already parsed spaCy ``Doc``
(the pipeline parses once); ``resolve_spans`` does the resolution for spans
found elsewhere (gold spans in evaluation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:  # annotations only: the geo package imports without spaCy (the ledger needs none)
    from spacy.tokens import Doc

from ..models import Toponym
from ..nlp.doc_text import doc_text
from .context import SpanContext
from .gazetteer import RANK_DEMONYM, Gazetteer
from .recognise import recognise
from .focus import Focus, focus_by_name
from .parts import PART_PRECISION, directional_part
from .resolve import DIRECTION_RE, Hints, clean_name, containers_of, score_candidates


def _precision(gaz: Gazetteer, idx: int, relation: Optional[str]) -> int:
    code = gaz.feature_code[idx]
    if str(code).startswith("PCL") or code in ("ADM1", "CONT", "RGN"):
        return 3
    if relation or code in ("ADM2", "ADM3", "AREA", "MTS", "VAL", "DLTA", "PEN", "LK", "STM"):
        return 2
    return 1


def resolve_spans(text: str, spans: Sequence[SpanContext], gazetteer: Gazetteer, document_id: str = "",
                  focus_countries: Sequence[str] = ()) -> list[Toponym]:
    """Resolve the spans of one document together (two passes: the first finds the document's focus).

    ``focus_countries`` (ISO alpha-2) are the monitor's theatre: the country prior of both passes
    (headlines rarely say "Syria"), shared with any country the document names.
    """
    prior = _prior(gazetteer, spans, focus_countries)
    cleaned = []
    for span in spans:
        name, hints = clean_name(span.text)
        hints.admin = hints.admin or span.admin
        hints.populated = span.populated
        hints.city = span.dateline
        hints.within = span.within
        hints.point = span.relation is not None and (span.relation == "near" or span.relation.endswith(" of")) \
            and span.relation != "province of"
        cands = gazetteer.candidates(name, fuzzy=False, limit=5)
        hints.demonym = bool(cands) and cands[0].rank == RANK_DEMONYM
        cleaned.append((name, hints))
    containers = {i: containers_of(gazetteer, hints.within) for i, (_, hints) in enumerate(cleaned) if hints.within}

    first: list[Optional[tuple[float, int]]] = []
    first_memo: dict[tuple, list[tuple[float, int]]] = {}
    prior_key = None if prior is None else (tuple(sorted(prior.countries.items())), prior.monitored)
    for i, (name, hints) in enumerate(cleaned):
        key = (name, hints.admin, hints.populated, hints.within, hints.demonym, hints.point, hints.city)
        if key not in first_memo:
            first_memo[key] = _first_pass(gazetteer, name, hints, prior, prior_key, containers.get(i))
        first.append(_best_with_margin(first_memo[key]))

    # Each name is resolved in the focus of the document's other names (its own first-pass pick
    # must not confirm itself).
    picks_by_name: dict[str, list[tuple[int, float]]] = {}
    for (name, _), r in zip(cleaned, first):
        picks = picks_by_name.setdefault(name.lower(), [])
        if r is not None:
            picks.append((r[1], r[0]))
    focus_of = focus_by_name(gazetteer, picks_by_name)
    alternatives, live = _alternatives(gazetteer, first_memo)
    radians = None
    for focus in focus_of.values():  # they share the document's points (see ``focus_by_name``)
        focus.alternatives, focus.live = alternatives, live
        radians = radians if radians is not None else focus.point_array()
        focus.radians = radians
    if prior is not None:
        for focus in focus_of.values():
            focus.countries = {cc: 0.5 * w for cc, w in focus.countries.items()}
            for cc, w in prior.countries.items():
                focus.countries[cc] = focus.countries.get(cc, 0.0) + 0.5 * w
            focus.monitored = prior.monitored
    memo: dict[tuple, list[tuple[float, int]]] = {}
    out = []
    for i, (span, (name, hints)) in enumerate(zip(spans, cleaned)):
        key = (name, hints.admin, hints.populated, hints.within, hints.demonym, hints.point, hints.city)
        if key not in memo:
            memo[key] = score_candidates(gazetteer, name, hints, focus_of[name.lower()], containers.get(i))
        ranked = memo[key]
        if not ranked:
            out.append(Toponym(document_id, span.start, span.end, span.text, None, None, span.relation))
            continue
        idx = ranked[0][1]
        relation = "demonym" if hints.demonym else ("metonym" if span.metonym else span.relation)
        if relation is None and (m := DIRECTION_RE.match(name)):  # "Northern Hama" as one span
            relation = m.group(1).lower()
        place, precision = gazetteer.place(idx), _precision(gazetteer, idx, span.relation)
        # "western Aleppo", "the southern countryside of Idlib": that part of the governorate, not its centre or seat
        part = directional_part(gazetteer, idx, text, span.start, span.end)
        if part is not None:
            place, precision = part, PART_PRECISION
        out.append(Toponym(document_id, span.start, span.end, span.text, place, precision, relation))
    return out


def geoparse(doc: Doc, document_id: str, gazetteer: Gazetteer, demonyms: bool = False,
             focus_countries: Sequence[str] = ()) -> list[Toponym]:
    """Toponyms of a parsed document, resolved, with offsets into ``doc.text`` (see ``recognise`` for ``demonyms``).

    ``focus_countries`` (ISO alpha-2, ``Settings.focus_countries``): the countries the monitor follows;
    their places are looked for among capitalised words and preferred when the document names no country.
    """
    focus = tuple(cc.upper() for cc in focus_countries)
    text = doc_text(doc)  # joined from the tokens on every access: once per document (the actor lookup read it first)
    spans = recognise(doc, gazetteer, demonyms=demonyms, extra_countries=set(focus), text=text)
    return resolve_spans(text, spans, gazetteer, document_id, focus_countries=focus)


def _prior(gaz: Gazetteer, spans: Sequence[SpanContext], focus_countries: Sequence[str]) -> Optional[Focus]:
    """The monitor's countries as a focus, shared with the countries the document names ("... shelling from Turkey").

    Demonyms are no evidence here: "Turkish warplanes" strike in Syria.
    """
    if not focus_countries:
        return None
    countries = list(dict.fromkeys(focus_countries))
    for span in spans:
        for cand in gaz.candidates(clean_name(span.text)[0], fuzzy=False, limit=3):
            if gaz.is_country(cand.idx) and cand.rank != RANK_DEMONYM and gaz.country_code[cand.idx] not in countries:
                countries.append(str(gaz.country_code[cand.idx]))
            break
    return Focus({cc: 1.0 / len(countries) for cc in countries}, monitored=frozenset(focus_countries))


def _first_pass(gaz: Gazetteer, name: str, hints: Hints, prior: Optional[Focus], prior_key: Optional[tuple],
                containers: Optional[list[int]]) -> list[tuple[float, int]]:
    """``score_candidates`` without the document's focus: the same for every document with the same prior, so
    remembered across documents (news repeats its names) in the gazetteer's lookup memo."""
    key = ("first pass", name, hints.admin, hints.populated, hints.within, hints.demonym, hints.point, hints.city, prior_key)
    found = gaz.memo_get(key)
    if found is None:
        ranked = score_candidates(gaz, name, hints, prior, containers)
        found = gaz.memo_put(key, (ranked, hints.admin, hints.populated))
    ranked, hints.admin, hints.populated = found  # the kind words of the name ("Idlib province") set these
    return ranked


def _best_with_margin(ranked: list[tuple[float, int]]) -> Optional[tuple[float, int]]:
    """(confidence 0..1, row) of the best candidate; confidence grows with its lead over the runner-up."""
    if not ranked:
        return None
    lead = ranked[0][0] - (ranked[1][0] if len(ranked) > 1 else ranked[0][0] - 3.0)
    return (min(1.0, max(0.1, lead / 3.0)), ranked[0][1])


# A reading within this much of a name's best first-pass score is a live alternative (a population factor of
# about ten): "Edmonton" of an article on north London is Edmonton, Alberta first, Edmonton, London a close second.
ALTERNATIVE_MARGIN = 1.5
_MAX_ALTERNATIVES = 4


def _alternatives(gaz: Gazetteer, rankings: dict[tuple, list[tuple[float, int]]]) -> tuple[list[tuple[float, float]], frozenset[tuple[str, int]]]:
    """Points of the close runner-up readings of the document's names (first pass).

    Names that are wrong together are rarely near each other: in an article on Edmonton, Enfield and
    London, each name's first pick is abroad (Alberta, Connecticut) but the runners-up sit within a few
    kilometres of one another. A live reading (a pick or a close runner-up) near another name's close
    runner-up gets a coherence bonus. ``rankings``: first-pass rankings keyed by (name, hints...).
    Returns (runner-up points, (lower-cased name, row) of every live reading).
    """
    points: list[tuple[float, float]] = []
    live: set[tuple[str, int]] = set()
    for key, ranked in rankings.items():
        if not ranked:
            continue
        name = key[0].lower()
        live.add((name, ranked[0][1]))
        floor = ranked[0][0] - ALTERNATIVE_MARGIN
        for score, idx in ranked[1 : 1 + _MAX_ALTERNATIVES]:
            if score < floor:
                break
            live.add((name, idx))
            if gaz.feature_class[idx] == "P":
                points.append((float(gaz.latitude[idx]), float(gaz.longitude[idx])))
    return points, frozenset(live)
