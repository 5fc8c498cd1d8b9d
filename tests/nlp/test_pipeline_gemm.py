"""The pipeline's matrix products run on numpy's BLAS, with the annotations of thinc's default (BLIS) ops."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, POS, TAG
from thinc.api import Model

from ceasefire.nlp.pipeline import numpy_gemm
from ceasefire.settings import Settings

TEXTS = [
    "According to SOHR, 27 members of the regime forces were killed in an attack by Ansar al-Tawhid near Masasneh on Sunday.",
    "Turkish warplanes struck positions of the SDF in the countryside of al-Hasakah, killing at least 12 fighters.",
    "SHELLING KILLS 5 IN IDLIB -- Rebels said the army had shelled the town; the army denied it.",
    "The Russian Defence Ministry said on Tuesday that militants in the Idlib de-escalation zone fired 30 rockets at Hmeimim.",
]
ATTRS = [TAG, POS, DEP, HEAD, ENT_IOB, ENT_TYPE]


@pytest.fixture(scope="module")
def pipelines() -> tuple[spacy.Language, spacy.Language]:
    model = Settings().spacy_model
    return spacy.load(model), numpy_gemm(spacy.load(model))


def test_pipeline_gemm_every_model_layer_uses_numpy(pipelines) -> None:
    _, fast = pipelines
    models = [pipe.model for _, pipe in fast.pipeline if isinstance(getattr(pipe, "model", None), Model)]
    assert {"tok2vec", "parser", "ner"} <= {name for name, pipe in fast.pipeline if getattr(pipe, "model", None) in models}
    assert all(node.ops.use_blis is False for model in models for node in model.walk())


@pytest.mark.parametrize("text", TEXTS)
def test_pipeline_gemm_same_annotations(pipelines, text: str) -> None:
    default, fast = pipelines
    assert (fast(text).to_array(ATTRS) == default(text).to_array(ATTRS)).all()
