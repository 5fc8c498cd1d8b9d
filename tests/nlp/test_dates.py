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
