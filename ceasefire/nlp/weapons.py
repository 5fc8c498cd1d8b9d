"""Weapons named in text, as the categories ceasefire rules prohibit ("heavy weapons": tanks, artillery, MLRS, mortars)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pattern_screen import literal_starts

# (pattern, category); longer, more specific names first.
WEAPONS: tuple[tuple[str, str], ...] = (
    (r"multiple[- ]rocket[- ]launchers?|MLRS|Grad rockets?|Grad launchers?|rocket launchers?", "MLRS"),
    (r"barrel[- ]bombs?", "barrel bomb"),
    (r"car[- ]bombs?|truck[- ]bombs?|VBIEDs?|vehicle[- ]borne", "car bomb"),
    (r"suicide (?:bomb(?:er|ing)?s?|vests?|attacks?)", "suicide bomb"),
    (r"IEDs?|improvised explosive devices?|roadside bombs?", "IED"),
    (r"air ?strikes?|air raids?|aerial bombardments?|warplanes?|fighter jets?|airstrikes?", "air strike"),
    (r"drones?|UAVs?", "drone"),
    (r"helicopters?|gunships?", "helicopter"),
    (r"anti[- ]tank (?:guided )?missiles?|ATGMs?|TOW missiles?", "ATGM"),
    (r"ballistic missiles?|cruise missiles?|missiles?", "missile"),
    (r"tanks?|armou?red vehicles?", "tank"),
    (r"artillery|howitzers?|shelling|shells", "artillery"),
    (r"mortars?(?: shells| rounds)?", "mortar"),
    (r"rockets?", "rocket"),
    (r"heavy weapons?|heavy weaponry", "heavy weapons"),
    (r"hand grenades?|grenades?|RPGs?|rocket[- ]propelled grenades?", "grenade"),
    (r"land ?mines?|mines", "landmine"),
    (r"machine ?guns?|machineguns?|rifles?|small arms|AK-47s?|firearms?|assault weapons?|automatic weapons?|gunfire|sniper", "small arms"),
    (r"chemical weapons?|chlorine|sarin|toxic gas", "chemical weapon"),
    (r"dynamite(?: charges?| sticks?)?|explosives?|explosive devices?|explosive charges?|bombs?", "explosives"),
)


def _first_letters(patterns: list[str]) -> str:
    """The letters every match of the patterns starts with, read from their parse (``pattern_screen.literal_starts``)."""
    letters = set()
    for pattern in patterns:
        starts = literal_starts(pattern)
        if starts is None:
            raise ValueError(f"weapon pattern {pattern!r}: an alternative does not start with a literal")
        letters |= {prefix[0].lower() for _, prefix in starts}
    return "".join(sorted(letters))


# Every weapon name starts at a word boundary with one of these letters. Tested first, they spare the regex engine
# the twenty alternations at every other position (it tries each in turn); they change no match.
FIRST_LETTERS = _first_letters([p for p, _ in WEAPONS])
PATTERN = re.compile(f"\\b(?=[{FIRST_LETTERS}])(?:" + "|".join(f"(?P<w{i}>\\b(?:{p})\\b)" for i, (p, _) in enumerate(WEAPONS)) + ")",
                     re.IGNORECASE)
_CASE_SENSITIVE = {"MLRS", "IED", "IEDs", "ATGM", "ATGMs", "RPG", "RPGs", "UAV", "UAVs", "VBIED", "VBIEDs"}
_CASE_SENSITIVE_UPPER = frozenset(s.upper() for s in _CASE_SENSITIVE)


@dataclass(frozen=True)
class WeaponMention:
    start: int
    end: int
    text: str
    category: str


def find_weapons(text: str) -> list[WeaponMention]:
    """Weapon names in ``text`` (offsets relative to it), each with its category."""
    out = []
    for m in PATTERN.finditer(text):
        group = m.lastgroup or ""
        surface = m.group(0)
        if surface.upper() == surface.lower():
            continue
        if surface.upper() in _CASE_SENSITIVE_UPPER and surface != surface.upper() and not text.islower():
            continue  # "ied", "rpgs" in cased text are not the acronyms
        out.append(WeaponMention(m.start(), m.end(), surface, WEAPONS[int(group[1:])][1]))
    return out
