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
        # the agent of a participle that tells who did it
        ("A massacre carried out by the regime forces killed eight people in the village.", "massacre", "the regime forces",
         "eight people"),
    ],
)
def test_roles_initiator_and_target(nlp, sentence, trigger, agent, patient):
    assert _arguments(nlp, sentence, trigger) == (agent, patient)


def test_roles_nothing_guessed_without_arguments(nlp):
    assert _arguments(nlp, "The attack was condemned.", "attack") == (None, None)


@pytest.mark.parametrize(
    "sentence, trigger, agent, patient",
    [
        # "the attack of X": X did it; "the shelling of X": X was hit
        ("The attack of the Islamic State began at dawn.", "attack", "the Islamic State", None),
        ("The shelling of Kafr Nabl lasted hours.", "shelling", None, "Kafr Nabl"),
        # an event noun that is the subject of a verb of harm: the object is the target
        ("The raid of the militia killed five police officers.", "raid", "the militia", "five police officers"),
    ],
)
def test_roles_event_nouns_with_of_and_verbs_of_harm(nlp, sentence, trigger, agent, patient):
    assert _arguments(nlp, sentence, trigger) == (agent, patient)


def test_roles_locative_modifier_is_not_part_of_who(nlp):
    doc = nlp("A militia south of Daraa attacked an army checkpoint.")
    militia = next(t for t in doc if t.text == "militia")
    assert "Daraa" not in noun_phrase(militia).text


@pytest.mark.parametrize(
    "sentence, trigger, agent, patient",
    [
        ("Heavy clashes between the army and the Free Syrian Army near the dam.", "clashes", "the army", "the Free Syrian Army"),
        ("A fierce battle between Hezbollah and ISIS in the mountains.", "battle", "Hezbollah", "ISIS"),
    ],
)
def test_roles_clashes_between_two_sides(nlp, sentence, trigger, agent, patient):
    found = _arguments(nlp, sentence, trigger)
    assert found[0].startswith(agent) and found[1].startswith(patient)


@pytest.mark.parametrize(
    "sentence, trigger, agent, patient",
    [
        # a gerund keeps its "by" agent; a headline verb tagged as a noun keeps its subject
        ("5 casualties in shelling by the regime forces in Talbiseh.", "shelling", "the regime forces", None),
        ("Syria Democratic Forces advance in the countryside of Al-Raqqah.", "advance", "Syria Democratic Forces", None),
    ],
)
def test_roles_headline_agents(nlp, sentence, trigger, agent, patient):
    assert _arguments(nlp, sentence, trigger) == (agent, patient)
