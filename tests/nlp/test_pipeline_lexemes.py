"""The vocabulary's lexical attributes, remembered across memory zones: the values spaCy's getters give."""

from __future__ import annotations

import pickle

import pytest
import spacy

from ceasefire.nlp.pipeline import LexemeAttributes, memoise_lexeme_attributes
from ceasefire.settings import Settings

TEXTS = [
    "According to SOHR, 27 members of the regime forces were killed near Masasneh on Sunday (sohr.org, info@sohr.org).",
    "SHELLING KILLS 5 IN IDLIB -- Rebels said the army hadn't shelled the town; twenty-one 3,000 1/2 $5 €3 “quoted” [x] {y}",
    "Ḥamāh, Zürich and Dar'a: ١٢ قتيلا في حماة; ½ ⅓ — … 'tis y'all ain't gonna C'mon!",
]


@pytest.fixture(scope="module")
def pipelines() -> tuple[spacy.Language, spacy.Language]:
    model = Settings().spacy_model
    return spacy.load(model), memoise_lexeme_attributes(spacy.load(model), limit=40)


def _lexical(nlp: spacy.Language, text: str) -> list[tuple]:
    attrs = sorted(nlp.vocab.lex_attr_getters)
    return [tuple(t.doc.to_array(attrs)[t.i].tolist()) + (t.norm_, t.shape_, t.prefix_, t.suffix_, t.lang_) for t in nlp.make_doc(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_pipeline_lexemes_same_attributes_in_and_across_zones(pipelines, text: str) -> None:
    packaged, remembered = pipelines
    expected = _lexical(packaged, text)
    for _ in range(3):  # made, remembered, then read back in later zones (and past the limit: computed)
        with remembered.memory_zone():
            assert _lexical(remembered, text) == expected
    assert _lexical(remembered, text) == expected  # outside any zone too


def test_pipeline_lexemes_bounded_and_applied_once(pipelines) -> None:
    _, remembered = pipelines
    getters = remembered.vocab.lex_attr_getters
    memo = next(iter(getters.values())).owner
    assert isinstance(memo, LexemeAttributes) and 0 < len(memo.values) <= memo.limit == 40
    assert memoise_lexeme_attributes(remembered).vocab.lex_attr_getters is getters
    assert pickle.loads(pickle.dumps(getters))  # a vocab with them still pickles
