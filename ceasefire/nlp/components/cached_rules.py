"""Faster stand-ins for the packaged model's rule pipes, with the same output.

``attribute_ruler`` and ``lemmatizer`` of ``en_core_web_sm`` cost as much CPU
as the parser: the ruler runs a Matcher with 179 patterns over every token,
and the rule lemmatizer caches only the lemmas it had to derive, so every
base form pays ``Token.morph.to_dict()`` again. Both are pure functions of a
few token attributes, so we memoise them:

* ``ceasefire_cached_attribute_ruler``: a rule with one-token patterns matches
  a token depending only on its (LOWER, TAG, DEP, IS_SPACE); the attributes the
  matching rules set, applied in rule order (later rules win, as in spaCy), are
  kept per key. Most words are named by no rule ("plain"): their rules are
  those of their (TAG, DEP, IS_SPACE), a few hundred keys, so a new word costs
  a few tests of its text, not a pass over the rules. The multi-token rules
  ("gon na", "let 's", "there is") are fixed sequences of one-token tests,
  tried only where a token passes the first one; a rule the tests cannot
  express would go through a Matcher holding only it. The token attributes
  are read with one ``Doc.to_array`` and written with one ``Doc.from_array``.
* ``ceasefire_cached_lemmatizer``: the packaged lemmatizer's lemma of a token
  is memoised per (ORTH, POS, MORPH), whichever way it was found; lemmas are
  read and written as arrays too.

``accelerate(nlp)`` swaps them in under the original pipe names.
``tests/nlp/test_cached_rules.py`` checks token by token that the output is
the packaged pipes' own.
"""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple, Optional

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from ..memo import BoundedMemo

# Token-pattern keys the one-token evaluator understands; a rule using others stays with the Matcher.
_KEYS = {"LOWER", "TAG", "DEP", "IS_SPACE"}
_MATCH_ATTRS = [LOWER, TAG, DEP, IS_SPACE]
# The token attributes the packaged rules set, written back with one ``Doc.from_array``.
_SET_ATTRS = [POS, TAG, MORPH, LEMMA, DEP]
_SET_COLUMN = {attr: i for i, attr in enumerate(_SET_ATTRS)}
_LEMMA_KEY_ATTRS = [ORTH, POS, MORPH, LEMMA]
_CACHE_LIMIT = 200_000  # distinct token keys: a corpus has tens of thousands; bound memory all the same


def _predicate(value: Any) -> Optional[Callable[[Any], bool]]:
    """A test on one string/bool attribute, for the predicate forms the packaged patterns use (None: unsupported)."""
    if not isinstance(value, dict):
        return lambda got: got == value
    if len(value) != 1:
        return None
    (op, arg), = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda got: got in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda got: got not in banned
    if op == "REGEX":
        pattern = re.compile(arg)
        return lambda got: bool(pattern.search(got))
    return None


_Values = tuple[str, str, str, bool]  # (lower, tag, dep, is_space) of a token


def _one_token_test(spec: dict[str, Any]) -> Optional[Callable[[_Values], bool]]:
    """A test over (lower, tag, dep, is_space) equivalent to one Matcher token spec, or None."""
    if not set(spec) <= _KEYS:
        return None
    tests = []
    for key, value in spec.items():
        position = ("LOWER", "TAG", "DEP", "IS_SPACE").index(key)
        check = _predicate(value)
        if check is None:
            return None
        tests.append((position, check))
    return lambda values: all(check(values[position]) for position, check in tests)


def _lower_words(spec: dict[str, Any], key: str = "LOWER") -> Optional[frozenset[str]]:
    """The words a spec's LOWER (or ``key``) must be one of, when it names them (exact value or IN list)."""
    value = spec.get(key)
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


def _values(strings: StringStore, lower: int, tag: int, dep: int, is_space: int) -> _Values:
    return (strings[lower], strings[tag], strings[dep], bool(is_space))


class _Sequence(NamedTuple):
    """A multi-token pattern of fixed length, every token a one-token test (how the packaged patterns are written)."""

    attr_id: int
    tests: tuple[Callable[[_Values], bool], ...]
    index: int  # the token of a match that the rule sets (``AttributeRuler.indices``; may be negative)
    on_word: bool  # the first token's test reads LOWER: a plain word never starts it


class _Rules(NamedTuple):
    """What the rules do to a token of one key: rule ids in order, their attributes merged, sequences it may start."""

    ids: tuple[int, ...]
    merged: dict[int, Any]
    starts: tuple[_Sequence, ...]
    row: int  # ``merged`` as a row of the ruler's tables of values to set (``CachedAttributeRuler._row_of``)


class CachedAttributeRuler:
    """The packaged ``AttributeRuler``'s annotations, memoised per token key (see the module docstring)."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.multi = Matcher(ruler.vocab, validate=False)  # rules the tests below cannot express (none in the model)
        self.has_multi = False
        # One-token rules, split so a new token key costs a few tests: rules naming their words are found
        # by word; rules on tag/dep/space only are memoised on those; the rest (a regex on the word) are run.
        self.by_word: dict[str, list[int]] = {}
        self.untyped: list[tuple[int, list[Callable[[_Values], bool]]]] = []
        self.untyped_by_tag: dict[str, list[int]] = {}  # the tag-map rules among ``untyped``, found by tag
        self.other: list[tuple[int, list[Callable[[_Values], bool]]]] = []
        self.tests: dict[int, list[Callable[[_Values], bool]]] = {}
        self.sequences: list[_Sequence] = []
        # Tests of a word's text alone: a word passing one may be matched by a rule that names words otherwise than
        # by a list (a regex), so its tokens are memoised per full key; every other word is "plain" (``_is_plain``).
        self.word_tests: list[Callable[[str], bool]] = []
        self.every_word_special = False
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            patterns = ruler.matcher.get(key)[1] if key in ruler.matcher else []
            if not patterns:
                continue
            pattern_tests = [[_one_token_test(spec) for spec in p] for p in patterns]
            if not all(all(tests) for tests in pattern_tests):
                self.multi.add(key, patterns)
                self.has_multi = True
            elif any(len(p) > 1 for p in patterns):
                for p, tests in zip(patterns, pattern_tests):
                    self.sequences.append(_Sequence(attr_id, tuple(tests), ruler.indices[attr_id], "LOWER" in p[0]))
                    self._add_word_test(p[0])
            else:
                tests = [t[0] for t in pattern_tests]
                self.tests[attr_id] = tests
                words = [_lower_words(p[0]) for p in patterns]
                if all(w is not None for w in words):
                    for word in set().union(*words):
                        self.by_word.setdefault(word, []).append(attr_id)
                elif all("LOWER" not in p[0] for p in patterns):
                    tags = [_lower_words(p[0], "TAG") for p in patterns]
                    if all(t is not None for t in tags):
                        for tag in set().union(*tags):
                            self.untyped_by_tag.setdefault(tag, []).append(attr_id)
                    else:
                        self.untyped.append((attr_id, tests))
                else:
                    self.other.append((attr_id, tests))
                    for p in patterns:
                        if set(p[0]) != {"LOWER"}:
                            self.every_word_special = True  # a rule on the word or on the tag: decided per key
                        self._add_word_test(p[0])
        # bounded memos: cleared past _CACHE_LIMIT entries
        self._plain: BoundedMemo[int, bool] = BoundedMemo(_CACHE_LIMIT + 1)  # LOWER -> whether the word is plain
        self._untyped: dict[tuple[int, int, int], _Rules] = {}  # (TAG, DEP, IS_SPACE) -> rules of a plain word
        self._attrs: BoundedMemo[tuple[int, int, int, int], _Rules] = BoundedMemo(_CACHE_LIMIT + 1)  # (LOWER, TAG, DEP, IS_SPACE) -> rules of another
        settable = set().union(*(set(attrs) for attrs in ruler.attrs)) if ruler.attrs else set()
        self.from_array = settable <= set(_SET_COLUMN)
        # Row r of these: the values of ``_SET_ATTRS`` that a distinct set of rules writes, and which of them it writes.
        self._rows: dict[tuple[int, ...], int] = {}
        self._set_values = numpy.zeros((64, len(_SET_ATTRS)), dtype=numpy.uint64)
        self._set_mask = numpy.zeros((64, len(_SET_ATTRS)), dtype=bool)

    def _add_word_test(self, spec: dict[str, Any]) -> None:
        if "LOWER" in spec:
            check = _predicate(spec["LOWER"])
            if check is None:
                self.every_word_special = True
            else:
                self.word_tests.append(check)

    def _is_plain(self, lower: str) -> bool:
        """No rule can match a token of this word by its text: its rules depend on (TAG, DEP, IS_SPACE) alone."""
        return not self.every_word_special and lower not in self.by_word and not any(t(lower) for t in self.word_tests)

    def _rules_for(self, strings: StringStore, lower: int, tag: int, dep: int, is_space: int) -> _Rules:
        """The rules of a token with these attribute hashes (memoised: most words are plain, and a plain
        word's rules are those of its (TAG, DEP, IS_SPACE), a few hundred keys in all)."""
        plain = self._plain.get(lower)
        if plain is None:
            plain = self._plain.put(lower, self._is_plain(strings[lower]))
        if plain:
            found = self._untyped.get((tag, dep, is_space))
            if found is None:
                found = self._untyped[(tag, dep, is_space)] = self._evaluate(_values(strings, 0, tag, dep, is_space), plain=True)
            return found
        found = self._attrs.get((lower, tag, dep, is_space))
        if found is None:
            found = self._attrs.put((lower, tag, dep, is_space), self._evaluate(_values(strings, lower, tag, dep, is_space), plain=False))
        return found

    def _evaluate(self, values: _Values, plain: bool) -> _Rules:
        # A plain word fails every test of its text: only the tests that do not read it are run (``values[0]`` is "").
        ids = {a for a in self.untyped_by_tag.get(values[1], ()) if any(t(values) for t in self.tests[a])}
        ids.update(a for a, tests in self.untyped if any(t(values) for t in tests))
        if not plain:
            ids.update(a for a in self.by_word.get(values[0], ()) if any(t(values) for t in self.tests[a]))
            ids.update(a for a, tests in self.other if any(t(values) for t in tests))
        return self._merged(ids, tuple(s for s in self.sequences if not (plain and s.on_word) and s.tests[0](values)))

    def _merged(self, ids: Any, starts: tuple[_Sequence, ...] = ()) -> _Rules:
        ordered = tuple(sorted(ids))
        merged: dict[int, Any] = {}
        for attr_id in ordered:
            merged.update(self.ruler.attrs[attr_id])
        return _Rules(ordered, merged, starts, self._row_of(ordered, merged))

    def _row_of(self, ordered: tuple[int, ...], merged: dict[int, Any]) -> int:
        row = self._rows.get(ordered)
        if row is None:
            row = len(self._rows)
            if row == len(self._set_values):
                self._set_values = numpy.concatenate([self._set_values, numpy.zeros_like(self._set_values)])
                self._set_mask = numpy.concatenate([self._set_mask, numpy.zeros_like(self._set_mask)])
            if self.from_array:
                for attr, value in merged.items():
                    self._set_values[row, _SET_COLUMN[attr]] = value
                    self._set_mask[row, _SET_COLUMN[attr]] = True
            self._rows[ordered] = row
        return row

    def _sequence_matches(self, strings: StringStore, rows: list[list[int]], plan: list[_Rules]) -> dict[int, list[int]]:
        """Token -> ids of the multi-token rules that set it, as the packaged Matcher finds them."""
        extra: dict[int, list[int]] = {}
        for start, rules in enumerate(plan):
            for sequence in rules.starts:
                end = start + len(sequence.tests)
                if end > len(rows) or not all(test(_values(strings, *rows[i])) for i, test in zip(range(start + 1, end), sequence.tests[1:])):
                    continue
                target = range(start, end)[sequence.index]  # a bad index raises, as the packaged ruler does
                extra.setdefault(target, []).append(sequence.attr_id)
        return extra

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Matches are computed on the tokens as they were before any rule applied, as the Matcher does.
        strings = doc.vocab.strings
        rows = doc.to_array(_MATCH_ATTRS).tolist()
        plain, untyped, rules_for = self._plain, self._untyped, self._rules_for
        plan = []
        for row in rows:
            found = untyped.get((row[1], row[2], row[3])) if plain.get(row[0]) else None
            plan.append(found if found is not None else rules_for(strings, *row))
        extra = self._sequence_matches(strings, rows, plan)
        if self.has_multi:
            for match_id, start, end in self.multi(doc, allow_missing=True):
                attr_id = int(self.ruler.vocab.strings[match_id])
                extra.setdefault(doc[start:end][self.ruler.indices[attr_id]].i, []).append(attr_id)
        if not self.from_array:
            for token, rules in zip(doc, plan):
                if token.i in extra:
                    for attr_id in sorted(set(rules.ids) | set(extra[token.i])):
                        set_token_attrs(token, self.ruler.attrs[attr_id])
                elif rules.merged:
                    set_token_attrs(token, rules.merged)
            return doc
        # Every rule sets token attributes of ``_SET_ATTRS`` only: each token's row of the tables says what its
        # rules write over the doc's values, and the array goes back in one call (a per-token call cost more).
        for i, target in extra.items():
            plan[i] = self._merged(set(plan[i].ids) | set(target))
        rows_of = numpy.fromiter((rules.row for rules in plan), dtype=numpy.intp, count=len(plan))
        values = numpy.where(self._set_mask[rows_of], self._set_values[rows_of], doc.to_array(_SET_ATTRS))
        doc.from_array(_SET_ATTRS, values)
        return doc


class CachedLemmatizer:
    """The packaged rule lemmatizer, memoised per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], tuple[str, int]] = {}  # (ORTH, POS, MORPH) -> (lemma, its hash)
        _index_as_sets(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmas = self._lemmas
        overwrite = self.lemmatizer.overwrite
        rows = doc.to_array(_LEMMA_KEY_ATTRS).tolist()
        needed: set[str] = set()
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)  # MORPH is the token's ``morph.key``
                found = lemmas.get(key)
                if found is None:
                    if len(lemmas) > _CACHE_LIMIT:
                        lemmas.clear()
                        self.lemmatizer.cache.clear()  # spaCy's own memo of the same lemmas
                    text = self.lemmatizer.lemmatize(doc[i])[0]
                    found = lemmas[key] = (text, doc.vocab.strings[text])  # a hash, or a symbol's id as ``add`` gives
                needed.add(found[0])
                rows[i][3] = found[1]
        # The strings, not only their hashes, are memoised: inside ``nlp.memory_zone()`` a new word's string is
        # interned for the zone only, so each doc interns its lemmas again (once each, not once per token).
        add = doc.vocab.strings.add
        for text in needed:
            add(text)
        doc.from_array([LEMMA], numpy.array([row[3] for row in rows], dtype=numpy.uint64))
        return doc


def _index_as_sets(lemmatizer: Any) -> None:
    """Turn the rule lemmatizer's word lists (``lemma_index``, up to 57,000 words per part of speech) into sets.

    ``rule_lemmatize`` tests ``form in index`` for every suffix rule that applies: on a list that scan was
    0.7 ms per new word, the bulk of the lemmatizer's CPU. Membership is all it asks of them.
    """
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


@Language.factory("ceasefire_cached_attribute_ruler", assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])
def make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("ceasefire_cached_lemmatizer", assigns=["token.lemma"])
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))


_SWAPS = (("attribute_ruler", "ceasefire_cached_attribute_ruler"), ("lemmatizer", "ceasefire_cached_lemmatizer"))


def accelerate(nlp: Language) -> Language:
    """Replace the packaged attribute ruler and rule lemmatizer by their memoised versions, keeping the pipe names."""
    for original, cached in _SWAPS:
        if original not in nlp.pipe_names or nlp.get_pipe_meta(original).factory == cached:
            continue
        pipe = nlp.get_pipe(original)
        if original == "lemmatizer" and getattr(pipe, "mode", None) != "rule":
            continue  # a lookup lemmatizer is a dictionary read already
        nlp.add_pipe(cached, before=original)
        nlp.remove_pipe(original)
        nlp.rename_pipe(cached, original)
    return nlp
