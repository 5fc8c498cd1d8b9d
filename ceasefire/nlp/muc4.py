"""MUC-4 templates from the same argument extraction: a yardstick for roles, actors and weapons.

MUC-4 (Latin American news, 1989-1993, all lower case) asks, per incident
(attack, bombing, kidnapping, arson, robbery, forced work stoppage), for the
perpetrator individuals and organisations, the physical target, the human
victim and the weapon. We answer with ceasefire's own pieces:

1. sentences that carry an incident word are parsed with the spaCy pipeline
   used for news (lower-case text parses as is; offsets are kept);
2. every noun phrase is a candidate filler, in a few boundary variants ("members",
   "members of the camilist union"), described by what ceasefire's extractors
   say about it: initiator or target of an event trigger (``roles``), actor
   kind (``actors``: FMLN, Shining Path, ELN ... in the curated dictionary),
   weapon category (``weapons``), plus its head word, dependency path and position;
3. a logistic regression per role, trained on ``train.json`` only, scores the
   candidates; a document-level TF-IDF classifier says whether the document
   reports an incident at all (many do not) and of which type;
4. fillers naming one dictionary actor, or with the same text, become one entity;
   a perpetrator organisation is named as the dictionary matched it, without the words around it.

One template is produced per document that reports an incident. The model
is built into the cache by ``ceasefire build-assets`` (``build_model``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import EvaluationError, ModelError
from ..settings import Settings
from .actors import ActorDictionary
from .muc4_scoring import ROLES, normalise_mention
from .roles import find_arguments
from .weapons import find_weapons

log = logging.getLogger(__name__)

MODEL_FORMAT = "muc4-v2"
TRAIN_PATH = Path("eval") / "muc4" / "train.json"
INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")
INCIDENT_WORDS = re.compile(
    r"\b(?:kill|murder|assassinat|attack|bomb|explo|dynamit|kidnap|abduct|hostage|burn|fire|arson|destroy|damag|"
    r"shot|shoot|machinegun|massacr|ambush|rob|stole|steal|loot|assault|wound|injur|dead|death|died|grenade|rocket|"
    r"mortar|sabotag|blew|blow|strike|stoppage|slain|gunmen|terroris|guerrill|raid|captur|seiz|victim|perpetrat|"
    r"responsib|crime|killer|hurl|detonat|set fire|torch|execut|clash|fight|combat|offensive)\w*",
    re.IGNORECASE,
)
TRIGGER_TYPES = {
    **dict.fromkeys(("kill", "murder", "assassinate", "attack", "shoot", "massacre", "ambush", "assault", "wound", "execute", "injure", "slay", "machinegun", "fire", "clash", "raid", "strike", "fight"), "attack"),
    **dict.fromkeys(("bomb", "explode", "dynamite", "explosion", "detonate", "blow", "hurl"), "bombing"),
    **dict.fromkeys(("kidnap", "abduct", "hostage", "seize", "capture", "kidnapping", "abduction"), "kidnapping"),
    **dict.fromkeys(("burn", "arson", "torch"), "arson"),
    **dict.fromkeys(("rob", "steal", "loot", "robbery", "theft"), "robbery"),
    **dict.fromkeys(("stoppage", "paralyze", "shutdown"), "forced work stoppage"),
}
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n{2,}|\s{3,}")
# Chosen on dev.json (so the dev figure is tuned, see docs/nlp-arguments.md): a low filler threshold
# and at most two entities per role beat a high threshold, because fillers are rare among noun phrases.
ROLE_THRESHOLD = {"PerpInd": 0.15, "PerpOrg": 0.15, "Target": 0.15, "Victim": 0.15, "Weapon": 0.15}
MAX_ENTITIES = 2
DOCUMENT_THRESHOLD = 0.35


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


# -------------------------------------------------------------- candidates
@dataclass(frozen=True)
class Candidate:
    text: str
    chunk: int  # candidates of one noun phrase share a chunk number: at most one is kept per role
    features: dict
    actor: Optional[str]
    head: str  # lemma of the head word
    actor_text: Optional[str] = None  # the dictionary name as written ("medellin cartel" in "the sinister medellin cartel")


def incident_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for the sentences that carry an incident word."""
    out, position = [], 0
    for piece in _SPLIT.split(text):
        start = text.find(piece, position)
        position = start + len(piece)
        if piece.strip() and INCIDENT_WORDS.search(piece):
            out.append((start, piece))
    return out


def incident_text(text: str) -> str:
    """The incident sentences of a document, joined: what the document-level classifiers read."""
    return " ".join(sentence for _, sentence in incident_sentences(text))


def _variants(chunk: Span) -> list[tuple[str, Span]]:
    doc = chunk.doc
    out = [("chunk", chunk)]
    if chunk.end < len(doc) and doc[chunk.end].lower_ == "of":
        tail = max(t.i for t in doc[chunk.end].subtree)
        out.append(("of", doc[chunk.start : tail + 1]))
    bare = [t for t in chunk if t.pos_ not in ("DET", "NUM") and t.lower_ not in ("two", "three")]
    if bare and bare[0].i > chunk.start:
        out.append(("bare", doc[bare[0].i : chunk.end]))
    if len(chunk) > 1:
        out.append(("head", chunk[-1:]))
    return out


def _trigger_roles(sentence: Span) -> dict[int, list[str]]:
    """Token index -> ["agent:bombing", "patient:attack", ...] from ceasefire's role extractor."""
    roles: dict[int, list[str]] = {}
    for token in sentence:
        kind = TRIGGER_TYPES.get(token.lemma_.lower())
        if kind is None or token.pos_ not in ("VERB", "NOUN"):
            continue
        arguments = find_arguments(token)
        for name, head in (("agent", arguments.agent), ("patient", arguments.patient)):
            if head is not None:
                roles.setdefault(head.i, []).extend([name, f"{name}:{kind}", f"{name}:{token.lemma_.lower()}"])
    return roles


def _features(span: Span, variant: str, sentence_rank: int, roles: dict[int, list[str]], actors: ActorDictionary, head_counts: Counter) -> tuple[dict, Optional[str], Optional[str]]:
    head = span.root
    governor = head.head
    f: dict[str, float] = {
        f"v={variant}": 1, f"h={head.lemma_.lower()}": 1, f"hp={head.pos_}": 1, f"dep={head.dep_}": 1,
        f"gov={governor.lemma_.lower()}": 1, f"dep_gov={head.dep_}_{governor.lemma_.lower()}": 1,
        f"first={span[0].lower_}": 1, f"len={min(len(span), 6)}": 1, f"sent={min(sentence_rank, 4)}": 1,
        "has_num": float(any(t.like_num for t in span)), "propn": sum(t.pos_ == "PROPN" for t in span) / len(span),
        "freq": min(head_counts[head.lemma_.lower()], 5) / 5,
    }
    if governor.dep_ == "prep" or head.dep_ == "pobj":
        f[f"prep={governor.lower_}_{governor.head.lemma_.lower()}"] = 1
        f[f"prep={governor.lower_}"] = 1
    for i in {head.i, governor.i if head.dep_ in ("pobj", "compound", "appos") else head.i}:
        for role in roles.get(i, ()):
            f[f"role={role}"] = 1
    for token in span:
        if token.i != head.i:
            f[f"mod={token.lemma_.lower()}"] = 0.5
    actor = actors.resolve(span.text, cased=False)
    actor_text = span.text if actor is not None else None
    if actor is None:
        found = [m for m in actors.find(span, cased=False, use_ner=False)]
        actor, actor_text = (found[0].actor, found[0].text) if found else (None, None)
        if actor is not None:
            f["actor_inside"] = 1
    if actor is not None:
        f[f"actor={actor.kind}"] = 1
        f["actor_whole"] = float(actors.resolve(span.text, cased=False) is not None)
    weapons = find_weapons(span.text)
    if weapons:
        f[f"weapon={weapons[0].category}"] = 1
        f["weapon_head"] = float(any(w.end == len(span.text) for w in weapons))
    return f, (actor.name if actor else None), actor_text


def document_candidates(docs: Sequence[Doc], actors: ActorDictionary) -> list[Candidate]:
    """Candidates of one document, given the parses of its incident sentences in order."""
    out: list[Candidate] = []
    head_counts = Counter(t.lemma_.lower() for doc in docs for t in doc if t.pos_ in ("NOUN", "PROPN"))
    chunk_id = 0
    for rank, doc in enumerate(docs):
        roles = _trigger_roles(doc[:])
        for chunk in doc.noun_chunks:
            if chunk.root.pos_ == "PRON":
                continue
            for variant, span in _variants(chunk):
                features, actor, actor_text = _features(span, variant, rank, roles, actors, head_counts)
                out.append(Candidate(span.text, chunk_id, features, actor, span.root.lemma_.lower(), actor_text))
            chunk_id += 1
    return out


def parse_documents(nlp: Language, documents: Sequence[MucDocument]) -> Iterator[list[Doc]]:
    """Per document, the parses of its incident sentences."""
    pieces = [(i, sentence) for i, d in enumerate(documents) for _, sentence in incident_sentences(d.text)]
    current: list[Doc] = []
    index = 0
    for (doc_index, _), doc in zip(pieces, nlp.pipe((s for _, s in pieces), batch_size=64)):
        while doc_index > index:
            yield current
            current, index = [], index + 1
        current.append(doc)
    while index < len(documents):
        yield current
        current, index = [], index + 1


# ------------------------------------------------------------------- model
@dataclass
class Muc4Model:
    vectorizer: DictVectorizer
    role_models: dict[str, LogisticRegression]
    text_vectorizer: TfidfVectorizer
    event_model: LogisticRegression
    type_model: LogisticRegression
    info: dict

    def predict(self, document: MucDocument, docs: Sequence[Doc], actors: ActorDictionary) -> list[dict]:
        if not docs:
            return []  # not one sentence names an incident
        text = self.text_vectorizer.transform([incident_text(document.text)])
        if self.event_model.predict_proba(text)[0, 1] < DOCUMENT_THRESHOLD:
            return []
        incident = str(self.type_model.predict(text)[0])
        candidates = document_candidates(docs, actors)
        template: dict[str, list[list[str]]] = {r: [] for r in ROLES}
        if candidates:
            matrix = self.vectorizer.transform([c.features for c in candidates])
            for role in ROLES:
                probabilities = self.role_models[role].predict_proba(matrix)[:, 1]
                template[role] = _entities(candidates, probabilities, ROLE_THRESHOLD[role], role == "PerpOrg")[:MAX_ENTITIES]
        return [{"incident_type": incident, **template}]

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


def _entities(candidates: Sequence[Candidate], probabilities: np.ndarray, threshold: float, organisation: bool = False) -> list[list[str]]:
    """Best variant per noun phrase above the threshold, grouped by dictionary actor or text."""
    best: dict[int, tuple[float, Candidate]] = {}
    for candidate, p in zip(candidates, probabilities):
        if p >= threshold and p > best.get(candidate.chunk, (0.0, None))[0]:
            best[candidate.chunk] = (float(p), candidate)
    groups: dict[str, tuple[float, list[str]]] = {}
    for p, candidate in sorted(best.values(), key=lambda pair: -pair[0]):
        key = candidate.actor or normalise_mention(candidate.text)
        score, mentions = groups.get(key, (p, []))
        # an organisation is named as written, without the phrase around it ("the sinister ...")
        text = (candidate.actor_text if organisation else None) or candidate.text
        if text not in mentions:
            mentions.append(text)
        groups[key] = (max(score, p), mentions)
    return [mentions for _, mentions in sorted(groups.values(), key=lambda pair: -pair[0])]


def _labels(document: MucDocument) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {r: set() for r in ROLES}
    for template in document.templates:
        for role in ROLES:
            for entity in template.get(role) or ():
                gold[role].update(normalise_mention(m[0] if isinstance(m, list) else m) for m in entity)
    return gold


def _document_type(document: MucDocument) -> str:
    types = Counter(t.get("incident_type", "attack").split(" / ")[0] for t in document.templates)
    return types.most_common(1)[0][0]


def fit_model(documents: Sequence[MucDocument], parsed: Iterable[list[Doc]], actors: ActorDictionary) -> Muc4Model:
    """Train on ``documents`` given their incident-sentence parses (``parse_documents``)."""
    started = time.perf_counter()
    rows: list[dict] = []
    targets: dict[str, list[int]] = {r: [] for r in ROLES}
    for document, docs in zip(documents, parsed):
        gold = _labels(document)
        for candidate in document_candidates(docs, actors):
            rows.append(candidate.features)
            key = normalise_mention(candidate.text)
            for role in ROLES:
                targets[role].append(int(key in gold[role]))
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    role_models = {r: LogisticRegression(C=1.0, max_iter=3000).fit(matrix, targets[r]) for r in ROLES}
    text_vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    texts = text_vectorizer.fit_transform([incident_text(d.text) for d in documents])
    has_event = [int(bool(d.templates)) for d in documents]
    event_model = LogisticRegression(C=4.0, max_iter=2000).fit(texts, has_event)
    with_events = [i for i, d in enumerate(documents) if d.templates]
    type_model = LogisticRegression(C=4.0, max_iter=2000).fit(texts[with_events], [_document_type(documents[i]) for i in with_events])
    info = {"format": MODEL_FORMAT, "documents": len(documents), "candidates": len(rows), "seconds": round(time.perf_counter() - started, 1)}
    return Muc4Model(vectorizer, role_models, text_vectorizer, event_model, type_model, info)


# ----------------------------------------------------------------- running
def model_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "muc4" / "model.pkl"


def load_nlp(settings: Settings) -> Language:
    import spacy

    try:
        return spacy.load(settings.spacy_model, disable=["ner"])
    except OSError as exc:
        raise ModelError(f"spaCy model {settings.spacy_model!r} is not installed; run `make` to install the locked requirements") from exc


def _fingerprint(settings: Settings, train: Path) -> str:
    digest = hashlib.sha256(MODEL_FORMAT.encode())
    stat = train.stat()
    digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    for module in ("muc4.py", "roles.py", "actors.py", "weapons.py", "data/actors.yaml"):
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
    model = fit_model(documents, parse_documents(load_nlp(settings), documents), ActorDictionary.load())
    model.save(path)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, **model.info}))
    log.info("MUC-4 model trained on %d documents in %.1f s", model.info["documents"], model.info["seconds"])
    return path


def extract_templates(settings: Settings, documents: Sequence[MucDocument], model: Optional[Muc4Model] = None) -> Iterable[dict]:
    """``{"docid", "templates"}`` per document, in order."""
    model = model or Muc4Model.load(model_path(settings))
    nlp, actors = load_nlp(settings), ActorDictionary.load()
    for document, docs in zip(documents, parse_documents(nlp, documents)):
        yield {"docid": document.docid, "templates": model.predict(document, docs, actors)}
