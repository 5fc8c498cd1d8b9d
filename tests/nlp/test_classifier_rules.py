"""Codebook rules that override the statistical classifier."""

from __future__ import annotations

import numpy as np
import pytest

from ceasefire.nlp.rules import apply_codebook_rules

CODES = ("ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "ATTACK")


def territory_first() -> np.ndarray:
    return np.array([[0.3, 0.1, 0.5, 0.1]])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rebels resumed their advance on army positions near the village.", "ARMED_CLASH"),
        ("The rebels seized the village after the army withdrew.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Rebels took full control of the town.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("The rebels overran the base.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ],
)
def test_classifier_rules_territory_needs_a_completed_capture(text, expected):
    probs = territory_first()
    [best] = apply_codebook_rules([text], probs, CODES)
    assert CODES[best] == expected
    assert probs.sum() == pytest.approx(1.0)


def test_classifier_rules_renormalise_the_confidence():
    probs = territory_first()
    apply_codebook_rules(["The rebels resumed their advance."], probs, CODES)
    assert probs[0].tolist() == pytest.approx([0.75, 0.0, 0.0, 0.25])


def test_classifier_rules_leave_other_labels_alone():
    probs = np.array([[0.1, 0.1, 0.1, 0.7]])
    [best] = apply_codebook_rules(["Gunmen killed five villagers."], probs, CODES)
    assert CODES[best] == "ATTACK"
