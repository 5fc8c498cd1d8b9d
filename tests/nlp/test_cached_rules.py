"""The memoised attribute ruler and lemmatizer give the packaged pipes' output, token by token."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, POS, TAG

from ceasefire.nlp.components.cached_rules import accelerate
from ceasefire.settings import Settings

TEXTS = [
    # the example article's style: monitors' figures, attributions, Arabic place names
    "According to SOHR, 27 members of the regime forces were killed in an attack by Ansar al-Tawhid near Masasneh on Sunday.",
    "Turkish warplanes struck positions of the SDF in the countryside of al-Hasakah, killing at least 12 fighters.",
    # every multi-token rule of the packaged ruler, and one-token rules found by word, by tag and by regex
    "Y'all ain't gonna let's c'm on, we gotta go. There's nothin' left, they're done and I'm off.",
    "There are three of them; gets got; it is what it is, isn't it? Whatever he does, he'd have done it.",
    "   Spaces,\n\nnewlines\tand    tabs are tokens too … and so is an ellipsis…like this.",
    "SHELLING KILLS 5 IN IDLIB -- Rebels said the army had shelled the town; the army denied it.",
]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, NORM]


@pytest.fixture(scope="module")
def pipelines() -> tuple[spacy.Language, spacy.Language]:
    model = Settings().spacy_model
    return spacy.load(model), accelerate(spacy.load(model))


def test_cached_rules_keep_pipe_names(pipelines) -> None:
    packaged, cached = pipelines
    assert cached.pipe_names == packaged.pipe_names
    assert cached.get_pipe_meta("attribute_ruler").factory == "ceasefire_cached_attribute_ruler"
    assert cached.get_pipe_meta("lemmatizer").factory == "ceasefire_cached_lemmatizer"


def test_cached_rules_accelerate_twice_is_a_no_op(pipelines) -> None:
    _, cached = pipelines
    assert accelerate(cached).pipe_names == cached.pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_cached_rules_same_annotations(pipelines, text: str) -> None:
    packaged, cached = pipelines
    # twice: the second pass reads the memo filled by the first
    for _ in range(2):
        expected, got = packaged(text), cached(text)
        for want, have in zip(expected, got):
            assert (have.tag_, have.pos_, str(have.morph), have.lemma_, have.dep_) == (
                want.tag_, want.pos_, str(want.morph), want.lemma_, want.dep_), have.text
        assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all()


def test_cached_rules_lemmas_outlive_a_memory_zone(pipelines) -> None:
    """The memo keeps lemma strings, not hashes: a string interned inside one zone is gone after it."""
    packaged, cached = pipelines
    text = "The Zzyqarians shelled Qqvbarville and Zzyqarians were shelling it again."
    expected = [t.lemma_ for t in packaged(text)]
    for _ in range(2):
        with cached.memory_zone():
            assert [t.lemma_ for t in cached(text)] == expected


def test_cached_rules_lemma_index_is_searched_as_sets(pipelines) -> None:
    _, cached = pipelines
    table = cached.get_pipe("lemmatizer").lemmatizer.lookups.get_table("lemma_index")
    assert table and all(isinstance(words, frozenset) for words in table.values())


# Rules the packaged model does not have, added to both pipelines: the memoised ruler must still agree when a rule
# needs the Matcher (a quantifier), sets an attribute outside the arrays it writes (NORM: per-token writes), or tests
# the word with a predicate that an empty text passes (NOT_IN, a regex matching ""), which the "plain word"
# shortcut must not read as matching every word.
EXTRA_RULES = {
    "matcher and per-token writes": [
        ([[{"LOWER": "truce", "OP": "+"}, {"LOWER": "talks"}]], {"NORM": "truce-talks"}, 0),
        ([[{"LOWER": {"REGEX": "^(?:|un)armed$"}}]], {"LEMMA": "ARMED"}, 0),
    ],
    "rules on the word or the tag": [
        ([[{"LOWER": {"REGEX": "^un"}}], [{"TAG": "VBN"}]], {"LEMMA": "UN-OR-VBN"}, 0),  # a pattern without the word
        ([[{"LOWER": {"NOT_IN": ["fled"]}, "TAG": "VBD"}]], {"LEMMA": "PAST"}, 0),  # the word and the tag: per token key
    ],
    "array writes": [
        ([[{"TAG": "NNP"}, {"LOWER": "province"}]], {"LEMMA": "PROVINCE-NAME"}, 0),
        ([[{"TAG": "CD"}, {"LOWER": {"IN": ["people", "civilians"]}}]], {"POS": "NUM", "LEMMA": "COUNT"}, 0),
        ([[{"LOWER": {"NOT_IN": ["each"]}, "TAG": "DT"}, {"LOWER": "truce"}]], {"LEMMA": "NOT-EACH"}, 0),  # "each" is plain
    ],
}
EXTRA_TEXTS = [
    "Truce truce talks failed; unarmed and armed men fled Idlib Province after 12 civilians and 3 people died.",
    "The truce talks in Hama province ended. Armed groups shelled Daraa Province; five people were killed.",
    "Each truce failed. Every truce fails. They had fled and were wounded.",
]


@pytest.fixture(scope="module", params=sorted(EXTRA_RULES))
def extended_pipelines(request) -> tuple[spacy.Language, spacy.Language]:
    model = Settings().spacy_model
    packaged, cached = spacy.load(model), spacy.load(model)
    for nlp in (packaged, cached):
        for patterns, attrs, index in EXTRA_RULES[request.param]:
            nlp.get_pipe("attribute_ruler").add(patterns, attrs, index=index)
    return packaged, accelerate(cached)


@pytest.mark.parametrize("text", EXTRA_TEXTS + TEXTS[2:4])
def test_cached_rules_same_annotations_with_other_rules(extended_pipelines, text: str) -> None:
    packaged, cached = extended_pipelines
    for _ in range(2):
        expected, got = packaged(text), cached(text)
        assert [(t.lemma_, t.pos_, t.norm_, str(t.morph)) for t in got] == [(t.lemma_, t.pos_, t.norm_, str(t.morph)) for t in expected]
        assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all()


def test_cached_rules_other_rules_take_each_path(extended_pipelines) -> None:
    _, cached = extended_pipelines
    ruler = cached.get_pipe("attribute_ruler")
    if not ruler.from_array:  # a rule writes NORM: per-token writes; a quantifier: the Matcher
        assert ruler.has_multi and cached("They were unarmed.")[2].lemma_ == "ARMED"
    elif ruler.every_word_special:  # a rule tests the word or the tag alone: no word is plain
        assert cached("They had fled.")[2].lemma_ == "UN-OR-VBN"
    else:  # the sequences are evaluated here, and a word test that an empty text passes does not match plain words
        assert not ruler.has_multi and any(s.on_word for s in ruler.sequences) and any(t("") for t in ruler.word_tests)
        assert [t.lemma_ for t in cached("Each truce failed. Every truce fails.")][:2] == ["each", "truce"]
