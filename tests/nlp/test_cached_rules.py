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
