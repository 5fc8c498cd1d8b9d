"""The event classifier on hand-written snippets of every label, look-alikes side by side."""

from __future__ import annotations

import numpy as np
import pytest

from ceasefire.errors import ModelError
from ceasefire.nlp.classifier import EventClassifier, load_classifier
from ceasefire.nlp.train import fit_temperature, train_classifier

# Written for these tests: none of them is in the training examples.
CASES = [
    # shelling vs air strike
    ("Government artillery shelled the outskirts of the rebel town through the night, destroying several houses.", "ART_MISS_ATTACK"),
    ("Fighter jets bombed the rebel town through the night, destroying several houses.", "AIR_STRIKE"),
    ("A drone fired a missile at a car carrying two commanders of the group, killing both.", "AIR_STRIKE"),
    ("Insurgents launched mortar bombs at the army barracks, wounding four soldiers.", "ART_MISS_ATTACK"),
    # armed clash vs attack on civilians
    ("Militants and soldiers fought a fierce gun battle near the army post, leaving eight fighters dead.", "ARMED_CLASH"),
    ("Gunmen opened fire on villagers gathered at a wedding, killing eleven civilians.", "ATTACK"),
    # suicide bomb vs remote explosive vs grenade
    ("A suicide bomber wearing an explosive vest blew himself up at the entrance of a mosque.", "SUIC_BOMB"),
    ("A roadside bomb struck a minibus on the main road, killing five passengers.", "REM_EXPLOS"),
    ("A man threw a grenade into the police post, wounding two officers.", "GRENADE"),
    # peaceful protest vs protest with intervention vs excessive force vs violent demonstration
    ("Hundreds of students marched peacefully to the ministry to demand lower fees.", "PEACE_PROTEST"),
    ("Police fired tear gas to disperse hundreds of students marching to the ministry.", "PROTEST_WITH_INTER"),
    ("Police shot dead three students during a protest march to the ministry.", "FORCE_AGAINST_PROTEST"),
    ("Students hurled stones and petrol bombs at police and torched a police car during the protest.", "VIOL_DEMONSTR"),
    ("A mob beat a suspected thief to death in the market.", "MOB_VIOL"),
    # territory
    ("The army recaptured the town from the insurgents after a three-day battle.", "GOV_REGAINS_TERIT"),
    ("Jihadist fighters overran the town and seized an army base after troops fled.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Under the deal the rebels left the district, and the army moved in without a fight.", "NON_VIOL_TERRIT_TRANSFER"),
    # the rest of the codebook
    ("Witnesses said chlorine gas was released over the neighbourhood, leaving dozens choking.", "CHEM_WEAP"),
    ("Soldiers raped women during a raid on the village, a rights group reported.", "SEX_VIOL"),
    ("Gunmen kidnapped a group of aid workers on the road to the camp.", "ABDUCT_DISSAP"),
    ("The rebels and the government signed a ceasefire agreement in the capital.", "AGREEMENT"),
    ("Police arrested an opposition leader at his home on Tuesday.", "ARREST"),
    ("The army deployed reinforcements and tanks to the frontline.", "CHANGE_TO_GROUP_ACT"),
    ("Soldiers seized a large cache of rifles and ammunition hidden in a farmhouse.", "DISR_WEAP"),
    ("The army set up a new military base near the border.", "HQ_ESTABLISHED"),
    ("Looters ransacked shops in the town centre overnight.", "PROPERTY_DISTRUCT"),
    ("Police dismantled a drug trafficking gang and seized cocaine.", "ORG_CRIME"),
    ("A strong earthquake shook the region, destroying hundreds of homes.", "NATURAL_DISASTER"),
    ("A bus crashed into a truck on the highway, killing ten passengers.", "MAN_MADE_DISASTER"),
    ("The foreign minister met his counterpart to discuss trade ties.", "DIPLO"),
    ("The militant group claimed responsibility for the bombing.", "ATTRIB"),
]


@pytest.fixture(scope="module")
def classifier() -> EventClassifier:
    from ceasefire.settings import Settings

    settings = Settings()
    train_classifier(settings)  # no-op when `ceasefire build-assets` already built it
    return load_classifier(settings)


@pytest.mark.parametrize(("text", "code"), CASES, ids=[code for _, code in CASES])
def test_classifier_labels_hand_written_cases(classifier, text, code):
    assert classifier.predict([text])[0].code == code


def test_classifier_confidence_is_a_probability(classifier):
    probs = classifier.probabilities([text for text, _ in CASES])
    assert probs.shape == (len(CASES), len(classifier.codes))
    assert np.allclose(probs.sum(axis=1), 1.0)
    prediction = classifier.predict([CASES[0][0]])[0]
    assert 0.0 < prediction.confidence <= 1.0


def test_classifier_empty_input(classifier):
    assert classifier.predict([]) == []


def test_classifier_missing_model_names_the_build_command(tmp_path):
    with pytest.raises(ModelError, match="ceasefire build-assets"):
        EventClassifier.load(tmp_path / "model.pkl")


def test_classifier_corrupt_model_is_a_model_error(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(b"not a pickle")
    with pytest.raises(ModelError, match="unreadable"):
        EventClassifier.load(path)


@pytest.mark.parametrize("true_temperature", [0.5, 2.0])
def test_classifier_temperature_fit_recovers_the_scale(true_temperature):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4000, 5)) * 3
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    gold = np.array([rng.choice(5, p=p) for p in probs])
    fitted = fit_temperature(logits * true_temperature, gold)
    assert fitted == pytest.approx(true_temperature, rel=0.15)


def test_classifier_plain_model_scores_equal_the_scikit_learn_pipeline(classifier):
    texts = [text for text, _ in CASES] + ["", "Ça été brûlé à Kyiv", "clashes", "A" * 300]
    assert np.array_equal(classifier.model.decision_function(texts), classifier.estimator.decision_function(texts))


def test_classifier_older_format_names_the_rebuild(tmp_path):
    import pickle

    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"format": "ceasefire.event_classifier.v5", "estimator": None}))
    with pytest.raises(ModelError, match="older format"):
        EventClassifier.load(path)


def test_classifier_loads_and_predicts_without_scikit_learn(classifier):
    import subprocess
    import sys

    from ceasefire.nlp.classifier import model_path
    from ceasefire.settings import Settings

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ceasefire.nlp.classifier import EventClassifier\n"
        f"c = EventClassifier.load(Path({str(model_path(Settings()))!r}))\n"
        "print(c.predict(['Warplanes struck the town.'])[0].code)\n"
        "print('sklearn' in sys.modules, 'scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == classifier.predict(["Warplanes struck the town."])[0].code
    assert out[1] == "False False"


def test_classifier_save_and_load_keep_both_halves(classifier, tmp_path):
    path = tmp_path / "model.pkl"
    classifier.save(path)
    loaded = EventClassifier.load(path)
    texts = [text for text, _ in CASES]
    assert loaded.codes == classifier.codes and loaded.temperature == classifier.temperature
    assert np.array_equal(loaded.probabilities(texts), classifier.probabilities(texts))
    assert np.array_equal(loaded.estimator.decision_function(texts), loaded.model.decision_function(texts))
