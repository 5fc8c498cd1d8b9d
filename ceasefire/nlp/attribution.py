"""Who says it, and how sure: sources, speech verbs and hedges of a sentence.

A claim is never asserted as fact: it is what a source says. The source is,
in order:

1. the object of "according to" ("according to the Syrian Observatory ...");
2. the subject of a speech verb ("A military source told SouthFront that ...",
   "Pro-militant sources revealed that ..."); for "tell" the hearer is kept
   as the channel: "a military source via SouthFront";
3. none in the sentence: the caller falls back to the author (byline), or the
   publisher when there is no byline (``claims.default_source``).

An attribution covers the sentence it is in; it is not carried to the next
sentence, because the next one may be the author's own statement.

Hedges are words of the sentence that weaken the claim ("estimated",
"reportedly", "speculated", "unconfirmed"). A FOLLOWING sentence that
refers back to a figure and doubts it ("this number seems to be
overestimated") marks the claims of the sentence before as
"disputed by the author" (or by that sentence's own source).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.strings import hash_string
from spacy.symbols import AUX, VERB
from spacy.tokens import Span, Token

from .pattern_screen import CaseInsensitivePattern

SPEECH_VERBS = frozenset({
    "say", "tell", "report", "claim", "reveal", "speculate", "state", "announce", "confirm", "add", "note",
    "document", "record", "allege", "insist", "write", "quote", "indicate", "declare", "assert", "acknowledge",
    "deny", "warn", "inform", "publish", "post", "tweet", "cite", "affirm", "admit", "suggest", "estimate",
})
# Speech verbs that weaken what they introduce.
HEDGING_VERBS = {"speculate": "speculated", "claim": "claimed", "allege": "alleged", "suggest": "suggested", "estimate": "estimated"}
# Scanned in the lower-cased sentence where that finds the same spans (``pattern_screen.CaseInsensitivePattern``).
HEDGE_WORDS: tuple[tuple[CaseInsensitivePattern, str], ...] = tuple(
    (CaseInsensitivePattern(p), label)
    for p, label in (
        (r"\bestimated?\b|\bestimates?\b|\bsomewhere between\b", "estimated"),
        (r"\breportedly\b|\bwere reported\b|\bwas reported\b", "reportedly"),
        (r"\balleged(?:ly)?\b", "alleged"),
        (r"\bunconfirmed\b|\bnot (?:be )?(?:independently )?(?:confirmed|verified)\b|\bunverified\b", "unconfirmed"),
        (r"\bspeculat\w*", "speculated"),
        (r"\b(?:possibly|probably|likely|may have|might have|could have|is believed|are believed)\b", "uncertain"),
        (r"\bclaim(?:ed|s)?\b", "claimed"),
    )
)
_DISPUTE = CaseInsensitivePattern(
    r"\b(?:over|under)[- ]?estimated\b|\bexaggerat\w*|\binflated\b|\bdoubtful\b|\bquestionable\b|"
    r"\bnot credible\b|\bimplausible\b|\bunlikely\b|\bfalse\b|\bfabricated\b|\bdisputed?\b|\bdenied\b"
)
_BACK_REFERENCE = CaseInsensitivePattern(
    r"\b(?:this|that|these|those|the|such)\s+(?:number|figure|toll|count|estimate|claim|report|data|statistic)s?\b"
)
_PRONOUNS = frozenset({"it", "this", "that", "there", "which", "who"})
_ACCORDING = hash_string("according")
_VERB_OR_AUX = (VERB, AUX)


@dataclass(frozen=True)
class Attribution:
    """The source of a sentence's statements: its words, the channel ("via"), and the span they occupy."""

    source: str
    start: int
    end: int
    via: Optional[str] = None
    verb: Optional[str] = None
    hedge: Optional[str] = None

    @property
    def label(self) -> str:
        """ "a military source via SouthFront" """
        return f"{self.source} via {self.via}" if self.via else self.source


def _phrase(token: Token) -> Span:
    """The noun phrase of ``token``, without relative clauses or trailing punctuation."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj") and child.i > token.i:
            continue
        tokens.extend(child.subtree)
    left, right = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = token.doc
    while right > left and doc[right].is_punct and doc[right].text != ")":
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    return doc[left : right + 1]


def find_attribution(sentence: Span) -> Optional[Attribution]:
    """The source named in ``sentence``, or None (see the module docstring for the order)."""
    # the tokens' attributes compared as the string store's hashes and part-of-speech ids: no string per token
    for token in sentence:
        if token.lower == _ACCORDING and token.i + 1 < sentence.end and token.doc[token.i + 1].lower_ == "to":
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if objects:
                phrase = _phrase(objects[0])
                return Attribution(phrase.text, phrase.start_char, phrase.end_char, verb="according to")
    for token in sentence:
        if token.pos not in _VERB_OR_AUX or token.lemma_.lower() not in SPEECH_VERBS:
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _PRONOUNS]
        if not subjects or subjects[0].dep_ == "nsubjpass":
            continue
        phrase = _phrase(subjects[0])
        via = None
        if token.lemma_.lower() in ("tell", "inform"):
            hearers = [c for c in token.children if c.dep_ in ("dobj", "dative", "iobj")]
            if hearers:
                via = _phrase(hearers[0]).text
        hedge = HEDGING_VERBS.get(token.lemma_.lower())
        return Attribution(phrase.text, phrase.start_char, phrase.end_char, via=via, verb=token.lemma_.lower(), hedge=hedge)
    return None


def sentence_hedge(sentence: Span, text: Optional[str] = None) -> Optional[str]:
    """The strongest hedge word of ``sentence`` ("estimated", "reportedly", ...), or None (``text``: its text, when known)."""
    text = sentence.text if text is None else text
    lower = text.lower()
    for pattern, label in HEDGE_WORDS:
        if pattern.search(text, lower):
            return label
    return None


def disputes_previous(sentence: Span, text: Optional[str] = None) -> Optional[str]:
    """ "disputed by the author" when ``sentence`` doubts a figure of the sentence before, else None (``text``: its text)."""
    text = sentence.text if text is None else text
    lower = text.lower()
    if not (_DISPUTE.search(text, lower) and _BACK_REFERENCE.search(text, lower)):
        return None
    attribution = find_attribution(sentence)
    return f"disputed by {attribution.label}" if attribution else "disputed by the author"
