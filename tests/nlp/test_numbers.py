import re

import pytest

from ceasefire.nlp import numbers
from ceasefire.nlp.numbers import find_quantities, parse_quantity, words_to_number


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("more than 16 soldiers", 17, None),
        ("over 52,000 people", 52001, None),
        ("at least 18 of them", 18, None),
        ("no fewer than 5 fighters", 5, None),
        ("nine or more civilians", 9, None),
        ("between 250 and 300 members", 250, 300),
        ("from 10 to 12 fighters", 10, 12),
        ("10-12 killed", 10, 12),
        ("about 30 people", 27, 33),
        ("some 30 people", 27, 33),
        ("approximately 100 troops", 90, 110),
        ("up to 40 fighters", None, 40),
        ("fewer than 10 people", None, 9),
        ("six fighters", 6, 6),
        ("twenty-one soldiers", 21, 21),
        ("two hundred and fifty people", 250, 250),
        ("1.5 million people", 1_500_000, 1_500_000),
        ("a dozen soldiers", 12, 12),
        ("dozens of civilians", 24, None),
        ("hundreds of families", 200, None),
        ("thousands of people", 2000, None),
        ("several soldiers", 3, 9),
    ],
)
def test_numbers_ranges(text, low, high):
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.low, quantity.high) == (low, high)


@pytest.mark.parametrize("text", ["a soldier was killed", "under a Russian-Turkish agreement", "an attack"])
def test_numbers_articles_are_not_counts(text):
    assert find_quantities(text) == []


def test_numbers_span_is_the_wording():
    text = "It was estimated somewhere between 250 and 300."
    (quantity,) = find_quantities(text)
    assert text[quantity.start : quantity.end] == "between 250 and 300"
    assert quantity.qualifier == "range"


@pytest.mark.parametrize("text, value", [("six", 6), ("forty two", 42), ("52,000", 52000), ("3 thousand", 3000), ("ninety-nine", 99)])
def test_numbers_words_to_number(text, value):
    assert words_to_number(text) == value


def _unguarded_quantities(text: str) -> list:
    """find_quantities before the first-character test and the early skip of articles."""
    from ceasefire.nlp import numbers

    unguarded = re.compile(numbers.PATTERN.pattern.replace(f"(?=[\\d{numbers.FIRST_CHARACTERS}])", "", 1), numbers.PATTERN.flags)
    assert unguarded.pattern != numbers.PATTERN.pattern
    return [q for q in (numbers._from_match(m) for m in unguarded.finditer(text)) if q is not None]


@pytest.mark.parametrize(
    "text",
    [
        "A soldier and an officer were killed, a hundred were wounded and a dozen captured.",
        "More than 16 SAA soldiers were killed; between 250 and 300 are besieged.",
        "Some 30 people, dozens of fighters and several hundred residents fled, as many as 40 up to now.",
        "The number was estimated between two hundred and fifty and three hundred, 10-12 or 1.5 million.",
        "Zero casualties; eleven or more missing; tens of thousands displaced; approx. 20 dead.",
        "Under a deal, one man and One Woman left; from a to an.",
        "No number in this sentence at all.",
        "Ｔwenty-one ſeven",
    ],
)
def test_numbers_guarded_pattern_finds_the_same(text):
    assert find_quantities(text) == _unguarded_quantities(text)


@pytest.mark.parametrize(
    "text",
    [
        "More than 16 soldiers and AT LEAST TWENTY-ONE civilians were killed; Between 250 and 300 fled.",
        "ABOUT 30 PEOPLE, dozens of others, 52,000 displaced and 1.5 Million in need; 10-15 wounded.",
        "Some Two Hundred and Fifty fighters; an estimated 40 or more; up to 7\u2013 9 died.",  # non-ASCII: the flag path
        "a soldier, An officer and ONE man",
        "",
    ],
)
def test_numbers_lower_case_scan_reads_the_same_quantities(text, monkeypatch):
    assert numbers._LOWER_CASE_PATTERN is not None
    fast = numbers.find_quantities(text)
    monkeypatch.setattr(numbers, "_LOWER_CASE_PATTERN", None)  # the case-insensitive scan of the text as written
    assert numbers.find_quantities(text) == fast
