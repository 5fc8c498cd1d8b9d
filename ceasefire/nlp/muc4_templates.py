"""From scored candidate fillers to MUC-4 templates: entities, one template per incident type.

A document that reports a bombing and an attack gets two templates: the
scorer maps templates one-to-one and only pairs of the same type can match,
so one template per document loses every incident after the first. The
perpetrators are shared by the templates of a document (one group usually
claims or is blamed for the whole series); the target, victim and weapon of
a template come from the sentences that name an incident of its type, when
the document has several types.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

import numpy as np

from .muc4_candidates import Candidate
from .muc4_scoring import ROLES, normalise_mention

INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")
# roles that belong to one incident rather than to the whole document
PER_INCIDENT_ROLES = ("Target", "Victim", "Weapon")
# The decisions, chosen by 5-fold cross-validation on train.json (docs/nlp-arguments.md); they live here, out of the
# model's fingerprint, so that changing them does not retrain. Fillers are rare among noun phrases, so a low
# threshold with a cap on entities per role beats a high threshold.
ROLE_THRESHOLD = {"PerpInd": 0.2, "PerpOrg": 0.15, "Target": 0.25, "Victim": 0.25, "Weapon": 0.15}
MAX_ENTITIES = {"PerpInd": 2, "PerpOrg": 1, "Target": 4, "Victim": 4, "Weapon": 3}
DOCUMENT_THRESHOLD = 0.35  # probability that the document reports an incident at all
# a template for the most likely type, and one for every other type whose own classifier is this confident;
# chosen per type by 5-fold cross-validation on train.json (set F1 of the types 0.81 with one threshold, 0.87 now)
TYPE_THRESHOLDS = {"attack": 0.35, "bombing": 0.2, "kidnapping": 0.15, "arson": 0.1, "robbery": 0.25,
                   "forced work stoppage": 0.15}


def entities(candidates: Sequence[Candidate], probabilities: np.ndarray, threshold: float, organisation: bool = False) -> list[list[str]]:
    """Best variant per noun phrase above the threshold, grouped by dictionary actor or text, best first."""
    best: dict[int, tuple[float, Candidate]] = {}
    for candidate, p in zip(candidates, probabilities):
        if p >= threshold and p > best.get(candidate.chunk, (0.0, None))[0]:
            best[candidate.chunk] = (float(p), candidate)
    groups: dict[str, tuple[float, list[str]]] = {}
    for p, candidate in sorted(best.values(), key=lambda pair: -pair[0]):
        key = candidate.actor or normalise_mention(candidate.text)
        score, mentions = groups.get(key, (p, []))
        # an organisation is named as written, without the phrase around it ("the sinister ...")
        text = (candidate.actor_text if organisation else None) or candidate.text
        if text not in mentions:
            mentions.append(text)
        groups[key] = (max(score, p), mentions)
    return [mentions for _, mentions in sorted(groups.values(), key=lambda pair: -pair[0])]


def incident_types(type_probabilities: Mapping[str, float], thresholds: Mapping[str, float]) -> list[str]:
    """The document's most likely type, then every other type whose own classifier is confident enough."""
    if not type_probabilities:
        return []
    best = max(type_probabilities, key=lambda t: type_probabilities[t])
    return [best] + [t for t in INCIDENT_TYPES if t != best and type_probabilities.get(t, 0.0) >= thresholds.get(t, 1.0)]


def sentence_kinds(candidates: Sequence[Candidate]) -> dict[int, set[str]]:
    """Sentence rank -> the incident types its triggers name (read from the candidates' features)."""
    kinds: dict[int, set[str]] = {}
    for candidate in candidates:
        kinds.setdefault(candidate.sentence, set()).update(
            name[len("sent_type="):] for name in candidate.features if name.startswith("sent_type="))
    return kinds


def build_templates(candidates: Sequence[Candidate], probabilities: Mapping[str, np.ndarray], types: Sequence[str],
                    thresholds: Mapping[str, float], limits: Mapping[str, int]) -> list[dict]:
    """One template per incident type; per-incident roles drawn from that type's sentences when there are several types."""
    kinds = sentence_kinds(candidates) if len(types) > 1 else {}
    templates = []
    for incident in types:
        template: dict[str, object] = {"incident_type": incident}
        for role in ROLES:
            pool: Optional[list[int]] = None
            if len(types) > 1 and role in PER_INCIDENT_ROLES:
                pool = [i for i, c in enumerate(candidates) if incident in kinds.get(c.sentence, ())]
            chosen = list(candidates) if pool is None else [candidates[i] for i in pool]
            scores = probabilities[role] if pool is None else probabilities[role][pool]
            found = entities(chosen, scores, thresholds[role], role == "PerpOrg") if chosen else []
            template[role] = found[: limits[role]]
        templates.append(template)
    return templates
