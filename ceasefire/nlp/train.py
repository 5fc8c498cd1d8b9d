"""Build the event classifier into the cache, and cross-validate it on the CASE 2021 dev set.

``train_classifier`` is the asset builder registered in ``ceasefire.assets``:
it skips work while the model is newer than every input (examples, dev set,
UCDP file when weak labels are on, this code). Training takes seconds on two cores.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelError
from ..settings import Settings
from .case2021 import Snippet
from .classifier import MODEL_FORMAT, EventClassifier, make_estimator, model_path
from .codebook_features import FEATURE_NAMES as CODEBOOK_FEATURE_NAMES
from .codebook_features import RELATION_NAMES
from .cues import FEATURE_NAMES
from .embeddings import StaticEmbeddings, build_static_embeddings, load_static_embeddings, static_path
from .training_data import UCDP_PATH, Example, dev_examples, dev_path, hand_examples, ucdp_examples

log = logging.getLogger(__name__)

SEED = 13


# UCDP weak labels per label: 0 leaves them out. Measured by 5-fold CV on dev
# (docs/nlp-typing.md): 40 per label cost 0.014 weighted F1, 100 cost 0.02, as
# the Syria-only headlines are noisier and narrower than the global snippets.
WEAK_LABELS_PER_LABEL = 0


def training_examples(settings: Settings, include_dev: bool = True, weak_labels_per_label: int = WEAK_LABELS_PER_LABEL) -> list[Example]:
    """Hand-written examples + (optionally) UCDP weak labels + (unless ``include_dev`` is false) the dev snippets."""
    examples = hand_examples()
    if weak_labels_per_label:
        examples += ucdp_examples(settings, per_label=weak_labels_per_label)
    if include_dev:
        examples += dev_examples(settings)
    return examples


def fit_temperature(scores: np.ndarray, gold_index: np.ndarray) -> float:
    """The softmax temperature that minimises the negative log-likelihood of held-out decisions."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.05), np.log(5.0), 60)):
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -log_probs[np.arange(len(gold_index)), gold_index].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    return best_t


def fit_classifier(examples: Sequence[Example], calibrate: bool = True, embeddings: StaticEmbeddings | None = None) -> EventClassifier:
    """Fit on ``examples``; with ``calibrate`` a 3-fold pass fits the confidence temperature first.

    ``embeddings`` (static MiniLM vectors) add a feature block; without them the model is TF-IDF and cues only.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = [e.text for e in examples]
    codes = [e.code for e in examples]
    temperature = 1.0
    if calibrate:
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)
        scores = cross_val_predict(make_estimator(embeddings=embeddings), texts, codes, cv=folds, method="decision_function")
        classes = sorted(set(codes))
        temperature = fit_temperature(scores, np.array([classes.index(c) for c in codes]))
    estimator = make_estimator(embeddings=embeddings).fit(texts, codes)
    sources: dict[str, int] = {}
    for e in examples:
        sources[e.source] = sources.get(e.source, 0) + 1
    return EventClassifier(
        estimator,
        temperature,
        {
            "examples": sources,
            "format": MODEL_FORMAT,
            "cues": list(FEATURE_NAMES),
            "codebook_features": list(CODEBOOK_FEATURE_NAMES + RELATION_NAMES),
            "embeddings": embeddings is not None,
        },
    )


def _fingerprint(settings: Settings) -> str:
    """A hash of everything the model is built from, so a changed input rebuilds it."""
    digest = hashlib.sha256(MODEL_FORMAT.encode())
    inputs = [dev_path(settings), static_path(settings)] + ([Path(settings.shared_dir) / UCDP_PATH] if WEAK_LABELS_PER_LABEL else [])
    for path in inputs:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for example in hand_examples():
        digest.update(f"{example.code}\t{example.text}\n".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "training_data.py").read_bytes())
    for module in ("classifier.py", "cues.py", "codebook_features.py", "territory.py", "embeddings.py", "data/examples.tsv"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def train_classifier(settings: Settings, force: bool = False) -> Path:
    """Asset builder: train on every source (dev set included) into the cache; skip when up to date."""
    build_static_embeddings(settings)
    path = model_path(settings)
    stamp = path.with_name("fingerprint.json")
    fingerprint = _fingerprint(settings)
    if not force and path.is_file() and stamp.is_file():
        try:
            if json.loads(stamp.read_text())["fingerprint"] == fingerprint:
                return path
        except (ValueError, KeyError):
            pass
    started = time.perf_counter()
    examples = training_examples(settings)
    if not examples:
        raise ModelError("no training examples found for the event classifier")
    classifier = fit_classifier(examples, embeddings=load_static_embeddings(settings))
    classifier.info["seconds"] = round(time.perf_counter() - started, 1)
    classifier.save(path)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, **classifier.info, "temperature": classifier.temperature}))
    log.info("event classifier trained on %s in %.1f s", classifier.info["examples"], classifier.info["seconds"])
    return path


def cross_validate(settings: Settings, snippets: Sequence[Snippet], folds: int = 5, seed: int = SEED) -> list[str]:
    """Predictions for labelled ``snippets`` from models that never saw them.

    The snippets are split into ``folds`` stratified folds; each fold is predicted
    by a model trained on the other folds plus every non-dev source. Dev snippets
    that are among ``snippets`` are never in a training set of their own fold.
    ``seed`` shuffles the folds: on 406 snippets the split alone moves weighted F1
    by about 0.03, so report several seeds.
    """
    from sklearn.model_selection import StratifiedKFold

    labels = [s.label or "" for s in snippets]
    held_ids = {s.id for s in snippets}
    # Dev examples that are not being evaluated (e.g. a different file) still help.
    build_static_embeddings(settings)
    embeddings = load_static_embeddings(settings)
    base = [e for e in training_examples(settings) if not (e.source == "dev" and e.key in held_ids)]
    counts = {label: labels.count(label) for label in set(labels)}
    # Stratify only over labels with enough members; rarer ones are spread by the shuffle.
    strata = [label if counts[label] >= folds else "_rare" for label in labels]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    predicted = [""] * len(snippets)
    with warnings.catch_warnings():
        # a label with fewer members than folds (OTHER has 3 in dev) is expected here
        warnings.simplefilter("ignore", UserWarning)
        splits = list(splitter.split(np.zeros(len(snippets)), strata))
    for train_index, test_index in splits:
        train = base + [Example(snippets[i].text, labels[i], "dev", snippets[i].id) for i in train_index]
        classifier = fit_classifier(train, calibrate=False, embeddings=embeddings)
        for i, prediction in zip(test_index, classifier.predict([snippets[i].text for i in test_index])):
            predicted[i] = prediction.code
    return predicted


def predict_without_dev(settings: Settings, snippets: Sequence[Snippet]) -> list[str]:
    """Predictions from a model trained on the hand-written and weak-label sources only (no dev snippet at all)."""
    build_static_embeddings(settings)
    embeddings = load_static_embeddings(settings)
    classifier = fit_classifier(training_examples(settings, include_dev=False), calibrate=False, embeddings=embeddings)
    return [p.code for p in classifier.predict([s.text for s in snippets])]
