"""The layouts ``parse_date`` reads without dateparser must give dateparser's answer."""

from datetime import date, timedelta

import pytest

from ceasefire.ingest.dates import MONTHS, _dateparser_date, _numeric_or_year_first, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2016 Oct 10", date(2016, 10, 10)),
        ("2016 october 1", date(2016, 10, 1)),
        ("2019 SEPT 09", date(2019, 9, 9)),
        ("11/28/2016", date(2016, 11, 28)),
        ("5/3/2016", date(2016, 5, 3)),  # month first, as dateparser reads English
        ("02/29/2016", date(2016, 2, 29)),
        ("13/05/2016", None),  # no 13th month: dateparser decides (it reads day first then)
        ("02/30/2016", None),
        ("2016 Feb 30", None),
        ("2016 Oct 10 12:00", None),
        ("10 Oct 2016", None),
    ],
)
def test_dates_fast_layouts_read_as_dateparser(text, expected):
    assert _numeric_or_year_first(text) == expected
    assert parse_date(text) == _dateparser_date(text)


def _days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.mark.slow
@pytest.mark.parametrize("year", [2016, 2023])
def test_dates_fast_layouts_agree_with_dateparser_every_day(year):
    texts = [f"{day.month}/{day.day}/{year}" for day in _days(year)]
    if year == 2016:  # zero-padded, and every month name the year-first layout takes, for days 1 to 31
        texts += [f"{day.month:02d}/{day.day:02d}/{year}" for day in _days(year)]
        texts += [f"{year} {name.title()} {number}" for name in MONTHS for number in range(1, 32)]
        texts += [f"{year} {name.upper()} {number:02d}" for name in ("sept", "may", "feb") for number in range(1, 32)]
    for text in texts:
        expected = _dateparser_date(text)
        assert _numeric_or_year_first(text) == expected and parse_date(text) == expected, text
