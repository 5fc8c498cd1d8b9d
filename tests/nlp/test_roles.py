import pytest

from ceasefire.nlp.roles import find_arguments, noun_phrase


def _arguments(nlp, sentence, trigger):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    arguments = find_arguments(token)
    agent = noun_phrase(arguments.agent).text if arguments.agent is not None else None
    patient = noun_phrase(arguments.patient).text if arguments.patient is not None else None
    return agent, patient


@pytest.mark.parametrize(
    "sentence, trigger, agent, patient",
    [
        ("Fighters of Ansar al-Tawhid carried out an attack on positions of the Syrian Arab Army.", "attack",
         "Fighters of Ansar al-Tawhid", "positions of the Syrian Arab Army"),
        ("The rebels attacked army positions near the town.", "attacked", "The rebels", "army positions"),
        ("Army positions were attacked by the rebels.", "attacked", "the rebels", "Army positions"),
        ("The SDF resumed their advance on ISIS positions near al-Baghuz.", "advance", "The SDF", "ISIS positions"),
        ("Turkey's attack on Afrin began in January.", "attack", "Turkey's", "Afrin"),
        ("The Syrian Air Force delivered several strikes on terrorist infrastructure.", "strikes",
         "The Syrian Air Force", "terrorist infrastructure"),
    ],
)
def test_roles_initiator_and_target(nlp, sentence, trigger, agent, patient):
    assert _arguments(nlp, sentence, trigger) == (agent, patient)


def test_roles_nothing_guessed_without_arguments(nlp):
    assert _arguments(nlp, "The attack was condemned.", "attack") == (None, None)
