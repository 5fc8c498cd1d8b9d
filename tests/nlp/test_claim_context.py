"""The claim context works each sentence's attribution, hedge, dates and weapons out once, when first asked for."""

from datetime import date

import pytest

from ceasefire.models import Document
from ceasefire.nlp.actors import ActorDictionary
from ceasefire.nlp.attribution import disputes_previous, find_attribution, sentence_hedge
from ceasefire.nlp.claim_context import PerSentence, claim_context
from ceasefire.nlp.dates import find_dates
from ceasefire.nlp.weapons import find_weapons

TEXT = (
    "According to the Syrian Observatory, regime warplanes reportedly killed 12 civilians on Sunday.\n\n"
    "This number seems to be exaggerated, a military source told SouthFront.  The shelling of 3 March went on.\n"
    "Rebels fired mortars at the town yesterday."
)


def test_claim_context_per_sentence_computes_once_when_read():
    calls = []
    values = PerSentence(lambda i: calls.append(i) or i * 10, 3)
    assert calls == [] and len(values) == 3
    assert (values[2], values[2], values[0], values[-1]) == (20, 20, 0, 20)
    assert calls == [2, 0]


@pytest.mark.parametrize("published", [date(2019, 3, 5), None])
def test_claim_context_lazy_values_match_the_sentence_functions(nlp, published):
    document = Document(id="t", text=TEXT, published=published, publisher="Example News")
    doc = nlp(TEXT)
    ctx = claim_context(doc, document, ActorDictionary.load())
    sentences = list(doc.sents)
    assert len(ctx.texts) == len(sentences) > 2
    for i, sentence in enumerate(sentences):
        assert ctx.texts[i] == sentence.text
        assert ctx.attributions[i] == find_attribution(sentence)
        assert ctx.hedges[i] == sentence_hedge(sentence)
        assert ctx.disputes[i] == (disputes_previous(sentences[i + 1]) if i + 1 < len(sentences) else None)
        assert ctx.dates_in(i) == find_dates(sentence.text, published)
        assert ctx.weapons[i] == find_weapons(sentence.text)
    assert ctx.disputes[0] == "disputed by a military source via SouthFront"


def test_claim_context_reads_the_parse_when_the_text_differs(nlp):
    doc = nlp(TEXT)
    document = Document(id="t", text=TEXT + " A last sentence.", published=date(2019, 3, 5), publisher="Example News")
    ctx = claim_context(doc, document, ActorDictionary.load())
    assert [ctx.texts[i] for i in range(len(ctx.texts))] == [s.text for s in doc.sents]
