"""Codebook features of the classifier: the protest relations (who used force against whom)."""

from __future__ import annotations

import pytest

from ceasefire.nlp.codebook_features import RELATION_NAMES, ProtestRelationFeatures, relation_vector


def relations(text: str) -> set[str]:
    return {name for name, value in zip(RELATION_NAMES, relation_vector(text)) if value}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police opened fire on protesters, killing two.", {"state_force_on_protesters", "lethal_means"}),
        ("Two demonstrators were shot dead by soldiers.", {"protesters_harmed", "lethal_means"}),
        ("Police fired tear gas to disperse the crowd.", set()),
        ("Protesters threw stones at police, injuring three officers.", {"protesters_violent", "officers_harmed"}),
        ("Demonstrators torched a police car during the rally.", {"protesters_violent"}),
        ("A mob lynched a man accused of theft.", {"mob_agent"}),
        # no protest, crowd or mob: nothing to read
        ("Soldiers shot dead two militants at a checkpoint.", set()),
    ],
)
def test_codebook_features_protest_relations(text, expected):
    assert relations(text) == expected


def test_codebook_features_relation_block_is_weighted():
    rows = ProtestRelationFeatures(0.3).transform(["Police opened fire on protesters.", "Heavy rain flooded the valley."]).toarray()
    assert rows.shape == (2, len(RELATION_NAMES))
    assert rows.max() == pytest.approx(0.3)
    assert rows[1].sum() == 0


CAPTURE_TEXTS = [
    "Government troops recaptured the town from ISIS fighters on Monday.",
    "THE VILLAGE WAS SEIZED BY THE REBELS AFTER HEAVY CLASHES.",
    "The district fell to the Taliban; police had withdrawn.",
    "Al-Shabaab militants overran a base held by AMISOM troops in Lower Shabelle.",
    "Protesters marched and police fired tear gas; two people were injured.",
    "Rioters torched cars and blocked the roads; riot police arrested 30.",
    "Jubbaland forces took control of the town, which had been under the control of al-Shabaab.",
    "Quiet day in Ḥamā: soldiers retook the \u212aafr checkpoint.",  # non-ASCII: scanned with the flag
    "",
]


@pytest.mark.parametrize("text", CAPTURE_TEXTS)
def test_codebook_features_same_with_and_without_lower_case_scans(text, monkeypatch):
    from ceasefire.nlp import codebook_features, territory

    fast = (territory.capture_agent(text), codebook_features.feature_vector(text).tolist())
    for pattern in (territory._CAPTURE, territory._FALL_TO, *codebook_features._COMPILED.values()):
        monkeypatch.setattr(pattern, "lowered", None)  # every scan case-insensitive, in the text as written
    assert (territory.capture_agent(text), codebook_features.feature_vector(text).tolist()) == fast
