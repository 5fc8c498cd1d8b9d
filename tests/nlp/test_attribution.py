import pytest

from ceasefire.nlp.attribution import disputes_previous, find_attribution, sentence_hedge


@pytest.mark.parametrize(
    "sentence, label, hedge",
    [
        ("A military source told SouthFront that more than 16 SAA soldiers were killed in the attack.", "A military source via SouthFront", None),
        ("According to the Syrian Observatory for Human Rights (SOHR), over 52,000 people had withdrawn.", "the Syrian Observatory for Human Rights (SOHR)", None),
        ("Pro-militant sources revealed that civilians received warnings.", "Pro-militant sources", None),
        ("Pro-government sources speculated that the advance is imminent.", "Pro-government sources", "speculated"),
        ("The Syrian Observatory said that 12 fighters were killed.", "The Syrian Observatory", None),
        ("Local activists claimed that the army used barrel bombs.", "Local activists", "claimed"),
    ],
)
def test_attribution_sources(nlp, sentence, label, hedge):
    attribution = find_attribution(nlp(sentence)[:])
    assert attribution is not None
    assert attribution.label == label
    assert attribution.hedge == hedge
    assert sentence[attribution.start : attribution.end] == attribution.source


@pytest.mark.parametrize("sentence", ["Ansar al-Tawhid attacked SAA positions.", "It said nothing."])
def test_attribution_none_without_a_speaker(nlp, sentence):
    assert find_attribution(nlp(sentence)[:]) is None


@pytest.mark.parametrize(
    "sentence, hedge",
    [
        ("The number of ISIS members was estimated somewhere between 250 and 300.", "estimated"),
        ("Five civilians were reportedly killed.", "reportedly"),
        ("The report could not be independently verified.", "unconfirmed"),
        ("Six soldiers were killed in the attack.", None),
    ],
)
def test_attribution_hedges(nlp, sentence, hedge):
    assert sentence_hedge(nlp(sentence)[:]) == hedge


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        ("Taking into account the pre-war density of population in this area, this number seems to be overestimated.", "disputed by the author"),
        ("The government said these figures were exaggerated.", "disputed by The government"),
        ("The number rose during the night.", None),
    ],
)
def test_attribution_dispute_in_following_sentence(nlp, sentence, verdict):
    assert disputes_previous(nlp(sentence)[:]) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "The toll, ESTIMATED at 40, was REPORTEDLY higher.",
        "Rebels allegedly shelled the town; the claim could not be independently verified.",
        "The ministry denied this figure, calling it inflated.",
        "THESE NUMBERS ARE DISPUTED BY THE ARMY.",
        "Officials speculated about the attack near Ḥamā, possibly by drones.",  # non-ASCII: scanned as written
        "Nothing hedged here.",
    ],
)
def test_attribution_hedges_same_with_and_without_lower_case_scans(nlp, text, monkeypatch):
    from ceasefire.nlp import attribution

    sentence = next(nlp(text).sents)
    fast = (attribution.sentence_hedge(sentence, text), attribution.disputes_previous(sentence, text))
    for pattern in (*(p for p, _ in attribution.HEDGE_WORDS), attribution._DISPUTE, attribution._BACK_REFERENCE):
        monkeypatch.setattr(pattern, "lowered", None)
    assert (attribution.sentence_hedge(sentence, text), attribution.disputes_previous(sentence, text)) == fast
