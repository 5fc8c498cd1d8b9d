"""Dates in text, resolved against the publication date, with ACLED time precision.

Precision follows ACLED: 1 = the day is known, 2 = the week, 3 = the month.
A week-precision date is the Wednesday of that week and a month-precision date
the 15th of the month (the middle, as ACLED codes an event known only to the
week or month), never later than the publication date. "since December" is a
month-precision date for the start of the period. A day or month later in the
year than the publication date is last year's.

The frequent forms ("March 3", "3 March 2019", "Sunday", "yesterday", "last
night", "in December", "20/02/2016") are computed directly; anything else goes to dateparser with the
publication date as its relative base (dateparser costs ~0.1 s a call).

When a sentence names no date, ``claims`` falls back to the last date named
earlier in the same paragraph (narratives run on: "On March 1 ... The attack
came ..."), and failing that to the publication date with precision 1 and
the hedge "no date in text; publication date": that is how ACLED and UCDP
code a same-day wire report or headline, and the hedge keeps the assumption
visible. Relative expressions ("last week") keep their own precision.

Without a publication date only an expression that names its year ("3 March
2019", "in December 2018", "20/02/2016", wire copy's "nov 89") is a date: the
others ("yesterday", "on Monday", "March 3") have nothing to be resolved
against. Resolved against the day of the run, they dated an archive's reports
(MUC-4's 1989 wire copy) in the current year, and the same text differently
from one day to the next. They are dropped: a report's events with no other
date are left out of the ledger as undated (with a warning) until the
document is given its date.

A range of days ("September 18th – 19th 2017", "3 and 4 March") is one
expression whose ``last`` day is the range's end: its year is read after the
last day, where the text gives it. A numeric date is read day first
("20/02/2016", as the region's publishers write it), unless only the month-first
reading is a valid date on or before the publication date.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional

import dateparser

from .pattern_screen import CaseInsensitivePattern, lower_case_equivalent

DAY, WEEK, MONTH = 1, 2, 3

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

# (pattern, precision); the first pattern to match a stretch of text wins.
PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(p, re.IGNORECASE), precision)
    for p, precision in (
        (rf"\b(?:{_MONTHS})\.?\s+{_DAYNUM}(?:,?\s+{_YEAR})?\b", DAY),
        (rf"\b{_DAYNUM}\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+{_YEAR})?\b", DAY),
        (r"\b\d{4}-\d{2}-\d{2}\b", DAY),
        (r"\b(?:yesterday|today|tonight|the day before yesterday|last night)\b", DAY),
        (rf"\b(?:last|this|on|early|late)\s+(?:{_WEEKDAYS})(?:\s+(?:morning|afternoon|evening|night))?\b", DAY),
        (rf"\b(?:{_WEEKDAYS})\b", DAY),
        (r"\b(?:last|this|past|previous)\s+week(?:end)?\b|\bearlier\s+this\s+week\b|\bthe\s+week\s+before\b", WEEK),
        (r"\b(?:last|this|past|previous)\s+month\b|\bearlier\s+this\s+month\b", MONTH),
        (rf"\b(?:early|mid|late|since|in|during|throughout|until)[\s-]+(?:{_MONTHS})(?:\s+{_YEAR})?\b", MONTH),
        (rf"\b(?:{_MONTHS})\s+{_YEAR}\b", MONTH),
    )
)
# What each pattern of PATTERNS cannot match without: a digit, a month word (every pattern starts it at a word
# boundary), "day" (weekdays, yesterday, today), "night", "week", "month". A cheap test of the whole text skips the
# patterns it rules out; the tests run with the patterns' own flags, so they never reject text a pattern would match.
_DIGIT, _MONTH_NAME, _DAY_OR_NIGHT, _DAY, _WEEK, _MONTH = (1 << i for i in range(6))
# The cue tests and the patterns scan an ASCII text in its lower-cased form, where they find the same spans in
# about half the time (``pattern_screen.CaseInsensitivePattern``); what a date reads is sliced from the text itself.
_CUES = (
    (_DIGIT, CaseInsensitivePattern(r"\d")),
    (_MONTH_NAME, CaseInsensitivePattern(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")),
    (_DAY_OR_NIGHT, CaseInsensitivePattern(r"day|night")),
    (_DAY, CaseInsensitivePattern(r"day")),
    (_WEEK, CaseInsensitivePattern(r"week")),
    (_MONTH, CaseInsensitivePattern(r"month")),
)
_ANY_CUE = CaseInsensitivePattern(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|day|night|week|month")
_LOWER_CASE_PATTERNS = tuple(lower_case_equivalent(pattern.pattern) for pattern, _ in PATTERNS)
# the cues each pattern of PATTERNS needs, in order
_PATTERN_CUES = (_DIGIT | _MONTH_NAME, _DIGIT | _MONTH_NAME, _DIGIT, _DAY_OR_NIGHT, _DAY, _DAY, _WEEK, _MONTH, _MONTH_NAME,
                 _DIGIT | _MONTH_NAME)
_SIGNAL_WORDS = re.compile(r"^(?:on|in|during|throughout|until|early|mid|late|since|last|this)[\s-]+", re.IGNORECASE)


@dataclass(frozen=True)
class DateExpression:
    """A date found in text: span (relative to the text given), resolved day, precision, wording."""

    start: int
    end: int
    value: date
    precision: int
    text: str
    last: Optional[date] = None  # the last day of a range of days ("September 18th – 19th"), after ``value``


_RANGE_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE_SEPARATOR = r"\s*(?:-|–|—|and|to|&)\s*"
# "September 18th – 19th 2017", "September 17th- September 18th 2016", "March 3-4", "3 and 4 March", "1 – 20 October 2017"
_RANGES = (
    re.compile(rf"\b(?P<m1>{_MONTHS})\.?\s+{_RANGE_DAY}{_RANGE_SEPARATOR}(?:(?P<m2>{_MONTHS})\.?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b"
               rf"(?:,?\s+(?P<year>{_YEAR}))?", re.IGNORECASE),
    re.compile(rf"\b{_RANGE_DAY}(?:\s+(?:of\s+)?(?P<m1>{_MONTHS}))?{_RANGE_SEPARATOR}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
               rf"(?P<m2>{_MONTHS})\b\.?(?:,?\s+(?P<year>{_YEAR}))?", re.IGNORECASE),
)
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})(?![\d/.])")


def find_dates(text: str, published: Optional[date]) -> list[DateExpression]:
    """Every date expression in ``text`` resolved relative to ``published``; without it, those that name their year."""
    lower = text.lower()
    if not _ANY_CUE.search(text, lower):
        return []  # most sentences: no digit, month, weekday or relative date word
    if published is None:
        # Today only bounds them ("3 March 2019" is not after today); see the module's docstring.
        return [d for d in _find_dates(text, lower, date.today()) if names_its_year(d.text)]
    return _find_dates(text, lower, published)


def names_its_year(expression: str) -> bool:
    """Whether a date expression gives its own year ("3 March 2019", "20/02/2016", "nov 89"), so that it means the
    same day whatever the date it is read against."""
    if _FULL_YEAR.search(expression):
        return True
    m = _MONTH_AND_NUMBER.search(expression.lower())
    return m is not None and _is_two_digit_year(m[2])


def _find_dates(text: str, lower: str, base: date) -> list[DateExpression]:
    present = sum(cue for cue, test in _CUES if test.search(text, lower))
    found = _ranges(text, base) if present & (_DIGIT | _MONTH_NAME) == _DIGIT | _MONTH_NAME else []
    found += _numeric_dates(text, base) if present & _DIGIT else []
    taken: list[tuple[int, int]] = [(d.start, d.end) for d in found]
    ascii_text = text.isascii()
    for (pattern, precision), needed, lowered in zip(PATTERNS, _PATTERN_CUES, _LOWER_CASE_PATTERNS):
        if needed & ~present:
            continue
        for m in lowered.finditer(lower) if lowered is not None and ascii_text else pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if precision == DAY and pattern.pattern.startswith(r"\b(?:monday") and _is_weekday_noise(text, m):
                continue
            words = text[m.start() : m.end()]  # m.group(0) of the text as written
            value = resolve(words, base, precision)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateExpression(m.start(), m.end(), value, precision, words))
    return sorted(found, key=lambda d: d.start)


def _ranges(text: str, published: date) -> list[DateExpression]:
    """Ranges of days: the first day as ``value``, the last as ``last``, both in the year given after the range."""
    out: list[DateExpression] = []
    for pattern in _RANGES:
        for m in pattern.finditer(text):
            if any(m.start() < d.end and d.start < m.end() for d in out):
                continue
            year = m["year"] or ""
            first_month, last_month = m["m1"] or m["m2"], m["m2"] or m["m1"]
            last = _common_form(f"{last_month.lower()} {m['d2']} {year}".strip(), published, DAY)
            first = _common_form(f"{first_month.lower()} {m.group(2) if pattern is _RANGES[0] else m.group(1)} {year}".strip(), published, DAY)
            if first is None or last is None or not year and last.year != first.year:
                continue
            if last < first and not m["m2"]:
                continue  # "5-3 March" is no range
            if first < last <= first + timedelta(days=62):
                # the text states both ends: the days are known (the event runs from one to the other)
                out.append(DateExpression(m.start(), m.end(), first, DAY, m.group(0), last))
    return out


def _numeric_dates(text: str, published: date) -> list[DateExpression]:
    """"20/02/2016", "21.10.2017": day first, unless only month first gives a day on or before publication."""
    out = []
    for m in _NUMERIC.finditer(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        readings = []
        for day, month in ((first, second), (second, first)):
            try:
                readings.append(date(year, month, day))
            except ValueError:
                continue
        known = [r for r in readings if r <= published + timedelta(days=1)] or readings
        if known:
            out.append(DateExpression(m.start(), m.end(), known[0], DAY, m.group(0)))
    return out


def _is_weekday_noise(text: str, m: re.Match[str]) -> bool:
    # "Sunday Times", "Friday prayers": a weekday used as a name, not a date
    following = text[m.end() : m.end() + 10].lower()
    return following.startswith((" times", " prayer", " sermon"))


_MONTH_NUMBER = {name: i for i, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), 1) for name in names.split()}
_WEEKDAY_NUMBER = {name: i for i, name in enumerate(_WEEKDAYS.split("|"))}


def _common_form(text: str, published: date, precision: int) -> Optional[date]:
    """The frequent forms, computed directly (dateparser takes ~0.1 s a call); None hands over to dateparser."""
    words = re.findall(r"[a-z]+|\d+", text)
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    month = next((_MONTH_NUMBER[w] for w in words if w in _MONTH_NUMBER), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2), None)
    if "yesterday" in words or words == ["last", "night"]:
        return published - timedelta(days=2 if "before" in words else 1)
    if "today" in words or "tonight" in words:
        return published
    weekday = next((_WEEKDAY_NUMBER[w] for w in words if w in _WEEKDAY_NUMBER), None)
    if weekday is not None and month is None:
        back = (published.weekday() - weekday) % 7
        if back == 0 and "last" in words:
            back = 7
        return published - timedelta(days=back)
    if month is None or (precision == DAY and day is None):
        return None
    try:
        value = date(year or published.year, month, day if precision == DAY and day else 15)
    except ValueError:
        return None
    if value.replace(day=1 if precision == MONTH else value.day) > published and year is None:
        value = value.replace(year=value.year - 1)  # "March 3" in an article of January: last year
    return min(value, published)  # the middle of the current month is not after the report


_MONTH_AND_NUMBER = re.compile(rf"({_MONTHS})\.? (\d\d)")
_FULL_YEAR = re.compile(rf"\b{_YEAR}\b")


def _is_two_digit_year(number: str) -> bool:
    """Whether the two digits after a month are a year ("nov 89"): from 32 on they are no day."""
    return int(number) >= 32


def month_and_two_digit_year(text: str, base: datetime) -> Optional[date]:
    """ "nov 89", "may 90" (wire copy's month and year): the day dateparser gives, without dateparser.

    A number from 32 to 99 after a month is no day, so dateparser reads it as a two-digit year (69-99: 19xx, else
    20xx; a century earlier when that is after ``base``) and takes the first of the month. Its first call costs
    about 0.3 s (it builds its time-zone and locale tables), for a form the corpus's wire copy uses.
    ``tests/nlp/test_dates.py`` checks this against dateparser. Anything else: None.
    """
    m = _MONTH_AND_NUMBER.fullmatch(text)
    if m is None or not _is_two_digit_year(m[2]):
        return None
    year = int(m[2]) + (1900 if int(m[2]) >= 69 else 2000)
    first = datetime(year, _MONTH_NUMBER[m[1]], 1)
    return (first.replace(year=year - 100) if base < first else first).date()


@functools.lru_cache(maxsize=4096)
def resolve(expression: str, published: date, precision: int) -> Optional[date]:
    """One date expression as a day, relative to ``published``; week/month dates at their middle."""
    text = expression.strip().lower()
    if precision in (DAY, MONTH) and not re.search(r"last month|this month|past month|previous month", text):
        common = _common_form(text, published, precision)
        if common is not None:
            return common
    base = datetime(published.year, published.month, published.day, 12, 0)
    if precision == WEEK:
        monday = published - timedelta(days=published.weekday())
        if re.search(r"last|past|previous|before", text):
            monday -= timedelta(days=7)
        middle = monday + timedelta(days=5 if "weekend" in text else 2)
        return min(middle, published)  # "earlier this week" cannot be after the report
    if precision == MONTH:
        if re.search(r"last|past|previous", text):
            first = published.replace(day=1) - timedelta(days=1)
            return first.replace(day=15)
        if "this month" in text:
            return min(published.replace(day=15), published)
        text = _SIGNAL_WORDS.sub("", text)
    else:
        text = re.sub(r"^(?:on|last|this|early|late)\s+", "", text)
        text = re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", text)
        text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text).replace(" of ", " ")
    value = month_and_two_digit_year(text, base) if precision == DAY else None
    if value is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateparser warns about its own regex internals
            parsed = dateparser.parse(
                text,
                languages=["en"],
                settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
            )
        if parsed is None:
            return None
        value = parsed.date()
    if value > published and not re.search(r"\b(?:19|20)\d{2}\b", expression):
        value = value.replace(year=value.year - 1)  # "March 3" in an article of January: last year
    if precision == MONTH:
        value = value.replace(day=15)
    return value
