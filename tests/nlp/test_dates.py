from datetime import date

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
