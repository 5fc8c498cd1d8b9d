"""``Store.write_extractions``: several documents' mentions, claims and toponyms in one bulk transaction."""

from __future__ import annotations

import pytest

from ceasefire.models import Claim, Mention, Place, Toponym
from ceasefire.store import open_store


def _records(doc: str, n: int) -> tuple[str, list[Mention], list[Claim], list[Toponym]]:
    mentions = [Mention(doc, i, 10 * i, 10 * i + 9, "shelled", 10 * i + 2, 10 * i + 9, "Explosions/Remote violence",
                        "Shelling/artillery/missile attack", 0.9) for i in range(n)]
    claims = [Claim(doc, m.id, "fatalities", m.start, m.end, value_low=i + 1, value_high=i + 1, source="SOHR") for i, m in enumerate(mentions)]
    place = Place(id="t:1", name="Masasinah", latitude=35.29, longitude=36.66, country_code="SY")
    toponyms = [Toponym(doc, 10 * i, 10 * i + 5, "Masasneh", place, 1) for i in range(n)]
    return doc, mentions, claims, toponyms


@pytest.mark.parametrize("sizes", [[1], [0, 2, 3], [4, 0]])
def test_write_extractions_same_as_one_document_at_a_time(any_store, sizes: list[int]) -> None:
    batch = [_records(f"doc{i}", n) for i, n in enumerate(sizes)]
    any_store.write_extractions("v1", batch)
    with open_store(":memory:") as single:
        for doc, mentions, claims, toponyms in batch:
            with single.transaction():
                single.write_mentions(doc, mentions)
                single.write_claims(doc, claims)
                single.write_toponyms(doc, toponyms)
                single.mark_extracted(doc, "v1", len(mentions), len(claims), len(toponyms))
        assert any_store.mentions() == single.mentions()
        assert any_store.claims() == single.claims()
        assert any_store.toponyms() == single.toponyms()


def test_write_extractions_replaces_earlier_rows(any_store) -> None:
    any_store.write_extractions("v1", [_records("doc0", 3), _records("doc1", 2)])
    any_store.write_extractions("v2", [_records("doc0", 1)])
    assert [m.document_id for m in any_store.mentions()] == ["doc0", "doc1", "doc1"]
    assert len(any_store.claims("doc0")) == 1 and len(any_store.toponyms("doc0")) == 1


def test_write_extractions_all_or_nothing(any_store) -> None:
    bad = _records("doc1", 1)
    bad = (bad[0], bad[1], [Claim("doc1", "x", "fatalities", 0, 1, value_low=float("nan"), value_high=object())], bad[3])  # type: ignore[arg-type]
    with pytest.raises(Exception):
        any_store.write_extractions("v1", [_records("doc0", 2), bad])
    assert any_store.mentions() == [] and any_store.claims() == []


@pytest.mark.parametrize("ids", [["doc0", "doc1"], ["doc\x1f0", "doc1"], ["a,b", "a"]])
def test_write_extractions_replaces_only_the_batch_documents(any_store, ids: list[str]) -> None:
    # The batch's ids reach SQL as one joined string, or as a list when an id holds the separator.
    any_store.write_extractions("v1", [_records(i, 2) for i in ids] + [_records("other", 1)])
    any_store.write_extractions("v2", [_records(i, 1) for i in ids])
    assert sorted(m.document_id for m in any_store.mentions()) == sorted(ids + ["other"])
    assert all(len(any_store.toponyms(i)) == 1 for i in ids) and len(any_store.toponyms("other")) == 1
