"""Codebook cue indicators: the fast lower-cased presence test agrees with the case-insensitive matches."""

from __future__ import annotations

import pytest

from ceasefire.nlp.cues import CUE_NAMES, cue_matches, cue_vector


@pytest.mark.parametrize(
    "text",
    [
        "Government WARPLANES bombed the market; 12 civilians were Killed.",
        "On March 5 the army shelled the town.",  # the month is no protest
        "Thousands marched on parliament and Protesters chanted slogans.",
        "The Taliban ATTACKED an army post near Kunduz.",
        "",
    ],
)
def test_cues_vector_matches_the_case_insensitive_search(text):
    found = cue_matches(text)
    assert [name for name, value in zip(CUE_NAMES, cue_vector(text)) if value] == [name for name in CUE_NAMES if name in found]


def test_cues_month_march_is_not_a_protest():
    assert "protest" not in cue_matches("On March 5 the army shelled the town.")
    assert cue_vector("On March 5 the army shelled the town.")[CUE_NAMES.index("protest")] == 0.0
