"""doc_text / span_text: the texts spaCy would give, with the document's join done once."""

from __future__ import annotations

import pytest
import spacy

from ceasefire.nlp.doc_text import TEXT_KEY, doc_text, span_text

TEXTS = [
    "Warplanes struck Kafr Nabudah, killing 12 civilians.  Two more died\n\nin hospital. ",
    "  leading spaces and a tab\tinside; trailing newline\n",
    "Des manifestants à Bamako — « dispersés » ; café.",
    "",
    "one",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("text", TEXTS)
def test_doc_text_equals_spacy_texts(nlp, text):
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert span_text(doc[start:end]) == doc[start:end].text


def test_doc_text_joins_once_per_document(nlp):
    doc = nlp("Shelling hit the town.")
    assert TEXT_KEY not in doc.user_data
    first = doc_text(doc)
    assert doc.user_data[TEXT_KEY] is first
    assert doc_text(doc) is first
