"""Does a headline name the place UCDP coded? (for ``recall_place_named``)

UCDP's ``where_coordinates`` is a place name plus a kind word ("Teir Maaleh
village", "Deir ez Zor Governorate", "Umm Ashba/Barqah village"). Headlines
spell Arabic names their own way ("Ter Ma'la", "Deir Ezzor"), so names are
compared as consonant skeletons: folded and stripped of articles by the geo
stage's ``bare_key``, then written together (so "Deir ez Zor" and "Deir Ezzor"
agree), digraphs reduced (kh -> k, q -> k ...), vowels and glides removed,
doubled letters collapsed and a final -h dropped. A name is in a headline when the skeleton
of some run of 1-4 consecutive headline words equals the name's skeleton, or
when the plain spellings are close (RapidFuzz ratio >= 88). Skeletons shorter
than 3 letters must match word for word.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

from ..geo.names import bare_key

# Trailing words UCDP appends to say what kind of place it is.
KIND_WORDS = frozenset(
    {
        "town", "village", "city", "suburb", "district", "sub-district", "subdistrict", "governorate", "province",
        "area", "locality", "neighbourhood", "neighborhood", "region", "camp", "field", "fields", "farm", "farms",
        "hill", "hills", "mountain", "mountains", "plain", "border", "checkpoint", "enclave", "pocket", "sector",
        "triangle", "airport", "airbase", "base", "dam", "station", "complex", "desert", "countryside", "crossing",
        "nahiya", "quarter",
    }
)
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("q", "k"), ("c", "k"), ("j", "g"), ("z", "s"), ("x", "ks"))
_VOWELS = re.compile(r"[aeiouyw]")
FUZZY_RATIO = 88.0
MAX_WINDOW = 4
MIN_SKELETON = 3


@functools.lru_cache(maxsize=65536)
def name_words(text: str) -> tuple[str, ...]:
    """Folded words without articles ("al-Bab" -> ("bab",)), digits kept."""
    return tuple(w for w in bare_key(text).split() if w != "the")


@functools.lru_cache(maxsize=262144)
def skeleton(words: tuple[str, ...]) -> str:
    """The consonant skeleton of a run of words, written together."""
    text = "".join(words)
    if not text:
        return ""
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    head, rest = text[0], _VOWELS.sub("", text[1:])
    text = re.sub(r"(.)\1+", r"\1", head + rest)
    if len(text) > MIN_SKELETON and text.endswith("h"):
        text = text[:-1]
    return text


def place_names(where_coordinates: str) -> tuple[str, ...]:
    """The names a GED ``where_coordinates`` value gives, kind words removed.

    "Umm Ashba/Barqah village" -> ("Umm Ashba", "Barqah"); "Tiyas (T4) Airbase" -> ("Tiyas", "T4").
    """
    text = where_coordinates.strip()
    words = text.split()
    while len(words) > 1 and words[-1].lower().strip("()") in KIND_WORDS:
        words.pop()
    text = " ".join(words)
    names = []
    inner = re.findall(r"\(([^)]*)\)", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    for part in [*text.split("/"), *inner]:
        part = " ".join(part.split())
        if part and part.lower() not in KIND_WORDS:
            names.append(part)
    return tuple(dict.fromkeys(names))


@functools.lru_cache(maxsize=65536)
def _name_key(name: str) -> tuple[str, int, str]:
    words = name_words(name)
    return skeleton(words), len(words), " ".join(words)


def name_in_text(name: str, text: str) -> bool:
    """True when ``text`` contains ``name`` up to transliteration."""
    key, size, plain = _name_key(name)
    if not plain:
        return False
    words = name_words(text)
    for width in range(max(1, size - 1), min(MAX_WINDOW, size + 1) + 1):
        for i in range(0, len(words) - width + 1):
            window = words[i : i + width]  # a tuple, so skeletons are cached
            joined = " ".join(window)
            if joined == plain:
                return True
            if len(key) >= MIN_SKELETON and skeleton(window) == key:
                return True
            if len(plain) >= 5 and fuzz.ratio(joined, plain) >= FUZZY_RATIO:
                return True
    return False


def place_named_in(where_coordinates: str, texts: list[str]) -> bool:
    """True when any of ``texts`` names the place (any of its alternative names)."""
    return any(name_in_text(name, text) for name in place_names(where_coordinates) for text in texts)
