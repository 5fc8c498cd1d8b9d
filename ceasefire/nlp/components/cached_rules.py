"""Faster stand-ins for the packaged model's rule pipes, with the same output.

``attribute_ruler`` and ``lemmatizer`` of ``en_core_web_sm`` cost as much CPU
as the parser: the ruler runs a Matcher with 179 patterns over every token,
and the rule lemmatizer caches only the lemmas it had to derive, so every
base form pays ``Token.morph.to_dict()`` again. Both are pure functions of a
few token attributes, so we memoise them:

* ``ceasefire_cached_attribute_ruler``: a rule with one-token patterns matches
  a token depending only on its (LOWER, TAG, DEP, IS_SPACE); the attributes the
  matching rules set, applied in rule order (later rules win, as in spaCy), are
  kept per key. The few multi-token rules ("gon na", "let 's") still go through
  a Matcher holding only them.
* ``ceasefire_cached_lemmatizer``: the packaged lemmatizer's lemma of a token
  is memoised per (ORTH, POS, MORPH), whichever way it was found.

``accelerate(nlp)`` swaps them in under the original pipe names.
``tests/nlp/test_cached_rules.py`` checks token by token that the output is
the packaged pipes' own.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

# Token-pattern keys the one-token evaluator understands; a rule using others stays with the Matcher.
_KEYS = {"LOWER", "TAG", "DEP", "IS_SPACE"}
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


def _lower_words(spec: dict[str, Any]) -> Optional[frozenset[str]]:
    """The words a spec's LOWER must be one of, when it names them (exact value or IN list)."""
    value = spec.get("LOWER")
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


class CachedAttributeRuler:
    """The packaged ``AttributeRuler``'s annotations, memoised per token key (see the module docstring)."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.multi = Matcher(ruler.vocab, validate=False)
        self.has_multi = False
        # One-token rules, split so a new token key costs a few tests: rules naming their words are found
        # by word; rules on tag/dep/space only are memoised on those; the rest (a regex on the word) are run.
        self.by_word: dict[str, list[int]] = {}
        self.untyped: list[tuple[int, list[Callable[[_Values], bool]]]] = []
        self.other: list[tuple[int, list[Callable[[_Values], bool]]]] = []
        self.tests: dict[int, list[Callable[[_Values], bool]]] = {}
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            patterns = ruler.matcher.get(key)[1] if key in ruler.matcher else []
            tests = [_one_token_test(p[0]) if len(p) == 1 else None for p in patterns]
            if not patterns:
                continue
            if not all(tests):
                self.multi.add(key, patterns)
                self.has_multi = True
                continue
            self.tests[attr_id] = tests
            words = [_lower_words(p[0]) for p in patterns]
            if all(w is not None for w in words):
                for word in set().union(*words):
                    self.by_word.setdefault(word, []).append(attr_id)
            elif all("LOWER" not in p[0] for p in patterns):
                self.untyped.append((attr_id, tests))
            else:
                self.other.append((attr_id, tests))
        self._untyped: dict[tuple[int, int, bool], tuple[int, ...]] = {}
        self._attrs: dict[tuple[int, int, int, bool], tuple[tuple[int, ...], dict[int, Any]]] = {}

    def _rules_for(self, token: Token) -> tuple[tuple[int, ...], dict[int, Any]]:
        key = (token.lower, token.tag, token.dep, token.is_space)
        found = self._attrs.get(key)
        if found is None:
            values = (token.lower_, token.tag_, token.dep_, token.is_space)
            untyped_key = (token.tag, token.dep, token.is_space)
            untyped = self._untyped.get(untyped_key)
            if untyped is None:
                untyped = self._untyped[untyped_key] = tuple(a for a, tests in self.untyped if any(t(values) for t in tests))
            ids = set(untyped)
            ids.update(a for a in self.by_word.get(values[0], ()) if any(t(values) for t in self.tests[a]))
            ids.update(a for a, tests in self.other if any(t(values) for t in tests))
            ordered = tuple(sorted(ids))
            merged: dict[int, Any] = {}
            for attr_id in ordered:
                merged.update(self.ruler.attrs[attr_id])
            if len(self._attrs) > _CACHE_LIMIT:
                self._attrs.clear()
            found = self._attrs[key] = (ordered, merged)
        return found

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[int]] = {}
        if self.has_multi:
            for match_id, start, end in self.multi(doc, allow_missing=True):
                attr_id = int(self.ruler.vocab.strings[match_id])
                target = doc[start:end][self.ruler.indices[attr_id]]
                extra.setdefault(target.i, []).append(attr_id)
        # Matches are computed on the tokens as they were before any rule applied, as the Matcher does.
        plan = [(token, self._rules_for(token)) for token in doc]
        for token, (ids, merged) in plan:
            if token.i in extra:
                for attr_id in sorted(set(ids) | set(extra[token.i])):
                    set_token_attrs(token, self.ruler.attrs[attr_id])
            elif merged:
                set_token_attrs(token, merged)
        return doc


class CachedLemmatizer:
    """The packaged rule lemmatizer, memoised per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], str] = {}
        _index_as_sets(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        lemmas = self._lemmas
        overwrite = self.lemmatizer.overwrite
        add = doc.vocab.strings.add
        for token in doc:
            if overwrite or token.lemma == 0:
                key = (token.orth, token.pos, token.morph.key)
                lemma = lemmas.get(key)
                if lemma is None:
                    if len(lemmas) > _CACHE_LIMIT:
                        lemmas.clear()
                        self.lemmatizer.cache.clear()  # spaCy's own memo of the same lemmas
                    lemma = lemmas[key] = self.lemmatizer.lemmatize(token)[0]
                # The string, not its hash, is memoised: inside ``nlp.memory_zone()`` a new word's string is
                # interned for the zone only, so a hash kept from an earlier zone could name nothing.
                token.lemma = add(lemma)
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
