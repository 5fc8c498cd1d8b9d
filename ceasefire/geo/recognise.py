"""Toponym recognition on a parsed spaCy ``Doc``.

Three sources of spans, merged without overlaps (longest first):
- the model's GPE / LOC / FAC entities (FAC only when the gazetteer knows the name),
  demonyms (NORP) that name a country ("Turkish");
- names after "village of", "town of", "near", "provinces of X and Y" that the model missed;
- capitalised words that name a place of the document's focus countries in the gazetteer
  (Syrian villages are rarely known to a general English model).
Each span also records the phrase around it (``read_context``) and whether it is a
metonym, the subject of a verb of saying or deciding ("Washington will have to find ...").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

if TYPE_CHECKING:  # annotations only: the geo package imports without spaCy
    from spacy.tokens import Doc, Span

from .gazetteer import RANK_ABBREVIATION, RANK_DEMONYM, Gazetteer
from .names import bare_key, skeleton_key
from .context import AGENT_VERBS, SpanContext, read_context

_PLACE_LABELS = {"GPE", "LOC"}
# Capitalised name, articles allowed inside: "al-Baghuz", "Khan Shaykhun", "Jisr al-Shughur".
_NAME = r"(?:(?:al|el|ad|ar|as|ash|at|az|an)[-‑])?[A-Z][\w'’‑-]*(?:\s+(?:(?:al|el|ad|ar|as|ash|at|az|an)[-‑\s])?[A-Z][\w'’‑-]*){0,3}"
_CUE_RE = re.compile(
    r"\b(?:(?:village|town|city|villages|towns|cities|province|provinces|governorate|governorates|region|district|area|suburb|outskirts)\s+of"
    r"|near|outside)\s+(?:the\s+)?(" + _NAME + r")(?:\s+and\s+(" + _NAME + r"))?")
_STOP_NAMES = frozenset("The A An This That These Those It He She They We I In On At Of And But Or As For With By From Monday Tuesday Wednesday "
                        "Thursday Friday Saturday Sunday January February March April May June July August September October November "
                        "December ISIS SAA SDF".split())


def _strip_the(text: str, start: int, end: int) -> tuple[int, int]:
    # ``text`` is the document text, passed in: spaCy rebuilds ``Doc.text`` from its tokens on every access.
    name = text[start:end]
    if name.lower().startswith("the "):
        start += 4
    if name.endswith(("'s", "’s")):
        end -= 2
    while end > start and text[end - 1] in ".,;:!?\"'’)":
        if text[end - 1] == "." and "." in text[start:end - 1]:
            break  # an abbreviation: "U.S.", "D.C."
        end -= 1
    return start, end


_PLACE_PREPOSITION_RE = re.compile(r"\b(in|near|from|at|to|across|outside|throughout)\s+(the\s+)?$", re.I)


def _mislabelled_place(gaz: Gazetteer, name: str, before: str) -> bool:
    """An ORG/PERSON entity that is a place: a country or region by name ("DRC"), or a known city after "in"."""
    cands = gaz.candidates(name, fuzzy=False, limit=10)
    if not cands or cands[0].rank not in (0, 1, 3):
        return False
    best = cands[0].idx
    if gaz.is_country(best) or gaz.feature_code[best] in ("ADM1", "CONT", "RGN"):
        return True
    return bool(_PLACE_PREPOSITION_RE.search(before)) and any(gaz.population[c.idx] >= 50_000 for c in cands)


def _is_metonym(span: Span) -> bool:
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in AGENT_VERBS


def _known(gaz: Gazetteer, name: str) -> bool:
    return bool(gaz.candidates(name, fuzzy=False, limit=1))


def recognise(doc: Doc, gazetteer: Gazetteer, focus_countries: Optional[set[str]] = None, demonyms: bool = False,
              extra_countries: Iterable[str] = (), text: Optional[str] = None) -> list[SpanContext]:
    """Toponym spans of a parsed document, each with the phrase around it.

    ``demonyms`` adds adjectives of nationality ("Turkish") as toponyms of their country;
    corpora disagree on them (TR-News marks some, GeoVirus none), so they are off by default.
    ``extra_countries`` (the monitor's ``focus_countries``) are searched for names beside the
    countries the document names; for them, spelling variants ("Sheikh Meskin" for Shaykh Miskin)
    count too when the words around say a place follows or precedes. ``text``: ``doc.text``, when the caller has
    it (spaCy joins the tokens again on every access: 0.16 ms for an article).
    """
    text = doc.text if text is None else text
    found: dict[tuple[int, int], bool] = {}  # span -> metonym
    adjectives: list[tuple[int, int]] = []  # demonyms: evidence of the document's countries even when not output
    ents = doc.ents
    for ent in ents:
        start, end = _strip_the(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        name, label = text[start:end], ent.label_
        if label in _PLACE_LABELS:
            found[(start, end)] = _is_metonym(ent)
        elif label == "FAC" and _known(gazetteer, name):
            found[(start, end)] = False
        elif label == "NORP" and _is_demonym(gazetteer, name):
            adjectives.append((start, end))
            if demonyms:
                found[(start, end)] = False
        elif label in ("ORG", "PERSON", "NORP") and _mislabelled_place(gazetteer, name, text[max(0, start - 20):start]):
            found[(start, end)] = _is_metonym(ent)
    _dateline(text, gazetteer, found)
    found = {_with_abbreviation_period(gazetteer, text, s, e): m for (s, e), m in found.items()}
    _same_name_elsewhere(text, ents, gazetteer, found)
    for m in _CUE_RE.finditer(text):
        for g in (1, 2):
            if m.group(g) and m.group(g) not in _STOP_NAMES and _known(gazetteer, m.group(g)):
                found.setdefault((m.start(g), m.end(g)), False)
    if focus_countries is None:
        focus_countries = _countries_named(gazetteer, [*found, *adjectives], text)
    extra = set(extra_countries)
    if extra:
        _match_monitored(doc, text, gazetteer, extra, found)
    focus_countries = set(focus_countries) - extra
    if focus_countries:
        for m in re.finditer(_NAME, text):
            name = m.group(0)
            if name in _STOP_NAMES or len(name) < 4:
                continue
            cands = gazetteer.candidates(name, fuzzy=False, limit=20)
            if any(gazetteer.country_code[c.idx] in focus_countries and c.rank in (0, 1, 4, 5) for c in cands):
                found.setdefault((m.start(), m.end()), False)
    spans = _without_overlaps(found)
    out = []
    for i, (start, end, metonym) in enumerate(spans):
        nxt = (spans[i + 1][0], spans[i + 1][1]) if i + 1 < len(spans) else None
        out.append(read_context(text, start, end, nxt, metonym))
    return out


# Words before a place name ("in Tafas", "the village of Tafas") and after one ("Tafas town", "Daraa countryside").
# A name in quotes ("in “Tal Halaf” in Al-Hasakah countryside") has its cue words outside the quotes.
_CUE_BEFORE_RE = re.compile(r"\b(?:in|near|on|of|at|from|into|to|towards|around|outside|targets?|hits?|shells?|strikes?|bombs?)\s+(?:the\s+)?[\"“‘]?$", re.I)
_CUE_AFTER_RE = re.compile(r"^[\"”’]?\s+(?:city|town|village|villages|countryside|district|governorate|province|area|suburb|neighbou?rhood|outskirts|camp"
                           r"|clashes|fighting|battles|front|frontlines?|axis|massacre|farms|hill)\b", re.I)
# "Sussah, Deir Ezzor governorate": a name followed by the governorate it lies in (incident lists, datelines).
_WITHIN_AFTER_RE = re.compile(r"^\s*,\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:[Gg]overnorate|[Pp]rovince|[Cc]ountryside)\b")
# "villages of Khuytar and Jleib Khalil": the second of two names after a kind word.
_SECOND_OF_PAIR_RE = re.compile(r"\b(?:villages|towns|cities|areas|neighbou?rhoods)\s+of\s+(?:\S+\s+){1,3}and\s+$", re.I)
_MAX_WORDS = 4


def _match_monitored(doc: Doc, text: str, gaz: Gazetteer, countries: set[str], found: dict[tuple[int, int], bool]) -> None:
    """Add runs of capitalised words (or parts of them, longest first) naming a place of ``countries``.

    Exact and article-free names count anywhere except a lone sentence-initial common word ("Clashes");
    a spelling variant (same consonant skeleton, similarity >= 0.75, or 0.7 for long skeletons) only with a
    cue word before or after it.
    """
    taken = list(found)
    for m in re.finditer(_NAME, text):
        words = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group(0))]
        n = len(words)
        if (longer := _with_kind_word(gaz, countries, text, words)) is not None:
            found[longer] = False  # "Yarmouk basin": the longer name wins over "Yarmouk" (the camp) when spans overlap
            taken.append(longer)
        for size in range(min(n, _MAX_WORDS), 0, -1):
            for first in range(0, n - size + 1):
                start, end = words[first][0], words[first + size - 1][1]
                start, end = _strip_the(text, start, end)
                name = text[start:end]
                if end <= start or name in _STOP_NAMES or len(name) < 4 or any(start < e and s < end for s, e in taken):
                    continue
                if size < n and (len(name) < 5 or bare_key(name) in _GENERIC_WORDS):
                    continue  # "Khan" of an unknown "Khan Shekhon", "al-Sham" of "Tahrir al-Sham"
                # a part of a longer name ("Malik" of "Hisham bin Abdul Malik neighborhood") is that place only by its
                # own name, never by a spelling guess
                glued = size < n and _glued(text, words, first, size)
                if _monitored_place(doc, text, gaz, countries, start, end, guess=not glued):
                    found.setdefault((start, end), False)
                    taken.append((start, end))


_KIND_AFTER_RE = re.compile(r"^\s+([a-z]+)\b")


def _with_kind_word(gaz: Gazetteer, countries: set[str], text: str, words: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """The end of a capitalised run and the kind word after it, when together they are a name of the monitored
    countries ("Yarmouk basin" is the Yarmouk Basin, not Yarmouk the camp)."""
    after = _KIND_AFTER_RE.match(text[words[-1][1]:words[-1][1] + 20])
    if after is None or after.group(1) not in _KIND_WORDS:
        return None
    end = words[-1][1] + after.end(1)
    for first in range(max(0, len(words) - 3), len(words)):
        start = _strip_the(text, words[first][0], end)[0]
        for cand in gaz.candidates(text[start:end], fuzzy=False, limit=10):
            if cand.rank in (0, 1, 4, 5) and gaz.country_code[cand.idx] in countries:
                return start, end
    return None


def _glued(text: str, words: list[tuple[int, int]], first: int, size: int) -> bool:
    """The words ``first`` .. ``first + size`` of a capitalised run have a name word of the run right beside them."""
    beside = [words[first - 1]] if first else []
    beside += [words[first + size]] if first + size < len(words) else []
    words_beside = [text[s:e].strip(".,;:'’\"“”") for s, e in beside]
    return any(w not in _STOP_NAMES and w.lower() not in _COMMON_WORDS and w.lower() not in _KIND_WORDS for w in words_beside)


def _monitored_place(doc: Doc, text: str, gaz: Gazetteer, countries: set[str], start: int, end: int, guess: bool = True) -> bool:
    name = text[start:end]
    before, after = text[max(0, start - 60):start], text[end:end + 60]
    cue = guess and bool(_CUE_BEFORE_RE.search(before[-30:]) or _CUE_AFTER_RE.match(after) or _WITHIN_AFTER_RE.match(after)
                         or _SECOND_OF_PAIR_RE.search(before))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.lower_ in _COMMON_WORDS for t in span) or (len(span) == 1 and span[0].is_stop):
        return False
    if not cue and span.start == span.sent.start and len(span) == 1 and span[0].pos_ != "PROPN":
        return False  # "Clashes ...", "Warplanes ...": a headline's first word is capitalised anyway
    skeleton = skeleton_key(name)
    # A wide candidate list: short skeletons ("sd" for Suwaidaa) are shared by hundreds of places worldwide.
    # Spelling variants in ``countries`` count beside exact names abroad: "Al-Shafa" is Ash Shafā, Saudi Arabia,
    # and Ash Shafah, Syria.
    for cand in gaz.candidates(name, fuzzy=cue, min_similarity=0.75, limit=100, variants_in=countries if cue else ()):
        # T: mountains and hills ("Jabal al-Turkman", UCDP's "X hill"), which the model rarely labels
        if gaz.country_code[cand.idx] not in countries or gaz.feature_class[cand.idx] not in ("P", "A", "L", "S", "T"):
            continue
        if cand.rank in (0, 1, 4, 5):
            return True
        # The same consonant skeleton is itself evidence for longer names: "Sheikh Meskin" ~ "Shaykh Miskin" (0.77).
        if cue and len(name) >= 5 and cand.similarity >= (0.75 if len(skeleton) < 5 else 0.7):
            return True
        # The very same consonant skeleton of four or more letters: "Menbej" ~ "Manbij" (0.67).
        if cue and len(skeleton) >= 4 and cand.similarity >= 0.6 and skeleton_key(str(gaz.columns["name"][cand.idx])) == skeleton:
            return True
    return False


# First elements of Arabic place names ("Khan Shaykhun", "Tall Rifat"), and "al-Sham" of group names: never a place
# on their own when cut out of a longer capitalised run.
_GENERIC_WORDS = frozenset("khan tal tall tell sahel jabal jebel deir dayr ras kafr ain ayn beit bayt sheikh shaykh abu umm bir tel "
                           "hay wadi jisr qasr arab sham sultan emir tahrir ahrar jaish".split())


# Capitalised common words that are also names of small places in the monitored countries.
_COMMON_WORDS = frozenset("""regime forces army state islamic military police security civilians children people women men
warplanes jets aircraft helicopters drones rockets shells missiles mortar artillery explosion explosions bomb bombs clashes
battles fighting attack attacks airstrikes strikes raids casualties killed dead death deaths wounded injured more about
several dozens hundreds thousands daily report update news breaking video photos syria syrian turkish russian iranian
kurdish democratic free national front coalition international government opposition rebels factions militants jihadists
unidentified gunmen unknown martyrs martyr truce ceasefire agreement operations operation shelling bombardment continued
continues ongoing violent renewed new first second third last yesterday today tonight morning evening night
brigade brigades battalion battalions division regiment corps legion""".split())
# Kind words written with a capital ("Taftanazem Airport", "Yarmouk Camp"): beside a name, not part of a longer one.
_KIND_WORDS = frozenset("""city town village villages camp airport airbase base dam hospital prison district countryside governorate
province area neighborhood neighbourhood mountain mountains hill hills plain valley desert road highway street square mosque
school bridge farms basin lake river""".split())


# A news dateline: "EDMONTON, Ky. (WBKO) --", "BEIRUT —", "LONDON (Reuters) -".
_DATELINE_RE = re.compile(r"^\s*([A-Z][A-Z.'\- ]{2,40}?)(?=,|\s*[-—–(]|\s*--)")


def _dateline(text: str, gaz: Gazetteer, found: dict[tuple[int, int], bool]) -> None:
    """The capitalised place of a dateline, which the model rarely labels (all capitals)."""
    m = _DATELINE_RE.match(text)
    if m is None or any(s < m.end(1) and m.start(1) < e for s, e in found):
        return
    cands = gaz.candidates(m.group(1), fuzzy=False, limit=5)
    if cands and cands[0].rank in (0, 1, 4, 5):
        found[(m.start(1), m.end(1))] = False


def _with_abbreviation_period(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[int, int]:
    """"Holliday, Mo." / "Calgary, Alta.": the period of a short abbreviation belongs to the toponym."""
    if end - start <= 5 and text[end:end + 1] == "." and text[start:end].isalpha() and text[start:end].istitle():
        cands = gaz.candidates(text[start:end + 1], fuzzy=False)
        if any(c.rank == RANK_ABBREVIATION for c in cands):
            return start, end + 1
    return start, end


# Entity labels the model gives a place name it did not see as one ("Edmonton" the ORG, "Cairns" the PERSON).
_MISTAKEN_LABELS = frozenset({"ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART", "DATE"})


def _same_name_elsewhere(text: str, ents: Sequence[Span], gaz: Gazetteer, found: dict[tuple[int, int], bool]) -> None:
    """One sense per document: the name of a major place read as a place once is one wherever it stands alone.

    The model labels the same word differently from sentence to sentence ("Edmonton" is GPE in one, ORG in
    the next); an entity whose whole text is a name already found, or that name outside any entity, is added.
    A name inside a longer entity ("Kentucky State Police") is left alone, and so are names of small places,
    which are more often something else named after them ("Ebola", "Marburg", "Reston" in epidemic news).
    """
    names = {text[s:e] for s, e in found if e - s >= 4 and text[s:s + 1].isupper() and _major_place(gaz, text[s:e])}
    if not names:
        return
    covered = [(e.start_char, e.end_char, text[e.start_char:e.end_char], e.label_) for e in ents]  # an entity's text is that slice
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    for m in pattern.finditer(text):
        span = (m.start(), m.end())
        if span in found or any(s < span[1] and span[0] < e for s, e in found):
            continue
        around = [c for c in covered if c[0] < span[1] and span[0] < c[1]]
        if not around or (len(around) == 1 and around[0][2] == m.group(0) and around[0][3] in _MISTAKEN_LABELS):
            found[span] = False


def _major_place(gaz: Gazetteer, name: str) -> bool:
    cands = gaz.candidates(name, fuzzy=False, limit=10)
    if not cands or cands[0].rank not in (0, 1):
        return False
    return any(gaz.is_country(c.idx) or gaz.feature_code[c.idx] == "ADM1" or gaz.population[c.idx] >= 100_000 for c in cands)


def _is_demonym(gaz: Gazetteer, name: str) -> bool:
    cands = gaz.candidates(name, fuzzy=False, limit=3)
    return bool(cands) and cands[0].rank == RANK_DEMONYM


def _countries_named(gaz: Gazetteer, spans: list[tuple[int, int]], text: str) -> set[str]:
    """Countries the document names (by name or demonym), the most named first."""
    counts: Counter = Counter()
    for start, end in spans:
        for cand in gaz.candidates(text[start:end], fuzzy=False, limit=3):
            if gaz.is_country(cand.idx):
                counts[gaz.country_code[cand.idx]] += 1
                break
    return {cc for cc, _ in counts.most_common(3)}


def _without_overlaps(found: dict[tuple[int, int], bool]) -> list[tuple[int, int, bool]]:
    chosen: list[tuple[int, int, bool]] = []
    taken: list[tuple[int, int]] = []
    for (start, end), metonym in sorted(found.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, metonym))
    return sorted(chosen)
