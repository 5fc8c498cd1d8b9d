"""Generated notes: ACLED-style, from the fields, never in a side's words."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.events.notes import count_phrase, event_note
from ceasefire.models import Claim, Event

EVENT = Event(
    event_id="x",
    event_date=date(2019, 3, 3),
    event_type="Battles",
    sub_event_type="Armed clash",
    actor1="Ansar al-Tawhid",
    actor2="Military Forces of Syria",
    location="Masasneh",
    admin1="Hama",
    geo_precision=2,
    sources=("South Front",),
)
CLAIMS = (
    Claim("d", "m", "fatalities", 0, 1, value_low=17, about="Military Forces of Syria", source="a military source", publisher="South Front"),
    Claim("d", "m", "fatalities", 2, 3, value_low=6, value_high=6, about="Ansar al-Tawhid", publisher="South Front", wording="eliminated"),
    Claim("s", "m", "fatalities", 0, 1, value_low=20, value_high=20, about="Military Forces of Syria", publisher="SOHR", status="superseded"),
    Claim("s", "m", "fatalities", 0, 1, value_low=27, value_high=27, about="Military Forces of Syria", publisher="SOHR"),
)


def test_notes_example_event():
    note = event_note(EVENT, CLAIMS)
    assert note.startswith("On 3 March 2019, Ansar al-Tawhid clashed with Military Forces of Syria near Masasneh (Hama).")
    assert "According to a military source, at least 17 members of Military Forces of Syria were killed" in note
    assert "6 members of Ansar al-Tawhid were killed" in note
    assert "According to SOHR, 27 members of Military Forces of Syria were killed (revised from 20)." in note


@pytest.mark.parametrize(
    "changes, absent",
    [
        ({"actor1": "terrorists"}, "terrorists"),
        ({"actor2": "regime forces"}, "regime"),
        ({"actor1": "martyrs brigade"}, "martyr"),
    ],
)
def test_notes_never_adopt_a_sides_labels(changes, absent):
    from dataclasses import replace

    labelled = (Claim("d", "m", "fatalities", 0, 1, value_low=5, value_high=5, about="the terrorists", source="SANA", wording="terrorists"),)
    note = event_note(replace(EVENT, **changes), labelled)
    assert absent not in note.lower()
    assert "eliminat" not in note.lower()


@pytest.mark.parametrize(
    "changes, start",
    [
        ({"time_precision": 2}, "In the week of 3 March 2019, "),
        ({"time_precision": 3}, "In March 2019, "),
        ({"date_end": date(2019, 3, 5)}, "Between 3 March 2019 and 5 March 2019, "),
    ],
)
def test_notes_date_precision(changes, start):
    from dataclasses import replace

    assert event_note(replace(EVENT, **changes)).startswith(start)


def test_notes_imported_event_without_claims_reports_its_figure():
    from dataclasses import replace

    note = event_note(replace(EVENT, fatalities_best=33, sources=("SOHR",)))
    assert note.endswith("33 fatalities were reported (sources: SOHR).")


@pytest.mark.parametrize(
    "wording, phrase",
    [
        ("kills about 30 persons", "about 30"),  # said approximately: kept as said, not as its 27-33 band
        ("between 27 and 33 were killed", "between 27 and 33"),
    ],
)
def test_notes_approximate_figure_reads_as_the_source_said_it(wording, phrase):
    claim = Claim("s", "m", "fatalities", 0, 1, value_low=27, value_high=33, publisher="SOHR", wording=wording)
    assert count_phrase(claim) == phrase
