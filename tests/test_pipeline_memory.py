"""Extraction batches leave nothing behind: spaCy's interned strings are freed, batches are bounded in size."""

import gc
from datetime import date

import pytest
from spacy.tokens import Doc

from ceasefire.models import Document
from ceasefire import pipeline
from ceasefire.pipeline import _batches, _length, extractor_for, release_free_heap

BASE = "Government forces shelled {place} on Sunday, killing four civilians, the Syrian Observatory for Human Rights said."


@pytest.mark.parametrize(
    "lengths, max_chars, max_texts, expected",
    [
        ([10, 10, 10], 25, 64, [[10, 10], [10]]),  # the character budget closes a batch
        ([10, 10, 10], 1000, 2, [[10, 10], [10]]),  # so does the count
        ([50, 5, 5], 20, 64, [[50], [5, 5]]),  # a text longer than the budget goes alone
        ([], 20, 64, []),
    ],
)
def test_pipeline_memory_text_batches_keep_order_and_bounds(lengths, max_chars, max_texts, expected) -> None:
    texts = [chr(ord("a") + i) * n for i, n in enumerate(lengths)]
    batches = list(_batches(texts, max_texts, max_chars))
    assert [[len(t) for t in batch] for batch in batches] == expected
    assert [t for batch in batches for t in batch] == texts


def test_pipeline_memory_zone_frees_the_strings_of_each_batch(settings, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PERMANENT_STRINGS", 0)  # the vocabulary's bound reached: all in the zone
    extractor = extractor_for(settings)
    strings = extractor.nlp.vocab.strings

    def batch(words: list[str]) -> list[Document]:
        return [Document(id=f"{i}{w}".ljust(64, "0"), text=BASE.format(place=w), published=date(2019, 3, 4)) for i, w in enumerate(words)]

    extractor.process(batch(["Kafrzita"]))  # first call: lazily loaded resources intern their strings
    before = len(strings)
    results = extractor.process(batch(["Zzyqtown", "Qqvbarville", "Xxplorburg"]))
    assert len(strings) == before
    assert "Zzyqtown" not in strings
    # the results are plain records, readable after the zone closed
    assert all(r.mentions for r in results)
    assert "Zzyqtown" in results[0].document.text[results[0].mentions[0].start : results[0].mentions[0].end]


def test_pipeline_memory_same_results_twice_across_zones(settings) -> None:
    """Memoised lemmas and rule attributes stay valid after the zone that made their strings closed."""
    extractor = extractor_for(settings)
    document = Document(id="m" * 64, text=BASE.format(place="Wadi Zzyqa") + " Rebels ambushed the convoys.", published=date(2019, 3, 4))
    first, second = extractor.process([document]), extractor.process([document])
    assert first == second and first[0].events


@pytest.mark.parametrize("permanent", [0, 10**9])
def test_pipeline_memory_tokenizing_outside_the_zone_changes_no_result(settings, monkeypatch, permanent) -> None:
    """Words kept in the vocabulary (tokenized before the zone) or dropped with it give the same records."""
    monkeypatch.setattr(pipeline, "TOKENIZE_OUTSIDE_ZONE", True)
    extractor = extractor_for(settings)
    word = f"Yyzbor{'kept' if permanent else 'dropped'}"  # a word no other test (or case) tokenizes
    documents = [Document(id=f"t{i}".ljust(64, "0"), text=BASE.format(place=place) + " Rebels ambushed the Qqvtar convoy.",
                          published=date(2019, 3, 4)) for i, place in enumerate(["Wadi Qqvtar", f"Kafr {word}"])]
    monkeypatch.setattr(pipeline, "PERMANENT_STRINGS", 0)
    inside = extractor.process(documents)
    monkeypatch.setattr(pipeline, "PERMANENT_STRINGS", permanent)
    assert extractor.process(documents) == inside
    assert (word in extractor.nlp.vocab.strings) == bool(permanent)


def test_pipeline_memory_vocabulary_growth_stops_at_its_bound(settings, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "TOKENIZE_OUTSIDE_ZONE", True)
    extractor = extractor_for(settings)
    strings = extractor.nlp.vocab.strings
    extractor.process([Document(id="w" * 64, text=BASE.format(place="Kafrzita"), published=date(2019, 3, 4))])
    monkeypatch.setattr(pipeline, "PERMANENT_STRINGS", len(strings) - extractor._base_strings)  # full from now on
    before = len(strings)
    extractor.process([Document(id="v" * 64, text=BASE.format(place="Zzquorvale"), published=date(2019, 3, 4))])
    assert len(strings) == before and "Zzquorvale" not in strings


@pytest.mark.parametrize("release", [True, False])
def test_pipeline_memory_parsed_documents_are_freed_without_the_collector(settings, monkeypatch, release) -> None:
    """A trigger span on each event mention holds its Doc: unless the annotations are dropped (release_doc), every
    parsed Doc is left in a reference cycle for the cyclic collector, with its arrays."""
    if not release:
        monkeypatch.setattr(pipeline, "release_doc", lambda doc: None)
    extractor = extractor_for(settings)
    documents = [Document(id=f"r{i}".ljust(64, "0"), text=BASE.format(place=place), published=date(2019, 3, 4))
                 for i, place in enumerate(["Kafrzita", "Khan Sheikhoun"])]
    extractor.process(documents)  # lazily loaded resources first
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        results = extractor.process(documents)
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, Doc)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert all(r.mentions for r in results)  # the documents did have event mentions (and trigger spans)
    assert len(left) == (0 if release else len(documents))


@pytest.mark.parametrize("text", ["Shelling hit Idlib.", "Two words ", "x", ""])
def test_pipeline_memory_tokenized_length_is_the_text_length(settings, text) -> None:
    doc = extractor_for(settings).nlp.make_doc(text)
    assert _length(doc) == len(text) == _length(text)


def test_pipeline_memory_release_free_heap_is_safe_to_call() -> None:
    release_free_heap()
    release_free_heap()
