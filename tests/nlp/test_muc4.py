"""MUC-4 reading, scoring, candidate extraction and the CLI, on documents written for the tests."""

import json

import pytest
from click.testing import CliRunner

from ceasefire.cli import main
from ceasefire.errors import EvaluationError
from ceasefire.nlp.actors import ActorDictionary
from ceasefire.nlp.muc4 import MucDocument, document_candidates, fit_model, incident_sentences, parse_documents, read_muc4
from ceasefire.nlp.muc4_scoring import normalise_mention, score, score_document

GOLD = [{
    "incident_type": "bombing",
    "PerpInd": [[["urban guerrillas", 10]]],
    "PerpOrg": [[["farabundo marti national liberation front", 40], ["fmln", 90]]],
    "Target": [[["the embassy", 120]]],
    "Victim": [],
    "Weapon": [[["car bomb", 150], ["bomb", 154]]],
}]


def _template(incident="bombing", **roles):
    return {"incident_type": incident, **{r: roles.get(r, []) for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")}}


@pytest.mark.parametrize("text, normal", [("The Embassy", "embassy"), ('"santo tomas" farm', "santo tomas farm"), ("a car-bomb", "car bomb")])
def test_muc4_normalise_mention(text, normal):
    assert normalise_mention(text) == normal


def test_muc4_score_perfect_and_representative_mention():
    predicted = [_template(PerpInd=[["urban guerrillas"]], PerpOrg=[["FMLN", "farabundo marti national liberation front"]],
                           Target=[["embassy"]], Weapon=[["a bomb"]])]
    counts, matched = score_document(predicted, GOLD)
    assert matched == 1
    assert all(c.correct == c.gold == c.predicted for c in counts.values())


def test_muc4_score_type_mismatch_matches_nothing():
    counts, matched = score_document([_template("attack", PerpOrg=[["fmln"]])], GOLD)
    assert matched == 0 and counts["PerpOrg"].correct == 0 and counts["PerpOrg"].predicted == 1


def test_muc4_score_one_gold_entity_counts_once():
    counts, _ = score_document([_template(PerpOrg=[["fmln"], ["farabundo marti national liberation front"]])], GOLD)
    assert (counts["PerpOrg"].correct, counts["PerpOrg"].predicted) == (1, 2)


def test_muc4_score_micro_average_and_empty_documents():
    result = score({"d1": [_template(Weapon=[["bomb"]])], "d2": [_template(Weapon=[["rifle"]])]},
                   [("d1", GOLD), ("d2", []), ("d3", [])]).as_dict()
    assert result["roles"]["Weapon"] == {"precision": 50.0, "recall": 100.0, "f1": 66.67, "predicted": 2, "gold": 1, "correct": 1}
    assert result["overall"]["gold"] == 4 and result["documents"] == 3


def test_muc4_read_bad_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"docid": "a", "doctext": "x"}\n{"docid": "b"}\n')
    with pytest.raises(EvaluationError, match="line 2"):
        read_muc4(path)


def test_muc4_cli_bad_input(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("not json\n")
    result = CliRunner().invoke(main, ["eval", "muc4", str(path), "--predictions", str(path)])
    assert result.exit_code == 1
    assert "bad.json: line 1" in result.output


def test_muc4_cli_scores_given_predictions(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"docid": "d1", "doctext": "a car bomb exploded.", "templates": GOLD}) + "\n")
    predictions = tmp_path / "pred.json"
    predictions.write_text(json.dumps({"docid": "d1", "templates": [_template(Weapon=[["car bomb"]])]}) + "\n")
    result = CliRunner().invoke(main, ["eval", "muc4", str(gold), "--predictions", str(predictions), "--summary"])
    assert result.exit_code == 0, result.output
    assert "Weapon=100.0" in result.output and "PerpOrg=0.0" in result.output


def test_muc4_incident_sentences_keep_offsets():
    text = "the weather was fine.  urban guerrillas attacked the embassy with a car bomb.  nothing else happened."
    (offset, sentence), = incident_sentences(text)
    assert text[offset : offset + len(sentence)] == sentence and "guerrillas" in sentence


DOCS = [
    MucDocument("t1", "urban guerrillas of the fmln attacked the embassy with a car bomb.", (GOLD[0],)),
    MucDocument("t2", "terrorists of the shining path dynamited a bus in lima.", (_template(
        PerpInd=[[["terrorists", 0]]], PerpOrg=[[["shining path", 20]]], Target=[[["bus", 45]]], Weapon=[]),)),
    MucDocument("t3", "the president met the ambassador to discuss trade.", ()),
    MucDocument("t4", "guerrillas kidnapped the mayor of the town.", (_template(
        "kidnapping", PerpInd=[[["guerrillas", 0]]], Victim=[[["mayor of the town", 25]]]),)),
]


def test_muc4_candidates_use_actor_dictionary_and_roles(nlp):
    (docs,) = list(parse_documents(nlp, DOCS[:1]))
    candidates = document_candidates(docs, ActorDictionary.load())
    fmln = next(c for c in candidates if c.text == "the fmln")
    assert fmln.actor == "Farabundo Marti National Liberation Front" and fmln.features["actor=rebel group"] == 1
    guerrillas = next(c for c in candidates if c.text == "urban guerrillas")
    assert any(k.startswith("role=agent") for k in guerrillas.features)
    bomb = next(c for c in candidates if c.text == "a car bomb")
    assert bomb.features["weapon=car bomb"] == 1


def test_muc4_model_fits_and_predicts_templates(nlp):
    parsed = list(parse_documents(nlp, DOCS))
    model = fit_model(DOCS * 3, parsed * 3, ActorDictionary.load())
    templates = model.predict(DOCS[0], parsed[0], ActorDictionary.load())
    assert len({t["incident_type"] for t in templates}) == len(templates)  # at most one template per type
    for template in templates:
        assert template["incident_type"] in ("attack", "bombing", "kidnapping")
        assert all(isinstance(m, str) for role in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon") for e in template[role] for m in e)
    assert model.info["documents"] == 12
    assert model.predict(DOCS[2], parsed[2], ActorDictionary.load()) == []  # no incident, no template


@pytest.mark.slow
@pytest.mark.shared
def test_muc4_dev_score(settings, shared_dir):
    """The trained model on dev.json: a floor well under the measured figure, to catch regressions."""
    from ceasefire.nlp.muc4 import build_model, extract_templates

    build_model(settings)
    documents = read_muc4(shared_dir / "eval" / "muc4" / "dev.json")
    predictions = {row["docid"]: row["templates"] for row in extract_templates(settings, documents)}
    result = score(predictions, ((d.docid, d.templates) for d in documents)).as_dict()
    assert result["overall"]["f1"] >= 27.0  # measured 31.9
