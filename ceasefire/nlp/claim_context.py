"""What the claim builders share about one document: its sentences, attributions, hedges, actors and publisher."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from spacy.tokens import Doc, Span, Token

from ..models import Claim, Document, Mention
from .actors import ActorDictionary, ActorMention
from .attribution import Attribution, disputes_previous, find_attribution, sentence_hedge
from .casualties import casualties_are_dead
from .count_words import COUNT_KINDS
from .dates import find_dates
from .weapons import find_weapons


def lookup_kind(token: Token) -> Optional[str]:
    """What a count told with ``token`` counts ("killed" -> "fatalities"), or None."""
    return COUNT_KINDS.get(token.lemma_.lower()) or COUNT_KINDS.get(token.lower_)


def default_publisher(document: Document) -> Optional[str]:
    return document.original_source or document.publisher


def default_source(document: Document) -> str:
    return document.byline or default_publisher(document) or "the author"


_UNSET = object()


class PerSentence:
    """One value per sentence, worked out the first time it is read.

    Most sentences of a document carry no claim, so their attribution, hedge, dates or weapons are never asked for.
    """

    __slots__ = ("_compute", "_values")

    def __init__(self, compute: Callable[[int], Any], count: int) -> None:
        self._compute = compute
        self._values: list[Any] = [_UNSET] * count

    def __getitem__(self, index: int) -> Any:
        value = self._values[index]
        if value is _UNSET:
            value = self._values[index] = self._compute(index)
        return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass
class ClaimContext:
    doc: Doc
    document: Document  # document.text is doc.text; read it there, as spaCy rebuilds Doc.text on every access
    sentences: list[Span]
    sentence_starts: list[int]
    paragraph_of: list[int]
    texts: PerSentence  # each sentence's text (spaCy rebuilds Span.text from its tokens on every access)
    attributions: PerSentence  # Optional[Attribution]
    hedges: PerSentence  # Optional[str]
    disputes: PerSentence  # Optional[str]: the next sentence doubts this one's figures
    dates: PerSentence  # list[DateExpression]
    weapons: PerSentence  # list[WeaponMention]
    actor_mentions: list[ActorMention]
    casualties_dead: bool = False  # the publisher writes "casualties" for the dead (``casualties.casualties_are_dead``)

    def dates_in(self, index: int) -> list:
        """Date expressions of sentence ``index`` (each sentence is read once)."""
        return self.dates[index]

    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, char) - 1)

    def source(self, index: int) -> str:
        attribution = self.attributions[index]
        return attribution.label if attribution else default_source(self.document)

    def hedge(self, index: int, numeric: bool = False) -> Optional[str]:
        parts = []
        attribution = self.attributions[index]
        if attribution and attribution.hedge:
            parts.append(attribution.hedge)
        if self.hedges[index] and self.hedges[index] not in parts:
            parts.append(self.hedges[index])
        if numeric and self.disputes[index]:
            parts.append(self.disputes[index])
        return "; ".join(parts) or None

    def actors_in(self, span: Span) -> list[ActorMention]:
        return [m for m in self.actor_mentions if m.token_start >= span.start and m.token_end <= span.end]


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def claim_context(doc: Doc, document: Document, actors: ActorDictionary) -> ClaimContext:
    sentences = list(doc.sents)
    count = len(sentences)
    text = document.text
    if not len(doc) or len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
        text = doc.text  # not the parse of ``document.text``: read the parse
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    paragraph_of = [bisect.bisect_right(breaks, s.start_char) for s in sentences]
    texts = PerSentence(lambda i: text[sentences[i].start_char : sentences[i].end_char], count)
    published = document.published
    return ClaimContext(
        doc=doc,
        document=document,
        sentences=sentences,
        sentence_starts=[s.start_char for s in sentences],
        paragraph_of=paragraph_of,
        texts=texts,
        attributions=PerSentence(lambda i: find_attribution(sentences[i]), count),
        hedges=PerSentence(lambda i: sentence_hedge(sentences[i], texts[i]), count),
        disputes=PerSentence(lambda i: disputes_previous(sentences[i + 1], texts[i + 1]) if i + 1 < count else None, count),
        dates=PerSentence(lambda i: find_dates(texts[i], published), count),
        weapons=PerSentence(lambda i: find_weapons(texts[i]), count),
        actor_mentions=_actor_mentions(doc, actors),
        casualties_dead=casualties_are_dead(default_publisher(document)),
    )


def _actor_mentions(doc: Doc, actors: ActorDictionary) -> list[ActorMention]:
    # reuse the ``ceasefire_actors`` component's work when the pipeline ran it
    if Doc.has_extension("actors") and doc._.actors is not None:
        return list(doc._.actors)
    return actors.find(doc)


def make_claim(ctx: ClaimContext, mention: Mention, kind: str, start: int, end: int, index: int, **values: object) -> Claim:
    """A claim about ``mention`` from sentence ``index``, attributed to that sentence's source and the document's publisher."""
    return Claim(
        document_id=ctx.document.id,
        mention_id=mention.id,
        kind=kind,
        start=start,
        end=end,
        source=ctx.source(index),
        publisher=default_publisher(ctx.document),
        **values,  # type: ignore[arg-type]
    )
