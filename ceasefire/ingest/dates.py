"""Publication dates as news pages write them, parsed without a heavyweight date library.

Only absolute dates are read here ("March 05, 2019", "4 March 2019",
"2019-03-05", RFC 822 feed dates; dateparser for metadata values in other
layouts); relative dates inside article text are the NLP stage's job.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Optional

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<month_n>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
)


def find_date(text: str) -> Optional[tuple[date, int, int]]:
    """The first absolute date in ``text`` with its span, or None."""
    found = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m.group("month_n")) if "month_n" in m.groupdict() and m.group("month_n") else MONTHS[m.group("month").lower()]
            try:
                found.append((date(int(m.group("year")), month, int(m.group("day"))), m.start(), m.end()))
            except ValueError:
                continue
            break
    return min(found, key=lambda item: item[1]) if found else None


def parse_date(value: object) -> Optional[date]:
    """A date from an ISO string, an RFC 822 string, a free-text date, a datetime or a date; None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_date(text)
    if found:
        return found[0]
    return _numeric_or_year_first(text) or _dateparser_date(text)


# The two layouts that reached dateparser in the benchmark corpus ("2016 Oct 10", "11/28/2016"): read here as
# dateparser reads them (month/day/year, its English order), which saves its 0.3 s first-call set-up.
# tests/ingest/test_dates.py checks every day of several years against dateparser. Anything else,
# an impossible date included, still goes to dateparser.
YEAR_FIRST = re.compile(rf"{_YEAR} (?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))}) (?P<day>[0-3]?\d)", re.I)
MONTH_DAY_YEAR = re.compile(rf"(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/{_YEAR}")


def _numeric_or_year_first(text: str) -> Optional[date]:
    if match := YEAR_FIRST.fullmatch(text):
        month = MONTHS[match.group("month").lower()]
    elif match := MONTH_DAY_YEAR.fullmatch(text):
        month = int(match.group("month"))
    else:
        return None
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def _dateparser_date(text: str) -> Optional[date]:
    """Last resort for metadata values in other layouts ("2016 Oct 10", "11/28/2016"): dateparser, full dates only."""
    import dateparser  # imported here: it costs a second at import and most inputs never get this far

    parsed = dateparser.parse(
        text[:100], languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    )
    return parsed.date() if parsed else None
