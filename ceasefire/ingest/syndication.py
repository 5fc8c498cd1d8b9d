"""Near-duplicate (syndication) grouping with MinHash LSH over word shingles.

A syndicated article is the same text republished with another header,
footer or editor's note. Such copies get different content ids, but their
word-shingle sets overlap almost entirely, so a MinHash LSH index finds them.
Every document of a group points at the first-stored member
(``Document.syndication_group``), and later copies record who published the
original (``Document.original_source``) so the group counts as one source.

The index is rebuilt from the stored signatures at the start of each run, so
grouping works across runs.
"""

from __future__ import annotations

import logging
import re
from typing import Optional

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..settings import Settings
from ..store.base import Store
from .text import normalise_for_hash

log = logging.getLogger(__name__)

SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are only comparable under the same one
SEED = 1
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int) -> list[bytes]:
    """Lower-cased word ``size``-grams of the normalised text (one shingle for texts shorter than ``size``)."""
    words = _WORD.findall(normalise_for_hash(text).lower())
    if len(words) <= size:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)]


class SyndicationIndex:
    """Finds the syndication group of a new text among the documents stored so far."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.num_perm = settings.minhash_permutations
        self.threshold = settings.near_duplicate_threshold
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._permutations = MinHash(num_perm=self.num_perm, seed=SEED).permutations
        self._signatures: dict[str, LeanMinHash] = {}
        self._groups: dict[str, str] = {}

    @classmethod
    def from_store(cls, store: Store, settings: Settings) -> "SyndicationIndex":
        """An index holding every signature already stored (signatures of another size are ignored, with a warning)."""
        index = cls(settings)
        ignored = 0
        for document_id, group, blob in store.document_signatures():
            values = np.frombuffer(blob, dtype=np.uint32)
            if len(values) != index.num_perm:
                ignored += 1
                continue
            index.add(document_id, group or document_id, LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME))
        if ignored:
            log.warning(
                "%d stored signatures were made with another minhash_permutations setting and are not used for grouping", ignored
            )
        return index

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._signatures

    def __len__(self) -> int:
        return len(self._signatures)

    def signature(self, text: str) -> LeanMinHash:
        minhash = MinHash(num_perm=self.num_perm, seed=SEED, permutations=self._permutations, scheme=SCHEME)
        items = shingles(text, self.settings.shingle_size)
        if items:
            minhash.update_batch(items)
        return LeanMinHash(minhash)

    @staticmethod
    def to_bytes(signature: LeanMinHash) -> bytes:
        return np.asarray(signature.hashvalues, dtype=np.uint32).tobytes()

    def find_group(self, signature: LeanMinHash) -> Optional[str]:
        """The group of the most similar stored document at or above the threshold, or None."""
        best, best_score = None, self.threshold
        for candidate in self.lsh.query(signature):
            score = signature.jaccard(self._signatures[candidate])
            if score >= best_score:
                best, best_score = candidate, score
        return self._groups[best] if best is not None else None

    def remove(self, document_id: str) -> None:
        if self._signatures.pop(document_id, None) is not None:
            self.lsh.remove(document_id)
            del self._groups[document_id]

    def add(self, document_id: str, group: str, signature: LeanMinHash) -> None:
        if document_id in self._signatures:
            return
        self.lsh.insert(document_id, signature, check_duplication=False)
        self._signatures[document_id] = signature
        self._groups[document_id] = group
