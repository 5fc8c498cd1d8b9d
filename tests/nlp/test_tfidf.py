"""TF-IDF without scikit-learn: the same matrices, bit for bit, as the fitted ``TfidfVectorizer`` it copies."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from ceasefire.errors import ModelError
from ceasefire.nlp.tfidf import TfidfFeatures, char_wb_ngrams

CORPUS = [
    "Warplanes struck the town of Kafr Nabudah, killing 12 civilians.",
    "Syrian government forces recaptured the village from ISIS fighters.",
    "Protesters marched in Bamako; police fired tear gas at the crowd.",
    "A roadside bomb exploded near a military convoy, wounding three soldiers.",
    "Rebels and the army signed a ceasefire agreement in the capital.",
    "Des manifestants à Bamako: naïve café Ĥamā, the crowd dispersed.",
    "Clashes erupted in Deir Ezzor city between the SDF and ISIS.",
    "Police arrested an opposition leader at his home on Tuesday.",
]
TEXTS = CORPUS + [
    "",
    "   ",
    "a I x",
    "Ça été brûlé à Kyiv — ﬁre at the ﬁeld",
    "Warplanes  struck\tthe\ntown  twice;   warplanes again",
    "unseen vocabulary only: zyzzyva quokka",
    "the the the the town town",
]
SETTINGS = {
    "word": dict(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode"),
    "char_wb": dict(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, strip_accents="unicode"),
}


@pytest.fixture(scope="module", params=list(SETTINGS))
def fitted(request):
    vectorizer = TfidfVectorizer(**SETTINGS[request.param]).fit(CORPUS)
    return vectorizer, TfidfFeatures.from_vectorizer(vectorizer)


def test_tfidf_equals_scikit_learn_bit_for_bit(fitted):
    vectorizer, features = fitted
    expected, found = vectorizer.transform(TEXTS), features.transform(TEXTS)
    assert found.shape == expected.shape
    assert np.array_equal(found.indptr, expected.indptr)
    assert np.array_equal(found.indices, expected.indices)
    assert np.array_equal(found.data, expected.data)  # exact, not close: the classifier's scores must not move


@pytest.mark.parametrize("text", TEXTS)
def test_tfidf_one_text_equals_its_row_in_a_batch(fitted, text):
    _, features = fitted
    assert np.array_equal(features.transform([text]).toarray()[0], features.transform(TEXTS).toarray()[TEXTS.index(text)])


def test_tfidf_survives_pickling_with_a_fresh_word_memo(fitted):
    _, features = fitted
    features.transform(TEXTS)
    copy = pickle.loads(pickle.dumps(features))
    assert "_word_columns" not in features.__getstate__()
    assert np.array_equal(copy.transform(TEXTS).toarray(), features.transform(TEXTS).toarray())


@pytest.mark.parametrize("word", ["a", "ab", "abc", "abcd", "abcdef", "warplanes"])
def test_tfidf_char_wb_ngrams_match_scikit_learn(word):
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert char_wb_ngrams(word, 2, 5) == analyzer(word)


@pytest.mark.parametrize(
    "settings",
    [dict(binary=True), dict(norm="l1"), dict(sublinear_tf=False), dict(analyzer="char"), dict(lowercase=False), dict(ngram_range=(2, 3))],
)
def test_tfidf_refuses_settings_it_does_not_reproduce(settings):
    vectorizer = TfidfVectorizer(**{**SETTINGS["word"], **settings}).fit(CORPUS)
    with pytest.raises(ModelError, match="not supported|must start"):
        TfidfFeatures.from_vectorizer(vectorizer)
