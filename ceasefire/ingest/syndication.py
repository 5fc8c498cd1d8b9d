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

import hashlib
import logging
import operator
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
_DIGEST = operator.methodcaller("digest")
_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for "no shingle yet"
# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each shingle hash.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def shingles(text: str, size: int, normalised: Optional[str] = None) -> list[bytes]:
    """Lower-cased word ``size``-grams of the normalised text (one shingle for texts shorter than ``size``).

    ``normalised`` is ``normalise_for_hash(text)`` when the caller has it already (the content id needs it too).
    """
    words = _WORD.findall((normalise_for_hash(text) if normalised is None else normalised).lower())
    if len(words) <= size:
        return [" ".join(words).encode("utf-8")] if words else []
    # zip of shifted word lists: the n-grams are joined and encoded without a Python-level loop
    return list(map(str.encode, map(" ".join, zip(*[words[k:] for k in range(size)]))))


def minhash_values(items: list[bytes], permutations: np.ndarray) -> np.ndarray:
    """The MinHash signature datasketch's ``MinHash(scheme="affine32").update_batch(items)`` gives, bit for bit.

    datasketch hashes one shingle per Python call (``sha1_hash32``: the first 4 bytes of the SHA-1,
    little-endian); here the digests are joined and read as one array, which costs a third as much.
    ``permutations`` is datasketch's ``(a, b)`` pair of uint32 arrays.
    """
    a, b = permutations
    values = np.full(len(a), _EMPTY, dtype=np.uint32)
    if not items:
        return values
    hashed = np.frombuffer(b"".join(map(_DIGEST, map(hashlib.sha1, items))), dtype="<u4")[::5].astype(np.uint32)
    shift1, multiply1, shift2, multiply2, shift3 = _FMIX32
    hashed = hashed ^ (hashed >> shift1)
    hashed = hashed * multiply1
    hashed = hashed ^ (hashed >> shift2)
    hashed = hashed * multiply2
    hashed = hashed ^ (hashed >> shift3)
    # uint32 arithmetic wraps, which is the scheme's modulo 2^32
    return np.minimum(values, (hashed.reshape(-1, 1) * a + b).min(axis=0))


class SyndicationIndex:
    """Finds the syndication group of a new text among the documents stored so far."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.num_perm = settings.minhash_permutations
        self.threshold = settings.near_duplicate_threshold
        # datasketch's bands and rows for the threshold; the buckets are kept here (``_Bands``)
        self._bands = _Bands(MinHashLSH(threshold=self.threshold, num_perm=self.num_perm).hashranges)
        self._permutations = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME).permutations.astype(np.uint32, copy=False)
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

    def signature(self, text: str, normalised: Optional[str] = None) -> LeanMinHash:
        """The text's MinHash (``normalised``: ``normalise_for_hash(text)``, when the caller has it)."""
        values = minhash_values(shingles(text, self.settings.shingle_size, normalised), self._permutations)
        return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)

    @staticmethod
    def to_bytes(signature: LeanMinHash) -> bytes:
        return np.asarray(signature.hashvalues, dtype=np.uint32).tobytes()

    def find_group(self, signature: LeanMinHash) -> Optional[str]:
        """The group of the most similar stored document at or above the threshold, or None."""
        best, best_score = None, self.threshold
        for candidate in self._bands.query(signature.hashvalues):
            score = signature.jaccard(self._signatures[candidate])
            if score >= best_score:
                best, best_score = candidate, score
        return self._groups[best] if best is not None else None

    def remove(self, document_id: str) -> None:
        if self._signatures.pop(document_id, None) is not None:
            self._bands.remove(document_id)
            del self._groups[document_id]

    def add(self, document_id: str, group: str, signature: LeanMinHash) -> None:
        if document_id in self._signatures:
            return
        self._bands.insert(document_id, signature.hashvalues)
        self._signatures[document_id] = signature
        self._groups[document_id] = group


class _Bands:
    """MinHashLSH's buckets (``insert``, ``query``, ``remove``), without its per-band Python calls.

    Each band's key is its slice of the signature's bytes. The buckets are sets filled, emptied and read in
    datasketch's order (one ``add`` per key), so a query lists its candidates in the order MinHashLSH's does:
    ``find_group`` keeps the last of equally similar candidates, so even ties come out the same.
    """

    def __init__(self, hashranges: list[tuple[int, int]]) -> None:
        self.ranges = [(start * 4, end * 4) for start, end in hashranges]  # uint32 values: 4 bytes each
        self.buckets: list[dict[bytes, set[str]]] = [{} for _ in hashranges]
        self.keys: dict[str, list[bytes]] = {}

    def _keys(self, values: np.ndarray) -> list[bytes]:
        data = np.asarray(values, dtype=np.uint32).tobytes()
        return [data[start:end] for start, end in self.ranges]

    def insert(self, document_id: str, values: np.ndarray) -> None:
        keys = self.keys[document_id] = self._keys(values)
        for bucket, key in zip(self.buckets, keys):
            found = bucket.get(key)
            if found is None:
                found = bucket[key] = set()
            found.add(document_id)

    def query(self, values: np.ndarray) -> list[str]:
        candidates: set[str] = set()
        for bucket, key in zip(self.buckets, self._keys(values)):
            for document_id in bucket.get(key, ()):
                candidates.add(document_id)
        return list(candidates)

    def remove(self, document_id: str) -> None:
        for bucket, key in zip(self.buckets, self.keys.pop(document_id)):
            found = bucket[key]
            found.remove(document_id)
            if not found:
                del bucket[key]
