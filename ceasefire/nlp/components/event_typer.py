"""``ceasefire_event_typer``: labels each event-mention candidate with a CASE 2021 code and a calibrated confidence.

It runs the trained event classifier (``ceasefire.nlp.classifier``) over the
candidates of ``ceasefire_event_detector``, picks the trigger that fits the
label (``warplanes`` for an air strike), and drops candidates whose label is not
an event (DIPLO statements, ATTRIB claims of responsibility) or whose
confidence is below ``min_confidence``. Two clauses of one sentence with the
same label become one mention.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from ...errors import ModelError
from ...settings import Settings
from ..classifier import EventClassifier
from ..classifier import model_path as default_model_path
from ..cues import CODE_CUES
from ..taxonomy import CASE_CODES
from .event_detector import SPANS_KEY


@registry.misc("ceasefire.acled_types.v1")
def acled_types() -> list[str]:
    """The label set the typer predicts: the CASE 2021 codes (25 ACLED sub-event types + 5 non-conflict classes)."""
    return list(CASE_CODES)


class EventTyper:
    def __init__(self, classifier: EventClassifier, skip_codes: Iterable[str], min_confidence: float) -> None:
        self.classifier = classifier
        self.skip_codes = frozenset(skip_codes)
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._type(batch)
                batch = []
        if batch:
            yield from self._type(batch)

    def _type(self, docs: list[Doc]) -> list[Doc]:
        spans = [span for doc in docs for span in doc.spans.get(SPANS_KEY, [])]
        predictions = iter(self.classifier.predict([span.text for span in spans]))
        for doc in docs:
            kept: dict[tuple[int, str], Span] = {}
            for span in doc.spans.get(SPANS_KEY, []):
                prediction = next(predictions)
                if prediction.code in self.skip_codes or prediction.confidence < self.min_confidence:
                    continue
                key = (span._.sentence_index, prediction.code)
                if key in kept and kept[key]._.event_confidence >= prediction.confidence:
                    continue
                span._.event_code = prediction.code
                span._.event_confidence = prediction.confidence
                span._.trigger = _trigger_for(span, prediction.code)
                kept[key] = span
            doc.spans[SPANS_KEY] = sorted(kept.values(), key=lambda s: (s.start, s.end))
        return docs


def _trigger_for(span: Span, code: str) -> Span:
    """The first trigger of the most specific cue group of ``code``; the detector's first trigger otherwise."""
    found = span._.trigger_cues
    for cue in CODE_CUES.get(code, ()):
        for start, end, name in found:
            if name == cue:
                return span.doc[start:end]
    return span._.trigger


@Language.factory(
    "ceasefire_event_typer",
    default_config={"model_path": None, "skip_codes": ["DIPLO", "ATTRIB"], "min_confidence": 0.2, "labels": {"@misc": "ceasefire.acled_types.v1"}},
    assigns=["span._.event_code", "span._.event_confidence"],
    requires=["doc.spans"],
)
def make_event_typer(
    nlp: Language, name: str, model_path: Optional[str], skip_codes: list[str], min_confidence: float, labels: list[str]
) -> EventTyper:
    """``model_path`` None uses the model built into the default cache folder by ``ceasefire build-assets``."""
    path = Path(model_path) if model_path else default_model_path(Settings())
    classifier = EventClassifier.load(path)
    unknown = set(classifier.codes) - set(labels)
    if unknown:
        raise ModelError(f"{path}: classifier predicts labels outside the taxonomy ({', '.join(sorted(unknown))}); rebuild it with `ceasefire train --force`")
    return EventTyper(classifier, skip_codes, min_confidence)
