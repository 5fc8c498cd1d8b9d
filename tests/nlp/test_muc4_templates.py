"""MUC-4 templating: entities from scored candidates, one template per incident type."""

import numpy as np
import pytest

from ceasefire.nlp.muc4_candidates import Candidate
from ceasefire.nlp.muc4_scoring import ROLES
from ceasefire.nlp.muc4_templates import build_templates, entities, incident_types

THRESHOLDS = dict.fromkeys(ROLES, 0.5)
LIMITS = dict.fromkeys(ROLES, 2)


def _candidate(text, chunk, sentence=0, kinds=(), actor=None, actor_text=None):
    features = {f"sent_type={k}": 1 for k in kinds}
    return Candidate(text, chunk, features, actor, text.split()[-1], actor_text, sentence)


def test_muc4_templates_entities_best_variant_per_chunk_and_actor_groups():
    candidates = [
        _candidate("the fmln", 0, actor="FMLN", actor_text="fmln"),
        _candidate("fmln", 0, actor="FMLN", actor_text="fmln"),
        _candidate("farabundo marti national liberation front", 1, actor="FMLN", actor_text="farabundo marti national liberation front"),
        _candidate("the army", 2),
    ]
    found = entities(candidates, np.array([0.9, 0.6, 0.7, 0.2]), 0.5, organisation=True)
    assert found == [["fmln", "farabundo marti national liberation front"]]


@pytest.mark.parametrize("confidence, expected", [
    ({"attack": 0.9, "bombing": 0.2}, ["attack"]),
    ({"attack": 0.9, "bombing": 0.6}, ["attack", "bombing"]),
    ({"attack": 0.1, "kidnapping": 0.3, "arson": 0.15}, ["kidnapping"]),
    ({"attack": 0.45, "kidnapping": 0.3, "arson": 0.2}, ["attack", "arson"]),
    ({}, []),
])
def test_muc4_templates_incident_types(confidence, expected):
    thresholds = {"attack": 0.4, "bombing": 0.5, "kidnapping": 0.35, "arson": 0.2}
    assert incident_types(confidence, thresholds) == expected


def test_muc4_templates_one_template_per_type_with_shared_perpetrators():
    candidates = [
        _candidate("urban guerrillas", 0, sentence=0, kinds=("bombing",)),
        _candidate("car bomb", 1, sentence=0, kinds=("bombing",)),
        _candidate("the embassy", 2, sentence=0, kinds=("bombing",)),
        _candidate("the mayor", 3, sentence=1, kinds=("kidnapping",)),
    ]
    probabilities = {r: np.zeros(4) for r in ROLES}
    probabilities["PerpInd"][0] = 0.9
    probabilities["Weapon"][1] = 0.9
    probabilities["Target"][2] = 0.8
    probabilities["Victim"][3] = 0.7
    bombing, kidnapping = build_templates(candidates, probabilities, ["bombing", "kidnapping"], THRESHOLDS, LIMITS)
    assert bombing["incident_type"] == "bombing" and kidnapping["incident_type"] == "kidnapping"
    assert bombing["PerpInd"] == kidnapping["PerpInd"] == [["urban guerrillas"]]
    assert bombing["Weapon"] == [["car bomb"]] and bombing["Target"] == [["the embassy"]] and bombing["Victim"] == []
    assert kidnapping["Victim"] == [["the mayor"]] and kidnapping["Weapon"] == [] and kidnapping["Target"] == []


def test_muc4_templates_single_type_uses_every_sentence_and_caps_entities():
    candidates = [_candidate(f"victim {i}", i, sentence=i) for i in range(4)]
    probabilities = {r: np.zeros(4) for r in ROLES}
    probabilities["Victim"][:] = [0.9, 0.8, 0.7, 0.6]
    (template,) = build_templates(candidates, probabilities, ["attack"], THRESHOLDS, LIMITS)
    assert template["Victim"] == [["victim 0"], ["victim 1"]]


@pytest.mark.parametrize("text, incident", [
    ("a car bomb exploded near the embassy.", "bombing"),
    ("guerrillas kidnapped the mayor and demanded a ransom.", "kidnapping"),
    ("the rebels set fire to two buses.", "arson"),
    ("the fmln called an armed transport stoppage.", "forced work stoppage"),
])
def test_muc4_templates_type_words_counted_for_the_type_classifiers(text, incident):
    from scipy.sparse import csr_matrix

    from ceasefire.nlp.muc4 import TYPE_WORDS, _type_matrix

    counts = _type_matrix(csr_matrix((1, 0)), [text]).toarray()[0]
    assert counts[list(TYPE_WORDS).index(incident)] > 0
