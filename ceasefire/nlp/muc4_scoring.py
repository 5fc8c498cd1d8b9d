"""Template-level role-filler scoring for MUC-4 (the GTT / IterX measure).

Per document, predicted templates are mapped one-to-one to gold templates so
as to maximise the matched fillers; a pair can only match when the incident
types agree. Within a matched pair, a predicted entity is correct when its
first (representative) mention equals, after normalisation, any mention of a
gold entity of the same role, each gold entity matched once. Strings are
lower-cased, punctuation and articles removed. Fillers of unmatched
templates count against precision (predicted) or recall (gold). Figures are
micro-averaged over all documents, per role and overall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


def normalise_mention(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.lower())
    text = re.sub(r"\b(?:a|an|the)\b", " ", text)
    return " ".join(text.split())


def _mention_text(mention: object) -> str:
    # gold mentions are [text, offset]; predicted ones are plain strings
    return str(mention[0]) if isinstance(mention, (list, tuple)) else str(mention)


def _gold_sets(entities: Sequence[Sequence[object]]) -> list[set[str]]:
    return [{normalise_mention(_mention_text(m)) for m in entity} for entity in entities]


def _representatives(entities: Sequence[Sequence[object]]) -> list[str]:
    return [normalise_mention(_mention_text(entity[0])) for entity in entities if entity]


def _matches(predicted: list[str], gold: list[set[str]]) -> int:
    """Maximum one-to-one matches between predicted representatives and gold entities."""
    if not predicted or not gold:
        return 0
    table = np.array([[1 if p in g else 0 for g in gold] for p in predicted])
    rows, cols = linear_sum_assignment(-table)
    return int(table[rows, cols].sum())


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    correct: int = 0

    def add(self, other: "Counts") -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct += other.correct

    def figures(self) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.correct / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
                "predicted": self.predicted, "gold": self.gold, "correct": self.correct}


@dataclass
class Score:
    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    documents: int = 0
    templates_predicted: int = 0
    templates_gold: int = 0
    templates_matched: int = 0

    def overall(self) -> Counts:
        total = Counts()
        for counts in self.roles.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "templates": {"predicted": self.templates_predicted, "gold": self.templates_gold, "matched_type": self.templates_matched},
            "roles": {r: c.figures() for r, c in self.roles.items()},
            "overall": self.overall().figures(),
        }


def _pair_correct(predicted: Mapping[str, object], gold: Mapping[str, object]) -> dict[str, int]:
    if predicted.get("incident_type") != gold.get("incident_type"):
        return {r: 0 for r in ROLES}
    return {r: _matches(_representatives(predicted.get(r) or []), _gold_sets(gold.get(r) or [])) for r in ROLES}  # type: ignore[arg-type]


def score_document(predicted: Sequence[Mapping[str, object]], gold: Sequence[Mapping[str, object]]) -> tuple[dict[str, Counts], int]:
    counts = {r: Counts() for r in ROLES}
    for template in predicted:
        for r in ROLES:
            counts[r].predicted += len([e for e in template.get(r) or [] if e])  # type: ignore[union-attr]
    for template in gold:
        for r in ROLES:
            counts[r].gold += len(template.get(r) or [])  # type: ignore[arg-type]
    if not predicted or not gold:
        return counts, 0
    pairs = [[_pair_correct(p, g) for g in gold] for p in predicted]
    table = np.array([[sum(cell.values()) + 0.001 * (p.get("incident_type") == g.get("incident_type"))
                       for cell, g in zip(row, gold)] for row, p in zip(pairs, predicted)])
    rows, cols = linear_sum_assignment(-table)
    matched_types = 0
    for i, j in zip(rows, cols):
        for r in ROLES:
            counts[r].correct += pairs[i][j][r]
        matched_types += predicted[i].get("incident_type") == gold[j].get("incident_type")
    return counts, matched_types


def score(predictions: Mapping[str, Sequence[Mapping[str, object]]], gold: Iterable[tuple[str, Sequence[Mapping[str, object]]]]) -> Score:
    """Score ``predictions`` (docid -> templates) against ``gold`` ((docid, templates) pairs); missing docids predict nothing."""
    result = Score()
    for docid, gold_templates in gold:
        predicted = predictions.get(docid, [])
        counts, matched = score_document(predicted, gold_templates)
        for r in ROLES:
            result.roles[r].add(counts[r])
        result.documents += 1
        result.templates_predicted += len(predicted)
        result.templates_gold += len(gold_templates)
        result.templates_matched += matched
    return result
