"""The claim builder: turns one parsed document and its event mentions into attributed claims.

For every mention: who did it (actor1), to whom (actor2), when (date) and
with what (weapon). For every count in the document ("more than 16 SAA
soldiers were killed", "250 and 300 ... besieged"): what it counts
(fatalities, injured, captured, displaced, besieged, evacuated, missing),
about which side, and it is attached to the mention of its own sentence,
else the closest mention before it (up to ``count_claims.LOOKBACK``
sentences), else the next one in the same paragraph. The counts are read in
``count_claims``; what the two share about the document (sentences,
attributions, hedges, actors, the publisher's usage) is ``claim_context``.

Every claim carries who says it (``attribution``), the publisher, and the
hedges; the system never states a claim as fact.

* publisher: ``document.original_source`` when the article is syndicated
  ("The original source of this article is South Front"), else
  ``document.publisher``: the outlet that wrote the words is the independent
  source, so copies of one article fold into one.
* source: the attributed speaker; with none in the sentence, the author
  (``document.byline``), else the publisher, else "the author".
* date: the sentence's own date, else the last date earlier in the same
  paragraph, else the publication date at day precision with the hedge
  "no date in text; publication date" (see ``dates``). A range of days is an
  ISO 8601 interval ("2017-09-18/2017-09-19").

Actors come from ``doc._.actors`` when the ``ceasefire_actors`` component
ran, so the document is parsed and scanned once.
"""

from __future__ import annotations

from typing import Optional, Sequence

from spacy.tokens import Doc, Token

from ..models import Claim, Document, Mention
from .actor_choice import mention_actors
from .actors import ActorDictionary
from .claim_context import ClaimContext, claim_context, default_publisher, default_source, make_claim
from .count_claims import count_claims
from .dates import DAY

__all__ = ["extract_claims", "default_publisher", "default_source"]


def extract_claims(doc: Doc, document: Document, mentions: Sequence[Mention], actors: ActorDictionary) -> list[Claim]:
    """All attributed claims of ``document`` about its ``mentions`` (``doc`` is the parse of ``document.text``)."""
    if not mentions or not len(doc):
        return []
    ctx = claim_context(doc, document, actors)
    ordered = sorted(mentions, key=lambda m: m.trigger_start)
    claims: list[Claim] = []
    for mention in ordered:
        claims.extend(_mention_claims(ctx, mention))
    claims.extend(count_claims(ctx, ordered))
    return claims


# ------------------------------------------------------------ per mention
def _trigger_token(doc: Doc, mention: Mention) -> Optional[Token]:
    span = doc.char_span(mention.trigger_start, mention.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _mention_claims(ctx: ClaimContext, mention: Mention) -> list[Claim]:
    index = ctx.sentence_of(mention.trigger_start)
    sentence = ctx.sentences[index]
    out: list[Claim] = []
    trigger = _trigger_token(ctx.doc, mention)
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is not None:
        for kind, phrase, found in mention_actors(ctx, span, trigger):
            out.append(make_claim(ctx, mention, kind, phrase.start_char, phrase.end_char, index,
                              value_text=found.actor.name, wording=phrase.text, hedge=ctx.hedge(index)))
    out.append(_date_claim(ctx, mention, index))
    for weapon in ctx.weapons[index]:
        out.append(make_claim(ctx, mention, "weapon", sentence.start_char + weapon.start, sentence.start_char + weapon.end, index,
                          value_text=weapon.category, wording=weapon.text, hedge=ctx.hedge(index)))
    return out


def _date_claim(ctx: ClaimContext, mention: Mention, index: int) -> Claim:
    published = ctx.document.published
    for i in range(index, -1, -1):
        if ctx.paragraph_of[i] != ctx.paragraph_of[index]:
            break
        sentence = ctx.sentences[i]
        dates = ctx.dates_in(i)
        if dates:
            found = dates[0] if i == index else dates[-1]
            start = sentence.start_char + found.start
            # a range of days is an ISO 8601 interval, "2017-09-18/2017-09-19"
            value = found.value.isoformat() + (f"/{found.last.isoformat()}" if found.last else "")
            return make_claim(ctx, mention, "date", start, start + len(found.text), index, value_text=value,
                              precision=found.precision, wording=found.text, hedge=ctx.hedge(index))
    sentence = ctx.sentences[index]
    value = published.isoformat() if published else None
    return make_claim(ctx, mention, "date", sentence.start_char, sentence.end_char, index, value_text=value, precision=DAY,
                      hedge="no date in text; publication date")


