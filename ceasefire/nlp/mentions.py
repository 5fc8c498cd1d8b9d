"""Event mentions of one document, as ``Mention`` records with document offsets.

``detect_mentions(doc, document)`` reads what the detector and typer put on the
parsed ``doc`` (run through ``load_pipeline``); given a ``Doc`` parsed without
them, it runs them first.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from ..errors import CeasefireError
from ..models import Document, Mention
from ..settings import Settings
from .components.event_detector import SPANS_KEY
from .doc_text import doc_text
from .pipeline import load_pipeline
from .taxonomy import label_for


def detect_mentions(doc: Doc, document: Document, settings: Optional[Settings] = None) -> list[Mention]:
    """One ``Mention`` per typed event span of ``doc`` (the parsed ``document.text``), in text order."""
    if doc_text(doc) != document.text:
        raise CeasefireError(f"document {document.id}: the spaCy Doc is not the parse of this document's text")
    if SPANS_KEY not in doc.spans or any(s._.event_code is None for s in doc.spans[SPANS_KEY]):
        nlp = load_pipeline(settings or Settings())
        for name in ("ceasefire_event_detector", "ceasefire_event_typer"):
            doc = nlp.get_pipe(name)(doc)
    mentions = []
    seen: set[int] = set()
    for span in doc.spans[SPANS_KEY]:
        label = label_for(span._.event_code)
        trigger = span._.trigger
        # A trigger is one event: when overlapping clause spans share it, the first (outermost) span keeps it.
        if trigger.start_char in seen:
            continue
        seen.add(trigger.start_char)
        mentions.append(
            Mention(
                document_id=document.id,
                sentence_index=span._.sentence_index,
                start=span.start_char,
                end=span.end_char,
                trigger=trigger.text,
                trigger_start=trigger.start_char,
                trigger_end=trigger.end_char,
                event_type=label.event_type,
                sub_event_type=label.sub_event_type,
                confidence=round(float(span._.event_confidence), 4),
            )
        )
    return mentions
