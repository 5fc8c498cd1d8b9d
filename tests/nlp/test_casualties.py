"""Casualty wording: killed and injured told together, casualties, toll updates, deaths without a number."""

import re
from datetime import date

import pytest

from ceasefire.models import Document, Mention
from ceasefire.nlp.actors import ActorDictionary
from ceasefire.nlp.casualties import COMBINED_HEDGE, CUMULATIVE_HEDGE, UNCOUNTED_HEDGE, casualties_are_dead
from ceasefire.nlp.claims import extract_claims


def _claims(nlp, text, trigger, publisher="Example News"):
    """Claims of ``text`` with one mention at the first ``trigger`` word, as the event detector would give it."""
    document = Document(id="t", text=text, published=date(2018, 6, 2), publisher=publisher)
    doc = nlp(text)
    start = re.search(rf"\b{re.escape(trigger)}\b", text).start()
    sentence = next(i for i, s in enumerate(doc.sents) if s.start_char <= start < s.end_char)
    span = list(doc.sents)[sentence]
    mention = Mention(document.id, sentence, span.start_char, span.end_char, trigger, start, start + len(trigger),
                      "Battles", "Armed clash", 0.9)
    return extract_claims(doc, document, [mention], ActorDictionary.load())


def _figures(claims, kind):
    return sorted((c.value_low, c.value_high) for c in claims if c.kind == kind)


@pytest.mark.parametrize(
    "text, trigger, deaths, injured",
    [
        # one count for both kinds: each is somewhere between none and the count
        ("Mortars hit the market and 25 people were killed and injured.", "Mortars", [(0, 25)], [(0, 25)]),
        ("Jets bombed the bakery, killing and injuring 9 civilians.", "Jets", [(0, 9)], [(0, 9)]),
        ("Around 60 martyrs and wounded in the rocket fire on the old souk.", "rocket", [(0, 66)], [(0, 66)]),
        # two counts
        ("Jets bombed the bakery, killing 3 and wounding 11.", "Jets", [(3, 3)], [(11, 11)]),
        ("Four people were killed and 17 were injured when rockets hit the square.", "rockets", [(4, 4)], [(17, 17)]),
        # casualties count the injured too, unless the wounded are counted apart
        ("Artillery fire on the camp left 14 casualties.", "Artillery", [(0, 14)], [(0, 14)]),
        ("14 casualties and dozens of wounded in the artillery fire on the camp.", "artillery", [(14, 14)], [(24, None)]),
        # an open count of killed and injured bounds neither, but says someone died
        ("More than 30 killed and injured in the bombing of the bridge.", "bombing", [(1, None)], []),
    ],
)
def test_casualties_killed_and_injured(nlp, text, trigger, deaths, injured):
    claims = _claims(nlp, text, trigger)
    assert _figures(claims, "fatalities") == deaths
    assert _figures(claims, "injured") == injured
    for claim in claims:
        if claim.kind in ("fatalities", "injured") and claim.value_low == 0:
            assert COMBINED_HEDGE in (claim.hedge or "")


@pytest.mark.parametrize(
    "text, trigger, deaths",
    [
        ("The death toll of the car bomb at the checkpoint rose to 41.", "car", [(41, 41)]),
        ("Casualties of the raid raise the number to 9 in the hamlet.", "raid", [(0, 9)]),
        ("More than 40 killed in fighting near the dam.", "fighting", [(41, None)]),
        ("4 wounded die in hospital after the raid on the farm.", "raid", [(4, 4)]),
        ("Two more deaths in the hamlet after yesterday's raid.", "raid", [(2, 2)]),
        ("At least 12 citizens were killed in the barrel bomb attack.", "attack", [(12, None)]),
    ],
)
def test_casualties_tolls_and_bare_counts(nlp, text, trigger, deaths):
    assert _figures(_claims(nlp, text, trigger), "fatalities") == deaths


@pytest.mark.parametrize(
    "text, trigger, deaths",
    [
        ("Artillery fire killed civilians in the village.", "Artillery", [(1, None)]),
        ("The shelling leaves human losses and wounded in the town.", "shelling", [(1, None)]),
        ("No one was killed when rockets hit the empty base.", "rockets", []),
        ("The shelling of the town kills and injures several people.", "shelling", [(0, 9)]),
        ("Rockets hit the base without casualties.", "Rockets", []),
        # killed and injured told together by "and", with no number bounding them: someone died
        ("The airstrikes on the market kill and injure more citizens.", "airstrikes", [(1, None)]),
        ("Martyrs and wounded in the shelling of the old town.", "shelling", [(1, None)]),
        ("Renewed shelling on the camp killing and injuring at least 16 people.", "shelling", [(1, None)]),
        # told apart by "or": no one need have died (the count bounds both kinds from none)
        ("Several people were killed or injured in the shelling of the camp.", "shelling", [(0, 9)]),
        ("Civilians were killed or injured in the shelling of the camp.", "shelling", []),
        # the wounded named first, then the casualties: the casualties are the dead
        ("Tens of injuries and casualties in the ranks of the army in the battle for the hill.", "battle", [(1, None)]),
        # words that say someone died
        ("Deadly car bomb blast hits the crossing.", "car bomb", [(1, None)]),
        ("The attack on the village ends in executions of prisoners.", "attack", [(1, None)]),
    ],
)
def test_casualties_deaths_without_a_number(nlp, text, trigger, deaths):
    claims = _claims(nlp, text, trigger)
    assert _figures(claims, "fatalities") == deaths
    for claim in claims:
        if claim.kind == "fatalities" and claim.value_high is None:
            assert UNCOUNTED_HEDGE in claim.hedge


@pytest.mark.parametrize(
    "text, trigger, not_actors",
    [
        ("Warplanes struck the market of Kafr Batna.", "struck", {"Warplanes"}),
        ("Helicopters dropped barrel bombs on Talbiseh.", "dropped", {"Helicopters"}),
        ("Rebels clashed with the army in the countryside of Hama.", "clashed", {"Hama"}),
        ("Gunmen attacked a checkpoint in Daraya.", "attacked", {"Daraya"}),
        ("Government troops shell Kafr Hamra and target Anadan.", "shell", {"Kafr Hamra", "Anadan"}),
        ("Heavy shelling on Tell Rifaat in the northern countryside.", "shelling", {"Tell Rifaat"}),
    ],
)
def test_casualties_actors_are_not_places_or_weapons(nlp, text, trigger, not_actors):
    claims = _claims(nlp, text, trigger)
    actors = {c.value_text for c in claims if c.kind in ("actor1", "actor2")}
    assert not actors & not_actors
    if "Warplanes" in not_actors or "Helicopters" in not_actors:
        assert any(c.kind == "weapon" for c in claims)  # the weapon stays recorded as a weapon claim


@pytest.mark.parametrize(
    "text, trigger, deaths, running",
    [
        # a toll over a period counts other events too: kept, marked, and left out of the event's figures
        ("More casualties raise the death toll of mines to 50 in Al-Raqqah city in a month.", "mines", [(50, 50)], [True]),
        ("A week of clashes kills about 170 civilians in the Eastern Ghouta.", "clashes", [(153, 187)], [True]),
        ("30 casualties and tens of injuries in 4 days of shelling on the Eastern Ghouta.", "shelling", [(30, 30)], [True]),
        ("The battle leaves 59 civilians dead this week.", "battle", [(59, 59)], [True]),
        # the event's own count beside the running total it raises
        ("The death of 12 members of the regime forces in the east of Daraa raises to about 80 the number of their "
         "casualties since the start of clashes.", "death", [(0, 88), (12, 12)], [True, False]),
        ("10 days of battles and shelling kill more than 340 fighters near the airbase.", "battles", [(341, None)], [True]),
        ("The SDF lost ground and 100 fighters were killed in recent days.", "lost", [(100, 100)], [True]),
        # a day's toll over the country, and its parts
        ("135 people were killed yesterday, including 35 members of the regime forces and 46 civilians.", "killed",
         [(35, 35), (46, 46), (135, 135)], [True, True, True]),
        # a date in the text is no period; neither is a day
        ("In a second massacre in 10 days, warplanes kill 7 persons in Khan al-Sabil.", "warplanes", [(7, 7)], [False]),
        ("Airstrikes target al-Raqqah in the last 24 hours and kill 16 persons.", "Airstrikes", [(16, 16)], [False]),
        ("The death toll of the car bomb at the checkpoint rose to 41.", "car", [(41, 41)], [False]),
        # a toll update beside the event's own death, told without a number
        ("A civilian was killed by border guards near the town, which raises to about 355 the number of persons killed "
         "by the guards.", "killed", [(319, 391)], [True]),
        # the event's own toll, raised by its new deaths
        ("The death of more citizens raises the death toll to 11 at least in the explosion.", "explosion", [(11, None)], [False]),
    ],
)
def test_casualties_running_totals(nlp, text, trigger, deaths, running):
    claims = sorted((c for c in _claims(nlp, text, trigger) if c.kind == "fatalities" and c.value_low != 1),
                    key=lambda c: c.value_low)
    assert [(c.value_low, c.value_high) for c in claims] == deaths
    assert [CUMULATIVE_HEDGE in (c.hedge or "") for c in claims] == running


@pytest.mark.parametrize(
    "text, trigger, deaths",
    [
        ("At least 32 casualties and injuries in the air raids on the outskirts of the capital.", "raids", [(1, None)]),
        ("More than 20 casualties and wounded in the rocket shelling of the town.", "shelling", [(1, None)]),
        ("Iran confirms 4 commandos killed in the fighting.", "fighting", [(4, 4)]),
        ("140 shells target eastern Aleppo and 11 killed in western Aleppo.", "shells", [(11, 11)]),
        ("Militants stone a man to death in the square.", "stone", [(1, None)]),
        ("A soldier lost his life in the attack on the checkpoint.", "attack", [(1, None)]),
        ("The massacre claims the lives of 8 persons at least in the south.", "massacre", [(8, None)]),
    ],
)
def test_casualties_headline_counts(nlp, text, trigger, deaths):
    assert _figures(_claims(nlp, text, trigger), "fatalities") == deaths


def test_casualties_toll_of_the_operation_reported_is_no_running_total(nlp):
    text = "The SDF resumed their advance near al-Baghuz. At least 18 of them had been killed since the resumption of the operation."
    (claim,) = [c for c in _claims(nlp, text, "advance") if c.kind == "fatalities"]
    assert (claim.value_low, claim.value_high) == (18, None) and CUMULATIVE_HEDGE not in (claim.hedge or "")


@pytest.mark.parametrize(
    "text, trigger, deaths",
    [
        # the noun form of a toll update, and a toll the parse attaches elsewhere
        ("25 shells target the town with the rise of the death toll to 8 in the shelling.", "shells", [(8, 8)]),
        ("Renewed shelling east of the capital and the camp death toll rises to 7 today.", "shelling", [(7, 7)]),
    ],
)
def test_casualties_toll_update_wordings(nlp, text, trigger, deaths):
    assert _figures(_claims(nlp, text, trigger), "fatalities") == deaths


def test_casualties_running_total_is_no_count_of_the_event(nlp):
    # the event's own deaths are told without a number beside a toll over 9 days: the death still counts
    text = "A car bomb targets the soldiers in the town killing and injuring tens of them and raises the death toll to 50 in 9 days of clashes."
    claims = [c for c in _claims(nlp, text, "car bomb") if c.kind == "fatalities"]
    assert [(c.value_low, c.value_high) for c in claims if CUMULATIVE_HEDGE not in (c.hedge or "")] == [(1, None)]
    assert any(CUMULATIVE_HEDGE in (c.hedge or "") for c in claims)


@pytest.mark.parametrize(
    "text, trigger, deaths",
    [
        # SOHR writes "casualties" for the dead ("4 casualties and several wounded"): its counts are deaths
        ("7 casualties in an airstrike on Talbiseh city in Homs.", "airstrike", [(7, 7)]),
        ("At least 5 casualties and destruction caused by bombing by warplanes on Khan Shaykhun city.", "bombing", [(5, None)]),
        ("Casualties in bombing and mine explosions in Al-Raqqah.", "bombing", [(1, None)]),
        ("Human losses in the raids on the town of Telmens.", "raids", [(1, None)]),
        ("More casualties raise the number to 10 in the hamlet after the raid.", "raid", [(10, 10)]),
        # "casualties and injuries" is SOHR's "killed and injured": one count of both
        ("18 casualties and injuries at least in bombing dozens of missiles on the city of Palmyra.", "bombing", [(1, None)]),
        ("15 casualties and injuries in an airstrike on a neighborhood of Aleppo.", "airstrike", [(0, 15)]),
        # bare "losses" may be material: not read as deaths
        ("Aerial bombardment targets Duma and losses in regime in Tartous.", "bombardment", []),
    ],
)
def test_casualties_sohr_writes_casualties_for_the_dead(nlp, text, trigger, deaths):
    assert _figures(_claims(nlp, text, trigger, publisher="SOHR"), "fatalities") == deaths


@pytest.mark.parametrize(
    "text, trigger, deaths",
    [
        ("7 casualties in an airstrike on Talbiseh city in Homs.", "airstrike", [(0, 7)]),
        ("Casualties in bombing and mine explosions in Al-Raqqah.", "bombing", []),
    ],
)
def test_casualties_other_publishers_keep_the_general_reading(nlp, text, trigger, deaths):
    assert _figures(_claims(nlp, text, trigger, publisher="Example News"), "fatalities") == deaths


@pytest.mark.parametrize(
    "publisher, dead",
    [("SOHR", True), ("Syrian Observatory for Human Rights", True), ("The Syrian Observatory for Human Rights (SOHR)", True),
     ("Syrian Observatory for Human Rights (SOHR)", True), ("Reuters", False), ("", False), (None, False)],
)
def test_casualties_publishers_that_write_casualties_for_the_dead(publisher, dead):
    assert casualties_are_dead(publisher) is dead


def _uncounted_death_every_token(sentence, casualties_dead):
    """uncounted_death's token test without the word pre-filter: every token through every test."""
    from ceasefire.nlp import casualties as c

    if c._EITHER.search(sentence.text):
        return None
    apart = c.wounded_apart(sentence.text)
    for token in sentence:
        lemma, lower = token.lemma_.lower(), token.lower_
        if (lemma in c._DEATH_VERBS or lower in c._DEATH_WORDS or (apart and lemma in c.CASUALTY_NOUNS)
                or (casualties_dead and c.publisher_casualty_word(token)) or c._death_phrase(token, lemma, lower)) and not c._negated(token):
            return token
    return None


@pytest.mark.parametrize(
    "text",
    [
        "Shelling kills civilians in Idlib.",
        "Two men were stoned to death; the attack claimed the lives of others.",
        "The raid left human losses and wounded among the villagers.",
        "SOHR documented casualties in the shelling of the town.",
        "No one was killed and nobody died, officials said.",
        "Fighters lost their lives in the battle for the hill.",
        "Several people were wounded or killed in the blast.",
        "The market reopened on Sunday.",
    ],
)
@pytest.mark.parametrize("casualties_dead", [False, True])
def test_casualties_uncounted_death_prefilter_keeps_the_same_word(nlp, text, casualties_dead):
    from ceasefire.nlp.casualties import uncounted_death

    for sentence in nlp(text).sents:
        found = uncounted_death(sentence, lambda token: None, casualties_dead)
        expected = _uncounted_death_every_token(sentence, casualties_dead)
        assert (found.i if found is not None else None) == (expected.i if expected is not None else None)
