"""``write_extractions`` builds its rows column by column: the values must be those of the row functions."""

from __future__ import annotations

import pytest

from ceasefire.models import Claim, Mention, Place, Toponym
from ceasefire.store.columns import COLUMN_VALUES
from ceasefire.store.rows import claim_row, mention_row, toponym_row

HAMA = Place(id="t:2", name="Hama", latitude=35.13, longitude=36.75, country_code="SY", feature_class="P", feature_code="PPLA",
             admin1="Hama", population=460_000, alternate_names=("Ḥamāh", "حماة"), source="geonames")
MASASNEH = Place(id="t:1", name="Masasinah", latitude=35.29, longitude=36.66, country_code="SY")

MENTIONS = [
    Mention("doc0", 0, 0, 9, "shelled", 2, 9, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.9),
    Mention("doc1", 3, 120, 160, "killed “two” in Ḥamāh", 121, 127, "Violence against civilians", "Attack", 1.0),
]
CLAIMS = [
    Claim("doc0", MENTIONS[0].id, "fatalities", 0, 9, value_low=1, value_high=3, source="SOHR"),
    Claim("doc1", MENTIONS[1].id, "actor", 120, 160, value_text="Hayat Tahrir al-Sham", hedge="unconfirmed", precision=1),
]
TOPONYMS = [
    Toponym("doc0", 10, 15, "Hama", HAMA, 1),
    Toponym("doc0", 40, 45, "Hama", HAMA, 1, "near"),  # the same place object twice: encoded once
    Toponym("doc1", 50, 58, "Masasneh", MASASNEH, 2),
    Toponym("doc1", 60, 66, "Nowhere", None, 0),
    Toponym("doc1", 70, 74, "Hama", Place(**{**HAMA.__dict__}), 1),  # an equal place, another object
]


@pytest.mark.parametrize(
    "table, records, row",
    [("mentions", MENTIONS, mention_row), ("claims", CLAIMS, claim_row), ("toponyms", TOPONYMS, toponym_row),
     ("toponyms", TOPONYMS[3:4], toponym_row)],
)
def test_columns_equal_the_row_functions(table, records, row):
    columns = COLUMN_VALUES[table](records)
    assert [list(values) for values in zip(*columns)] == [row(record) for record in records]
    assert all(type(a) is type(b) for values, record in zip(zip(*columns), records) for a, b in zip(values, row(record)))


@pytest.mark.parametrize("ids", [["a" * 64, "b" * 64], ["doc'0", "doc1"], ["doc 0"]])
def test_columns_batch_ids_inlined_or_passed(store, ids):
    # Alphanumeric ids (content ids) are written into the SQL, anything else goes as a parameter: both replace the same rows.
    batch = [(i, [Mention(i, 0, 0, 4, "shot", 0, 4, "Battles", "Armed clash", 0.5)], [], [Toponym(i, 0, 4, "Hama", HAMA, 1)]) for i in ids]
    store.write_extractions("v1", batch + [("other", [], [], [])])
    store.write_extractions("v2", batch)
    assert sorted(m.document_id for m in store.mentions()) == sorted(ids)
    assert [t.place for t in store.toponyms()] == [HAMA] * len(ids)
