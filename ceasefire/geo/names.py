"""Name keys that survive transliteration.

Three keys per name, from strict to loose:

- ``name_key``: lower case, accents and punctuation removed, Arabic letters
  folded (hamza forms, ta marbuta), spaces collapsed: "Khān Shaykhūn" ->
  "khan shaykhun".
- ``bare_key``: ``name_key`` without an Arabic article ("al-", "el-", "ash-",
  ...) at the start of any word: "al-Baghuz" -> "baghuz".
- ``skeleton_key``: the consonant skeleton of ``bare_key``: vowels (and y/w
  inside words) dropped, doubled letters collapsed, a final "h" (ta marbuta:
  -ah, -eh) dropped and a few transliteration pairs folded (q/k, ou/u, ee/i,
  ch/sh): Masasneh, Masasinah, Masasnah and al-Masasna all give "msn".

The skeleton is lossy on purpose; the resolver only uses it to collect
candidates, and ranks them by a fuzzy score over ``bare_key``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic definite articles as romanised in news and gazetteers, with the sun-letter assimilations.
ARTICLES = (
    "al", "el", "il", "ul", "al'", "ash", "as", "ad", "adh", "ar", "az", "at", "ath", "an", "ad-d",
    "es", "ed", "er", "ez", "et", "en", "esh",
)
_ARTICLE_RE = re.compile(r"\b(?:" + "|".join(sorted((re.escape(a) for a in ARTICLES), key=len, reverse=True)) + r")[-\s](?=\w)")
_ARABIC_ARTICLE_RE = re.compile(r"(?:(?<=\s)|^)ال(?=\w{2,})")

_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ـ": None,
})
_ARABIC_DIACRITICS_RE = re.compile(r"[\u064B-\u065F\u0670]")
# Apostrophes and hyphens stand for ayn/hamza or nothing; they never separate words in a key.
_DROP_RE = re.compile(r"['’‘`ʻʼʿʾ´]")
_NON_WORD_RE = re.compile(r"[^\w]+")
_LATIN_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe"})

# Transliteration pairs folded in the skeleton (applied in order, on words).
_SKELETON_PAIRS = (("ch", "sh"), ("dj", "j"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("sh", "s"))


_COMBINING_RE = re.compile(r"[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]")
_ASCII_DROP_RE = re.compile(r"['`]")
_ASCII_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_INITIALS_RE = re.compile(r"^(?:\w )+\w$")


def _strip_accents(text: str) -> str:
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))


def name_key(name: str) -> str:
    """Lower case, accent-free, punctuation-free form of a name (Arabic letters folded)."""
    if name.isascii():  # the common case, several times faster
        text = _ASCII_DROP_RE.sub("", name.lower())
        key = _ASCII_NON_WORD_RE.sub(" ", text).strip()
    else:
        text = _strip_accents(name.casefold()).translate(_LATIN_FOLD)
        text = _ARABIC_DIACRITICS_RE.sub("", text).translate(_ARABIC_FOLD)
        text = _DROP_RE.sub("", text)
        key = " ".join(_NON_WORD_RE.sub(" ", text).replace("_", " ").split())
    if " " in key and _INITIALS_RE.match(key):  # "U.S." -> "us", "U.A.E." -> "uae"
        key = key.replace(" ", "")
    return key


# An article written together with a sun letter it assimilated to, inside a name: "Deir Ezzor" (= Deir ez-Zor),
# "Bab Assalam" (= Bab as-Salam). Not on a name's first word, where "Essen", "Ennis", "Addis" are whole words.
_GLUED_ARTICLE_RE = re.compile(r"(?<=\w )(?:a|e)([tdrzsn])\1(?=\w{2,})")


def strip_articles(key: str) -> str:
    """Drop Arabic articles at the start of words of a ``name_key`` ("al hasakah" -> "hasakah", "deir ezzor" -> "deir zor")."""
    stripped = _ARTICLE_RE.sub("", key)
    if " " in stripped:
        stripped = _GLUED_ARTICLE_RE.sub(r"\1", stripped)
    if not stripped.isascii():
        stripped = _ARABIC_ARTICLE_RE.sub("", stripped)
    return " ".join(stripped.split()) or key


def bare_key(name: str) -> str:
    """``name_key`` without Arabic articles."""
    return strip_articles(name_key(name))


_VOWELS = str.maketrans("", "", "aeiouyw")


@lru_cache(maxsize=100_000)
def _word_skeleton(word: str) -> str:
    if not word.isascii():
        return word
    for src, dst in _SKELETON_PAIRS:
        if src in word:
            word = word.replace(src, dst)
    tail = word[1:].translate(_VOWELS)
    if len(tail) > 1 and tail[-1] == "h":
        tail = tail[:-1]
    out = [word[0]]
    for ch in tail:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def skeleton_of_bare(bare: str) -> str:
    """Consonant skeleton of a ``bare_key``."""
    return "".join(_word_skeleton(w) for w in bare.split())


def skeleton_key(name: str) -> str:
    """Consonant skeleton of a name, for candidate collection across transliterations."""
    return skeleton_of_bare(bare_key(name))


def name_keys(name: str) -> tuple[str, str, str]:
    """(name_key, bare_key, skeleton_key) of a name."""
    key = name_key(name)
    bare = strip_articles(key)
    return key, bare, skeleton_of_bare(bare)


# Vowels and glides of romanised Arabic, one symbol for every run: "Rayhan", "Rihan" and "Reihan" all read
# "rahan"; the consonant pairs of the skeleton are folded too ("Benech" and "Binnish" read "banas"). A y or w
# before a vowel is a consonant: "Dariya" (daraya) stays apart from "Dar'a" (dara), "Baniyas" from "Binnish".
_VOWEL_RUN_RE = re.compile(r"(?<=\w)(?:[aeiou]|[yw](?![aeiou]))+|^[aeiou]+")


@lru_cache(maxsize=100_000)
def vowel_folded(bare: str) -> str:
    """A ``bare_key`` with each run of vowels (and y/w after a letter) read as one "a", the skeleton's
    consonant pairs folded and doubled letters collapsed: French, English and scholarly romanisations of one
    Arabic name agree on it more often than on their spelling ("Benech", "Binnish"; "Kefraya", "Kafrayya")."""
    words = []
    for word in bare.split():
        if not word.isascii():
            words.append(word)
            continue
        for src, dst in _SKELETON_PAIRS:
            if src in word:
                word = word.replace(src, dst)
        word = _VOWEL_RUN_RE.sub("a", word)
        if len(word) > 2 and word.endswith("ah"):
            word = word[:-1]  # ta marbuta: -ah / -eh / -a
        out = [word[0]]
        for ch in word[1:]:
            if ch != out[-1]:
                out.append(ch)
        words.append("".join(out))
    return " ".join(words)
