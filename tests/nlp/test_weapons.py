import re

import pytest

from ceasefire.nlp import weapons
from ceasefire.nlp.weapons import find_weapons


@pytest.mark.parametrize(
    "text, found",
    [
        ("Regime warplanes and helicopters dropped barrel bombs.", [("warplanes", "air strike"), ("helicopters", "helicopter"),
                                                                   ("barrel bombs", "barrel bomb")]),
        # "ied" in cased text is no acronym; nor, as the code stands, "RPGs" (only "RPGS" or "rpgs" in lower-case text)
        ("An IED and two RPGs; the ied in cased text is no acronym.", [("IED", "IED")]),
        ("an ied went off", [("ied", "IED")]),
        ("No weapon here.", []),
    ],
)
def test_weapons_found_with_category(text, found):
    assert [(w.text, w.category) for w in find_weapons(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Multiple rocket launchers, MLRS and Grad rockets; car bombs, VBIEDs and vehicle-borne devices.",
        "Suicide vests, roadside bombs, air strikes, aerial bombardments, drones, UAVs and gunships.",
        "Anti-tank missiles, TOW missiles, cruise missiles, tanks, armoured vehicles, howitzers and shelling.",
        "Mortar shells, rockets, heavy weaponry, hand grenades, landmines, machine guns, AK-47s and sniper fire.",
        "Chlorine, sarin, toxic gas, dynamite sticks, explosive charges and bombs.",
        "The Sunday Times and an ordinary sentence.",
    ],
)
def test_weapons_first_letter_guard_finds_the_same(text):
    unguarded = re.compile(weapons.PATTERN.pattern.replace(f"\\b(?=[{weapons.FIRST_LETTERS}])", "", 1), weapons.PATTERN.flags)
    assert unguarded.pattern != weapons.PATTERN.pattern
    assert [(m.start(), m.end(), m.lastgroup) for m in weapons.PATTERN.finditer(text)] == [
        (m.start(), m.end(), m.lastgroup) for m in unguarded.finditer(text)]


def test_weapons_first_letters_read_from_the_patterns():
    assert weapons._first_letters([r"air ?strikes?|(?:war|battle)ships?", r"IEDs?"]) == "abiw"
    assert weapons.FIRST_LETTERS == "abcdefghilmrstuvw"
    with pytest.raises(ValueError, match="does not start with a literal"):
        weapons._first_letters([r"tanks?|\w+ guns"])
