"""``ceasefire_event_typer``: labels each event-mention candidate with a CASE 2021 code and a calibrated confidence.

It runs the trained event classifier (``ceasefire.nlp.classifier``) over the
candidates of ``ceasefire_event_detector``, picks the trigger that fits the
label (``warplanes`` for an air strike), and drops candidates whose label is not
an event (DIPLO statements, ATTRIB claims of responsibility) or whose
confidence is below ``min_confidence``. Overlapping candidates of one sentence
with the same label become one mention; separate clauses stay separate.

Back-off: when the classifier is unsure of a candidate (its best label is a
non-event class or under ``min_confidence``) but the candidate has a violent
trigger ("attack", "clashes", "shelled"), the typer takes the most probable
label among those that trigger's cue group can signal (``cues.CODE_CUES``), if
that label still has at least half of ``min_confidence``. Unusual wording of a
plain attack ("infiltrators of X attack the regime") is still an event. A
disaster label for a candidate whose trigger is fighting or a weapon fired
(clashes, warplanes, shelling) backs off the same way: those are no accidents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from ...errors import ModelError
from ...settings import Settings
from ..classifier import EventClassifier, Prediction
from ..classifier import model_path as default_model_path
from ..cues import CODE_CUES, TOLL_CUE
from ..doc_text import span_text
from ..taxonomy import CASE_CODES
from .event_detector import SPANS_KEY


@registry.misc("ceasefire.acled_types.v1")
def acled_types() -> list[str]:
    """The label set the typer predicts: the CASE 2021 codes (25 ACLED sub-event types + 5 non-conflict classes)."""
    return list(CASE_CODES)


# Trigger cue groups that name violence outright: a candidate with one is backed off to a violent label.
VIOLENT_CUES = frozenset({"fighting", "attack", "air", "drone", "shelling", "suicide", "explosive", "grenade", "killing", TOLL_CUE})
# A toll update ("the death toll rises to 83") reports deaths of some violent event: it backs off to
# the labels of lethal violence, and when it is the candidate's only trigger its confidence is scaled
# by TOLL_ONLY_CONFIDENCE (the sentence does not say what happened, only that people died).
TOLL_CODES = ("ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "SUIC_BOMB")
TOLL_ONLY_CONFIDENCE = 0.5
# Disasters are accidents and hazards; fighting or a weapon fired at a place is no accident, whatever words
# around it ("Continuous clashes take place in the vicinity of ...") made the classifier think so. An explosion
# can be an accident (a gas tank), so the explosive cues are not in this set.
DISASTER_CODES = frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER"})
HOSTILE_CUES = frozenset({"fighting", "air", "drone", "shelling"})


class EventTyper:
    def __init__(self, classifier: EventClassifier, skip_codes: Iterable[str], min_confidence: float) -> None:
        self.classifier = classifier
        self.skip_codes = frozenset(skip_codes)
        self.min_confidence = min_confidence

    def _back_off(self, span: Span, probabilities: Sequence[float]) -> Optional[Prediction]:
        """The most probable label the candidate's violent triggers can signal, or None (see the module docstring).

        ``probabilities`` are the candidate's after the codebook rules, so a label they rule out (an air
        strike with nothing that flies) stays out.
        """
        cue_names = {name for _, _, name in span._.trigger_cues} & VIOLENT_CUES
        if not cue_names:
            return None
        allowed = set(_compatible_codes(cue_names)) - self.skip_codes
        scored = [(float(p), code) for p, code in zip(probabilities, self.classifier.codes) if code in allowed]
        if not scored:
            return None
        confidence, code = max(scored)
        # a toll update reports deaths for sure: it keeps the likeliest lethal label, however unsure
        return Prediction(code, confidence) if confidence >= self.min_confidence / 2 or cue_names == {TOLL_CUE} else None

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
        # One classifier call per batch, for the predictions and the back-off alike (a call per back-off
        # cost tens of milliseconds of fixed feature-pipeline overhead each).
        probabilities, best = self.classifier.ruled_probabilities([span_text(span) for span in spans]) if spans else ((), ())
        codes = self.classifier.codes
        rows = iter(range(len(spans)))
        for doc in docs:
            kept: list[Span] = []
            for span in doc.spans.get(SPANS_KEY, []):
                row = next(rows)
                prediction: Optional[Prediction] = Prediction(codes[best[row]], float(probabilities[row, best[row]]))
                cue_names = {name for _, _, name in span._.trigger_cues}
                toll_only = cue_names == {TOLL_CUE}
                if toll_only and prediction.code not in TOLL_CODES:
                    prediction = None  # deaths alone are not a protest, an arrest or a disaster
                elif prediction.code in DISASTER_CODES and cue_names & HOSTILE_CUES:
                    prediction = None
                if prediction is None or prediction.code in self.skip_codes or prediction.confidence < self.min_confidence:
                    prediction = self._back_off(span, probabilities[row])
                    if prediction is None:
                        continue
                if toll_only:
                    prediction = Prediction(prediction.code, prediction.confidence * TOLL_ONLY_CONFIDENCE)
                # Overlapping candidates of one sentence with one label are one mention (the surer one);
                # separate clauses with the same label are separate events.
                rivals = [k for k in kept if k._.sentence_index == span._.sentence_index and k._.event_code == prediction.code
                          and k.start < span.end and span.start < k.end]
                if any(k._.event_confidence >= prediction.confidence for k in rivals):
                    continue
                kept = [k for k in kept if k not in rivals]
                span._.event_code = prediction.code
                span._.event_confidence = prediction.confidence
                span._.trigger = _trigger_for(span, prediction.code)
                kept.append(span)
            doc.spans[SPANS_KEY] = sorted(kept, key=lambda s: (s.start, s.end))
        return docs


def _compatible_codes(cue_names: set[str]) -> list[str]:
    codes = [code for code, cues in CODE_CUES.items() if cue_names & set(cues)]
    return codes + [c for c in TOLL_CODES if c not in codes] if TOLL_CUE in cue_names else codes


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
