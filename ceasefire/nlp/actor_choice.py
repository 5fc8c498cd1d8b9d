"""Which named actor a phrase stands for, and the actors (actor1, actor2) of one event mention.

The parse gives the phrases (``roles``); this module picks the actor each
phrase names and rejects what only looks like one: places ("shells Binnish",
"the countryside of Daraa", NER's GPEs), weapons ("Warplanes": the air force
of a state the text does not name) and affiliations ("al-Qaeda-affiliated").

For a mention, the trigger's own arguments come first; a headline often
hangs the actors on another trigger of the same report ("7 SDF fighters were
killed in battles": the typer keeps "battles", the victims are the object of
"killed"), so the other triggers of the mention fill a role the first left
empty; and "clashes ... between X and Y" / "between X against Y" gives both
sides when no trigger has any.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Optional, Protocol

from spacy.tokens import Doc, Span, Token

from ..models import Document
from .actors import ActorMention
from .doc_text import span_text
from .pattern_screen import CaseInsensitivePattern, PatternScreen
from .roles import find_arguments, noun_phrase
from .weapons import find_weapons

_AFFILIATION = re.compile(r"^\s*-?\s*(?:affiliated|backed|led|linked|allied|supported|sponsored|held|controlled|aligned)\b", re.IGNORECASE)
# An actor unknown to the dictionary must look like a group: NER's places ("Daraya", "Aleppo" even when
# tagged NORP) and weapons ("Warplanes") are not actors.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DEMONYM = re.compile(r"(?:ish|ian|ians|an|ans|i|is|ese|ic|ch)$", re.IGNORECASE)
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "around", "outside", "inside", "into", "towards", "toward"})
_PLACE_NOUNS = frozenset({"countryside", "city", "town", "village", "outskirts", "area", "areas", "vicinity", "province",
                          "governorate", "suburb", "suburbs", "neighborhood", "neighbourhood", "district", "east", "west",
                          "north", "south", "center", "centre", "middle", "border", "desert", "plain", "plains"})
_EVENTS_AT_A_PLACE = frozenset({"massacre", "battle", "siege", "capture", "control", "fall", "liberation", "storming"})
_STRIKE_VERBS = frozenset({"target", "shell", "bomb", "bombard", "hit", "strike", "pound", "besiege", "raid", "storm"})
_STRIKE_WORDS = _STRIKE_VERBS | {"shelling", "bombing", "bombardment", "raid", "airstrike", "strike", "missile", "rocket",
                                  "shell", "barrel", "attack"}


class ActorContext(Protocol):
    """What actor choice reads of a parsed document: the parse, the document, the actors found in it."""

    doc: Doc
    document: Document

    def actors_in(self, span: Span) -> list[ActorMention]: ...


def _in_place_phrase(root: Token) -> bool:
    """An unknown name in "in X", "the countryside of X", "the city of X" is where, not who (NER often tags it ORG).

    So is one a place noun follows ("Al-Shiffuniyya town", "Daraa countryside") and the "of" object of
    an event that happens somewhere ("the massacre of Maarat Shurin", "the battle of Al-Raqqah").
    """
    if root.dep_ == "conj" and root.head.i != root.i and root.head.i < root.i:
        return _in_place_phrase(root.head)  # "the border of Rif Dimashq and Al-Suwaidaa": a conjunct is what the first is
    following = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
    if following is not None and following.lower_ in _PLACE_NOUNS and following.i in (root.head.i, *(c.i for c in root.children)):
        return True
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _STRIKE_VERBS:
        return True  # "shells Binnish", "targets Daraa": what a strike hits, named without a group word, is a place
    if root.dep_ != "pobj":
        return False
    preposition = root.head
    if preposition.lower_ == "on" and preposition.head.lemma_.lower() in _STRIKE_WORDS:
        return True  # "shelling on Binnish", "raids on Al-Atareb"
    if preposition.lower_ in _PLACE_PREPOSITIONS:
        return True
    return preposition.lower_ == "of" and preposition.head.lemma_.lower() in _PLACE_NOUNS | _EVENTS_AT_A_PLACE


def is_actor_like(ctx: ActorContext, mention: ActorMention) -> bool:
    """False for places and weapons that NER or the dictionary's fallback offer as an actor."""
    if any(w.start == 0 and w.end >= len(mention.text.rstrip("s")) for w in find_weapons(mention.text)):
        return False
    if mention.actor.kind != "unknown":
        return True
    span = ctx.doc[mention.token_start : mention.token_end]
    labels = {t.ent_type_ for t in span}
    if labels & _PLACE_LABELS or _in_place_phrase(span.root):
        return False
    if "NORP" in labels and "ORG" not in labels:
        return bool(_DEMONYM.search(mention.text.split()[-1]))  # "Turkish", "Kurds"; not "Aleppo"
    return True


def best_actor(ctx: ActorContext, phrase: Span) -> Optional[ActorMention]:
    """The actor a phrase names: the one closest to the phrase head, skipping affiliations ("al-Qaeda-affiliated")."""
    text = ctx.document.text
    candidates = [m for m in ctx.actors_in(phrase) if not _AFFILIATION.match(text[m.end : m.end + 14]) and is_actor_like(ctx, m)]
    if not candidates:
        return None

    def depth(mention: ActorMention) -> int:
        token, steps = ctx.doc[mention.token_start : mention.token_end].root, 0
        while token.i != phrase.root.i and token.head is not token and steps < 20:
            token, steps = token.head, steps + 1
        return steps

    return min(candidates, key=lambda m: (depth(m), m.actor.kind == "unknown", m.start))


@functools.lru_cache(maxsize=1)
def _trigger_patterns() -> tuple[tuple[CaseInsensitivePattern, ...], PatternScreen]:
    from .components.event_detector import trigger_lexicon

    lexicon = list(trigger_lexicon().values())
    return tuple(CaseInsensitivePattern(p) for p in lexicon), PatternScreen(lexicon)


def _other_triggers(span: Span, trigger: Token) -> list[Token]:
    """The heads of the mention's other trigger words (verbs and nouns), in text order."""
    found: dict[int, Token] = {}
    text = span_text(span)  # sliced from the document's text, joined once (spaCy rebuilds Span.text on every access)
    lower = text.lower()
    patterns, screen = _trigger_patterns()
    possible = screen.mask(text, lower)
    for i, pattern in enumerate(patterns):
        if not possible >> i & 1:
            continue  # no word of the mention starts one of the pattern's alternatives
        for match in pattern.finditer(text, lower):  # spans only: a match may be of the lower-cased text
            words = span.doc.char_span(span.start_char + match.start(), span.start_char + match.end(), alignment_mode="expand")
            if words is not None and len(words) and words.root.i != trigger.i and words.root.pos_ in ("VERB", "NOUN", "PROPN"):
                found.setdefault(words.root.i, words.root)
    return [found[i] for i in sorted(found)]


def _sides_between(span: Span) -> list[Token]:
    """"between X and Y", "between X (and its allies) against Y": the sides' heads, in the order the text names them."""
    for token in span:
        if token.lower_ != "between":
            continue
        objects = [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            continue
        first = objects[0]
        conjuncts: list[Token] = []
        frontier = [first]
        while frontier:  # "X and its allies and Y": the chain of conjuncts
            found = [c for t in frontier for c in t.children if c.dep_ == "conj"]
            conjuncts.extend(found)
            frontier = found
        against = [g for c in (first, *conjuncts) for p in c.children if p.dep_ == "prep" and p.lower_ in ("against", "versus", "vs")
                   for g in p.children if g.dep_ == "pobj"]
        if conjuncts or against:
            return [first, *conjuncts, *against]
    return []


def _shared_subject(verb: Token, argument: Token) -> bool:
    """``argument`` is the subject ``verb`` shares with the verb it is coordinated with ("X shell A and target B")."""
    return verb.pos_ == "VERB" and verb.dep_ == "conj" and argument.dep_ in ("nsubj", "csubj") and argument.head.i != verb.i


def _sides_in_ranks(span: Span) -> list[Token]:
    """The heads of the sides named in "(losses) in the ranks of X (and Y)", in text order."""
    sides: list[Token] = []
    for token in span:
        if token.lower_ != "ranks":
            continue
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for head in (c for c in prep.children if c.dep_ == "pobj"):
                    sides.append(head)
                    sides.extend(c for c in head.children if c.dep_ == "conj")
    return [t for t in sides if span.start <= t.i < span.end]


def _heads(span: Span, trigger: Optional[Token]) -> Iterator[Token]:
    """The trigger, then the mention's other triggers (looked for only when the trigger's own arguments name no actor)."""
    if trigger is not None:
        yield trigger
        yield from _other_triggers(span, trigger)


def mention_actors(ctx: ActorContext, span: Span, trigger: Optional[Token]) -> list[tuple[str, Span, ActorMention]]:
    """(role, phrase, actor) for actor1 and actor2 of the mention ``span`` whose trigger is ``trigger``."""
    chosen: dict[str, tuple[Span, ActorMention]] = {}
    for head in _heads(span, trigger):
        arguments = find_arguments(head)
        for role, argument in (("actor1", arguments.agent), ("actor2", arguments.patient)):
            if argument is None or role in chosen:
                continue
            if head is not trigger and not (span.start <= argument.i < span.end) and not _shared_subject(head, argument):
                continue  # another trigger's argument counts only inside the mention, or as the subject its verb shares
            phrase = noun_phrase(argument)
            found = best_actor(ctx, phrase)
            if found is not None and all(found.actor.name != other.actor.name for _, other in chosen.values()):
                chosen[role] = (phrase, found)
        if head is trigger and chosen:
            break  # the trigger's own arguments say who; other triggers only stand in when it names no one
    # "clashes between X and Y", "fighting between X and its allies against Y"; "casualties in the ranks of X and
    # Y": the sides that lost men fought. They fill the roles the trigger's arguments left empty.
    between = _sides_between(span)
    for side in [*between, *_sides_in_ranks(span)]:
        role = next((r for r in ("actor1", "actor2") if r not in chosen), None)
        if role is None:
            break
        phrase = noun_phrase(side)
        found = best_actor(ctx, phrase)
        named = found is not None and (found.actor.kind != "unknown" or (side in between and not chosen))
        if named and all(found.actor.name != other.actor.name for _, other in chosen.values()):
            chosen[role] = (phrase, found)
    return [(role, phrase, found) for role, (phrase, found) in sorted(chosen.items())]
