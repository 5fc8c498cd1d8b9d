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
  least one death. So is one told together with the injured by "and" ("kills
  and injures civilians", "martyrs and wounded in X", "more than 40 killed and
  injured", "deadly car bomb"): the words say someone died, not how many; "killed
  or injured" says neither.

* Running totals are not the event's count: a toll over a period ("50 in a
  month", "kill 81 in a week"), a toll update counted from a starting point
  ("raises to 120 the number killed since the start of the battle"), or a
  toll update told beside the event's own count ("The death of 12 members
  ... raises to about 80 the number of their casualties"). UCDP's best, like
  ACLED's fatalities, is the deaths of that event; the claim stays, marked with
  ``CUMULATIVE_HEDGE``, and the ledger leaves it out of the event's figures.

* A publisher's usage: SOHR's English reports write "casualties" (and "human
  losses") for the dead (``casualties_are_dead``): "4 casualties and several
  wounded", "3 casualties from one family killed", "casualties and injuries"
  for "killed and injured", "more human losses raise the death toll".
  In a document it published, "N casualties" is N dead and "casualties" with no
  number at least one death; "N casualties and injuries" stays one count of
  both. The evidence is in docs/events.md; other publishers keep the general
  reading above.

Claims built from a combined count carry the hedge ``COMBINED_HEDGE``; those
from an uncounted death ``UNCOUNTED_HEDGE``, so the assumption stays visible.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Optional

from ..models import Claim

if TYPE_CHECKING:  # the ledger imports is_running_total; only the claim builder needs spaCy loaded
    from spacy.tokens import Span, Token

COMBINED_HEDGE = "killed and injured counted together"
CUMULATIVE_HEDGE = "running total over a period, not this event's count"
UNCOUNTED_HEDGE = "no count in text: at least one death"

# Nouns that count the killed and the injured together.
CASUALTY_NOUNS = frozenset({"casualty", "casualties", "loss", "losses"})
_WOUNDED_APART = re.compile(
    r"\b(?:casualties|losses)\s+and\s+(?:\w+\s+){0,3}?(?:wounded|injur\w*)\b|\b(?:wounded|injuries)\s+and\s+(?:\w+\s+){0,2}?(?:casualties|losses)\b",
    re.IGNORECASE,
)
_PAIRED_KINDS = {"fatalities": "injured", "injured": "fatalities"}
_OWN_COUNT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "nummod"})
_VAGUE_COUNTS = frozenset({"tens", "dozens", "scores", "hundreds", "thousands", "several", "others", "many", "some"})
_TOLL_VERBS = frozenset({"rise", "raise", "climb", "increase", "reach", "mount", "jump", "hit", "bring"})
_TOLL_NOUNS = frozenset({"toll", "number", "total", "count", "tally", "figure"})
_DEATH_LEMMAS = frozenset({"death", "dead", "kill", "martyr", "fatality", "die"})
_INJURY_LEMMAS = frozenset({"wounded", "injured", "injury", "wound", "injure"})
# Words that say someone died, without a number.
_DEATH_VERBS = frozenset({"kill", "die", "martyr", "massacre", "execute", "murder", "slay", "assassinate", "behead"})
_DEATH_WORDS = frozenset({"dead", "deaths", "martyrs", "bodies", "corpses", "massacre", "massacres", "deadly", "fatal", "execution",
                          "executions", "killing", "killings"})
_NEGATIONS = frozenset({"no", "without", "not", "never", "nobody", "none"})

# The surface form, for parses that split "kills and injures" apart.
_TOLD_TOGETHER = re.compile(
    r"\b(?:kill\w*|martyr\w*|dead|deaths?)\s+(?:and|or)\s+(?:injur\w*|wound\w*)\b|"
    r"\b(?:injur\w*|wound\w*)\s+(?:and|or)\s+(?:kill\w*|dead|martyr\w*)\b",
    re.IGNORECASE,
)

# "killed or injured", "dead or wounded": no one need have died.
_EITHER = re.compile(
    r"\b(?:kill\w*|martyr\w*|dead|deaths?|casualt\w*)\s+or\s+(?:injur\w*|wound\w*)\b|"
    r"\b(?:injur\w*|wound\w*)\s+or\s+(?:kill\w*|dead|martyr\w*|casualt\w*)\b",
    re.IGNORECASE,
)

Lookup = Callable[["Token"], Optional[str]]

# Publishers whose English reports write "casualties" for the dead (docs/events.md has the count of their
# headlines that says so), by name key: the Syrian Observatory for Human Rights.
CASUALTIES_ARE_DEAD_PUBLISHERS = frozenset({"sohr", "syrianobservatoryforhumanrights"})
_CASUALTY_WORDS = frozenset({"casualty", "casualties"})  # and "human losses"; not bare "losses", also said of material losses
_ACRONYM = re.compile(r"\(([A-Za-z]{2,})\)")


def casualties_are_dead(publisher: Optional[str]) -> bool:
    """``publisher`` (who wrote the words) uses "casualties" for the dead: "SOHR", "Syrian Observatory for Human Rights (SOHR)"."""
    if not publisher:
        return False
    keys = {re.sub(r"[^a-z0-9]", "", publisher.lower())} | {m.lower() for m in _ACRONYM.findall(publisher)}
    keys |= {re.sub(r"^the", "", k) for k in keys}
    return bool(keys & CASUALTIES_ARE_DEAD_PUBLISHERS)


def publisher_casualty_word(token: Token) -> bool:
    """"casualties", or "losses" said of people ("human losses"): the words SOHR writes for the dead."""
    if token.lemma_.lower() in _CASUALTY_WORDS or token.lower_ in _CASUALTY_WORDS:
        return True
    return token.lemma_.lower() == "loss" and token.i > 0 and token.nbor(-1).lower_ == "human"


_WITH_WOUNDED = re.compile(r"^(?:casualt\w*|losses)\s+(?:at\s+least\s+)?(?:and|&)\s+(?:the\s+)?(?:wounded|injur\w*)", re.IGNORECASE)


def casualties_with_wounded(token: Token) -> bool:
    """"casualties and injuries", "human losses and wounded": one count of the dead and the wounded together."""
    return bool(_WITH_WOUNDED.match(token.doc.text[token.idx : token.idx + 60]))


def told_together(token: Token) -> bool:
    """The token is in a "kills and injures" / "wounded or killed" phrase."""
    sentence = token.sent
    offset = token.idx - sentence.start_char
    return any(m.start() <= offset < m.end() for m in _TOLD_TOGETHER.finditer(sentence.text))


_COUNTED_APART = re.compile(
    r"\b(?:casualties|losses)\s+and\s+(?:\d+|tens|dozens|hundreds|scores|several|many|some|other|a few|more than \d+)\b"
    r"(?:\s+of)?\s+(?:\w+\s+){0,2}?(?:wounded|injur\w*)\b",
    re.IGNORECASE,
)


def counted_apart(text: str) -> bool:
    """A count of casualties beside a count of injured ("30 casualties and tens of injuries"): the casualties are the dead.

    "20 casualties and wounded", "32 casualties and injuries" are one count of both (the Arabic "N martyrs and wounded").
    """
    return bool(_COUNTED_APART.search(text))


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


def toll_update(number: Token, casualties_dead: bool = False) -> Optional[tuple[Token, bool]]:
    """(toll noun, killed and injured together) for "the death toll rises to 23", "casualties raise the number to 10".

    ``casualties_dead``: the publisher writes "casualties" for the dead, so their toll counts deaths.
    """
    preposition = number.head
    if number.dep_ != "pobj" or preposition.lower_ != "to":
        return None
    verb = preposition.head
    nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _TOLL_NOUNS]
    if not nouns and verb.i > 0 and verb.nbor(-1).lemma_.lower() in _TOLL_NOUNS:
        nouns = [verb.nbor(-1)]  # "... and al-Ghouta death toll rises to 7", however the parse attaches the toll
    toll = preposition.nbor(-1) if preposition.i > 0 else None
    if not nouns and toll is not None and toll.lemma_.lower() in _TOLL_NOUNS:
        # the noun form, "with the rise of the death toll to 8", wherever the parse hangs "to 8"
        rise = next((a for a in list(toll.ancestors)[:3] if a.lemma_.lower() in _TOLL_VERBS), None)
        if rise is not None:
            verb, nouns = rise, [toll]
    if verb.lemma_.lower() not in _TOLL_VERBS or not nouns:
        return None
    words = {t.lemma_.lower() for t in verb.subtree} | {t.lower_ for t in verb.subtree}
    if words & _INJURY_LEMMAS and not words & _DEATH_LEMMAS:
        return None  # "the number of wounded rises to 40"
    if words & _DEATH_LEMMAS or "toll" in {n.lemma_.lower() for n in nouns} or (casualties_dead and any(publisher_casualty_word(t) for t in verb.subtree)):
        return nouns[0], False
    return (nouns[0], True) if words & CASUALTY_NOUNS else None


def uncounted_death(sentence: Span, lookup: Lookup, casualties_dead: bool = False, text: Optional[str] = None) -> Optional[Token]:
    """The word saying someone died when the sentence gives no number: "shelling kills civilians", "martyrs in X".

    Also when the dead and the injured are told together by "and" with no number that
    bounds them ("kills and injures civilians", "more than 40 killed and injured"): someone
    died. Not when negated ("no one was killed", "without casualties") or told apart by
    "or" ("killed or injured": none need have died).
    """
    text = sentence.text if text is None else text  # ``text``: the sentence's text, when the caller has it
    if _EITHER.search(text):
        return None
    wounded_told_apart = wounded_apart(text)  # "leaves human losses and wounded"
    for token in sentence:
        lemma, lower = token.lemma_.lower(), token.lower_
        if lemma not in _ANY_DEATH_WORD and lower not in _ANY_DEATH_WORD:
            continue  # every test below needs one of these words (most tokens: no call to the phrase tests)
        death = (lemma in _DEATH_VERBS or lower in _DEATH_WORDS or (wounded_told_apart and lemma in CASUALTY_NOUNS)
                 or (casualties_dead and publisher_casualty_word(token)) or _death_phrase(token, lemma, lower))
        if not death:
            continue
        if _negated(token):
            continue
        return token
    return None


# Every word the tests of ``uncounted_death`` look for, as the lemma or the lower-cased text of a token.
_ANY_DEATH_WORD = _DEATH_VERBS | _DEATH_WORDS | CASUALTY_NOUNS | _CASUALTY_WORDS | {"loss", "death", "life", "lives"}


def _negated(token: Token) -> bool:
    """"not killed", "no deaths", "without casualties", "no one was killed", "nobody died"."""
    if any(c.dep_ == "neg" or c.lower_ in _NEGATIONS for c in token.children):
        return True
    if token.i > token.sent.start and token.nbor(-1).lower_ in _NEGATIONS:
        return True
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lower_ in _NEGATIONS or any(c.lower_ in _NEGATIONS for c in s.children) for s in subjects)


_SMALL = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|one|several|few|a few)"
# A period longer than a day: the count it frames adds up several events.
_PERIOD = re.compile(
    rf"\b(?:this (?:week|month|year)\b"
    rf"|(?:in|within|during|over|for|throughout)\s+(?:the\s+|its\s+|their\s+)?(?:(?:last|past|first|previous|recent)\s+)?(?:{_SMALL}\s+)?(?:days|weeks?|months?|years?)\b"
    rf"|{_SMALL}\s+(?:\w+\s+)?(?:days|weeks|months|years)\s+(?:of|witness\w*)\b|(?:a|one)\s+(?:week|month|year)\s+of\b)",
    re.IGNORECASE,
)
# A toll update that counts from a starting point ("raises to 120 the number killed since the start of the
# battle") is a running total; a plain count that does ("18 had been killed since the resumption of the
# operation") is the toll of the operation the report is about.
_SINCE = re.compile(r"\b(?:since|so far|until now|up to now|to date)\b", re.IGNORECASE)
# Before the count only a period that is the subject counts: "A week of clashes kills 170", "4 bloody days
# ... witness"; "In a second massacre in 10 days, warplanes kill 7" dates the event, it does not sum it.
_PERIOD_SUBJECT = re.compile(
    rf"\b(?:{_SMALL}\s+(?:\w+\s+)?(?:days|weeks|months|years)\s+(?:of|witness\w*)\b|(?:a|one)\s+(?:week|month|year)\s+of\b"
    rf"|(?:first|second|third|fourth|\d+(?:st|nd|rd|th))\s+(?:week|month)\b)",
    re.IGNORECASE,
)
# "raises the death toll to", "raising to about", "rise to more than": the words before a running total.
_RUNNING_TOTAL = re.compile(
    r"\b(?:rais\w*|rise[sn]?|rising|rose|increas\w*|climb\w*|reach\w*|mount\w*|jump\w*|bring\w*|brought)\b[^.;:!?]{0,70}?\bto\s+"
    r"(?:about|around|more than|at least|nearly|almost|over|approximately|some)?\s*$",
    re.IGNORECASE,
)


_UNIT_AFTER = re.compile(r"\s*(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?|km|kilomet\w+|miles?)\b", re.IGNORECASE)


# A death the text tells before a toll update ("A civilian was killed by ... raises to about 355 persons killed by
# ..."): the update is a running total beside the event's own death, even when that death has no number.
_DEATH_TOLD = re.compile(
    r"\b(?:(?:was|were)\s+(?:\w+\s+)?(?:killed|martyred)|died|(?:death|deaths|martyrdom|killing)\s+of\s+(?!the\s+(?:number|toll)))\b",
    re.IGNORECASE,
)


_DAILY_TOLL = re.compile(r"\b(?:killed|died|dead|martyred)\s+yesterday,?\s+including\b", re.IGNORECASE)


def is_running_total(claim: Claim) -> bool:
    """A claim this module marked as a toll over a period or a running total beside the event's own count: not the event's figure.

    The one test of it, for the claim builder and the ledger (``events.figures``) alike.
    """
    return bool(claim.hedge and CUMULATIVE_HEDGE in claim.hedge)


def frames_period(text: str) -> bool:
    """The text around a count names a period longer than a day ("in a month", "within 15 days", "this week")."""
    return bool(_PERIOD.search(text))


def is_toll_value(text_before: str) -> bool:
    """The count is the new value of a toll ("... raises the death toll to | 94")."""
    return bool(_RUNNING_TOTAL.search(text_before))


def running_totals(text: str, counts: list[tuple[int, int, Optional[str]]]) -> list[bool]:
    """For each number of a sentence ((start, end, kind) in text order), whether it is a death count that is a running total.

    ``kind`` is "fatalities" for a death count, another claim kind for a count of other people, None for
    a number that counts no one. A death count is a running total when the stretch of text it belongs to
    (from the number before it to the next death count or uncounted number: "30 casualties and tens of
    injuries in 4 days" share their framing) frames a period longer than a day, or when it is a toll
    update told beside the event's own count.
    """
    out = []
    # a number of days or kilometres belongs to the stretch it sits in ("in 4 days of shelling"), it bounds none
    bounds = [(start, end, kind) for start, end, kind in counts if kind is not None or not _UNIT_AFTER.match(text[end:])]
    updates = [kind == "fatalities" and is_toll_value(text[:start]) for start, _, kind in counts]
    daily = bool(_DAILY_TOLL.search(text))  # a day's toll over a country, and each of its parts
    own_counts = any(kind == "fatalities" and not update for (_, _, kind), update in zip(counts, updates))
    for i, (start, end, kind) in enumerate(counts):
        deaths = kind == "fatalities"
        before = max((c[1] for c in bounds if c[1] <= start), default=0)
        after = next((c[0] for c in bounds if c[0] > start and c[2] in (None, "fatalities")), len(text))
        framed = frames_period(text[start:after]) or (updates[i] and bool(_SINCE.search(text[start:after]))) or (
            not updates[i] and bool(_PERIOD_SUBJECT.search(text[before:start])))
        # the parts of a running total are running totals too: "149 killed yesterday including 25 regime forces",
        # "its first week with 38 civilian casualties and about 120 fighters"
        previous = next((running for (s0, _, k), running in zip(reversed(counts[:i]), reversed(out)) if k == "fatalities"), False)
        part = previous and len(text[before:start].split()) <= 6
        told = _DEATH_TOLD.search(text[:start]) if updates[i] else None
        # "The death of more citizens raises the death toll to 11": the event's own toll, raised by its new deaths
        beside_own_death = told is not None and "toll" not in text[told.end() : start].lower()
        out.append(deaths and (framed or part or daily or (updates[i] and own_counts) or beside_own_death))
    return out


def _death_phrase(token: Token, lemma: str, lower: str) -> bool:
    """"stoned / beaten / tortured to death", "lost his life", "claims the lives of" (``lemma``, ``lower``: the token's, lower-cased)."""
    if lower == "death":
        return token.i > token.sent.start and token.nbor(-1).lower_ == "to"
    return lemma in ("life", "lives") and token.head.lemma_.lower() in ("lose", "claim", "take", "cost")
