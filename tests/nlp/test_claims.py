"""Claims on sentences written for the tests, and on the example article as an analyst would code it."""

import re
from datetime import date

import pytest

from ceasefire.models import Document, Mention
from ceasefire.nlp.actors import ActorDictionary
from ceasefire.nlp.claims import extract_claims

SAA = "Military Forces of Syria"


def _mentions(doc, document, triggers):
    """Mentions at the given trigger words ((word, occurrence) pairs), as the event detector would give them."""
    sentences = list(doc.sents)
    out = []
    for word, occurrence in triggers:
        start = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", document.text)][occurrence]
        index = next(i for i, s in enumerate(sentences) if s.start_char <= start < s.end_char)
        s = sentences[index]
        out.append(Mention(document.id, index, s.start_char, s.end_char, word, start, start + len(word), "Battles", "Armed clash", 0.9))
    return out


def _claims(nlp, text, triggers, **document_fields):
    document = Document(id="t", text=text, published=date(2019, 3, 5), publisher="Example News", **document_fields)
    doc = nlp(text)
    return extract_claims(doc, document, _mentions(doc, document, triggers), ActorDictionary.load())


def _one(claims, kind, **fields):
    found = [c for c in claims if c.kind == kind and all(getattr(c, k) == v for k, v in fields.items())]
    assert found, f"no {kind} claim with {fields} in {[(c.kind, c.value_low, c.value_text, c.about) for c in claims]}"
    return found[0]


@pytest.mark.parametrize(
    "text, trigger, kind, low, high, about",
    [
        ("Rebels attacked the town. Five civilians were wounded in the shelling.", "attacked", "injured", 5, 5, "civilians"),
        ("Rebels attacked the town. Twelve SAA soldiers were captured.", "attacked", "captured", 12, 12, SAA),
        ("The army shelled the town. Dozens of ISIS fighters were killed.", "shelled", "fatalities", 24, None, "Islamic State"),
        ("The army shelled the town. About 30 people were evacuated.", "shelled", "evacuated", 27, 33, "civilians"),
        ("The army shelled the town. Three civilians are still missing.", "shelled", "missing", 3, 3, "civilians"),
        ("The army shelled the town, and about 2,000 residents fled.", "shelled", "displaced", 1800, 2200, "civilians"),
        ("Rebels attacked the base. Nine soldiers were on patrol and were wounded.", "attacked", "injured", 9, 9, None),
    ],
)
def test_claims_count_kinds(nlp, text, trigger, kind, low, high, about):
    claims = _claims(nlp, text, [(trigger, 0)])
    claim = _one(claims, kind)
    assert (claim.value_low, claim.value_high, claim.about) == (low, high, about)
    assert not [c for c in claims if c.kind == "fatalities" and kind != "fatalities"]


@pytest.mark.parametrize("text", ["Gunmen in a Mazda 626 attacked the house.", "Rebels attacked the post and seized one M-16 rifle."])
def test_claims_numbers_in_names_are_not_counts(nlp, text):
    claims = _claims(nlp, text, [("attacked", 0)])
    assert not [c for c in claims if c.value_low is not None]


def test_claims_wounded_are_not_fatalities(nlp):
    claims = _claims(nlp, "Turkish troops shelled Afrin. Two soldiers were killed and 11 were wounded.", [("shelled", 0)])
    assert _one(claims, "fatalities").value_low == 2
    assert _one(claims, "injured").value_low == 11


def test_claims_source_defaults_to_author_then_publisher(nlp):
    text = "The SAA shelled Kafr Zita on Sunday."
    assert {c.source for c in _claims(nlp, text, [("shelled", 0)], byline="Jane Doe")} == {"Jane Doe"}
    assert {c.source for c in _claims(nlp, text, [("shelled", 0)])} == {"Example News"}


def test_claims_publisher_is_original_source_when_syndicated(nlp):
    claims = _claims(nlp, "The SAA shelled Kafr Zita on Sunday.", [("shelled", 0)], original_source="South Front")
    assert {c.publisher for c in claims} == {"South Front"}


def test_claims_labels_stay_wording(nlp):
    claims = _claims(nlp, "Terrorists attacked SAA positions near Hama.", [("attacked", 0)])
    assert not [c for c in claims if c.kind == "actor1"]  # "terrorists" is a label, not an actor
    target = _one(claims, "actor2", value_text=SAA)
    assert target.wording == "SAA positions"


def test_claims_undated_event_falls_back_to_publication_day(nlp):
    claim = _one(_claims(nlp, "The SAA shelled Kafr Zita.", [("shelled", 0)]), "date")
    assert (claim.value_text, claim.precision, claim.hedge) == ("2019-03-05", 1, "no date in text; publication date")


def test_claims_range_of_days_is_an_iso_interval(nlp):
    claim = _one(_claims(nlp, "Clashes raged on 3 and 4 March near the dam.", [("Clashes", 0)]), "date")
    assert (claim.value_text, claim.precision, claim.wording) == ("2019-03-03/2019-03-04", 1, "3 and 4 March")


def test_claims_none_without_mentions(nlp):
    document = Document(id="t", text="Six soldiers were killed.", published=date(2019, 3, 5))
    assert extract_claims(nlp(document.text), document, [], ActorDictionary.load()) == []


# ------------------------------------------------------------ the example
@pytest.fixture(scope="module")
def example_claims(nlp, example_article):
    raw = example_article.read_text(encoding="utf-8")
    start = raw.index("In the morning of March 3")
    end = raw.index("US-occupied part of the country.") + len("US-occupied part of the country.")
    document = Document(id="hama", text=raw[start:end], publisher="Global Research", byline="South Front",
                        original_source="South Front", published=date(2019, 3, 5))
    doc = nlp(document.text)
    mentions = _mentions(doc, document, [("attack", 0), ("killed", 0), ("strikes", 0), ("advance", 1), ("killed", 1)])
    return extract_claims(doc, document, mentions, ActorDictionary.load())


@pytest.mark.shared
def test_claims_example_masasneh_attack(example_claims):
    attack = [c for c in example_claims if c.mention_id.endswith(":0:105")]
    assert _one(attack, "actor1").value_text == "Ansar al-Tawhid"
    assert _one(attack, "actor2").value_text == SAA
    date_claim = _one(attack, "date")
    assert (date_claim.value_text, date_claim.precision) == ("2019-03-03", 1)


@pytest.mark.shared
def test_claims_example_fatalities_per_side(example_claims):
    saa = _one(example_claims, "fatalities", about=SAA)
    assert (saa.value_low, saa.value_high, saa.source, saa.publisher) == (17, None, "A military source via SouthFront", "South Front")
    ansar = _one(example_claims, "fatalities", about="Ansar al-Tawhid")
    assert (ansar.value_low, ansar.value_high) == (6, 6)
    assert "eliminated" in ansar.wording
    isis = _one(example_claims, "fatalities", about="Islamic State")
    assert (isis.value_low, isis.value_high) == (18, None)


@pytest.mark.shared
def test_claims_example_air_strikes_last_week(example_claims):
    strikes = [c for c in example_claims if c.mention_id == next(c.mention_id for c in example_claims if c.wording == "the Syrian Air Force")]
    assert _one(strikes, "actor1").value_text == SAA
    date_claim = _one(strikes, "date")
    assert (date_claim.value_text, date_claim.precision, date_claim.wording) == ("2019-02-27", 2, "last week")


@pytest.mark.shared
def test_claims_example_sdf_advance(example_claims):
    actor1 = _one(example_claims, "actor1", value_text="Syrian Democratic Forces")
    advance = [c for c in example_claims if c.mention_id == actor1.mention_id]
    assert _one(advance, "actor2").value_text == "Islamic State"
    assert _one(advance, "date").value_text == "2019-03-01"


@pytest.mark.shared
def test_claims_example_displacement_disputed(example_claims):
    displaced = _one(example_claims, "displaced")
    assert displaced.value_low == 52001
    assert displaced.source == "the Syrian Observatory for Human Rights (SOHR)"
    assert "disputed by the author" in displaced.hedge
    assert not [c for c in example_claims if c.kind == "fatalities" and c.value_low == 52001]


@pytest.mark.shared
def test_claims_example_besieged_estimate_is_not_a_toll(example_claims):
    besieged = _one(example_claims, "besieged")
    assert (besieged.value_low, besieged.value_high, besieged.about) == (250, 300, "Islamic State")
    assert besieged.hedge == "estimated"
    assert not [c for c in example_claims if c.kind == "fatalities" and c.value_high == 300]


@pytest.mark.shared
def test_claims_example_spans_point_at_the_text(example_claims, example_article):
    for claim in example_claims:
        assert 0 <= claim.start < claim.end
        if claim.wording and claim.kind != "date":
            assert claim.wording in example_article.read_text(encoding="utf-8")


def test_claims_date_carried_from_earlier_sentence_of_paragraph(nlp):
    text = "On March 1, the SDF resumed their advance on ISIS positions. The attack came after a warning."
    claims = _claims(nlp, text, [("attack", 0)])
    assert _one(claims, "date").value_text == "2019-03-01"


@pytest.mark.slow
@pytest.mark.shared
def test_claims_example_with_the_event_detector(example_article, settings):
    """The whole chain on the example: pipeline parse, detector mentions, claims (one parse)."""
    from ceasefire.nlp.mentions import detect_mentions
    from ceasefire.nlp.pipeline import load_pipeline

    raw = example_article.read_text(encoding="utf-8")
    text = raw[raw.index("In the morning of March 3") : raw.index("US-occupied part of the country.") + 32]
    document = Document(id="hama", text=text, publisher="Global Research", byline="South Front",
                        original_source="South Front", published=date(2019, 3, 5))
    doc = load_pipeline(settings)(text)
    claims = extract_claims(doc, document, detect_mentions(doc, document, settings), ActorDictionary.load())
    assert _one(claims, "fatalities", about=SAA).value_low == 17
    assert _one(claims, "besieged").value_high == 300
    assert "disputed by the author" in _one(claims, "displaced").hedge
    assert _one(claims, "actor1", value_text="Ansar al-Tawhid")


@pytest.mark.parametrize(
    "text, trigger, kind, low",
    [
        ("A car bomb in the market left 12 civilians dead.", "bomb", "fatalities", 12),
        ("The shelling of the village leaves nine residents wounded.", "shelling", "injured", 9),
        ("Hundreds of families left the town after the raid.", "raid", "displaced", 200),
    ],
)
def test_claims_resultative_complement_says_what_is_counted(nlp, text, trigger, kind, low):
    _one(_claims(nlp, text, [(trigger, 0)]), kind, value_low=low)


@pytest.mark.parametrize(
    "text, about",
    [
        ("The raid of the militia kills 14 persons of the members of the Syrian Arab Army and of its own fighters.", None),
        ("Fighting near the dam killed 40 members of the Syrian Arab Army on both sides.", None),
        ("The raid of the militia kills 14 members of the Syrian Arab Army.", SAA),
    ],
)
def test_claims_count_spanning_both_sides_is_about_the_whole_event(nlp, text, about):
    trigger = "raid" if "raid" in text else "Fighting"
    claim = _one(_claims(nlp, text, [(trigger, 0)]), "fatalities")
    assert claim.about == about


@pytest.mark.parametrize(
    "text, trigger, actor1, actor2",
    [
        # "between X and Y" / "between X against Y" where the parse hangs it on a place, not on the trigger
        ("Renewed fighting on the outskirts of the town of Mudaira between Jaysh al-Islam and Faylaq al-Rahman.", "fighting",
         "Jaysh al-Islam", "Faylaq al-Rahman"),
        ("Clashes between the regime forces against the factions in the north-east of Aleppo.", "Clashes", SAA, "Opposition Rebels (Syria)"),
        # the typer's trigger names no one: another trigger of the same report does
        ("7 SDF fighters were killed in battles at the western countryside of Al-Raqqah.", "battles", None, "Syrian Democratic Forces"),
    ],
)
def test_claims_actors_of_headline_reports(nlp, text, trigger, actor1, actor2):
    claims = _claims(nlp, text, [(trigger, 0)])
    found = {c.kind: c.value_text for c in claims if c.kind in ("actor1", "actor2")}
    assert (found.get("actor1"), found.get("actor2")) == (actor1, actor2)



def test_claims_coordinated_verb_shares_its_subject_with_the_second_report(nlp):
    # the event detector cuts the headline at "and": the second report's span does not hold the subject
    text = "The regime forces shell KafrZitta and target Arbin by more than 20 missiles"
    document = Document(id="t", text=text, published=date(2018, 1, 18), publisher="SOHR")
    doc = nlp(text)
    cut = text.index(" and ")
    first = Mention(document.id, 0, 0, cut, "shell", text.index("shell"), text.index("shell") + 5, "Explosions/Remote violence",
                    "Shelling/artillery/missile attack", 0.9)
    second = Mention(document.id, 0, cut + 1, len(text), "missiles", text.index("missiles"), len(text), "Explosions/Remote violence",
                     "Shelling/artillery/missile attack", 0.9)
    claims = extract_claims(doc, document, [first, second], ActorDictionary.load())
    for mention in (first, second):
        assert [c.value_text for c in claims if c.mention_id == mention.id and c.kind == "actor1"] == [SAA]


@pytest.mark.parametrize(
    "text, trigger, actors",
    [
        # "losses in the ranks of X and Y": the sides that lost men are the sides that fought
        ("Tens of casualties in the ranks of the regime forces and the Islamic State in Palmyra", "casualties", {SAA, "Islamic State"}),
        # a name a place noun follows, or the place of a massacre, is no actor
        ("The regime forces take control of Kafr Batikh town after heavy fighting", "control", {SAA}),
        ("More casualties in the massacre of Kafr Batikh raise the death toll to 19", "massacre", set()),
        # "between X and its allies against Y", "between X and its allies and Y": the allies are no side of their own
        ("Tlul al-Safa clashes between the regime and its allies against ISIS escalate", "clashes", {SAA, "Islamic State"}),
        ("Fighting near the border of Rif Dimashq and Al-Suwaidaa between the regime forces and their allies and ISIS",
         "Fighting", {SAA, "Islamic State"}),
        # a named operation's forces
        ("Violent clashes between Euphrates Shield and the Syria Democratic Forces north of Aleppo", "clashes",
         {"Syrian National Army", "Syrian Democratic Forces"}),
    ],
)
def test_claims_actors_of_headline_reports(nlp, text, trigger, actors):
    claims = _claims(nlp, text, [(trigger, 0)])
    assert {c.value_text for c in claims if c.kind in ("actor1", "actor2")} == actors


def test_claims_each_report_of_a_headline_keeps_its_uncounted_death(nlp):
    text = "Airstrikes on Beqres kill members of the Islamic State and shelling kills a pregnant woman in al-Lataminah town"
    document = Document(id="t", text=text, published=date(2017, 5, 17), publisher="SOHR")
    doc = nlp(text)
    cut = text.index(" and shelling")
    kind = ("Explosions/Remote violence", "Air/drone strike")
    first = Mention(document.id, 0, 0, cut, "Airstrikes", 0, 10, *kind, 0.9)
    second = Mention(document.id, 0, cut + 5, len(text), "shelling", cut + 5, cut + 13, *kind, 0.9)
    claims = extract_claims(doc, document, [first, second], ActorDictionary.load())
    deaths = {(c.mention_id, c.value_low, c.value_high) for c in claims if c.kind == "fatalities"}
    assert deaths == {(first.id, 1, None), (second.id, 1, None)}
