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
from typing import Optional, Protocol, Sequence

from spacy.tokens import Doc, Span, Token

from ..models import Document
from .actors import ActorMention
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
_STRIKE_VERBS = frozenset({"target", "shell", "bomb", "bombard", "hit", "strike", "pound", "besiege", "raid", "storm"})
_STRIKE_WORDS = _STRIKE_VERBS | {"shelling", "bombing", "bombardment", "raid", "airstrike", "strike", "missile", "rocket",
                                  "shell", "barrel", "attack"}


class ActorContext(Protocol):
    """What actor choice reads of a parsed document: the parse, the document, the actors found in it."""

    doc: Doc
    document: Document

    def actors_in(self, span: Span) -> list[ActorMention]: ...


def _in_place_phrase(root: Token) -> bool:
    """An unknown name in "in X", "the countryside of X", "the city of X" is where, not who (NER often tags it ORG)."""
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _STRIKE_VERBS:
        return True  # "shells Binnish", "targets Daraa": what a strike hits, named without a group word, is a place
    if root.dep_ != "pobj":
        return False
    preposition = root.head
    if preposition.lower_ == "on" and preposition.head.lemma_.lower() in _STRIKE_WORDS:
        return True  # "shelling on Binnish", "raids on Al-Atareb"
    if preposition.lower_ in _PLACE_PREPOSITIONS:
        return True
    return preposition.lower_ == "of" and preposition.head.lemma_.lower() in _PLACE_NOUNS


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
def _trigger_patterns() -> tuple[re.Pattern[str], ...]:
    from .components.event_detector import trigger_lexicon

    return tuple(re.compile(p, re.IGNORECASE) for p in trigger_lexicon().values())


def _other_triggers(span: Span, trigger: Token) -> list[Token]:
    """The heads of the mention's other trigger words (verbs and nouns), in text order."""
    found: dict[int, Token] = {}
    for pattern in _trigger_patterns():
        for match in pattern.finditer(span.text):
            words = span.doc.char_span(span.start_char + match.start(), span.start_char + match.end(), alignment_mode="expand")
            if words is not None and len(words) and words.root.i != trigger.i and words.root.pos_ in ("VERB", "NOUN", "PROPN"):
                found.setdefault(words.root.i, words.root)
    return [found[i] for i in sorted(found)]


def _sides_between(span: Span) -> tuple[Optional[Token], Optional[Token]]:
    """"between X and Y", "between X against Y": the two sides' heads, in the order the text names them."""
    for token in span:
        if token.lower_ != "between":
            continue
        objects = [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            continue
        first = objects[0]
        second = next((c for c in first.children if c.dep_ == "conj"), None)
        if second is None:
            against = [g for c in first.children if c.dep_ == "prep" and c.lower_ in ("against", "versus", "vs") for g in c.children if g.dep_ == "pobj"]
            second = against[0] if against else None
        if second is not None:
            return first, second
    return None, None


def mention_actors(ctx: ActorContext, span: Span, trigger: Optional[Token]) -> list[tuple[str, Span, ActorMention]]:
    """(role, phrase, actor) for actor1 and actor2 of the mention ``span`` whose trigger is ``trigger``."""
    chosen: dict[str, tuple[Span, ActorMention]] = {}
    heads: Sequence[Token] = ([trigger] if trigger is not None else []) + (_other_triggers(span, trigger) if trigger is not None else [])
    for head in heads:
        arguments = find_arguments(head)
        for role, argument in (("actor1", arguments.agent), ("actor2", arguments.patient)):
            if argument is None or role in chosen:
                continue
            if head is not trigger and not (span.start <= argument.i < span.end):
                continue  # another trigger's argument counts only inside the mention
            phrase = noun_phrase(argument)
            found = best_actor(ctx, phrase)
            if found is not None and all(found.actor.name != other.actor.name for _, other in chosen.values()):
                chosen[role] = (phrase, found)
        if head is trigger and chosen:
            break  # the trigger's own arguments say who; other triggers only stand in when it names no one
    if not chosen:
        for role, side in zip(("actor1", "actor2"), _sides_between(span)):
            if side is None:
                continue
            phrase = noun_phrase(side)
            found = best_actor(ctx, phrase)
            if found is not None and all(found.actor.name != other.actor.name for _, other in chosen.values()):
                chosen[role] = (phrase, found)
    return [(role, phrase, found) for role, (phrase, found) in sorted(chosen.items())]
