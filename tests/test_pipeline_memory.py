"""Extraction batches leave nothing behind: spaCy's interned strings are freed, batches are bounded in size."""

from datetime import date

import pytest

from ceasefire.models import Document
from ceasefire.pipeline import _batches, extractor_for, release_free_heap

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


def test_pipeline_memory_zone_frees_the_strings_of_each_batch(settings) -> None:
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


def test_pipeline_memory_release_free_heap_is_safe_to_call() -> None:
    release_free_heap()
    release_free_heap()
