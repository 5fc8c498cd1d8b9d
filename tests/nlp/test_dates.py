from datetime import date, datetime

import pytest

from ceasefire.nlp.dates import DAY, MONTH, WEEK, find_dates

PUBLISHED = date(2019, 3, 5)  # a Tuesday


@pytest.mark.parametrize(
    "sentence, value, precision, wording",
    [
        ("In the morning of March 3, fighters attacked.", date(2019, 3, 3), DAY, "March 3"),
        ("On March 1, the SDF resumed their advance.", date(2019, 3, 1), DAY, "March 1"),
        ("Clashes erupted on 3 March 2019 near Hama.", date(2019, 3, 3), DAY, "3 March 2019"),
        ("Shelling hit the town on Sunday.", date(2019, 3, 3), DAY, "on Sunday"),
        ("Two soldiers were killed yesterday.", date(2019, 3, 4), DAY, "yesterday"),
        ("The army shelled the village today.", date(2019, 3, 5), DAY, "today"),
        ("Last week the Syrian Air Force delivered strikes.", date(2019, 2, 27), WEEK, "Last week"),
        ("Clashes went on earlier this week.", date(2019, 3, 5), WEEK, "earlier this week"),
        ("52,000 people had withdrawn since December.", date(2018, 12, 15), MONTH, "since December"),
        ("Fighting intensified last month.", date(2019, 2, 15), MONTH, "last month"),
        ("The offensive began in early March.", date(2019, 3, 5), MONTH, "early March"),  # mid-month, not after the report
        ("The zone was set up in September 2018.", date(2018, 9, 15), MONTH, "in September 2018"),
    ],
)
def test_dates_resolved_against_publication(sentence, value, precision, wording):
    found = find_dates(sentence, PUBLISHED)
    assert found, sentence
    assert (found[0].value, found[0].precision, found[0].text) == (value, precision, wording)


def test_dates_a_day_after_publication_is_last_year():
    (found,) = find_dates("The attack of December 20 was repelled.", date(2019, 1, 10))
    assert found.value == date(2018, 12, 20)


@pytest.mark.parametrize("sentence", ["The Sunday Times reported the clash.", "No date here at all."])
def test_dates_none_found(sentence):
    assert find_dates(sentence, PUBLISHED) == []


@pytest.mark.parametrize(
    "sentence, wordings",
    [
        ("Clashes erupted on 3 March 2019 near Hama.", ["3 March 2019"]),
        ("The zone was set up in September 2018, and shelled yesterday.", ["in September 2018"]),
        ("Two were killed on 20/02/2016 and two on Sunday.", ["20/02/2016"]),
        ("Fighting from September 18th - 19th 2017 left ten dead.", ["September 18th - 19th 2017"]),
        ("SAN SALVADOR, nov 89: the army said today that it had retaken the town.", ["nov 89"]),
        ("Two soldiers were killed yesterday.", []),
        ("Shelling hit the town on Sunday, and on March 3 and last week.", []),
        ("Fighting intensified last month, and since December.", []),
    ],
)
def test_dates_without_publication_only_those_naming_their_year(sentence, wordings):
    """Nothing to resolve "yesterday" or "March 3" against: the day of the run would date an archive in this year."""
    found = find_dates(sentence, None)
    assert [d.text for d in found] == wordings
    # and each means the day it means with a publication date far after it
    assert [(d.value, d.precision) for d in found] == [(d.value, d.precision) for d in find_dates(sentence, date(2030, 1, 1)) if d.text in wordings]


@pytest.mark.parametrize(
    "sentence, published, first, last, wording",
    [
        # Airwars' incident headers: the year comes after the last day
        ("September 18th – 19th 2017: (S1337) Raqqah city", date(2017, 10, 1), date(2017, 9, 18), date(2017, 9, 19),
         "September 18th – 19th 2017"),
        ("November 22nd-23rd 2017: (S1483a) Al Baghouz", date(2018, 1, 1), date(2017, 11, 22), date(2017, 11, 23),
         "November 22nd-23rd 2017"),
        ("September 17th- September 18th 2016", date(2016, 9, 30), date(2016, 9, 17), date(2016, 9, 18),
         "September 17th- September 18th 2016"),
        ("Clashes raged on 3 and 4 March near the dam.", PUBLISHED, date(2019, 3, 3), date(2019, 3, 4), "3 and 4 March"),
        ("Fighting on March 3-4 left the town in ruins.", PUBLISHED, date(2019, 3, 3), date(2019, 3, 4), "March 3-4"),
    ],
)
def test_dates_ranges_of_days(sentence, published, first, last, wording):
    found = find_dates(sentence, published)[0]
    assert (found.value, found.last, found.precision, found.text) == (first, last, DAY, wording)


@pytest.mark.parametrize("sentence", ["5 and 6 soldiers were killed on March 4.", "Shelling on March 4 killed 3 and 2 were wounded."])
def test_dates_counts_beside_a_date_are_no_range(sentence):
    (found,) = find_dates(sentence, PUBLISHED)
    assert (found.value, found.last) == (date(2019, 3, 4), None)


@pytest.mark.parametrize(
    "sentence, published, value",
    [
        ("Syria Daily Report 20/02/2016", date(2016, 2, 22), date(2016, 2, 20)),  # day first
        ("A shell targets Jaramana leaving casualties 21/10/2017", date(2017, 10, 21), date(2017, 10, 21)),
        ("Report of 02/03/2016", date(2016, 2, 5), date(2016, 2, 3)),  # 2 March is after the report: month first
        ("Report of 02.03.2016", date(2016, 3, 5), date(2016, 3, 2)),
    ],
)
def test_dates_numeric_read_day_first(sentence, published, value):
    (found,) = find_dates(sentence, published)
    assert (found.value, found.precision) == (value, DAY)


def test_dates_last_night_is_the_day_before():
    (found,) = find_dates("The explosion which targeted Idlib city last night killed 28.", PUBLISHED)
    assert (found.value, found.precision, found.text) == (date(2019, 3, 4), DAY, "last night")


def _every_pattern(text: str, published: date) -> list:
    """find_dates as it was before the cue tests: every pattern run over the whole text."""
    from ceasefire.nlp import dates

    found = dates._ranges(text, published) + dates._numeric_dates(text, published)
    taken = [(d.start, d.end) for d in found]
    for pattern, precision in dates.PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if precision == DAY and pattern.pattern.startswith(r"\b(?:monday") and dates._is_weekday_noise(text, m):
                continue
            value = dates.resolve(m.group(0), published, precision)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(dates.DateExpression(m.start(), m.end(), value, precision, m.group(0)))
    return sorted(found, key=lambda d: d.start)


@pytest.mark.parametrize(
    "text",
    [
        "Fighters attacked the village and burned houses.",
        "In the morning of March 3, fighters attacked.",
        "September 18th – 19th 2017 saw heavy clashes, and again on 3 and 4 March.",
        "The report of 20/02/2016 and the one of 21.10.2017 disagree.",
        "The decree of 2017-09-18 was signed on Sunday.",
        "The Sunday Times said Friday prayers were cancelled on Friday.",
        "Last night, and the day before yesterday, shelling went on; tonight it stopped.",
        "Clashes went on earlier this week and over the past weekend.",
        "Fighting intensified last month and earlier this month.",
        "52,000 people had withdrawn since December, and more in mid-May 2018.",
        "THE ARMY SAID ON MAY 90 THAT 12 WERE KILLED IN NOV 89.",
        "The army may march on the market; a decade of war.",
        "On ſunday the strikes resumed",  # a long s matches "s" under IGNORECASE: the cue tests must agree
        "Holiday traffic, 3 trucks, no date.",
        "",
    ],
)
@pytest.mark.parametrize("published", [PUBLISHED, date(2017, 1, 2)])
def test_dates_cue_tests_skip_no_date(text, published):
    assert find_dates(text, published) == _every_pattern(text, published)


@pytest.mark.parametrize("text", ["nov 89", "may 90", "sept. 50", "jan 68", "jan 69", "dec 99", "march 45", "feb 32"])
@pytest.mark.parametrize("published", [date(2017, 3, 1), date(1990, 6, 15), date(1989, 11, 1), date(1989, 10, 31), date(2045, 3, 2)])
def test_dates_month_and_two_digit_year_as_dateparser_reads_it(text, published):
    import dateparser

    from ceasefire.nlp.dates import month_and_two_digit_year

    base = datetime(published.year, published.month, published.day, 12, 0)
    parsed = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    assert month_and_two_digit_year(text, base) == parsed.date()


@pytest.mark.parametrize("text", ["nov 31", "feb 30", "march 0", "nov  89", "nov 89, 1990", "89 nov", "nov 100", "yesterday"])
def test_dates_other_forms_left_to_dateparser(text):
    from ceasefire.nlp.dates import month_and_two_digit_year

    assert month_and_two_digit_year(text, datetime(2017, 3, 1, 12, 0)) is None


@pytest.mark.parametrize(
    "text",
    [
        "On MONDAY, March 3rd 2019, and again on 4 April; Yesterday's raid; LAST WEEK and earlier this month.",
        "SEPTEMBER 18TH - 19TH 2017, the Sunday Times reported; 12/03/2019 and 2019-03-12 tonight.",
        "Mid-June 2018 until late July; the week before; since December.",
        "Clashes on Tuesday near Ḥamā, 3–4 March",  # non-ASCII: scanned with the flag, as written
        "No date here at all.",
    ],
)
def test_dates_lower_case_scan_finds_the_same_dates(text, monkeypatch):
    from ceasefire.nlp import dates

    published = date(2019, 3, 10)
    fast = dates.find_dates(text, published)
    monkeypatch.setattr(dates, "_LOWER_CASE_PATTERNS", (None,) * len(dates.PATTERNS))
    for _, test in (*dates._CUES, (0, dates._ANY_CUE)):
        monkeypatch.setattr(test, "lowered", None)
    assert dates.find_dates(text, published) == fast
