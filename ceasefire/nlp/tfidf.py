"""A fitted scikit-learn ``TfidfVectorizer``'s ``transform`` without scikit-learn, equal to it bit for bit.

The event typer classifies a few thousand candidate sentences per worker; its
cost was scikit-learn's machinery, not arithmetic: the character n-grams of
each word rebuilt in Python loops for every sentence, a dictionary lookup per
n-gram, and importing scikit-learn at all (its import pulls in ``scipy.stats``:
about 1.6 CPU-s per Dask worker). ``TfidfFeatures`` keeps the fitted
vocabulary and idf weights and computes the same matrix:

* the same analysis (lower case, ``strip_accents="unicode"``, the word
  ``token_pattern`` and n-grams, or ``char_wb`` n-grams padded per word), with
  each word's character n-gram columns remembered, since words repeat;
* the same arithmetic in the same order on the same sorted CSR rows: counts,
  ``log(count) + 1``, times idf, then each row divided by the square root of its
  sum of squares, summed left to right as scikit-learn's ``_inplace_csr_row_normalize_l2`` does.

Only the configurations the classifier uses are supported; ``from_vectorizer``
refuses others, so a change to ``make_estimator`` fails at build time, not silently.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np

from ..errors import ModelError
from .memo import BoundedMemo

if TYPE_CHECKING:
    from scipy import sparse

# scikit-learn's whitespace collapse before character n-grams (``_VectorizerMixin._white_spaces``).
_WHITE_SPACES = re.compile(r"\s\s+")
# Words whose character n-gram columns are remembered; cleared when full (a worker meets tens of thousands).
WORD_MEMO_SIZE = 1 << 14  # a few MB at most per worker: the peak RSS target leaves little room

_SUPPORTED = {
    "binary": False, "decode_error": "strict", "dtype": np.float64, "encoding": "utf-8", "input": "content", "lowercase": True,
    "norm": "l2", "preprocessor": None, "stop_words": None, "strip_accents": "unicode", "sublinear_tf": True, "tokenizer": None,
    "use_idf": True, "vocabulary": None,
}


def strip_accents_unicode(text: str) -> str:
    """scikit-learn's ``strip_accents_unicode``: NFKD, then combining marks dropped (ASCII text unchanged)."""
    if text.isascii():
        return text
    normalized = unicodedata.normalize("NFKD", text)
    return "".join([c for c in normalized if not unicodedata.combining(c)])


def char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """scikit-learn's ``_char_wb_ngrams`` for one whitespace-free word: n-grams of `` word ``, a short word once."""
    padded = " " + word + " "
    length = len(padded)
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        if length <= n:  # the padded word itself, once, not again for longer n
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(length - n + 1)]
    return grams


class TfidfFeatures:
    """``TfidfVectorizer.transform`` of a fitted vectorizer (``analyzer`` "word" or "char_wb"), as a plain object."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, analyzer: str, ngram_range: tuple[int, int], token_pattern: str) -> None:
        if analyzer not in ("word", "char_wb"):
            raise ModelError(f"TF-IDF features: analyzer {analyzer!r} is not supported (word or char_wb)")
        # the fitted vectorizer's own objects (not copies): pickled beside it, they are written once
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float64)
        self.analyzer = analyzer
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.token_pattern = token_pattern
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._tokens = re.compile(self.token_pattern)
        if self._tokens.groups > 1:
            raise ModelError(f"TF-IDF features: token pattern {self.token_pattern!r} has more than one group")
        self._word_columns: BoundedMemo[str, list[int]] = BoundedMemo(WORD_MEMO_SIZE)

    @classmethod
    def from_vectorizer(cls, vectorizer: Any) -> "TfidfFeatures":
        """The plain equivalent of a fitted ``TfidfVectorizer``; ``ModelError`` for settings it does not reproduce."""
        params = vectorizer.get_params()
        for name, expected in _SUPPORTED.items():
            if params.get(name) != expected:
                raise ModelError(f"TF-IDF features: {name}={params.get(name)!r} is not supported (only {expected!r})")
        ngram_range = params["ngram_range"]
        if params["analyzer"] == "word" and ngram_range[0] != 1:
            raise ModelError(f"TF-IDF features: word n-grams must start at 1, not {ngram_range[0]}")
        return cls(vectorizer.vocabulary_, vectorizer.idf_, params["analyzer"], ngram_range, params["token_pattern"])

    # Pickled with the classifier; the word memo and the compiled pattern are rebuilt on load.
    def __getstate__(self) -> dict[str, Any]:
        return {"vocabulary": self.vocabulary, "idf": self.idf, "analyzer": self.analyzer, "ngram_range": self.ngram_range, "token_pattern": self.token_pattern}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._init_runtime()

    @property
    def size(self) -> int:
        return len(self.idf)

    def _preprocess(self, text: str) -> str:
        return strip_accents_unicode(text.lower())

    def columns(self, text: str) -> list[int]:
        """The vocabulary column of every in-vocabulary term of ``text``, repeated as often as it occurs."""
        text = self._preprocess(text)
        vocabulary = self.vocabulary
        if self.analyzer == "word":
            tokens = self._tokens.findall(text)
            terms = list(tokens)
            for n in range(2, min(self.ngram_range[1], len(tokens)) + 1):
                terms.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
            return [c for c in map(vocabulary.get, terms) if c is not None]
        memo = self._word_columns
        found: list[int] = []
        for word in _WHITE_SPACES.sub(" ", text).split():
            known = memo.get(word)
            if known is None:
                known = memo.put(word, [c for c in map(vocabulary.get, char_wb_ngrams(word, *self.ngram_range)) if c is not None])
            found.extend(known)
        return found

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The count matrix, rows in text order, each row's columns sorted (``CountVectorizer.transform``)."""
        from scipy import sparse

        width = self.size
        columns_found: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for row, text in enumerate(texts):
            found = self.columns(text)
            columns_found.extend(found)
            lengths[row] = len(found)
        # one key per (row, column) occurrence: sorting them sorts by row, then column; runs are the counts
        keys = np.repeat(np.arange(len(texts), dtype=np.int64) * width, lengths) + np.asarray(columns_found, dtype=np.int64)
        unique, counts = np.unique(keys, return_counts=True)
        rows = unique // width
        indptr = np.zeros(len(texts) + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        columns = (unique - rows * width).astype(np.int32)
        return sparse.csr_matrix((counts.astype(np.float64), columns, indptr), shape=(len(texts), width))

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """The TF-IDF rows of ``texts``: sublinear tf, times idf, L2-normalised, as the fitted vectorizer gives them."""
        matrix = self.counts(list(texts))
        data = matrix.data
        np.log(data, data)
        data += 1.0
        data *= self.idf[matrix.indices]
        normalise_rows_l2(matrix)
        return matrix


def normalise_rows_l2(matrix: sparse.csr_matrix) -> None:
    """Divide each row by its L2 norm in place; the squares are summed left to right, as scikit-learn does (rows of zeros stay)."""
    data, indptr = matrix.data, matrix.indptr
    squares = data * data
    norms = np.ones(len(indptr) - 1)
    for row in range(len(indptr) - 1):
        start, end = indptr[row], indptr[row + 1]
        if end > start:
            total = float(np.cumsum(squares[start:end])[-1])  # a running sum: the order of a sequential loop
            if total != 0.0:
                norms[row] = np.sqrt(total)
    data /= np.repeat(norms, np.diff(indptr))
