"""Sentence parses of MUC-4 documents, and a cache of the training parses.

Every sentence is parsed (a quarter of the perpetrators and victims are named
only in sentences without an incident word). Parsing the 1,300 training
documents (≈ 480,000 tokens) is most of the model's build time, and it does
not change when the features or the learner do, so the builder keeps the
parses in the asset folder as a spaCy ``DocBin``, keyed by the training file,
the spaCy pipeline and the sentence splitter.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
from pathlib import Path
from typing import Iterator, Protocol, Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .muc4_candidates import _SPLIT, split_sentences

log = logging.getLogger(__name__)

# the parse and the attributes the candidates read; the entity recogniser is not needed (the actor dictionary names groups)
DISABLED = ("ner",)
ATTRIBUTES = ["ORTH", "TAG", "POS", "DEP", "HEAD", "LEMMA", "MORPH", "SENT_START"]


class HasText(Protocol):
    text: str


def parse_documents(nlp: Language, documents: Sequence[HasText], batch_size: int = 256) -> Iterator[list[Doc]]:
    """Per document, the parses of all its sentences, in order."""
    pieces = [(i, sentence) for i, d in enumerate(documents) for _, sentence in split_sentences(d.text)]
    current: list[Doc] = []
    index = 0
    for (doc_index, _), doc in zip(pieces, nlp.pipe((s for _, s in pieces), batch_size=batch_size)):
        while doc_index > index:
            yield current
            current, index = [], index + 1
        current.append(doc)
    while index < len(documents):
        yield current
        current, index = [], index + 1


def _key(nlp: Language, source: Path) -> str:
    stat = source.stat()
    digest = hashlib.sha256(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(f"{nlp.meta.get('name')}:{nlp.meta.get('version')}:{','.join(nlp.pipe_names)}".encode())
    digest.update(_SPLIT.pattern.encode())
    digest.update(inspect.getsource(split_sentences).encode())
    return digest.hexdigest()


def cached_parses(nlp: Language, documents: Sequence[HasText], source: Path, folder: Path) -> list[list[Doc]]:
    """The parses of ``documents`` (read from ``source``), from ``folder`` when they are up to date, else parsed and stored."""
    data, stamp = folder / "train_parses.spacy", folder / "train_parses.json"
    key = _key(nlp, source)
    if data.is_file() and stamp.is_file():
        try:
            meta = json.loads(stamp.read_text())
            if meta["key"] == key and len(meta["documents"]) == len(documents):
                docs = iter(DocBin().from_disk(data).get_docs(nlp.vocab))
                return [[next(docs) for _ in range(count)] for count in meta["documents"]]
        except (ValueError, KeyError, OSError, StopIteration) as exc:
            log.warning("%s: unreadable parse cache (%s); parsing again", data, exc)
    parsed = list(parse_documents(nlp, documents))
    store = DocBin(attrs=ATTRIBUTES, store_user_data=False)
    for docs in parsed:
        for doc in docs:
            store.add(doc)
    folder.mkdir(parents=True, exist_ok=True)
    store.to_disk(data)
    stamp.write_text(json.dumps({"key": key, "documents": [len(docs) for docs in parsed]}))
    return parsed
