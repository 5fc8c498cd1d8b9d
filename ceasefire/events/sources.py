"""Who stands behind a claim: independent sources, outlets, syndicated copies.

Two claims come from the same *independent source* when they are attributed to
the same named organisation ("SOHR", "Syrian Observatory for Human Rights
(SOHR)"), or when they come from an anonymous informant ("a military source",
"pro-militant sources") in reports of the same outlet. The outlet of a document
is the original publisher of a syndicated copy ("The original source of this
article is South Front"), else the publisher, so a crossposted article and its
original count once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable, Optional

from ..models import Claim, Document

# Head nouns of anonymous attributions: "a military source", "activists", "local residents".
_ANONYMOUS_HEADS = frozenset(
    """source sources official officials activist activists witness witnesses resident residents
    medic medics doctor doctors correspondent correspondents reporter reporters media outlet outlets
    commander commanders spokesman spokesperson fighter fighters people locals monitor monitors
    report reports observers journalist journalists agency agencies""".split()
)
_ARTICLES = re.compile(r"^(?:a|an|the|some|several|other|one|two|many)\s+", re.IGNORECASE)
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z0-9\-]{1,9})\)")
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[A-Za-z]+")
_LEADING_ARTICLE = re.compile(r"(A|An|The|Some)\b")


# Memoised (here and below): a ledger asks about the same few hundred names tens of thousands of times.
@lru_cache(maxsize=8192)
def source_key(name: str) -> str:
    """The comparison key of a source name: "South Front", "SouthFront" and "southfront" agree."""
    match = _ACRONYM_IN_PARENS.search(name)
    if match:
        name = match.group(1)
    return _NOT_KEY.sub("", name.lower())


@lru_cache(maxsize=8192)
def display_name(name: str) -> str:
    """The short name to show: the acronym of "Syrian Observatory for Human Rights (SOHR)"."""
    match = _ACRONYM_IN_PARENS.search(name)
    return match.group(1) if match else name.strip()


@lru_cache(maxsize=8192)
def is_anonymous(source: str) -> bool:
    """True for unnamed informants ("a military source", "Pro-militant sources", "activists")."""
    words = _WORD.findall(_ARTICLES.sub("", source.strip()))
    if not words:
        return True
    return words[-1].lower() in _ANONYMOUS_HEADS and not any(w.isupper() and len(w) > 1 for w in words)


@dataclass(frozen=True)
class Attribution:
    """The independent source of one claim and how to say it."""

    key: str  # comparison key of the independent source
    name: str  # display name of the independent source ("SOHR", "South Front")
    phrase: str  # "a military source cited by South Front (via Global Research)"


class SourceIndex:
    """Publication dates and outlets of the documents a ledger is built from."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents: dict[str, Document] = {d.id: d for d in documents}
        # attribution() by (document, publisher, source): all it reads of a claim
        self._attributions: dict[tuple[str, Optional[str], Optional[str]], Attribution] = {}

    def outlet(self, document_id: str, fallback: Optional[str] = None) -> str:
        """The outlet a document's own reporting belongs to (syndicated copies fold into their original)."""
        doc = self.documents.get(document_id)
        if doc is None:
            return fallback or f"document {document_id[:12]}"
        if doc.original_source:
            return doc.original_source
        if doc.syndication_group and doc.syndication_group != doc.id:
            first = self.documents.get(doc.syndication_group)
            if first is not None:
                return first.original_source or first.publisher or fallback or f"document {first.id[:12]}"
        return doc.publisher or fallback or f"document {doc.id[:12]}"

    def publisher(self, document_id: str, fallback: Optional[str] = None) -> Optional[str]:
        doc = self.documents.get(document_id)
        return (doc.publisher if doc else None) or fallback

    def published(self, document_id: str) -> Optional[date]:
        doc = self.documents.get(document_id)
        if doc is None:
            return None
        return doc.original_published or doc.published

    def syndication_group(self, document_id: str) -> str:
        doc = self.documents.get(document_id)
        return (doc.syndication_group if doc else None) or document_id

    def attribution(self, claim: Claim) -> Attribution:
        key = (claim.document_id, claim.publisher, claim.source)
        found = self._attributions.get(key)
        if found is None:
            found = self._attributions[key] = self._attribution(claim)
        return found

    def _attribution(self, claim: Claim) -> Attribution:
        outlet = self.outlet(claim.document_id, claim.publisher)
        publisher = self.publisher(claim.document_id, claim.publisher)
        # "A military source via SouthFront": the informant, and the outlet that relayed it.
        source, _, relay = (claim.source or "").partition(" via ")
        source, relay = source.strip(), relay.strip()
        if relay and source and is_anonymous(source) and source_key(relay) != source_key(outlet):
            outlet = relay  # relayed by another outlet than the document's own
        via = f" (via {publisher})" if publisher and source_key(publisher) != source_key(outlet) else ""
        outlet_name = display_name(outlet)
        if source and not is_anonymous(source):
            name = display_name(source)
            if source_key(name) == source_key(outlet):
                return Attribution(source_key(name), outlet_name, f"{outlet_name}{via}")
            return Attribution(source_key(name), name, f"{name}, cited by {outlet_name}{via}")
        if source:
            informant = source[0].lower() + source[1:] if _LEADING_ARTICLE.match(source) else source
            return Attribution(source_key(outlet), outlet_name, f"{informant} cited by {outlet_name}{via}")
        return Attribution(source_key(outlet), outlet_name, f"{outlet_name}{via}")

