"""Counts in text as ranges: "more than 16" -> 17..open, "between 250 and 300" -> 250..300.

Every figure becomes ``(low, high)``; ``None`` means open. The rules, so that
a reader can check any figure by hand:

==========================================  ===========================
wording                                     range
==========================================  ===========================
"16", "sixteen"                             16 .. 16
"more than / over / above / upwards of N"   N+1 .. open
"at least / no fewer than / N or more"      N .. open
"between A and B", "A to B", "A-B"          A .. B
"about / around / approximately / some /    N-10% .. N+10% (rounded
roughly / an estimated / nearly / almost"   outwards; "about 30" -> 27..33)
"up to / as many as / at most"              open .. N  (low None)
"fewer than / less than / under"            open .. N-1
"a dozen"                                   12 .. 12
"dozens" / "scores" / "hundreds" /          24 / 40 / 200 / 2000 .. open
"thousands"                                 (the least the plural allows)
"a few" / "several"                         2..5 / 3..9
==========================================  ===========================
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from .pattern_screen import lower_case_equivalent

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague plurals: the least value the word allows, and an upper bound where one exists.
VAGUE = {
    "a dozen": (12, 12), "dozens": (24, None), "scores": (40, None), "hundreds": (200, None),
    "thousands": (2000, None), "tens of thousands": (20000, None), "a few": (2, 5), "several": (3, 9),
    "a handful": (2, 5), "a number": (2, None), "many": (2, None), "some": (2, None),
}

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
_NUMBER_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*)"
_DIGITS = r"(?:\d{1,3}(?:[,\u202f ]\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:million|thousand))?"
NUMBER = rf"(?:{_DIGITS}|{_NUMBER_WORDS})"
_VAGUE = "|".join(sorted((re.escape(k) for k in VAGUE), key=len, reverse=True))

QUALIFIERS: dict[str, str] = {
    "more than": "more", "over": "more", "above": "more", "upwards of": "more", "in excess of": "more",
    "at least": "least", "no fewer than": "least", "no less than": "least", "a minimum of": "least",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "nearly": "about", "almost": "about", "close to": "about",
    "circa": "about", "approx.": "about", "up to": "most", "as many as": "most", "at most": "most",
    "fewer than": "less", "less than": "less", "under": "less",
}
_QUAL = "|".join(sorted((re.escape(k) for k in QUALIFIERS), key=len, reverse=True))

# Every count starts with a digit or one of these letters. Tested first, the character spares the regex engine the
# long alternation at every other word boundary (it tries each alternative in turn); it changes no match.
FIRST_CHARACTERS = "".join(sorted({word[0] for word in (*VAGUE, "between", "from", *QUALIFIERS, *UNITS, *TENS, *SCALES)}))
PATTERN = re.compile(
    rf"\b(?=[\d{FIRST_CHARACTERS}])(?:(?P<vague>{_VAGUE})(?!\s+{NUMBER}\b)"
    rf"|(?P<between>between|from)\s+(?P<a>{NUMBER})\s+(?:and|to)\s+(?P<b>{NUMBER})"
    rf"|(?P<a2>{_DIGITS})\s*(?:-|\u2013|to)\s*(?P<b2>{_DIGITS})"
    rf"|(?:(?P<qual>{_QUAL})\s+)?(?P<n>{NUMBER})(?P<ormore>\s+or\s+more)?)\b",
    re.IGNORECASE,
)
# The same pattern run over the lower-cased text of an ASCII text finds the same spans, in about half the time
# (``pattern_screen.lower_case_equivalent``); the words a count is read from are lower-cased by then anyway.
_LOWER_CASE_PATTERN = lower_case_equivalent(PATTERN.pattern)

BAND = 0.10  # "about N" -> N +- 10 %, rounded outwards


@dataclass(frozen=True)
class Quantity:
    """A count found in text: character span (relative to the text given), range and the wording."""

    start: int
    end: int
    low: Optional[int]
    high: Optional[int]
    text: str
    qualifier: Optional[str] = None  # more | least | about | most | less | range | vague

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high


def words_to_number(text: str) -> Optional[int]:
    """ "six" -> 6, "twenty-one" -> 21, "two hundred and fifty" -> 250, "52,000" -> 52000, "1.5 million"."""
    text = text.strip().lower()
    digits = re.fullmatch(r"(\d[\d,\u202f .]*?)\s*(million|thousand)?", text)
    if digits:
        raw = re.sub(r"[,\u202f ]", "", digits.group(1))
        try:
            value = float(raw)
        except ValueError:
            return None
        value *= SCALES.get(digits.group(2) or "", 1)
        return int(round(value))
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million"):
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _about(n: int) -> tuple[int, int]:
    delta = math.ceil(round(n * BAND, 9))  # rounded outwards; round() first so 100 * 0.1 is 10, not 10.000000000000002
    return (max(n - delta, 0), n + delta)


def parse_quantity(text: str) -> Optional[Quantity]:
    """The first count in ``text``, or None."""
    found = find_quantities(text)
    return found[0] if found else None


def find_quantities(text: str) -> list[Quantity]:
    """Every count in ``text`` with its range (see the module table)."""
    out: list[Quantity] = []
    lowered = _LOWER_CASE_PATTERN is not None and text.isascii()
    for match in _LOWER_CASE_PATTERN.finditer(text.lower()) if lowered else PATTERN.finditer(text):  # type: ignore[union-attr]
        if match.group(0).lower() in ("a", "an"):
            continue  # "a soldier": an article, not a count (the commonest match by far)
        quantity = _from_match(match, text)
        if quantity is not None:
            out.append(quantity)
    return out


def _from_match(m: re.Match[str], text: Optional[str] = None) -> Optional[Quantity]:
    """The count of a match of ``PATTERN`` (or of its lower-case form in ``text.lower()``: groups are read
    case-insensitively, the wording is sliced from ``text``)."""
    span_text = m.group(0) if text is None else text[m.start() : m.end()]
    if m.group("between") or m.group("a2"):
        a = words_to_number(m.group("a") or m.group("a2"))
        b = words_to_number(m.group("b") or m.group("b2"))
        if a is None or b is None or b < a:
            return None
        return Quantity(m.start(), m.end(), a, b, span_text, "range")
    if m.group("vague"):
        low, high = VAGUE[m.group("vague").lower()]
        return Quantity(m.start(), m.end(), low, high, span_text, "vague")
    raw = m.group("n")
    if raw.lower() in ("a", "an") or (raw.lower() == "one" and not m.group("qual")):
        return None  # "a soldier", "under a deal": an article, not a count worth a claim
    n = words_to_number(raw)
    if n is None:
        return None
    qualifier = QUALIFIERS.get((m.group("qual") or "").lower())
    if m.group("ormore"):
        qualifier = "least"
    if qualifier == "more":
        low, high = n + 1, None
    elif qualifier == "least":
        low, high = n, None
    elif qualifier == "about":
        low, high = _about(n)
    elif qualifier == "most":
        low, high = None, n
    elif qualifier == "less":
        low, high = None, max(n - 1, 0)
    else:
        low, high = n, n
    return Quantity(m.start(), m.end(), low, high, span_text, qualifier)
