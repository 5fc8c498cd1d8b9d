"""Acts told in one sentence: tolls, and which mentions are acts of their own."""

from __future__ import annotations

import pytest

from ceasefire.events.acts import another_act, toll_only
from ceasefire.models import Mention


def mention(start: int, end: int, trigger: str, sub_event_type: str, sentence: int = 0) -> Mention:
    event_type = {"Armed clash": "Battles", "Attack": "Violence against civilians"}.get(sub_event_type, "Explosions/Remote violence")
    return Mention("doc", sentence, start, end, trigger, start, start + len(trigger), event_type, sub_event_type, 0.9)


@pytest.mark.parametrize("trigger, expected", [
    ("casualties", True), ("killed", True), ("raising the death toll", True), ("claims the lives", True),
    ("massacre", False), ("warplanes", False), ("shot dead", False),
])
def test_acts_toll_only(trigger, expected):
    assert toll_only(mention(0, 10, trigger, "Attack")) is expected


AIR = mention(0, 38, "airstrikes", "Air/drone strike")


@pytest.mark.parametrize("second, expected", [
    (mention(43, 80, "battles", "Armed clash"), True),  # another act after it
    (mention(43, 80, "warplanes", "Air/drone strike"), False),  # the same act again
    (mention(43, 80, "casualties", "Attack"), False),  # a toll of the act told
    (mention(20, 80, "battles", "Armed clash"), False),  # overlapping candidates: one report
    (mention(0, 30, "battles", "Armed clash", sentence=1), False),  # another sentence: the folding rules decide
])
def test_acts_another_act(second, expected):
    assert another_act([AIR], second) is expected


def test_acts_a_toll_before_is_no_act():
    toll = mention(0, 20, "casualties", "Attack")
    assert another_act([toll], mention(25, 60, "shelling", "Shelling/artillery/missile attack")) is False
