"""Which of a set of regular expressions can match a text at all, told from the words the text starts.

The cue lexicons (``cues.py``) are run as dozens of case-insensitive scans per
sentence, by the event detector, the typer's cue features and actor choice;
most sentences contain words of only a few groups. Nearly every alternative
of those patterns starts with a word boundary and literal letters
(``\\b(air ?strikes?|warplanes?|...)``), so a match can only start where a word
of the text starts with those letters. ``PatternScreen`` reads these literal
starts from each pattern's parse once, and for a text answers, per pattern,
whether a match is possible: a cheap superset of the patterns that match. A
caller still runs the real pattern where the answer is yes, so results do not
change; a pattern with an alternative of unknown start (a character class, a
repeat) is always run.

Only ASCII text is screened (``possible`` says yes to every pattern otherwise):
there, matching a lower-case literal case-insensitively is finding it in the
lower-cased text, and ``\\w`` is ``[A-Za-z0-9_]``.
"""

from __future__ import annotations

import functools
import re
from re import _constants as sre
from re import _parser as sre_parse
from typing import Iterator, Optional, Sequence

from .memo import BoundedMemo

_WORDS = re.compile(r"\w+")
# Word-start keys are the first letters of a literal start, at most this many.
KEY_LENGTH = 3
# Words whose pattern bits are remembered per screen; cleared when full.
WORD_MEMO_SIZE = 1 << 14  # a few MB at most per worker: the peak RSS target leaves little room

Start = tuple[bool, str]  # (right after a word boundary, literal characters every such match begins with)


def literal_starts(pattern: str) -> Optional[list[Start]]:
    """How every match of ``pattern`` begins: one (after a word boundary, literal prefix) per alternative; None when unknown."""
    return _starts(list(sre_parse.parse(pattern, re.IGNORECASE)), False)


def _starts(items: list, boundary: bool) -> Optional[list[Start]]:
    prefix = ""
    for op, av in items:
        if op is sre.AT and av is sre.AT_BOUNDARY and not prefix:
            boundary = True
            continue
        if op is sre.LITERAL:
            prefix += chr(av)
            continue
        alternatives: Optional[list[list]] = None
        if op is sre.SUBPATTERN:
            alternatives = [list(av[-1])]
        elif op is sre.BRANCH:
            alternatives = [list(alt) for alt in av[1]]
        elif op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
            alternatives = [[(sre.LITERAL, code)] for _, code in av]
        if alternatives is None:
            break  # anything else (a class, a repeat, an assertion) ends the literal start
        combined: list[Start] = []
        for alternative in alternatives:
            inner = _starts(alternative, boundary and not prefix)
            if inner is None:
                combined = []
                break
            combined += [(boundary if prefix else after_boundary, prefix + rest) for after_boundary, rest in inner]
        if not combined:
            break
        return combined if all(rest for _, rest in combined) else None
    return [(boundary, prefix)] if prefix else None


def _screen_entry(pattern: str) -> Optional[tuple[frozenset[str], tuple[str, ...]]]:
    """(word-start keys, substrings): a match needs a word starting with a key or a substring in the text; None: always possible."""
    starts = literal_starts(pattern)
    if starts is None:
        return None
    keys: set[str] = set()
    substrings: set[str] = set()
    for after_boundary, prefix in starts:
        prefix = prefix.lower()
        if not prefix.isascii():
            return None  # a case-insensitive non-ASCII literal can match ASCII letters (the Kelvin sign and "k")
        word = re.match(r"\w*", prefix).group()  # type: ignore[union-attr]
        if after_boundary and word:
            keys.add(word[:KEY_LENGTH])
        else:
            substrings.add(prefix)
    return frozenset(keys), tuple(sorted(substrings))


class PatternScreen:
    """For a text, which of ``patterns`` (matched case-insensitively) can match: see the module docstring.

    ``mask`` answers with one bit per pattern (bit ``i`` for ``patterns[i]``), ``possible`` with a list.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self.entries = [_screen_entry(p) for p in patterns]
        self._everything = (1 << len(self.entries)) - 1
        self._always = 0  # patterns with an alternative of unknown start
        self._by_key: dict[str, int] = {}  # word-start key -> the patterns it can start
        self._substrings: list[tuple[str, int]] = []
        for i, entry in enumerate(self.entries):
            if entry is None:
                self._always |= 1 << i
                continue
            for key in entry[0]:
                self._by_key[key] = self._by_key.get(key, 0) | 1 << i
            self._substrings += [(substring, 1 << i) for substring in entry[1]]
        self._key_lengths = tuple(sorted({len(key) for key in self._by_key}))
        self._word_masks: BoundedMemo[str, int] = BoundedMemo(WORD_MEMO_SIZE)  # word -> the patterns it can start (words repeat)

    def _word_mask(self, word: str) -> int:
        bits = 0
        for n in self._key_lengths:
            bits |= self._by_key.get(word[:n], 0)
        return bits

    def mask(self, text: str, lower: Optional[str] = None) -> int:
        """Bit ``i`` set unless ``patterns[i]`` cannot match ``text``."""
        if not text.isascii():
            return self._everything
        lower = text.lower() if lower is None else lower
        found = self._always
        memo = self._word_masks
        for word in set(_WORDS.findall(lower)):
            bits = memo.get(word)
            if bits is None:
                bits = memo.put(word, self._word_mask(word))
            found |= bits
        for substring, bit in self._substrings:
            if substring in lower:
                found |= bit
        return found

    def possible(self, text: str, lower: Optional[str] = None) -> list[bool]:
        """One flag per pattern, in order: False only where the pattern cannot match ``text``."""
        found = self.mask(text, lower)
        return [bool(found >> i & 1) for i in range(len(self.entries))]


# ---------------------------------------------------------------------------------------------------------------
# Case-insensitive scans on the lower-cased text
#
# Python's regex engine matches a re.IGNORECASE pattern by folding every character it compares; the same pattern
# without the flag, run over the lower-cased text, does half the work. For an ASCII text the two find the same
# spans when nothing in the pattern tells cases apart by itself: its literals and classes hold no upper-case
# letter (the lower-cased text has none) and no non-ASCII character that matches an ASCII one case-insensitively
# (the long s and the Kelvin sign match "s" and "k"), and no group changes the flags ("(?-i:march)" keeps the month out). ``str.lower`` keeps an ASCII
# text's length, so match offsets are offsets into the original text; match.group() would be lower-cased.

_ANY_CASE_SAFE = {sre.AT, sre.ANY, sre.CATEGORY, sre.GROUPREF, sre.SUCCESS, sre.FAILURE}


def _lower_case_only(items: list) -> bool:
    """Whether a parsed pattern matches lower-cased ASCII text as its case-insensitive self matches the text."""
    for op, av in items:
        if op in _ANY_CASE_SAFE:
            continue
        if op is sre.LITERAL or op is sre.NOT_LITERAL:
            if not _lower_ascii(av, av):
                return False
        elif op is sre.IN:
            for kind, value in av:
                if kind is sre.LITERAL and not _lower_ascii(value, value):
                    return False
                if kind is sre.RANGE and not _lower_ascii(*value):
                    return False
                if kind not in (sre.LITERAL, sre.RANGE, sre.NEGATE, sre.CATEGORY):
                    return False
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags or not _lower_case_only(list(inner)):
                return False
        elif op is sre.BRANCH:
            if not all(_lower_case_only(list(alternative)) for alternative in av[1]):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _lower_case_only(list(av[2])):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lower_case_only(list(av[1])):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _lower_case_only(list(av)):
                return False
        else:
            return False  # anything not listed (a conditional group...) keeps the flag
    return True


def _lower_ascii(low: int, high: int) -> bool:
    """The code points low..high hold no upper-case ASCII letter, and none of them outside ASCII matches an ASCII
    character case-insensitively (a non-ASCII character such as the en dash then matches no ASCII text either way)."""
    if low <= ord("Z") and min(high, 127) >= ord("A"):
        return False
    return high < 128 or not _folds_to_ascii(max(low, 128), high)


@functools.cache
def _folds_to_ascii(low: int, high: int) -> bool:
    """Whether a character of low..high matches an ASCII character under re.IGNORECASE (tried on all 128)."""
    members = re.compile(f"[{re.escape(chr(low))}-{re.escape(chr(high))}]", re.IGNORECASE)
    return any(members.fullmatch(chr(code)) for code in range(128))


@functools.lru_cache(maxsize=None)  # the detector and actor choice read the same lexicon
def lower_case_equivalent(pattern: str) -> Optional[re.Pattern[str]]:
    """``pattern`` compiled without re.IGNORECASE, when on the lower-cased form of any ASCII text it finds exactly the
    spans the case-insensitive pattern finds in the text; None when it may not (see above)."""
    parsed = sre_parse.parse(pattern, 0)
    if parsed.state.flags & ~sre.SRE_FLAG_UNICODE or not _lower_case_only(list(parsed)):
        return None
    return re.compile(pattern)


class CaseInsensitivePattern:
    """A pattern matched case-insensitively, scanned in the lower-cased text where that finds the same spans.

    Only the spans (``start()``, ``end()``) and truthiness of what it returns are meant to be read: a match found in
    the lower-cased text has lower-cased groups.
    """

    __slots__ = ("pattern", "lowered")

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE)
        self.lowered = lower_case_equivalent(pattern)

    def finditer(self, text: str, lower: Optional[str] = None) -> Iterator[re.Match[str]]:
        """The matches in ``text``; ``lower`` is ``text.lower()`` when the caller has it."""
        if self.lowered is not None and text.isascii():
            return self.lowered.finditer(text.lower() if lower is None else lower)
        return self.pattern.finditer(text)

    def search(self, text: str, lower: Optional[str] = None) -> Optional[re.Match[str]]:
        if self.lowered is not None and text.isascii():
            return self.lowered.search(text.lower() if lower is None else lower)
        return self.pattern.search(text)
