"""Casualty wording that the count reader (``claims``) needs help with: UCDP and ACLED count deaths only.

* "N casualties" / "N human losses" count the killed and the injured together,
  so the dead are somewhere in [0, N]; when the text counts the wounded apart
  ("30 casualties and tens of injuries", "casualties and wounded", SOHR's
  usage) the casualties are the dead.
* "N killed and injured", "killing and injuring N", "N martyrs and wounded":
  one count for both kinds, again [0, N] each. "kill 4 and injure 12" are two
  counts.
* Toll updates: "the death toll rises to 83" is 83 dead; "casualties raise the
  number to 10" is 10 killed and injured.
* A death with no count ("shelling kills civilians", "martyrs in X") is at
  least one death.

Claims built from a combined count carry the hedge ``COMBINED_HEDGE``; those
from an uncounted death ``UNCOUNTED_HEDGE``, so the assumption stays visible.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from spacy.tokens import Span, Token

COMBINED_HEDGE = "killed and injured counted together"
UNCOUNTED_HEDGE = "no count in text: at least one death"

# Nouns that count the killed and the injured together.
CASUALTY_NOUNS = frozenset({"casualty", "casualties", "loss", "losses"})
_WOUNDED_APART = re.compile(r"\b(?:casualties|losses)\s+and\s+(?:\w+\s+){0,3}?(?:wounded|injur\w*)\b", re.IGNORECASE)
_PAIRED_KINDS = {"fatalities": "injured", "injured": "fatalities"}
_OWN_COUNT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "nummod"})
_VAGUE_COUNTS = frozenset({"tens", "dozens", "scores", "hundreds", "thousands", "several", "others", "many", "some"})
_TOLL_VERBS = frozenset({"rise", "raise", "climb", "increase", "reach", "mount", "jump", "hit"})
_TOLL_NOUNS = frozenset({"toll", "number", "total", "count", "tally", "figure"})
_DEATH_LEMMAS = frozenset({"death", "dead", "kill", "martyr", "fatality", "die"})
_INJURY_LEMMAS = frozenset({"wounded", "injured", "injury", "wound", "injure"})
# Words that say someone died, without a number.
_DEATH_VERBS = frozenset({"kill", "die", "martyr", "massacre", "execute", "murder", "slay", "assassinate", "behead"})
_DEATH_WORDS = frozenset({"dead", "deaths", "martyrs", "bodies", "corpses", "massacre", "massacres"})
_NEGATIONS = frozenset({"no", "without", "not", "never", "nobody", "none"})

# The surface form, for parses that split "kills and injures" apart.
_TOLD_TOGETHER = re.compile(
    r"\b(?:kill\w*|martyr\w*|dead|deaths?)\s+(?:and|or)\s+(?:injur\w*|wound\w*)\b|"
    r"\b(?:injur\w*|wound\w*)\s+(?:and|or)\s+(?:kill\w*|dead|martyr\w*)\b",
    re.IGNORECASE,
)

Lookup = Callable[[Token], Optional[str]]


def told_together(token: Token) -> bool:
    """The token is in a "kills and injures" / "wounded or killed" phrase."""
    sentence = token.sent
    offset = token.idx - sentence.start_char
    return any(m.start() <= offset < m.end() for m in _TOLD_TOGETHER.finditer(sentence.text))


def wounded_apart(text: str) -> bool:
    """The text counts the wounded apart from the casualties ("casualties and wounded")."""
    return bool(_WOUNDED_APART.search(text))


def killed_and_injured(trigger: Token, lookup: Lookup) -> bool:
    """One count for both kinds: "25 killed and injured", "killing and injuring 15", "140 martyrs and wounded"."""
    other = _PAIRED_KINDS.get(lookup(trigger) or "")
    if other is None:
        return False
    related = [c for c in trigger.children if c.dep_ == "conj"]
    if trigger.dep_ == "conj":
        related.append(trigger.head)
    # "kill 4 and injure 12", "kills 11 and injures tens of others": a partner with its own count is a separate figure
    return any(lookup(t) == other and not _has_own_count(t) for t in related)


def _has_own_count(token: Token) -> bool:
    return any(
        c.dep_ in _OWN_COUNT_DEPS and any(t.like_num or t.lower_ in _VAGUE_COUNTS for t in c.subtree)
        for c in token.children
    )


def toll_update(number: Token) -> Optional[tuple[Token, bool]]:
    """(toll noun, killed and injured together) for "the death toll rises to 23", "casualties raise the number to 10"."""
    preposition = number.head
    if number.dep_ != "pobj" or preposition.lower_ != "to" or preposition.head.lemma_.lower() not in _TOLL_VERBS:
        return None
    verb = preposition.head
    nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _TOLL_NOUNS]
    if not nouns:
        return None
    words = {t.lemma_.lower() for t in verb.subtree} | {t.lower_ for t in verb.subtree}
    if words & _INJURY_LEMMAS and not words & _DEATH_LEMMAS:
        return None  # "the number of wounded rises to 40"
    if words & _DEATH_LEMMAS or "toll" in {n.lemma_.lower() for n in nouns}:
        return nouns[0], False
    return (nouns[0], True) if words & CASUALTY_NOUNS else None


def uncounted_death(sentence: Span, lookup: Lookup) -> Optional[Token]:
    """The word saying someone died when the sentence gives no number: "shelling kills civilians", "martyrs in X".

    Not when negated ("no one was killed", "without casualties") or when the dead and
    the injured are told together ("kills and injures several persons": none may have died).
    """
    if _TOLD_TOGETHER.search(sentence.text):
        return None
    casualties_are_dead = wounded_apart(sentence.text)  # "leaves human losses and wounded"
    for token in sentence:
        lemma, lower = token.lemma_.lower(), token.lower_
        if lemma not in _DEATH_VERBS and lower not in _DEATH_WORDS and not (casualties_are_dead and lemma in CASUALTY_NOUNS):
            continue
        if killed_and_injured(token, lookup):
            return None
        if _negated(token):
            continue
        return token
    return None


def _negated(token: Token) -> bool:
    """"not killed", "no deaths", "without casualties", "no one was killed", "nobody died"."""
    if any(c.dep_ == "neg" or c.lower_ in _NEGATIONS for c in token.children):
        return True
    if token.i > token.sent.start and token.nbor(-1).lower_ in _NEGATIONS:
        return True
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lower_ in _NEGATIONS or any(c.lower_ in _NEGATIONS for c in s.children) for s in subjects)
