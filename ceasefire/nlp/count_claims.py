"""Count claims: what each number of a document counts (killed, injured, captured ...), about which side, for which mention.

A count is attached to the mention of its own sentence, else the closest mention
before it (up to ``LOOKBACK`` sentences), else the next one in the same
paragraph. Casualty wordings (killed and injured together, toll updates, running
totals, deaths without a number) are read by ``casualties``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Optional, Sequence

from spacy.tokens import Span, Token

from ..models import Claim, Mention
from .actor_choice import best_actor
from .casualties import (CASUALTY_NOUNS, COMBINED_HEDGE, CUMULATIVE_HEDGE, UNCOUNTED_HEDGE, casualties_with_wounded, counted_apart,
                         is_running_total, killed_and_injured, publisher_casualty_word, running_totals, told_together, toll_update,
                         uncounted_death)
from .claim_context import ClaimContext, lookup_kind, make_claim
from .count_words import CIVILIAN_NOUNS, COUNT_KINDS, PERSON_NOUNS
from .numbers import Quantity, find_quantities
from .roles import noun_phrase

LOOKBACK = 4


def count_claims(ctx: ClaimContext, mentions: Sequence[Mention]) -> list[Claim]:
    """The claims of every count of the document, each attached to a mention (``mentions`` in trigger order)."""
    out: list[Claim] = []
    mention_sentences = [ctx.sentence_of(m.trigger_start) for m in mentions]
    last_about: tuple[int, Optional[str]] = (-10, None)
    attached = [_attach(ctx, index, mentions, mention_sentences) for index in range(len(ctx.sentences))]
    # A sentence with no mention attached makes no claim, but the side it names can reach a later one ("@previous",
    # passed on from sentence to sentence); after the last sentence with a mention attached, nothing is read.
    last = max((index for index, mention in enumerate(attached) if mention is not None), default=-1)
    for index, sentence in enumerate(ctx.sentences[: last + 1]):
        mention = attached[index]
        deaths_counted = False
        text = ctx.texts[index]
        quantities = find_quantities(text)
        counted = [_count(ctx, sentence, q, text) for q in quantities]
        # every number bounds the stretch of text a count belongs to, counts of people or not
        cumulative = running_totals(text, [(q.start, q.end, ("fatalities" if f[0] == "fatalities" or f[4] else f[0]) if f else None)
                                           for q, f in zip(quantities, counted)]) if quantities else []
        for quantity, found, is_cumulative in zip(quantities, counted, cumulative):
            if found is None:
                continue
            kind, head, trigger, about_text, combined = found
            if quantity.high is not None and _TRAILING_AT_LEAST.match(text[quantity.end :]):
                quantity = dataclasses.replace(quantity, high=None)  # "8 persons at least", "18 casualties and injuries at least"
            # neither an open count of killed and injured together ("more than 40 killed and injured") nor a running
            # total counts this event's dead: the death they tell of is read below as one with no count
            counts_deaths = (kind == "fatalities" or combined) and not (combined and quantity.high is None) and not is_cumulative
            deaths_counted = deaths_counted or counts_deaths
            if about_text == "@previous":
                about_text = last_about[1] if index - last_about[0] <= 2 else None
            if about_text:
                last_about = (index, about_text)
            if mention is None:
                continue
            owner = _owner(mentions, mention, sentence.start_char + quantity.start)
            start = min(sentence.start_char + quantity.start, head.idx, trigger.idx)
            end = max(sentence.start_char + quantity.start + len(quantity.text), head.idx + len(head.text), trigger.idx + len(trigger.text))
            numeric_hedge = "; ".join(h for h in (ctx.hedge(index, numeric=True), CUMULATIVE_HEDGE if is_cumulative else None) if h) or None
            if not combined:
                out.append(make_claim(ctx, owner, kind, start, end, index, value_low=quantity.low, value_high=quantity.high,
                                  about=about_text, wording=ctx.document.text[start:end], hedge=numeric_hedge))
                continue
            if quantity.high is None:
                continue  # "more than 15 killed and injured" bounds neither the dead nor the injured
            # each kind is somewhere between none and the whole count; the hedge keeps the reason visible
            hedge = "; ".join(h for h in (numeric_hedge, COMBINED_HEDGE) if h)
            for each in ("fatalities", "injured"):
                out.append(make_claim(ctx, owner, each, start, end, index, value_low=0, value_high=quantity.high,
                                  about=about_text, wording=ctx.document.text[start:end], hedge=hedge))
        if mention is not None and index in mention_sentences:
            out.extend(_uncounted_deaths(ctx, index, mentions, mention_sentences, mention, out, deaths_counted))
    return out


def _uncounted_deaths(ctx: ClaimContext, index: int, mentions: Sequence[Mention], sentences: list[int], attached: Mention,
                      claims: Sequence[Claim], deaths_counted: bool) -> list[Claim]:
    """Deaths told without a number in sentence ``index``: one per report of a headline of several
    ("Airstrikes on X kill members of IS and shelling kills a woman in Y"), else one for the sentence."""
    hedge = "; ".join(h for h in (ctx.hedge(index, numeric=True), UNCOUNTED_HEDGE) if h)
    counted = {c.mention_id for c in claims if c.kind == "fatalities" and not is_running_total(c)}
    here = [m for m, s in zip(mentions, sentences) if s == index]
    found: list[tuple[Mention, Token]] = []
    if len(here) > 1:
        for mention in here:
            span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            death = uncounted_death(span, lookup_kind, ctx.casualties_dead) if span is not None and mention.id not in counted else None
            if death is not None:
                found.append((mention, death))
    if not found and not deaths_counted:
        death = uncounted_death(ctx.sentences[index], lookup_kind, ctx.casualties_dead, ctx.texts[index])
        if death is not None:
            found.append((_owner(mentions, attached, death.idx), death))
    return [make_claim(ctx, mention, "fatalities", death.idx, death.idx + len(death.text), index, value_low=1, value_high=None,
                   wording=death.text, hedge=hedge) for mention, death in found]


_TRAILING_AT_LEAST = re.compile(r"^\s+(?:[\w’'-]+\s+){0,3}?at least\b", re.IGNORECASE)


def _owner(mentions: Sequence[Mention], attached: Mention, char: int) -> Mention:
    """The mention whose span holds ``char`` when a sentence has several (a headline of two reports), else ``attached``."""
    return next((m for m in mentions if m.start <= char < m.end and m.sentence_index == attached.sentence_index), attached)


def _attach(ctx: ClaimContext, index: int, mentions: Sequence[Mention], sentences: list[int]) -> Optional[Mention]:
    same = [m for m, s in zip(mentions, sentences) if s == index]
    if same:
        return same[0]
    before = [(s, m) for m, s in zip(mentions, sentences) if index - LOOKBACK <= s < index]
    if before:
        return max(before, key=lambda pair: pair[0])[1]
    after = [(s, m) for m, s in zip(mentions, sentences) if s > index and ctx.paragraph_of[s] == ctx.paragraph_of[index]]
    return min(after, key=lambda pair: pair[0])[1] if after else None


def _count(ctx: ClaimContext, sentence: Span, quantity: Quantity, text: str) -> Optional[tuple[str, Token, Token, Optional[str]]]:
    """(kind, counted noun, kind word, side) for a count, or None when it does not count people (``text``: the sentence's)."""
    start = sentence.start_char + quantity.start
    if start > 0 and (ctx.document.text[start - 1] in "-/#." or ctx.document.text[start - 1].isalnum()):
        return None  # "m-16", "#3": part of a name, not a count
    span = ctx.doc.char_span(start, start + len(quantity.text), alignment_mode="expand")
    if span is None or any(t.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "PRODUCT") for t in span):
        return None
    number = span.root
    head = number.head if number.dep_ in ("nummod", "quantmod", "amod", "det") else number
    if number.dep_ == "ROOT" and sum(not t.is_punct and not t.is_space for t in sentence) == len(span):
        head = _orphan_count_head(ctx, sentence) or head
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    if head is number and head.head.pos_ in ("VERB", "AUX"):
        # "The number of ISIS members ... was estimated between 250 and 300": the count is the subject's
        subjects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and (subjects[0].lemma_.lower() in ("number", "toll", "figure", "total", "count") or subjects[0].lemma_.lower() in PERSON_NOUNS):
            head = subjects[0]
    counted = head
    of_objects = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if of_objects:
        counted = of_objects[0]
    named_side = any(m.actor.kind != "unknown" or m.text.lower().endswith("s") for m in ctx.actors_in(noun_phrase(counted)))
    is_person = counted.lemma_.lower() in PERSON_NOUNS or counted.lower_ in PERSON_NOUNS or named_side
    kind_found = _kind(counted, sentence) if counted is not head and counted.i > head.i else None
    kind_found = kind_found or _kind(head, sentence)
    following = ctx.doc[span.end] if span.end < sentence.end else None
    told_next = head is number and kind_found is None and following is not None and lookup_kind(following) in ("fatalities", "injured")
    if told_next:
        kind_found = (lookup_kind(following), following)  # "and 11 killed in western Aleppo", whatever the parse hangs it on
    combined = False
    if counted.lemma_.lower() in CASUALTY_NOUNS and (kind_found is None or kind_found[0] not in ("fatalities", "injured")):
        # "12 casualties": killed and injured together, unless the text counts the wounded apart
        # ("30 casualties and tens of injuries", SOHR's usage), where casualties are the dead.
        # Where the publisher writes "casualties" for the dead (SOHR), "12 casualties" is 12 dead and only
        # "12 casualties and injuries" counts both.
        dead = ctx.casualties_dead and publisher_casualty_word(counted) and not casualties_with_wounded(counted)
        kind_found, combined = ("fatalities", counted), not (dead or counted_apart(text))
    if kind_found is None and head.i == number.i:
        toll = toll_update(number, ctx.casualties_dead)
        if toll is not None:
            trigger, combined = toll
            return "fatalities", head, trigger, None, combined
    if kind_found is None:
        return None
    kind, trigger = kind_found
    if kind == "injured" and trigger.i == head.i and head.head.lemma_.lower() in ("die", "succumb"):
        kind, trigger = "fatalities", head.head  # "6 wounded die": the wounded are now dead
    combined = combined or killed_and_injured(trigger, lookup_kind) or told_together(trigger)
    # "190 killed during clashes": a bare number is people when the death/injury verb qualifies it
    bare_count = head is number and (
        told_next or head.dep_ in ("nsubj", "nsubjpass", "dobj") or trigger.head.i == number.i
        or (number.head.i == trigger.i and number.i < trigger.i)  # "6 wounded die", parsed with 6 hanging off "die"
    )
    if not is_person and not bare_count:
        return None
    rest = ctx.document.text[start + len(quantity.text) : sentence.end_char]
    return kind, head, trigger, _side(ctx, counted, rest), combined


def _orphan_count_head(ctx: ClaimContext, sentence: Span) -> Optional[Token]:
    """The noun a sentence-opening number counts when the parser split it off ("... attack. | 6 | members were ...")."""
    if sentence.end >= len(ctx.doc):
        return None
    following = ctx.doc[sentence.end].sent
    for chunk in following.noun_chunks:
        return chunk.root if chunk.start == following.start else None
    return None


def _kind(head: Token, sentence: Span) -> Optional[tuple[str, Token]]:
    """The nearest kind word: the counted noun's own modifiers, then up its heads."""
    def lookup(token: Token) -> Optional[str]:
        return COUNT_KINDS.get(token.lemma_.lower()) or COUNT_KINDS.get(token.lower_)

    for child in head.subtree:
        if child.i != head.i and child.dep_ in ("acl", "relcl", "amod", "acomp", "oprd", "xcomp") and lookup(child):
            return lookup(child), child
    token = head
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            # a resultative complement says what the count is: "leaves 20 soldiers dead", "left five wounded"
            for complement in token.children:
                if complement.dep_ in ("oprd", "acomp", "xcomp") and complement.i > head.i and lookup(complement):
                    return lookup(complement), complement
        if lookup(token) and token.pos_ in ("VERB", "ADJ", "NOUN", "AUX"):
            return lookup(token), token
        if token.pos_ in ("VERB", "AUX") and token is not head:
            # coordinated predicates share the subject: "soldiers were on a visit and were wounded"
            for conj in token.children:
                if conj.dep_ == "conj" and conj.pos_ in ("VERB", "ADJ") and lookup(conj):
                    return lookup(conj), conj
        if token.head is token:
            break
        token = token.head
        if token.lemma_.lower() in ("say", "tell", "report", "according"):
            break
    return None


# "30 persons of the regime forces ... and of its fighters", "on both sides": the count spans both sides.
_BOTH_SIDES = re.compile(r"\band\s+of\s+(?:its|their|his|the\s+other)\b|\b(?:both|all|each|either)\s+sides\b", re.IGNORECASE)


def _side(ctx: ClaimContext, counted: Token, rest: str = "") -> Optional[str]:
    if _BOTH_SIDES.search(rest):
        return None  # a total over the event: its scope is the whole event, not one side
    if counted.lower_ in ("them", "they", "others"):
        return "@previous"
    found = best_actor(ctx, noun_phrase(counted))
    if found is not None and found.actor.kind != "unknown":
        return "civilians" if found.actor.kind == "civilians" else found.actor.name
    if counted.lemma_.lower() in CIVILIAN_NOUNS:
        return "civilians"
    return found.actor.name if found is not None else None
