"""Row conversions: the fast paths (field tuples, positional construction, memoised places) give what the plain ones did."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from ceasefire.models import Claim, Event, Mention, Place, Toponym
from ceasefire.store.rows import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    TOPONYM_COLUMNS,
    claim_from_json,
    claim_from_values,
    claim_row,
    claim_to_json,
    event_from_row,
    event_row,
    mention_from_values,
    mention_row,
    toponym_from_row,
    toponym_from_values,
    toponym_row,
)

HAMA = Place(id="t:2", name="Hama", latitude=35.13, longitude=36.75, country_code="SY", feature_class="P", feature_code="PPLA",
             admin1="Hama", population=460_000, alternate_names=("Ḥamāh", "حماة"), source="geonames")
MENTION = Mention("doc1", 3, 120, 160, "killed “two” in Ḥamāh", 121, 127, "Violence against civilians", "Attack", 1.0)
CLAIMS = [
    Claim("doc0", "doc0:0", "fatalities", 0, 9, value_low=1, value_high=3, source="SOHR"),
    Claim("doc0", "doc0:0", "fatalities", 0, 9, value_low=17.0, about="Military Forces of Syria", hedge="more than", status="superseded"),
    Claim("doc1", MENTION.id, "actor1", 120, 160, value_text="Hayat Tahrir al-Sham", hedge="unconfirmed", wording="“terrorists”", precision=1),
]


def _asdict_json(claim: Claim) -> dict:
    """claim_to_json as it was written before: dataclasses.asdict, span last."""
    out = dataclasses.asdict(claim)
    out["span"] = [out.pop("start"), out.pop("end")]
    return out


@pytest.mark.parametrize("claim", CLAIMS)
def test_rows_claim_to_json_is_the_asdict_shape(claim):
    assert list(claim_to_json(claim).items()) == list(_asdict_json(claim).items())
    assert json.dumps(claim_to_json(claim)) == json.dumps(_asdict_json(claim))


@pytest.mark.parametrize("claim", CLAIMS)
@pytest.mark.parametrize(
    "reshape",
    [
        lambda d: d,  # the shape claim_to_json writes: read by position
        lambda d: dict(reversed(list(d.items()))),  # other key order
        lambda d: {k: v for k, v in d.items() if k != "status"},  # written before claims had a status
        lambda d: {**{k: v for k, v in d.items() if k != "span"}, "start": d["span"][0], "end": d["span"][1]},  # start/end, no span
        lambda d: {**d, "confidence": 0.5},  # an unknown key is left out
    ],
)
def test_rows_claim_from_json_reads_every_shape(claim, reshape):
    expected = claim if "status" in reshape(_asdict_json(claim)) else dataclasses.replace(claim, status=None)
    assert claim_from_json(reshape(json.loads(json.dumps(claim_to_json(claim))))) == expected


@pytest.mark.parametrize("claim", CLAIMS)
def test_rows_claim_and_mention_from_values_are_the_row_round_trip(claim):
    assert claim_from_values(claim_row(claim)) == claim
    assert mention_from_values(mention_row(MENTION)) == MENTION
    assert len(mention_row(MENTION)) == len(MENTION_COLUMNS)


@pytest.mark.parametrize(
    "toponym",
    [Toponym("doc0", 10, 15, "Hama", HAMA, 1), Toponym("doc0", 40, 45, "Hama", HAMA, 2, "near"), Toponym("doc1", 60, 66, "Nowhere", None, 0)],
)
def test_rows_toponym_from_values_equals_from_row(toponym):
    row = toponym_row(toponym)
    assert toponym_from_values(*row) == toponym_from_row(dict(zip(TOPONYM_COLUMNS, row))) == toponym
    # the place is decoded once and shared: an equal, immutable value
    again = toponym_from_values(*row)
    assert again.place is toponym_from_values(*row).place


def test_rows_event_row_is_the_column_by_column_row():
    event = Event(event_id="ev-1", event_date=date(2019, 3, 3), event_type="Battles", sub_event_type="Armed clash", actor1="A", actor2="B",
                  fatalities_low=3, fatalities_best=4, fatalities_by_side=(("A", 1, 2), ("B", 2, None)), disputed=True,
                  sources=("SOHR", "SANA"), claims=tuple(CLAIMS), documents=("doc0", "doc1"), mention_ids=("doc0:0",), origin="text")
    expected = []
    for name in EVENT_COLUMNS:  # the loop event_row replaced
        value = getattr(event, name)
        if name == "claims":
            value = json.dumps([_asdict_json(c) for c in value])
        elif name in ("fatalities_by_side", "sources", "documents", "mention_ids"):
            value = json.dumps(list(value))
        expected.append(value)
    assert event_row(event) == expected
    assert event_from_row(dict(zip(EVENT_COLUMNS, event_row(event)))) == event
