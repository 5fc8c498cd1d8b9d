"""The document focus: each name sees the others' picks, and weak evidence makes a weak focus."""

from __future__ import annotations

import pytest

from ceasefire.geo import Gazetteer
from ceasefire.geo.focus import focus_by_name


def _town(gazetteer: Gazetteer, name: str, country: str) -> int:
    return next(c.idx for c in gazetteer.candidates(name, fuzzy=False) if gazetteer.country_code[c.idx] == country)


@pytest.mark.parametrize("confidence, share", [(1.0, 1.0), (0.2, 0.2), (0.1, 0.1)])
def test_focus_weak_picks_make_a_weak_focus(gazetteer: Gazetteer, confidence: float, share: float) -> None:
    # a name that barely chose among namesakes abroad must not make that country the whole focus of the others
    picks = {"crescent": [(_town(gazetteer, "Crescent", "US"), confidence)], "edmonton": []}
    focus = focus_by_name(gazetteer, picks)["edmonton"]
    assert focus.countries["US"] == pytest.approx(share)


def test_focus_a_name_does_not_see_its_own_pick(gazetteer: Gazetteer) -> None:
    picks = {"london": [(_town(gazetteer, "London", "GB"), 1.0)] * 4, "ontario": [(_town(gazetteer, "Toronto", "CA"), 1.0)]}
    focus = focus_by_name(gazetteer, picks)
    assert set(focus["london"].countries) == {"CA"} and set(focus["ontario"].countries) == {"GB"}
