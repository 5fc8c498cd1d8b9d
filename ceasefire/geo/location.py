"""Which place an event mention is about, and how precisely.

``event_location`` picks, among the document's toponyms, the one the event
happened at: inside the mention's sentence, not a demonym or a metonym
("Washington will have to find..."), preferably the toponym syntactically
closest to the trigger ("attack ... near the town of X") when the parsed
``Doc`` is given, else the nearest in characters (a name before the trigger that "and" separates
from it is an earlier report's, when the text is given), the most specific winning ties. A place someone came from ("displaced people from Hama") is taken only
when the sentence names no other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:  # annotations only: the ledger locates events without spaCy
    from spacy.tokens import Doc

from ..models import Mention, Toponym
from .context import GROUP, ORIGIN
from .parts import PART_FEATURE_CODE

NOT_EVENT_PLACES = frozenset({"demonym", "metonym", GROUP})  # GROUP: a word of a unit's name ("Shohadaa al-Yarmouk battalion")
# A place before the trigger with one of these in between belongs to an earlier report of the sentence:
# "infiltrate the neighborhood of Palmyra and aerial bombardments on the desert of Sokhna".
_EARLIER_REPORT = re.compile(r"\band\b|;|\bwhile\b|\bamid\b", re.IGNORECASE)


def ucdp_where_prec(toponym: Toponym) -> Optional[int]:
    """UCDP GED ``where_prec``: 1 exact place, 2 within about 25 km, 3 second-order admin unit,
    4 first-order admin unit, 5 part of a country ("northern Syria"), 6 the country, 7 waters/airspace."""
    place = toponym.place
    if place is None:
        return None
    code = place.feature_code or ""
    if code.startswith("PCL"):
        return 5 if toponym.relation and toponym.relation not in NOT_EVENT_PLACES else 6
    if code in ("OCN", "SEA", "GULF"):
        return 7
    if code in ("ADM1", "RGN", "CONT", PART_FEATURE_CODE):  # a part of a governorate: within one first-order unit
        return 4
    if code in ("ADM2", "ADM3", "AREA"):
        return 3
    return 2 if toponym.relation else 1


def _tree_distance(doc: Doc, a: int, b: int) -> int:
    """Number of dependency arcs between tokens ``a`` and ``b``."""
    path_a = [doc[a]] + list(doc[a].ancestors)
    index_a = {tok.i: n for n, tok in enumerate(path_a)}
    for n, tok in enumerate([doc[b]] + list(doc[b].ancestors)):
        if tok.i in index_a:
            return n + index_a[tok.i]
    return 99


def event_location(mention: Mention, toponyms: Sequence[Toponym], doc: Optional[Doc] = None, text: Optional[str] = None) -> Optional[Toponym]:
    """The toponym ``mention`` happened at (with ``geo_precision`` set), or None when its sentence names no place.

    ``text`` is the document's text (``doc.text`` when a parse is given): without a parse, a place before the
    trigger that an "and" separates from it counts as farther (it belongs to an earlier report).
    """
    text = text if text is not None else (doc.text if doc is not None else None)
    inside = [t for t in toponyms if t.place is not None and mention.start <= t.start and t.end <= mention.end
              and t.document_id in (mention.document_id, "") and t.relation not in NOT_EVENT_PLACES]
    if not inside:
        return None

    def distance(t: Toponym) -> float:
        if doc is not None:
            trigger = doc.char_span(mention.trigger_start, mention.trigger_end, alignment_mode="expand")
            place = doc.char_span(t.start, t.end, alignment_mode="expand")
            if trigger is not None and place is not None:
                # A place after the trigger ("attack on X", "near X") is a little more likely than one before it.
                return _tree_distance(doc, trigger.root.i, place.root.i) + (0.5 if t.start < mention.trigger_start else 0.0)
        if t.end <= mention.trigger_start:
            # Characters between the place and the trigger, not from start to start: a long name is not farther.
            return (mention.trigger_start - t.end) / 40.0 + (1.0 if _EARLIER_REPORT.search(text_between(t)) else 0.0)
        return max(0, t.start - mention.trigger_end) / 40.0

    def text_between(t: Toponym) -> str:
        return text[t.end : mention.trigger_start] if text else ""

    # a place of origin ("a displaced man from Homs ... in Jarabulus") only when the sentence names no other
    return min(inside, key=lambda t: (t.relation == ORIGIN, distance(t), t.geo_precision or 3, t.start))
