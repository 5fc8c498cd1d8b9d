"""A parsed document's text, joined once per document.

spaCy's ``Doc.text`` and ``Span.text`` join the tokens' texts again on every access (0.2-0.35 ms for an
average article), and the event detector, the typer, the actor lookup, the mention records and geoparsing
each read the text. The first of them to ask keeps it in ``doc.user_data``; spans are sliced from it. A
token's text never changes after tokenizing (a retokenizer keeps the characters), so neither does the join.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importable without spaCy
    from spacy.tokens import Doc, Span

TEXT_KEY = "ceasefire.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined on the first call for this document only."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``: the characters from its first token's start to its last token's end, without trailing space."""
    return doc_text(span.doc)[span.start_char : span.end_char]
