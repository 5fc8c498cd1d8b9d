"""MUC-4 candidate fillers: boundary variants and the features ceasefire's extractors give them."""

import pytest

from ceasefire.nlp.actors import ActorDictionary
from ceasefire.nlp.muc4_candidates import document_candidates, incident_sentences, split_sentences


@pytest.mark.parametrize("text, count", [
    ("the weather was fine.  guerrillas attacked the embassy.", 1),
    ("talks resumed.  nothing happened.", 0),
    ("a bomb exploded.  two people were killed.  the mayor spoke.", 2),
])
def test_muc4_candidates_incident_sentences(text, count):
    assert len(incident_sentences(text)) == count
    assert all(text[offset : offset + len(sentence)] == sentence for offset, sentence in split_sentences(text))


@pytest.mark.parametrize("sentence, name", [
    ("unidentified gunmen murdered jesuit priest ignacio ellacuria in san salvador.", "ignacio ellacuria"),
    ("terrorists kidnapped mayor jose garcia yesterday.", "jose garcia"),
])
def test_muc4_candidates_name_after_title(nlp, sentence, name):
    candidates = document_candidates([nlp(sentence)], ActorDictionary.load())
    assert any(c.text == name and c.features.get("v=name") == 1 for c in candidates)


def test_muc4_candidates_context_and_sentence_type_features(nlp):
    candidates = document_candidates([nlp("the house was destroyed by a car bomb.")], ActorDictionary.load())
    bomb = next(c for c in candidates if c.text == "a car bomb")
    assert bomb.features["w-1=by"] == 1 and bomb.features["weapon=car bomb"] == 1
    assert bomb.features["sent_type=bombing"] == 1 and bomb.sentence == 0


@pytest.mark.parametrize("sentence, text, variant", [
    ("the rebels blew up several electricity poles with dynamite.", "electricity poles", "v=bare"),
    ("guerrillas attacked the national police headquarters.", "national police", "v=modifier"),
    ("the soldiers were led by army colonel rene emilio ponce.", "colonel rene emilio ponce", "v=titled"),
])
def test_muc4_candidates_boundary_variants(nlp, sentence, text, variant):
    candidates = document_candidates([nlp(sentence)], ActorDictionary.load())
    assert any(c.text == text and c.features.get(variant) == 1 for c in candidates)


def test_muc4_candidates_every_sentence_marked_and_roles_shared_by_text(nlp):
    docs = [nlp("the fmln issued a communique."), nlp("the fmln attacked the barracks.")]
    candidates = document_candidates(docs, ActorDictionary.load())
    first = next(c for c in candidates if c.text == "the fmln" and c.sentence == 0)
    assert not first.incident and first.features["incident_sent=False"] == 1 and first.features["incident_dist=1"] == 1
    # the mention of the quiet sentence learns that the same group is the agent of the attack
    assert first.features.get("coref_text=agent") == 1
    assert next(c for c in candidates if c.text == "the fmln" and c.sentence == 1).incident
