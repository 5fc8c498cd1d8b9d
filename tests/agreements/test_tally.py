"""Violation tallies by party, zone, day, week and month."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.agreements.tally import tally, week_start, weekly_by_party
from ceasefire.models import Violation


def violation(day: date, violator: str | None, zone: str = "dmz", rule: str = "r") -> Violation:
    return Violation("a", rule, f"{day}-{violator}", day, violator, "inside", zone, 0.0)


VIOLATIONS = [
    violation(date(2019, 3, 3), "Ansar al-Tawhid"),  # a Sunday
    violation(date(2019, 3, 4), "Military Forces of Syria"),
    violation(date(2019, 3, 4), "Military Forces of Syria", zone="buffer-east"),
    violation(date(2019, 4, 1), None),
]


@pytest.mark.parametrize(
    "by, expected",
    [
        ("party", [("Military Forces of Syria", 2), ("(unattributed)", 1), ("Ansar al-Tawhid", 1)]),
        ("zone", [("dmz", 3), ("buffer-east", 1)]),
        ("day", [("2019-03-03", 1), ("2019-03-04", 2), ("2019-04-01", 1)]),
        ("week", [("2019-02-25", 1), ("2019-03-04", 2), ("2019-04-01", 1)]),
        ("month", [("2019-03", 3), ("2019-04", 1)]),
    ],
)
def test_tally_counts_by_key(by, expected):
    assert tally(VIOLATIONS, by) == expected


def test_tally_rejects_unknown_key():
    with pytest.raises(ValueError, match="cannot tally by 'year'"):
        tally(VIOLATIONS, "year")


def test_tally_week_start_is_monday():
    assert week_start(date(2019, 3, 3)) == date(2019, 2, 25)
    assert week_start(date(2019, 3, 4)) == date(2019, 3, 4)


def test_tally_weekly_by_party_fills_empty_weeks():
    weeks, series = weekly_by_party(VIOLATIONS, since=date(2019, 2, 25), until=date(2019, 4, 7))
    assert weeks[0] == date(2019, 2, 25) and weeks[-1] == date(2019, 4, 1) and len(weeks) == 6
    assert series["Military Forces of Syria"] == [0, 2, 0, 0, 0, 0]
    assert series["Ansar al-Tawhid"] == [1, 0, 0, 0, 0, 0]
    assert list(series)[0] == "Military Forces of Syria"
