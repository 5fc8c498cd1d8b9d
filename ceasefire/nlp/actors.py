"""Actor recognition: a curated dictionary of conflict actors, plus NER for the rest.

The dictionary (``data/actors.yaml``, written by hand) maps names, spellings
and acronyms to one canonical ``Actor`` each, so "SAA", "Syrian Arab Army",
"regime forces" and "government troops" all become "Military Forces of
Syria". Names it does not know come from spaCy's NER (ORG / NORP / GPE) as
actors of kind ``unknown``. The source's own words are kept by the caller
(``Claim.wording``); a side's labels ("terrorists", "martyrs") are never
aliases.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

import numpy as np
import yaml

from ..errors import ModelError
from ..models import ACTOR_KINDS, Actor
from .actor_names import is_acronym
from .doc_text import doc_text
from .memo import BoundedMemo

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

DICTIONARY_FILE = "actors.yaml"
MAX_ALIAS_TOKENS = 10
NER_ACTOR_LABELS = ("ORG", "NORP", "GPE")

# Acronyms that are also English (or common) words once lower-cased: in
# uncased text ("isis" is fine, "is" is not) they are not matched.
_AMBIGUOUS_LOWER = frozenset({"is", "us", "an", "as", "at", "it", "am", "aq", "tip", "ana", "jas", "mob", "fal", "cts", "isf", "eps", "dnr", "stc"})
_APOSTROPHES = "'\u2019\u2018`"
# A name never starts with an article (the lookup key drops it): n-grams that do are not tried.


@functools.cache
def _article_hashes() -> np.ndarray:
    from spacy.strings import hash_string

    return np.array([hash_string(word) for word in ("the", "a", "an")], dtype=np.uint64)
_MEMO_SIZE = 1 << 14  # a few MB at most per worker
# libyaml's parser when PyYAML has it (the same safe constructors; a tenth of the pure-Python parser's time)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# normalise_name's steps, compiled once (re.sub with a pattern string looks it up in re's cache on every call)
_POSSESSIVE = re.compile(f"[{_APOSTROPHES}]s\\b")
_QUOTES_AND_STOPS = re.compile(f"[{_APOSTROPHES}\"().,]")
_DASHES = re.compile(r"[-\u2010-\u2015/]")
_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(the|a|an) ")


@functools.lru_cache(maxsize=1 << 16)  # called for every token of every document; words repeat
def normalise_name(text: str) -> str:
    """Lower-case, hyphens/apostrophes to spaces, no leading article: the lookup key of a name."""
    text = text.lower()
    text = _POSSESSIVE.sub("s", text)
    text = _QUOTES_AND_STOPS.sub(" ", text)
    text = _DASHES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


@dataclass(frozen=True)
class ActorMention:
    """A span of the document that names an actor."""

    start: int  # character offsets into the document
    end: int
    text: str
    actor: Actor
    token_start: int
    token_end: int


class ActorDictionary:
    """Canonical actors and every name they go by."""

    def __init__(self, actors: Iterable[Actor], ucdp_names: dict[str, str] | None = None) -> None:
        self.actors: dict[str, Actor] = {}
        self._by_key: dict[str, Actor] = {}
        self._acronyms: dict[str, Actor] = {}  # exact-case acronym -> actor
        self._ucdp: dict[str, str] = {}
        for actor in actors:
            if actor.kind not in ACTOR_KINDS:
                raise ModelError(f"actor dictionary: {actor.name!r} has kind {actor.kind!r}; expected one of {', '.join(ACTOR_KINDS)}")
            self.actors[actor.name] = actor
            for name in (actor.name, *actor.aliases):
                if is_acronym(name):
                    self._acronyms[name] = actor
                else:
                    self._by_key.setdefault(normalise_name(name), actor)
        # first words of every name: a cheap test before trying the n-grams that start at a token
        self._first_words = {key.split(" ")[0] for key in self._by_key} | {a.lower() for a in self._acronyms}
        # lower-cased acronym -> the first actor of that acronym: the uncased lookup without a scan
        self._acronyms_lower: dict[str, Actor] = {}
        for acronym, actor in self._acronyms.items():
            self._acronyms_lower.setdefault(acronym.lower(), actor)
        self._starts_memo: BoundedMemo[int, bool] = BoundedMemo(_MEMO_SIZE)
        for ucdp_name, canonical in (ucdp_names or {}).items():
            self._ucdp[ucdp_name.strip().lower()] = canonical

    # -------------------------------------------------------------- loading
    @classmethod
    def from_file(cls, path: Path | str) -> "ActorDictionary":
        path = Path(path)
        try:
            entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise ModelError(f"{path}: cannot read the actor dictionary ({exc})") from exc
        return cls._from_entries(entries, str(path))

    @classmethod
    def load(cls) -> "ActorDictionary":
        """The dictionary shipped with the package (parsed once per process)."""
        return _bundled()

    @classmethod
    def _from_entries(cls, entries: object, origin: str) -> "ActorDictionary":
        if not isinstance(entries, list):
            raise ModelError(f"{origin}: expected a list of actors")
        actors, ucdp = [], {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise ModelError(f"{origin}: entry {i} has no name")
            actor = Actor(
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases") or ()),
                kind=str(entry.get("kind", "unknown")),
                inter=entry.get("inter"),
                parent=entry.get("parent"),
                country=entry.get("country"),
            )
            actors.append(actor)
            for side in entry.get("ucdp") or ():
                ucdp[str(side)] = actor.name
        return cls(actors, ucdp)

    # -------------------------------------------------------------- lookups
    def resolve(self, text: str, cased: bool = True) -> Optional[Actor]:
        """The dictionary actor that ``text`` names, or None. ``cased=False`` for all-lower/upper text."""
        stripped = text.strip().strip(".,;:")
        if stripped in self._acronyms:
            return self._acronyms[stripped]
        if not cased or stripped.isupper():
            lowered = stripped.lower()
            if lowered not in _AMBIGUOUS_LOWER and lowered in self._acronyms_lower:
                return self._acronyms_lower[lowered]
        key = normalise_name(stripped)
        if key in self._by_key:
            return self._by_key[key]
        # "the SAA's", "ISIS-held": try without a possessive or trailing modifier
        key = key[:-2] if key.endswith(" s") else key  # the key has no newline for "$" to stop before
        return self._by_key.get(key)

    def canonical(self, name: str) -> str:
        """The canonical name for ``name``, or ``name`` unchanged when it is not in the dictionary."""
        actor = self.resolve(name)
        return actor.name if actor else name

    def get(self, canonical_name: str) -> Optional[Actor]:
        return self.actors.get(canonical_name)

    def ucdp_side(self, side: str) -> Optional[Actor]:
        """The actor for a UCDP GED side name ("Government of Syria", "IS", "HTS, Southern Front")."""
        canonical = self._ucdp.get(side.strip().lower())
        if canonical:
            return self.actors[canonical]
        # A coalition of groups: UCDP lists them comma-separated; ACLED-style coding
        # keeps the first named group as the actor.
        for part in side.split(","):
            canonical = self._ucdp.get(part.strip().lower())
            if canonical:
                return self.actors[canonical]
            actor = self.resolve(part)
            if actor:
                return actor
        return None

    # ------------------------------------------------------------ documents
    def find(self, doc: Doc | Span, cased: bool | None = None, use_ner: bool = True) -> list[ActorMention]:
        """Every actor named in ``doc``, longest match first, then NER entities that are not in the dictionary.

        Token attributes are read once as arrays (no ``Span`` per candidate n-gram), and only tokens whose
        first word starts a dictionary name are tried (``_starts_a_name``, remembered per distinct token text).
        """
        # spaCy is imported here, not with the module: the ledger, the importers and the API resolve names
        # through the dictionary without parsing anything (importing spaCy costs them about a second).
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, ORTH
        from spacy.tokens import Doc

        offset = 0 if isinstance(doc, Doc) else doc.start
        base = doc if isinstance(doc, Doc) else doc.doc
        text = doc_text(base)  # read once per document: spaCy joins the tokens again on every access
        if cased is None:
            cased = not is_uncased(text)
        found: list[ActorMention] = []
        taken: set[int] = set()
        n = len(doc)
        if n:
            columns = doc.to_array([ORTH, IDX, LENGTH, IS_PUNCT, LOWER])
            orths = columns[:, 0]
            starts = columns[:, 1].tolist()
            ends = (columns[:, 1] + columns[:, 2]).tolist()
            punct = columns[:, 3].tolist()
            articles = np.isin(columns[:, 4], _article_hashes()).tolist()
            candidates = np.flatnonzero(np.isin(orths, self._name_starts(base, np.unique(orths)))).tolist()
            i = 0
            for first in candidates:
                if first < i:
                    continue  # inside the last match
                i = first
                if punct[i] or articles[i]:
                    continue  # no name starts with punctuation or an article
                for j in range(min(n, i + MAX_ALIAS_TOKENS), i, -1):
                    if punct[j - 1]:
                        continue
                    words = text[starts[i] : ends[j - 1]]
                    actor = self.resolve(words, cased=cased)
                    if actor is not None:
                        found.append(ActorMention(starts[i], ends[j - 1], words, actor, offset + i, offset + j))
                        taken.update(range(offset + i, offset + j))
                        i = j
                        break
        if use_ner:
            for ent in doc.ents:
                if ent.label_ in NER_ACTOR_LABELS and not taken.intersection(range(ent.start, ent.end)):
                    start, end = ent.start_char, ent.end_char
                    words = text[start:end]  # the entity's text, as ent.text gives it
                    actor = Actor(name=_clean_entity(words), kind="unknown")
                    found.append(ActorMention(start, end, words, actor, ent.start, ent.end))
        return sorted(found, key=lambda m: m.start)

    def _name_starts(self, doc: Doc, orths: np.ndarray) -> list[int]:
        """The token texts (by their string-store hash) among ``orths`` whose first word starts a dictionary name."""
        memo = self._starts_memo
        strings = doc.vocab.strings
        out = []
        for orth in orths.tolist():
            starts = memo.get(orth)
            if starts is None:
                token = strings[orth]
                starts = memo.put(orth, (normalise_name(token).split(" ")[0] if token.strip() else "") in self._first_words)
            if starts:
                out.append(orth)
        return out


_LEADING_THE = re.compile(r"^(the|The) ")


def _clean_entity(text: str) -> str:
    return _LEADING_THE.sub("", text).strip()


def is_uncased(text: str) -> bool:
    """True when the text carries no case information (all lower or all upper)."""
    head = text[:5000]
    if head.isascii():
        # the same counts without a Python loop: ASCII letters are A-Z and a-z, upper case A-Z
        raw = head.encode("ascii")
        letters, upper_letters = len(raw.translate(None, _NOT_LETTERS)), len(raw.translate(None, _NOT_UPPER))
    else:
        alphabetic = [c for c in head if c.isalpha()]
        letters, upper_letters = len(alphabetic), sum(c.isupper() for c in alphabetic)
    if not letters:
        return False
    upper = upper_letters / letters
    return upper < 0.005 or upper > 0.9


_ASCII = bytes(range(128))
_NOT_LETTERS = bytes(c for c in _ASCII if not chr(c).isalpha())
_NOT_UPPER = bytes(c for c in _ASCII if not chr(c).isupper())


@functools.lru_cache(maxsize=1)
def _bundled() -> ActorDictionary:
    source = resources.files("ceasefire.nlp") / "data" / DICTIONARY_FILE
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"{source}: the bundled actor dictionary is missing; reinstall ceasefire") from exc
    try:
        entries = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ModelError(f"{source}: not valid YAML ({exc})") from exc
    return ActorDictionary._from_entries(entries, str(source))


def ucdp_side_to_actor(name: str) -> Optional[Actor]:
    """The canonical actor for a UCDP GED side name, or None when unknown."""
    return ActorDictionary.load().ucdp_side(name)
