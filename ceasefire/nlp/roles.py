"""Who did it to whom: the initiator (actor1) and target (actor2) of an event trigger.

Read from the dependency parse, for the trigger a mention carries:

- verbs, active: subject -> initiator; object, or "on/against/at" object ->
  target ("Ansar al-Tawhid attacked SAA positions");
- verbs, passive: "by" agent -> initiator; subject -> target
  ("SAA positions were attacked by Ansar al-Tawhid");
- gerunds: "by" object -> initiator ("casualties in shelling by the regime forces");
- nouns: possessive or compound -> initiator ("X's advance", "the Ansar
  al-Tawhid attack"), "by" -> initiator, also through a participle ("a
  massacre carried out by X"), "on/against/of" -> target
  ("an attack on Y positions"), except that "of" names the initiator of the
  nouns of an act (``AGENTIVE_OF_NOUNS``: "the attack of X") when nothing
  else does; a headline verb the parser tags as a noun keeps its subject
  ("SDF advance in ...");
- an event noun that is the subject of a verb of harm takes that verb's
  object as target when it has none ("the attack of X kills 30 members of Y");
- a noun that is the object of a light verb ("carried out an attack",
  "launched an offensive", "delivered strikes", "resumed their advance")
  takes that verb's subject as initiator, and the verb's "on/against" object
  as target when the noun has none.

A noun trigger that is the subject of a verb and has no arguments of its
own names the doer ("the Syrian Air Force delivered strikes on ...").

Nothing is guessed when the parse does not say: no argument is better than
a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Span, Token

LIGHT_VERBS = frozenset({
    "carry", "launch", "deliver", "conduct", "stage", "mount", "resume", "begin", "start", "continue", "make",
    "unleash", "execute", "perpetrate", "commit", "step", "intensify", "renew", "open", "initiate", "undertake",
})
# Nouns of an act whose "of" complement is the doer ("the attack of Ansar al-Tawhid", "the offensive of the
# army"); for other nouns it is the target ("the shelling of Idlib", "the capture of the town").
AGENTIVE_OF_NOUNS = frozenset({"attack", "assault", "offensive", "operation", "raid", "advance", "incursion", "onslaught", "infiltration"})
TARGET_PREPOSITIONS = frozenset({"on", "against", "at", "upon", "into", "toward", "towards"})
# Verbs an event noun can be the subject of, whose object is the event's target ("the raid killed five police officers").
HARM_VERBS = frozenset({"kill", "wound", "injure", "hit", "target", "destroy", "claim", "leave", "hurt"})
SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")


@dataclass(frozen=True)
class Arguments:
    """Head tokens of the initiator and target phrases of one trigger (None when the parse does not say)."""

    agent: Optional[Token]
    patient: Optional[Token]

    def agent_phrase(self) -> Optional[Span]:
        return noun_phrase(self.agent) if self.agent is not None else None

    def patient_phrase(self) -> Optional[Span]:
        return noun_phrase(self.patient) if self.patient is not None else None


def noun_phrase(token: Token, max_tokens: int = 14) -> Span:
    """The phrase headed by ``token``: its subtree without relative clauses, conjuncts after it, or edge punctuation."""
    keep = [token]
    for child in token.children:
        if child.i > token.i and child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "advcl", "advmod"):
            continue  # "an organization north of Hama": where it is, not who
        if child.i > token.i and child.dep_ == "prep" and child.lower_ != "of":
            continue  # "positions near the town of ...": the place is not part of who
        keep.extend(child.subtree)
    left, right = min(t.i for t in keep), max(t.i for t in keep)
    if right - left + 1 > max_tokens:
        right = min(right, token.i + 3)
        left = max(left, token.i - (max_tokens - (right - token.i) - 1))
    doc = token.doc
    while right > left and doc[right].is_punct and doc[right].text != ")":
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ in ("cc", "prep")):
        left += 1
    return doc[left : right + 1]


def _children(token: Token, deps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_object(token: Token, prepositions: frozenset[str]) -> Optional[Token]:
    for prep in _children(token, ("prep",)):
        if prep.lower_ in prepositions:
            objects = _children(prep, ("pobj",))
            if objects:
                return objects[0]
    return None


def _agent_of(verb: Token) -> Optional[Token]:
    for agent in _children(verb, ("agent",)):
        objects = _children(agent, ("pobj",))
        if objects:
            return objects[0]
    return None


def _subject(verb: Token) -> Optional[Token]:
    """The subject of ``verb``, following conjunctions and open complements up to a verb that has one."""
    current: Optional[Token] = verb
    for _ in range(4):
        if current is None:
            return None
        subjects = _children(current, SUBJECTS)
        if subjects:
            return subjects[0]
        if current.dep_ in ("conj", "xcomp", "advcl") and current.head is not current:
            current = current.head
        else:
            return None
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in (*PASSIVE_SUBJECTS, "auxpass") for c in verb.children)


def verb_arguments(verb: Token) -> Arguments:
    if _is_passive(verb):
        patients = _children(verb, PASSIVE_SUBJECTS)
        return Arguments(_agent_of(verb), patients[0] if patients else None)
    objects = _children(verb, ("dobj",))
    patient = objects[0] if objects else _prep_object(verb, TARGET_PREPOSITIONS)
    agent = _subject(verb)
    if agent is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        agent = verb.head  # "terrorists attacking SAA positions"
    if agent is None and verb.tag_ == "VBG":
        agent = _prep_object(verb, frozenset({"by"}))  # "casualties in shelling by the regime forces"
    if agent is not None and agent.dep_ in PASSIVE_SUBJECTS:
        agent = None
    return Arguments(agent, patient)


def noun_arguments(noun: Token) -> Arguments:
    agent = None
    owners = _children(noun, ("poss",))
    if owners and owners[0].lower_ not in ("its", "their", "his", "her"):
        agent = owners[0]
    if agent is None:
        agent = _prep_object(noun, frozenset({"by"}))
    if agent is None:
        # "a massacre carried out by the regime forces", "an attack committed by X": the participle's agent
        agent = next((a for c in _children(noun, ("acl",)) if c.tag_ in ("VBN", "VBD") for a in [_agent_of(c)] if a is not None), None)
    if agent is None:
        # a headline verb tagged as a noun keeps its subject: "Syria Democratic Forces advance in ..."
        subjects = _children(noun, ("nsubj",))
        agent = subjects[0] if subjects else None
    if agent is None and noun.pos_ == "NOUN":
        compounds = [c for c in _children(noun, ("compound", "nmod")) if c.pos_ == "PROPN"]
        agent = compounds[-1] if compounds else None
    patient = _prep_object(noun, TARGET_PREPOSITIONS)
    of_object = _prep_object(noun, frozenset({"of"}))
    if of_object is not None:
        # "the attack of X" names who attacked; "the shelling of X" what was hit
        if agent is None and patient is None and noun.lemma_.lower() in AGENTIVE_OF_NOUNS:
            agent = of_object
        elif patient is None:
            patient = of_object
    if agent is None and patient is None:
        # "clashes between X and Y": the two sides, in the order the text names them
        first = _prep_object(noun, frozenset({"between"}))
        second = next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
        if second is not None:
            agent, patient = first, second
    head = noun.head
    if noun.dep_ in ("dobj", "conj") and head.pos_ == "VERB" and head.lemma_.lower() in LIGHT_VERBS:
        if agent is None or (owners and owners[0].lower_ in ("its", "their")):
            light = verb_arguments(head)
            agent = light.agent if light.agent is not None else agent
        if patient is None:
            patient = _prep_object(head, TARGET_PREPOSITIONS)
    elif noun.dep_ in PASSIVE_SUBJECTS and head.pos_ == "VERB":
        agent = agent or _agent_of(head)
    return Arguments(agent, patient)


def find_arguments(trigger: Token) -> Arguments:
    """Initiator and target heads of an event trigger (verb or noun)."""
    if trigger.pos_ in ("VERB", "AUX"):
        return verb_arguments(trigger)
    if trigger.pos_ in ("NOUN", "PROPN"):
        arguments = noun_arguments(trigger)
        if arguments == Arguments(None, None) and trigger.dep_ == "nsubj" and trigger.head.pos_ == "VERB":
            # the trigger names the doer ("the Syrian Air Force delivered strikes on ..."): the verb says on whom
            return Arguments(trigger, verb_arguments(trigger.head).patient)
        if arguments.patient is None and trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in HARM_VERBS:
            # "the attack of X kills 30 members of Y": whom the event harmed is its target
            return Arguments(arguments.agent, verb_arguments(trigger.head).patient)
        return arguments
    return Arguments(None, None)
