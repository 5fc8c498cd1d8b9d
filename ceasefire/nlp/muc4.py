"""MUC-4 templates from the same argument extraction: a yardstick for roles, actors and weapons.

MUC-4 (Latin American news, 1989-1993, all lower case) asks, per incident
(attack, bombing, kidnapping, arson, robbery, forced work stoppage), for the
perpetrator individuals and organisations, the physical target, the human
victim and the weapon. We answer with ceasefire's own pieces:

1. every sentence is parsed with the spaCy pipeline used for news (lower-case text
   parses as is; ``muc4_parses``, which also caches the training parses);
2. every noun phrase is a candidate filler in a few boundary variants, described
   by what ceasefire's extractors say about it (``muc4_candidates``: roles, actor
   dictionary, weapon lexicon, head, dependency path, neighbouring words, position,
   whether its sentence names an incident, what other mentions of it say);
3. a logistic model per role (trained by SGD on ``train.json`` only) scores the
   candidates (perpetrator individuals, targets, victims and weapons from the
   incident sentences only, organisations from every sentence); document-level
   TF-IDF classifiers say whether the document reports an incident at all (many
   do not) and of which types;
4. one template per incident type (``muc4_templates``): fillers naming one dictionary
   actor, or with the same text, become one entity.

The model is built into the cache by ``ceasefire build-assets`` (``build_model``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import EvaluationError, ModelError
from ..settings import Settings
from .actors import ActorDictionary
from .muc4_candidates import Candidate, FillerLexicons, document_candidates, incident_sentences, incident_text, make_lexicons
from .muc4_parses import DISABLED, cached_parses, parse_documents
from .muc4_scoring import ROLES, normalise_mention
from .muc4_templates import (DOCUMENT_THRESHOLD, INCIDENT_TYPES, MAX_ENTITIES, ROLE_THRESHOLD, TYPE_THRESHOLDS,
                             build_templates, incident_types)

__all__ = ["Candidate", "MucDocument", "Muc4Model", "build_model", "document_candidates", "extract_templates",
           "fit_model", "incident_sentences", "incident_text", "parse_documents", "read_muc4"]

log = logging.getLogger(__name__)

MODEL_FORMAT = "muc4-v5"
TRAIN_PATH = Path("eval") / "muc4" / "train.json"
SGD_ALPHA = 3e-5
# Roles read from the sentences that name an incident only: with every sentence's phrases their ranking got worse
# on a held-out fifth of train.json (average precision: PerpInd 39 -> 35, Victim 47 -> 39). Organisations gain
# (36 -> 40): a group is often named where it claims or is blamed, away from the incident word.
INCIDENT_SENTENCE_ROLES = ("PerpInd", "Target", "Victim", "Weapon")
# How often the incident sentences use each type's words, beside their TF-IDF, for the type classifiers: the
# TF-IDF weights of single words drown in the bigrams (type-set F1 across 5 folds of train 0.84 -> 0.87, dev 0.79 -> 0.86)
TYPE_WORDS = {
    "attack": r"attack|kill|murder|assassin|shot|shoot|massacr|ambush|machinegun",
    "bombing": r"bomb|explo|dynamit|blast|detonat",
    "kidnapping": r"kidnap|abduct|hostage|captiv|ransom|releas",
    "arson": r"burn|arson|set fire|torch|blaze",
    "robbery": r"robb|stole|steal|loot|theft|hold.?up",
    "forced work stoppage": r"stoppage|strike|paralyz",
}
_TYPE_PATTERNS = [re.compile(rf"\b(?:{words})\w*") for words in TYPE_WORDS.values()]


@dataclass(frozen=True)
class MucDocument:
    docid: str
    text: str
    templates: tuple[dict, ...] = ()


def read_muc4(path: Path | str) -> list[MucDocument]:
    """Documents of a MUC-4 JSONL file (``docid``, ``doctext``, optional ``templates``)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(MucDocument(str(row["docid"]), str(row["doctext"]), tuple(row.get("templates") or ())))
        except (ValueError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}: line {number} is not a MUC-4 document with docid and doctext ({exc})") from exc
    return out


def _type_matrix(texts: csr_matrix, incident_texts: Sequence[str]) -> csr_matrix:
    """TF-IDF of the incident sentences plus log counts of each type's words: what the type classifiers read."""
    counts = np.array([[np.log1p(len(p.findall(text))) for p in _TYPE_PATTERNS] for text in incident_texts])
    return hstack([texts, csr_matrix(counts)]).tocsr()


def _int32(matrix: csr_matrix) -> csr_matrix:
    # DictVectorizer builds 64-bit indices, which the SGD solver refuses
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


# ------------------------------------------------------------------- model
@dataclass
class Muc4Model:
    vectorizer: DictVectorizer
    role_models: dict[str, SGDClassifier]
    text_vectorizer: TfidfVectorizer
    event_model: LogisticRegression
    type_models: dict[str, LogisticRegression]  # one per incident type: does the document report one?
    info: dict

    def predict(self, document: MucDocument, docs: Sequence[Doc], actors: ActorDictionary,
                lexicons: Optional[FillerLexicons] = None) -> list[dict]:
        if not docs or not incident_sentences(document.text):
            return []  # not one sentence names an incident
        incidents = incident_text(document.text)
        text = self.text_vectorizer.transform([incidents])
        if self.event_model.predict_proba(text)[0, 1] < DOCUMENT_THRESHOLD:
            return []
        typed = _type_matrix(text, [incidents])
        confidence = {t: float(m.predict_proba(typed)[0, 1]) for t, m in self.type_models.items()}
        types = incident_types(confidence, TYPE_THRESHOLDS)
        candidates = document_candidates(docs, actors, lexicons)
        if not candidates:
            return [{"incident_type": t, **{r: [] for r in ROLES}} for t in types]
        matrix = _int32(self.vectorizer.transform([c.features for c in candidates]))
        in_incident = np.array([float(c.incident) for c in candidates])
        probabilities = {r: self.role_models[r].predict_proba(matrix)[:, 1] * (in_incident if r in INCIDENT_SENTENCE_ROLES else 1.0)
                         for r in ROLES}
        return build_templates(candidates, probabilities, types, ROLE_THRESHOLD, MAX_ENTITIES)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump(self, handle)

    @classmethod
    def load(cls, path: Path) -> "Muc4Model":
        if not path.is_file():
            raise ModelError(f"{path}: the MUC-4 model is missing; build it with `ceasefire build-assets`")
        with path.open("rb") as handle:
            model = pickle.load(handle)
        if not isinstance(model, cls) or model.info.get("format") != MODEL_FORMAT:
            raise ModelError(f"{path}: not a {MODEL_FORMAT} model; rebuild it with `ceasefire build-assets`")
        return model


def _labels(document: MucDocument) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {r: set() for r in ROLES}
    for template in document.templates:
        for role in ROLES:
            for entity in template.get(role) or ():
                gold[role].update(normalise_mention(m[0] if isinstance(m, list) else m) for m in entity)
    return gold


def _types(document: MucDocument) -> list[str]:
    # "bombing / attack": the annotators hesitated; the first type is the one the scorer reads most often
    return [t.get("incident_type", "attack").split(" / ")[0] for t in document.templates]


def _classifier(texts: csr_matrix, labels: Sequence[object]) -> LogisticRegression:
    return LogisticRegression(C=4.0, max_iter=2000).fit(texts, labels)


def fit_model(documents: Sequence[MucDocument], parsed: Iterable[list[Doc]], actors: ActorDictionary) -> Muc4Model:
    """Train on ``documents`` given the parses of their sentences (``parse_documents``)."""
    started = time.perf_counter()
    rows: list[dict] = []
    in_incident: list[bool] = []
    targets: dict[str, list[int]] = {r: [] for r in ROLES}
    lexicons = make_lexicons(actors)
    for document, docs in zip(documents, parsed):
        gold = _labels(document)
        for candidate in document_candidates(docs, actors, lexicons):
            rows.append(candidate.features)
            in_incident.append(candidate.incident)
            key = normalise_mention(candidate.text)
            for role in ROLES:
                targets[role].append(int(key in gold[role]))
    vectorizer = DictVectorizer()
    matrix = _int32(vectorizer.fit_transform(rows))
    incident_rows = np.flatnonzero(in_incident)
    role_models = {}
    for role in ROLES:
        rows_used = incident_rows if role in INCIDENT_SENTENCE_ROLES else np.arange(len(rows))
        labels = np.asarray(targets[role])[rows_used]
        if len(set(labels)) < 2:
            raise ModelError(f"MUC-4 training data has no {role} filler among the candidates: too few documents")
        role_models[role] = SGDClassifier(loss="log_loss", alpha=SGD_ALPHA, max_iter=15, tol=None, random_state=0).fit(matrix[rows_used], labels)
    text_vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    incidents = [incident_text(d.text) for d in documents]
    texts = text_vectorizer.fit_transform(incidents)
    event_model = _classifier(texts, [int(bool(d.templates)) for d in documents])
    typed = _type_matrix(texts, incidents)
    type_models = {}
    for incident in INCIDENT_TYPES:
        labels = [int(incident in _types(d)) for d in documents]
        if 0 < sum(labels) < len(labels):
            type_models[incident] = _classifier(typed, labels)
    info = {"format": MODEL_FORMAT, "documents": len(documents), "candidates": len(rows), "seconds": round(time.perf_counter() - started, 1)}
    return Muc4Model(vectorizer, role_models, text_vectorizer, event_model, type_models, info)


# ----------------------------------------------------------------- running
def model_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "muc4" / "model.pkl"


def load_nlp(settings: Settings) -> Language:
    import spacy

    try:
        return spacy.load(settings.spacy_model, disable=list(DISABLED))
    except OSError as exc:
        raise ModelError(f"spaCy model {settings.spacy_model!r} is not installed; run `make` to install the locked requirements") from exc


def _fingerprint(settings: Settings, train: Path) -> str:
    digest = hashlib.sha256(MODEL_FORMAT.encode())
    stat = train.stat()
    digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    for module in ("muc4.py", "muc4_candidates.py", "muc4_parses.py", "roles.py", "actors.py", "weapons.py", "data/actors.yaml"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def build_model(settings: Settings, force: bool = False) -> Path:
    """Asset builder: train the MUC-4 model on ``train.json`` into the cache; skip when up to date."""
    path = model_path(settings)
    train = Path(settings.shared_dir) / TRAIN_PATH
    if not train.is_file():
        raise ModelError(f"{train}: MUC-4 training data not found (set CEASEFIRE_SHARED to the shared data folder)")
    stamp = path.with_name("fingerprint.json")
    fingerprint = _fingerprint(settings, train)
    if not force and path.is_file() and stamp.is_file():
        try:
            if json.loads(stamp.read_text())["fingerprint"] == fingerprint:
                return path
        except (ValueError, KeyError):
            pass
    documents = read_muc4(train)
    parsed = cached_parses(load_nlp(settings), documents, train, path.parent)
    model = fit_model(documents, parsed, ActorDictionary.load())
    model.save(path)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, **model.info}))
    log.info("MUC-4 model trained on %d documents in %.1f s", model.info["documents"], model.info["seconds"])
    return path


def extract_templates(settings: Settings, documents: Sequence[MucDocument], model: Optional[Muc4Model] = None) -> Iterable[dict]:
    """``{"docid", "templates"}`` per document, in order."""
    model = model or Muc4Model.load(model_path(settings))
    nlp, actors = load_nlp(settings), ActorDictionary.load()
    lexicons = make_lexicons(actors)
    for document, docs in zip(documents, parse_documents(nlp, documents)):
        yield {"docid": document.docid, "templates": model.predict(document, docs, actors, lexicons)}
