"""The event classifier: one snippet or sentence in, a CASE 2021 code and a confidence out.

Word and character n-gram TF-IDF features, codebook cue indicators, codebook
features for look-alike labels and protest relations (who used force against
whom, ``codebook_features.py``) and, when the MiniLM
weights are installed, static MiniLM sentence vectors (``embeddings.py``) feed
a logistic regression; its decision scores become probabilities through a
softmax whose temperature is fitted on held-out folds (see ``train.py``), so ``confidence``
reads as the chance the label is right. Trained with scikit-learn: no torch, nothing downloaded. The fitted
model lives in the cache (built by ``ceasefire build-assets``), never in git.

Predictions do not run scikit-learn: ``LinearModel`` holds the fitted pipeline's feature blocks
(TF-IDF as ``tfidf.TfidfFeatures``) and the logistic regression's weights, and computes the same
scores bit for bit. The model file holds that plain model first and the scikit-learn pipeline after
it (two pickles, one memo), so a Dask worker loads the first and never imports scikit-learn
(about 1.6 CPU-s of ``scipy.stats`` docstring parsing).
"""

from __future__ import annotations

import logging
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import ModelError
from ..settings import Settings
from .codebook_features import FEATURE_NAMES as CODEBOOK_FEATURE_NAMES
from .codebook_features import RELATION_NAMES, CodebookFeatures, ProtestRelationFeatures
from .cues import FEATURE_NAMES, CueFeatures, IndicatorFeatures
from .embeddings import StaticEmbeddings
from .rules import apply_codebook_rules
from .taxonomy import EventLabel, label_for
from .tfidf import TfidfFeatures

log = logging.getLogger(__name__)

MODEL_DIR = "event_classifier"
MODEL_FILE = "model.pkl"
# Bump when the features or estimator change, so stale caches are rebuilt.
MODEL_FORMAT = "ceasefire.event_classifier.v6"


# Weights of the feature blocks next to the unit-norm TF-IDF rows, chosen by 5-fold CV on dev over fold seeds 13, 1, 2
# and checked on seeds 3-6 (docs/nlp-typing.md).
CODEBOOK_WEIGHT = 0.6
RELATION_WEIGHT = 0.3
EMBEDDING_WEIGHT = 0.56
LEAD_WEIGHT = 0.7

# Where a snippet's second sentence starts: end punctuation, space, then a capital or a quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c])")


def lead_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it is one sentence)."""
    return _SENTENCE_BREAK.split(text, maxsplit=1)[0]


class EmbeddingFeatures:
    """A scikit-learn transformer: the static MiniLM vector of each text, scaled by ``weight``.

    ``with_max`` adds max pooling to the mean; ``lead_only`` embeds the first
    sentence alone. News snippets tell the event first and add context after
    (a protest's cause, an earlier attack), which blurs the whole-snippet vector.
    """

    def __init__(self, embeddings: StaticEmbeddings, weight: float = EMBEDDING_WEIGHT, with_max: bool = True, lead_only: bool = False) -> None:
        self.embeddings = embeddings
        self.weight = weight
        self.with_max = with_max
        self.lead_only = lead_only

    def fit(self, texts: Any, y: Any = None) -> "EmbeddingFeatures":
        return self

    def transform(self, texts: Any) -> Any:
        from scipy import sparse

        texts = [lead_sentence(t) for t in texts] if self.lead_only else list(texts)
        return sparse.csr_matrix(self.embeddings.embed(texts, with_max=self.with_max) * self.weight)

    def fit_transform(self, texts: Any, y: Any = None) -> Any:
        return self.transform(texts)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"embeddings": self.embeddings, "weight": self.weight, "with_max": self.with_max, "lead_only": self.lead_only}

    def set_params(self, **params: Any) -> "EmbeddingFeatures":
        for key, value in params.items():
            setattr(self, key, value)
        return self


def make_estimator(c: float = 20.0, cue_weight: float = 0.3, embeddings: StaticEmbeddings | None = None) -> Any:
    """The untrained scikit-learn pipeline: TF-IDF, cues, codebook features [, static embeddings] -> logistic regression.

    The cue weight (0.3), C and the solver were chosen by 5-fold cross-validation
    on the CASE 2021 dev set over three fold seeds (see docs/nlp-typing.md):
    logistic regression beat a linear SVM by 0.02 weighted F1 on each seed;
    the SAGA solver with a loose tolerance trains in seconds.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, strip_accents="unicode")),
            ("cues", CueFeatures(cue_weight)),
            ("codebook", CodebookFeatures(CODEBOOK_WEIGHT)),
            ("relations", ProtestRelationFeatures(RELATION_WEIGHT)),
        ]
        + (
            [("embeddings", EmbeddingFeatures(embeddings)), ("lead_embeddings", EmbeddingFeatures(embeddings, LEAD_WEIGHT, with_max=False, lead_only=True))]
            if embeddings is not None
            else []
        )
    )
    model = LogisticRegression(C=c, solver="saga", max_iter=200, tol=1e-3, class_weight="balanced", random_state=0)
    return Pipeline([("features", features), ("model", model)])


@dataclass(frozen=True)
class Prediction:
    code: str
    confidence: float

    @property
    def label(self) -> EventLabel:
        return label_for(self.code)


class LinearModel:
    """The fitted pipeline without scikit-learn: its feature blocks, then the logistic regression's weights.

    ``decision_function`` builds the same sparse matrix as the pipeline's ``FeatureUnion`` (the blocks
    side by side, in order) and multiplies it the same way (scipy's CSR times dense product), so the
    scores equal ``estimator.decision_function`` exactly.
    """

    def __init__(self, blocks: Sequence[Any], coef: np.ndarray, intercept: np.ndarray, classes: Sequence[str]) -> None:
        self.blocks = list(blocks)
        # kept as given (not a transposed copy): pickled beside the estimator, it is then written once
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.classes = tuple(classes)  # as scikit-learn gives them (numpy strings), so labels compare and print as before

    @classmethod
    def from_estimator(cls, estimator: Any) -> "LinearModel":
        """The plain model of a fitted ``make_estimator`` pipeline; ``ModelError`` for a pipeline of another shape."""
        steps = getattr(estimator, "steps", None)
        if not steps or len(steps) != 2 or not hasattr(steps[0][1], "transformer_list") or not hasattr(steps[1][1], "coef_"):
            raise ModelError("event classifier: expected a fitted features -> logistic regression pipeline")
        union, regression = steps[0][1], steps[1][1]
        if union.transformer_weights is not None:
            raise ModelError("event classifier: weighted feature blocks are not supported")
        blocks: list[Any] = []
        for name, transformer in union.transformer_list:
            if hasattr(transformer, "vocabulary_"):
                blocks.append(TfidfFeatures.from_vectorizer(transformer))
            elif isinstance(transformer, (IndicatorFeatures, EmbeddingFeatures)):
                blocks.append(transformer)
            else:
                raise ModelError(f"event classifier: feature block {name!r} ({type(transformer).__name__}) has no plain equivalent")
        if regression.coef_.ndim != 2 or regression.coef_.shape[0] != len(regression.classes_):
            raise ModelError("event classifier: expected one weight row per class")
        return cls(blocks, regression.coef_, regression.intercept_, regression.classes_)

    def features(self, texts: Sequence[str]) -> Any:
        from scipy import sparse

        return sparse.hstack([block.transform(texts) for block in self.blocks]).tocsr()

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        return self.features(list(texts)) @ self.coef.T + self.intercept


class EventClassifier:
    """A fitted estimator plus the temperature that calibrates its probabilities.

    Loaded from a file, the scikit-learn estimator is read only when asked for (``estimator``);
    predictions use ``model``, its plain equivalent.
    """

    def __init__(self, estimator: Any, temperature: float = 1.0, info: dict[str, Any] | None = None) -> None:
        self._estimator = estimator
        self._path: Path | None = None
        self.model = LinearModel.from_estimator(estimator)
        self.temperature = temperature
        self.info = dict(info or {})

    @property
    def estimator(self) -> Any:
        """The scikit-learn pipeline (read from the model file on first use when the classifier was loaded)."""
        if self._estimator is None and self._path is not None:
            self._estimator = _read(self._path, with_estimator=True)[1]
        return self._estimator

    @property
    def codes(self) -> tuple[str, ...]:
        return self.model.classes

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, one row per text, columns in ``codes`` order."""
        scores = self.model.decision_function(list(texts)) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def ruled_probabilities(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities after the codebook rules (``rules.py``: ruled-out labels get 0), and the best label index per text."""
        probs = self.probabilities(texts)
        return probs, apply_codebook_rules(list(texts), probs, self.codes)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        probs, best = self.ruled_probabilities(texts)
        codes = self.codes
        return [Prediction(codes[i], float(probs[row, i])) for row, i in enumerate(best)]

    def save(self, path: Path) -> None:
        """The plain model first, the scikit-learn pipeline second, with one pickle memo (shared blocks are written once)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dump({"format": MODEL_FORMAT, "model": self.model, "temperature": self.temperature, "info": self.info})
            pickler.dump(self.estimator)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "EventClassifier":
        """The classifier of a model file, without its scikit-learn estimator (read on first use of ``estimator``)."""
        payload, _ = _read(path, with_estimator=False)
        info = payload.get("info") or {}
        if info.get("cues") != list(FEATURE_NAMES) or info.get("codebook_features") != list(CODEBOOK_FEATURE_NAMES + RELATION_NAMES):
            raise ModelError(f"{path}: event classifier built with other codebook cues; rebuild it with `ceasefire train --force`")
        classifier = cls.__new__(cls)
        classifier._estimator, classifier._path = None, path
        classifier.model, classifier.temperature, classifier.info = payload["model"], payload["temperature"], info
        return classifier


def _read(path: Path, with_estimator: bool) -> tuple[dict[str, Any], Any]:
    """The model file's header (format, plain model, temperature, info) and, if asked, the scikit-learn estimator."""
    if not path.is_file():
        raise ModelError(f"event classifier not found at {path}; build it with `ceasefire build-assets` (or `ceasefire train`)")
    try:
        with path.open("rb") as handle:
            unpickler = pickle.Unpickler(handle)
            payload = unpickler.load()
            if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
                raise ModelError(f"{path}: event classifier of an older format; rebuild it with `ceasefire train --force`")
            estimator = unpickler.load() if with_estimator else None
    except ModelError:
        raise
    except Exception as exc:  # a truncated or foreign pickle can raise almost anything
        raise ModelError(f"{path}: unreadable event classifier ({exc}); rebuild it with `ceasefire train --force`") from exc
    return payload, estimator


def model_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / MODEL_DIR / MODEL_FILE


_LOADED: dict[Path, EventClassifier] = {}


def load_classifier(settings: Settings) -> EventClassifier:
    """The trained classifier from the cache (loaded once per process); ``ModelError`` when it is missing."""
    path = model_path(settings)
    if path not in _LOADED:
        _LOADED[path] = EventClassifier.load(path)
    return _LOADED[path]
