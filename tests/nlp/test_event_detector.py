"""Event mention detection and typing on sentences and on the example article."""

from __future__ import annotations

import pytest

from ceasefire.models import Document
from ceasefire.nlp.mentions import detect_mentions
from ceasefire.nlp.pipeline import COMPONENTS, load_pipeline
from ceasefire.nlp.train import train_classifier
from ceasefire.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    settings = Settings()
    train_classifier(settings)
    return load_pipeline(settings)


def mentions_of(nlp, text: str):
    return detect_mentions(nlp(text), Document(id="doc", text=text))


def test_event_detector_pipeline_has_our_components(nlp):
    for name in ("ceasefire_event_detector", "ceasefire_event_typer"):
        assert name in COMPONENTS
        assert name in nlp.pipe_names
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names


def test_event_detector_pipeline_is_cached(nlp):
    assert load_pipeline(Settings()) is nlp


@pytest.mark.parametrize(
    "text",
    [
        "Both Syrian foreign and defense ministries have commented on the attack by warning that the government is not going to tolerate it.",
        "According to the agreement, heavy weapons should be withdrawn from the area.",
        "Pro-government sources speculated that the advance is imminent.",
        "The minister will visit the capital next week.",
        "Please support the project and share this article.",
    ],
)
def test_event_detector_non_events_yield_no_mention(nlp, text):
    assert mentions_of(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "sub_event_type", "trigger"),
    [
        ("Government warplanes bombed a market in the town on Monday, killing 12 civilians.", "Air/drone strike", "warplanes"),
        ("Thousands of people marched peacefully in the capital on Sunday.", "Peaceful protest", "marched"),
        ("A roadside bomb killed three soldiers near the border.", "Remote explosive/landmine/IED", "roadside bomb"),
    ],
)
def test_event_detector_types_event_sentences(nlp, text, sub_event_type, trigger):
    [mention] = mentions_of(nlp, text)
    assert mention.sub_event_type == sub_event_type
    assert mention.trigger == trigger
    assert text[mention.trigger_start : mention.trigger_end] == trigger
    assert (mention.start, mention.end) == (0, len(text))
    assert 0.0 < mention.confidence <= 1.0


def test_event_detector_offsets_are_document_offsets(nlp):
    text = "The weather was fine. Rebels shelled the town with mortars, killing two children."
    [mention] = mentions_of(nlp, text)
    assert mention.sentence_index == 1
    assert text[mention.start : mention.end].startswith("Rebels shelled")
    assert mention.event_type == "Explosions/Remote violence"


def test_event_detector_two_events_in_one_sentence(nlp):
    text = "Police arrested ten protesters in the capital, while in the north a suicide bomber blew himself up at a checkpoint."
    types = {m.sub_event_type for m in mentions_of(nlp, text)}
    assert "Suicide bomb" in types
    assert len(types) == 2


def test_event_detector_rejects_a_doc_of_other_text(nlp):
    from ceasefire.errors import CeasefireError

    with pytest.raises(CeasefireError, match="not the parse"):
        detect_mentions(nlp("Some text."), Document(id="doc", text="Other text."))


@pytest.mark.shared
def test_event_detector_example_article(nlp, example_article):
    text = example_article.read_text(encoding="utf-8")
    mentions = detect_mentions(nlp(text), Document(id="hama", text=text))
    by_phrase = {}
    for phrase in ("near the town of Masasneh", "Syrian Air Force delivered", "near the village of al-Baghuz"):
        at = text.index(phrase)
        by_phrase[phrase] = [m.sub_event_type for m in mentions if m.start <= at < m.end]
    assert by_phrase["near the town of Masasneh"] == ["Armed clash"]
    assert by_phrase["Syrian Air Force delivered"] == ["Air/drone strike"]
    assert by_phrase["near the village of al-Baghuz"] == ["Armed clash"]
    commented = text.index("have commented on the attack")
    assert not [m for m in mentions if m.start <= commented < m.end]


def test_event_detector_glued_ellipsis_separates_two_reports(nlp):
    text = "Rebels attacked an army post near the dam…militiamen of the Tribal Army attack the police in the hills"
    doc = nlp(text)
    assert len(list(doc.sents)) == 2
    assert len(mentions_of(nlp, text)) == 2


def test_event_detector_spaced_ellipsis_is_not_a_break(nlp):
    doc = nlp("He said the army … would never retreat from the town.")
    assert len(list(doc.sents)) == 1


@pytest.mark.parametrize(
    "text, trigger",
    [
        # a definite event noun in a document's first sentence has nothing to refer back to
        ("The attack of the militia kills 12 soldiers near the dam.", "attack"),
        # "gunmen" names the people, not the act
        ("The raid by gunmen loyal to the governor killed four guards.", "raid"),
    ],
)
def test_event_detector_first_definite_noun_is_a_mention(nlp, text, trigger):
    triggers = [m.trigger for m in mentions_of(nlp, text)]
    assert triggers and "gunmen" not in triggers
    assert trigger in triggers or "killed" in triggers or "kills" in triggers


def test_event_detector_definite_noun_after_an_event_refers_back(nlp):
    text = "Rebels shelled the airport on Monday. The government condemned the attack."
    assert len(mentions_of(nlp, text)) == 1


def test_event_detector_one_mention_per_trigger(nlp):
    text = (
        "let us recall the horrible explosion of the colombian airliner, in which more than 100 people died; "
        "the bomb explosion in the secret police headquarters in bogota; the murder of many journalists."
    )
    mentions = mentions_of(nlp, text)
    ids = [m.id for m in mentions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "text",
    [
        "Two more wounded die in the hospital of the border town.",
        "The death toll in the market town climbs to 52.",
        "More casualties raise the number to 8 in the farming village.",
        "Three more deaths in the old quarter of the city.",
    ],
)
def test_event_detector_toll_updates_are_mentions(nlp, text):
    from ceasefire.nlp.components.event_typer import TOLL_CODES, TOLL_ONLY_CONFIDENCE
    from ceasefire.nlp.taxonomy import label_for

    found = mentions_of(nlp, text)
    assert len(found) == 1
    lethal = {(label_for(code).event_type, label_for(code).sub_event_type) for code in TOLL_CODES}
    assert (found[0].event_type, found[0].sub_event_type) in lethal
    assert found[0].confidence <= TOLL_ONLY_CONFIDENCE  # nothing says what happened, only that people died


def test_event_detector_toll_with_a_cue_keeps_its_type(nlp):
    found = mentions_of(nlp, "Air strikes raise the death toll to 30 in the market town.")
    assert [m.sub_event_type for m in found] == ["Air/drone strike"]
    assert found[0].confidence > 0.5


@pytest.mark.parametrize(
    "text",
    [
        "March 21st 2017: (S527b) Tabaqa, Raqqa governorate, Syria",
        "July 8th 2017: (S1030) Raqqa city, Raqqa governorate, Syria",
    ],
)
def test_event_detector_airwars_incident_records_are_air_strikes(nlp, text):
    # an Airwars incident code is one reported strike, with its date and place and no event word
    [mention] = mentions_of(nlp, text)
    assert mention.sub_event_type == "Air/drone strike"
    assert mention.trigger.startswith("(S")


@pytest.mark.parametrize(
    "text, parts",
    [
        # two reports, each with its own trigger and name, that the parse keeps in one clause
        ("Continued clashes around Menbej and shells target Aleppo city", ["Continued clashes around Menbej", "shells target Aleppo city"]),
        ("140 shells target eastern Aleppo and 11 killed in western Aleppo", ["140 shells target eastern Aleppo", "11 killed in western Aleppo"]),
        # the parse reads "shells" as a verb of its own clause: the sentence is still two reports
        ("Casualties and injuries in Saqba and shells target areas in Hodr town",
         ["Casualties and injuries in Saqba", "shells target areas in Hodr town"]),
        # the killing after "and" has a subject of its own ("a fighter"): a report of its own
        ("4 casualties at least in airstrikes on the countryside of Al-Raqqah and a fighter of Tal Tamr was killed in clashes at Aleppo",
         ["4 casualties at least in airstrikes on the countryside of Al-Raqqah", "a fighter of Tal Tamr was killed in clashes at Aleppo"]),
        # a first part without a name ("Tens ... by warplanes") belongs to the report it opens, not to no report
        ("Tens of casualties in new massacres by warplanes and helicopter on the eastern section of Aleppo city "
         "and more casualties in al-Bab city",
         ["Tens of casualties in new massacres by warplanes and helicopter on the eastern section of Aleppo city",
          "more casualties in al-Bab city"]),
    ],
)
def test_event_detector_splits_coordinated_headline_reports(nlp, text, parts):
    found = [text[m.start : m.end] for m in mentions_of(nlp, text)]
    assert found == parts


def test_event_detector_part_without_a_name_stays_with_its_report(nlp):
    text = "Airstrikes target oil tankers east of Deir Ezzor and clashes at the outskirts and vicinity of the city"
    assert len(mentions_of(nlp, text)) == 1


def test_event_detector_death_phrases_are_triggers(nlp):
    [mention] = mentions_of(nlp, "A Turkish soldier lost his life, 2 wounded near Akhtarin")
    assert mention.trigger == "lost his life"


@pytest.mark.parametrize(
    "text",
    [
        # the toll after "and" is what the subject before it caused: one report at two places, not two reports
        "Air strikes on Al-Mayadin and the eastern countryside of Deir Ezzor result in the fall of casualties and wounded",
        "Shells on Binnish and the outskirts of Taftanaz leave casualties among the residents",
    ],
)
def test_event_detector_toll_caused_by_the_subject_is_not_a_second_report(nlp, text):
    [mention] = mentions_of(nlp, text)
    assert (mention.start, mention.end) == (0, len(text))


def test_event_detector_subject_of_a_plan_is_asserted(nlp):
    # the parse makes the fighting the subject of "seek": the plan is the complement, the fighting happened
    text = "Ongoing fighting in the countryside of Idlib and the regime forces seek to impose their control over the area"
    [mention] = mentions_of(nlp, text)
    assert mention.trigger == "fighting"


def test_event_detector_killing_caused_by_the_subject_is_not_a_second_report(nlp):
    text = "2 explosions in the held areas of Al-Raqqah and Deir Ezzor kill 5 women at least"
    [mention] = mentions_of(nlp, text)
    assert (mention.start, mention.end) == (0, len(text))


@pytest.mark.parametrize("text,place", [
    ("Al-Hara town’s massacre claims the lives of 9 citizens more than half of them are women, raising the death toll "
     "in 24 hours of shelling east of Euphrates to 16 including 10 females", "Al-Hara"),
    ("Al-Shafa town’s massacre claims the lives of 13 citizens more than half of them are women, raising the death toll "
     "in 24 hours of shelling to 16", "Al-Shafa"),
])
def test_event_detector_possessive_place_before_the_trigger_stays_in_the_mention(nlp, text, place):
    # "claims the lives" is one trigger: the clause the parse starts inside it ("the lives of ... are women,
    # raising ...") is not a report of its own, so the mention keeps "X town's massacre"
    mentions = mentions_of(nlp, text)
    assert mentions and all(m.start == 0 for m in mentions) and place in text[mentions[0].start : mentions[0].end]


@pytest.mark.parametrize(
    ("text", "asserted"),
    [
        # a negated verb of ending says the event goes on
        ("The fighting in the east of Deir Ezzor does not stop", True),
        ("Clashes did not cease in the vicinity of Daraa", True),
        # a negated or foretold event is still none
        ("The fighting will not stop in Aleppo", False),
        ("No clashes took place in Daraa", False),
        ("No casualties were reported in Daraa", False),
    ],
)
def test_event_detector_negated_ending_asserts_the_event(nlp, text, asserted):
    assert bool(mentions_of(nlp, text)) is asserted


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # what came "after" happened, though the clause it hangs on is a plan
        ("The regime forces seek to achieve a new advancement in Wadi Barada after shelling it", "shelling"),
        # military operations against an armed group are fighting (the plural is a trigger of the detector only)
        ("The military operations continue against ISIS in Tlul al-Safa area", "military operations"),
    ],
)
def test_event_detector_completed_or_military_acts_are_mentions(nlp, text, trigger):
    [mention] = mentions_of(nlp, text)
    assert mention.trigger == trigger


@pytest.mark.parametrize("text", ["The regime plans to attack Idlib after the elections",
                                  "Rescue operations continue in the flooded town"])
def test_event_detector_plans_and_rescue_operations_are_no_mentions(nlp, text):
    assert mentions_of(nlp, text) == []


class _Unscreened:
    """A screen that lets every pattern through: the detector as it was before the pattern screen."""

    def __init__(self, size: int) -> None:
        self.size = size

    def mask(self, text: str, lower=None) -> int:
        return (1 << self.size) - 1


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck Kafr Nabudah and shells target Aleppo city, killing 12 civilians.",
        "The death toll rose to 83 after six wounded people died; the army retook the village.",
        "Military operations against ISIS continue in the Tlul al-Safa area (S527b).",
        "The attack was imminent, officials speculated.",
        "It rained all day and the market was quiet.",
        "PROTESTERS MARCHED ON THE MINISTRY AND POLICE FIRED TEAR GAS.",
        "Des manifestants à Bamako ont été dispersés; clashes erupted near the café.",
    ],
)
def test_event_detector_screen_keeps_the_same_triggers(nlp, text, monkeypatch):
    detector = nlp.get_pipe("ceasefire_event_detector")
    doc = nlp(text)
    screened = [[(t.start, t.end, name) for t, name in detector.triggers(sent)] for sent in doc.sents]
    # neither screened nor scanned in the lower-cased sentence: every pattern case-insensitive, over the text as written
    monkeypatch.setattr(detector, "screen", _Unscreened(len(detector.patterns)))
    for pattern in detector.patterns.values():
        monkeypatch.setattr(pattern, "lowered", None)
    unscreened = [[(t.start, t.end, name) for t, name in detector.triggers(sent)] for sent in doc.sents]
    assert screened == unscreened
