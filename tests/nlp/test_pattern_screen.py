"""The pattern screen: a cheap superset of the cue patterns that can match a text; the lexicon scans it skips cannot match."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ceasefire.nlp import numbers, weapons
from ceasefire.nlp.codebook_features import _PATTERNS as _CODEBOOK_PATTERNS
from ceasefire.nlp.components.event_detector import trigger_lexicon
from ceasefire.nlp.cues import _INDEX, _PRESENCE, CUE_PATTERNS, INTERACTIONS, cue_vector
from ceasefire.nlp.pattern_screen import CaseInsensitivePattern, PatternScreen, literal_starts, lower_case_equivalent

LEXICONS = {"trigger lexicon": list(trigger_lexicon().values()), "cue patterns": list(CUE_PATTERNS.values())}

SENTENCES = [
    "Warplanes struck the town of Kafr Nabudah, killing 12 civilians.",
    "The SAA's airstrikes on al-Lataminah continued (S527b) overnight.",
    "March 21st 2017: (S527b) Tabaqa, Raqqa governorate.",
    "Protesters marched to the parliament; police fired tear gas and rubber bullets.",
    "The death toll rose to 83 after six wounded people died in hospital.",
    "ISIS-held villages fell to the SDF after days of clashes.",
    "HQ of the militia was established near the border; an IED exploded nearby.",
    "The talks on a ceasefire were postponed, the ministry said in a statement.",
    "It rained all day and the market was quiet.",
    "Gunmen abducted 3 students; ransom demanded.",
    "Rocket-propelled grenades, mortars and MLRS fire hit the outskirts.",
    "self-detonating drones; unmanned aerial vehicles; UAVs",
    "Military operations against ISIS continue in the Tlul al-Safa area.",
    "snake_case words_and_digits 123 and co-operation",
    "",
    "   ",
]


@pytest.mark.parametrize("lexicon", list(LEXICONS), ids=list(LEXICONS))
@pytest.mark.parametrize("text", SENTENCES + [s.upper() for s in SENTENCES[:6]] + [s.lower() for s in SENTENCES[:6]])
def test_pattern_screen_never_skips_a_pattern_that_matches(lexicon, text):
    patterns = LEXICONS[lexicon]
    screen = PatternScreen(patterns)
    possible = screen.possible(text)
    mask = screen.mask(text)
    for i, pattern in enumerate(patterns):
        assert possible[i] == bool(mask >> i & 1)
        if re.search(pattern, text, re.IGNORECASE):
            assert possible[i], (pattern[:60], text)


def test_pattern_screen_skips_patterns_without_their_words():
    screen = PatternScreen([r"\b(air ?strikes?|warplanes?)\b", r"\b(protest\w*|rall(y|ies))\b", r"\(s\d{2,5}\)"])
    assert screen.possible("Warplanes hit the town.") == [True, False, False]
    assert screen.possible("A rally and a protest (S527) today") == [False, True, True]
    assert screen.possible("Nothing here.") == [False, False, False]


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"\b(air ?strikes?|jets?)\b", [(True, "air"), (True, "jet")]),
        (r"\bgrenades?\b", [(True, "grenade")]),
        (r"\b(los[te]s? (his|her) li(fe|ves))\b", [(True, "lost"), (True, "lose")]),
        (r"\(s\d{2,5}\)", [(False, "(s")]),
        (r"\b(\w+ed|fire)\b", None),  # an alternative of unknown start: always run
        (r"[a-z]+", None),
    ],
)
def test_pattern_screen_reads_literal_starts(pattern, starts):
    found = literal_starts(pattern)
    assert (sorted(found) if found is not None else None) == (sorted(starts) if starts is not None else None)


def test_pattern_screen_runs_everything_on_non_ascii_text():
    screen = PatternScreen([r"\bkilled\b", r"\bstrikes?\b"])
    # the Kelvin sign matches "k" case-insensitively: non-ASCII text is not screened
    assert screen.possible("\u212ailled in Ḥamā") == [True, True]
    assert re.search(r"\bkilled\b", "\u212ailled", re.IGNORECASE)


def _cue_vector_unscreened(text: str) -> np.ndarray:
    lower = text.lower()
    single = [1.0 if pattern.search(lower if lowered else text) else 0.0 for pattern, lowered in _PRESENCE]
    return np.array(single + [single[_INDEX[a]] * single[_INDEX[b]] for a, b in INTERACTIONS])


@pytest.mark.parametrize("text", SENTENCES)
def test_pattern_screen_leaves_cue_features_unchanged(text):
    assert np.array_equal(cue_vector(text), _cue_vector_unscreened(text))


CODEBOOK_PATTERNS = list(_CODEBOOK_PATTERNS.values())


@pytest.mark.parametrize("patterns", [LEXICONS["trigger lexicon"], CODEBOOK_PATTERNS], ids=["trigger lexicon", "codebook"])
@pytest.mark.parametrize(
    "text",
    SENTENCES + [s.upper() for s in SENTENCES[:6]] + ["MARCH 2017: Protesters March On", "Kılled in Ḥamā by \u212aatyushas", "A\nRAID\tand raids"],
)
def test_pattern_screen_lower_case_scan_finds_the_same_spans(patterns, text):
    for pattern in patterns:
        scanned = CaseInsensitivePattern(pattern)
        expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        assert [m.span() for m in scanned.finditer(text)] == expected
        assert [m.span() for m in scanned.finditer(text, text.lower())] == expected
        assert bool(scanned.search(text)) == bool(expected)


@pytest.mark.parametrize(
    ("pattern", "lowered"),
    [
        (r"\b(air ?strikes?|jets?)\b", True),
        (r"[^a-z]+\d\w\S", True),
        (r"(?:re)?captur(?:e|ed)(?=\s)(?<!x)", True),
        (r"\bAir\b", False),  # an upper-case literal
        (r"[A-Z]{2,}", False),  # an upper-case class
        (r"(?-i:march)", False),  # a case-sensitive group
        (r"(?i)x", False),  # a global flag
        ("\u017f", False),  # a non-ASCII literal (the long s matches "s" case-insensitively)
        ("[\u0100-\u024f]", False),  # a range holding letters that fold to ASCII ones
        (r"\d+\s*(?:-|\u2013|to)\s*\d+[,\u202f ]", True),  # non-ASCII characters with no ASCII case partner
        (r"(?P<a>x)?(?(a)y|z)", False),  # a conditional group: not handled, keeps the flag
    ],
)
def test_pattern_screen_lower_case_scan_only_where_it_is_the_same(pattern, lowered):
    assert (lower_case_equivalent(pattern) is not None) == lowered
    assert [m.span() for m in CaseInsensitivePattern(pattern).finditer("AIR x ZZ")] == [m.span() for m in re.finditer(pattern, "AIR x ZZ", re.IGNORECASE)]


def test_pattern_screen_lower_case_scan_keeps_case_for_non_ascii_text():
    scanned = CaseInsensitivePattern(r"\bkilled\b")
    assert scanned.lowered is not None
    # the Kelvin sign matches "k" case-insensitively: non-ASCII text is scanned with the flag, as written
    assert [m.span() for m in scanned.finditer("\u212ailled")] == [(0, 6)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "letters, digits",
    [(numbers.FIRST_CHARACTERS, True), (weapons.FIRST_LETTERS, False)],
    ids=["numbers", "weapons"],
)
def test_pattern_screen_first_letter_guards_accept_what_their_letters_accept(letters, digits):
    # numbers' and weapons' guards are character classes; under IGNORECASE each must accept every character that
    # one of its letters accepts (the long s, the Kelvin sign...), and numbers' every digit
    import sys

    guard = re.compile("[" + (r"\d" if digits else "") + letters + "]", re.IGNORECASE)
    singles = [re.compile(letter, re.IGNORECASE) for letter in letters]
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if any(single.match(character) for single in singles) or (digits and re.match(r"\d", character)):
            assert guard.match(character), hex(code)
