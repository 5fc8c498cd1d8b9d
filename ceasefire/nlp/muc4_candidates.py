"""Candidate role fillers for MUC-4: every noun phrase of an incident sentence, described by ceasefire's extractors.

Each noun phrase comes in a few boundary variants ("members", "members of the
camilist union", "jesuit priest ignacio ellacuria" / "ignacio ellacuria"),
because the gold fillers are the shortest informative mention and the scorer
wants that string. Each variant gets a feature dictionary: what ``roles`` says
about it (initiator / target of an incident trigger), the actor dictionary's
kind, the weapon lexicon's category, its head, dependency path, the words
around it and where it sits in the document. The learned layer is in
``muc4.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from spacy.tokens import Doc, Span

from .actors import ActorDictionary
from .muc4_scoring import normalise_mention
from .roles import find_arguments
from .weapons import find_weapons

_SPLIT = re.compile(r"(?<=[.!?])\s+|\n{2,}|\s{3,}")
INCIDENT_WORDS = re.compile(
    r"\b(?:kill|murder|assassinat|attack|bomb|explo|dynamit|kidnap|abduct|hostage|burn|fire|arson|destroy|damag|"
    r"shot|shoot|machinegun|massacr|ambush|rob|stole|steal|loot|assault|wound|injur|dead|death|died|grenade|rocket|"
    r"mortar|sabotag|blew|blow|strike|stoppage|slain|gunmen|terroris|guerrill|raid|captur|seiz|victim|perpetrat|"
    r"responsib|crime|killer|hurl|detonat|set fire|torch|execut|clash|fight|combat|offensive)\w*",
    re.IGNORECASE,
)
# each word names one type. "fire" is read as arson ("set fire to"), "strike" as a forced work stoppage ("armed
# strike") and "assault" as robbery ("assaulted a bank"): better than reading them as attacks on a held-out
# fifth of train.json (25.6 against 24.9 F1)
TRIGGER_TYPES = {
    **dict.fromkeys(("kill", "murder", "assassinate", "assassination", "attack", "shoot", "shot", "massacre", "ambush",
                     "wound", "execute", "injure", "slay", "machinegun", "clash", "raid", "fight"), "attack"),
    **dict.fromkeys(("bomb", "bombing", "explode", "explosion", "explosive", "blast", "dynamite", "detonate", "blow", "hurl"), "bombing"),
    **dict.fromkeys(("kidnap", "kidnapping", "kidnapper", "abduct", "abduction", "hostage", "seize", "capture"), "kidnapping"),
    **dict.fromkeys(("burn", "arson", "torch", "fire"), "arson"),
    **dict.fromkeys(("rob", "robbery", "steal", "loot", "theft", "assault"), "robbery"),
    **dict.fromkeys(("stoppage", "paralyze", "shutdown", "strike"), "forced work stoppage"),
}
# a title before a name: the gold filler is the name ("jesuit priest ignacio ellacuria" -> "ignacio ellacuria")
TITLES = frozenset({
    "mr", "mrs", "dr", "father", "priest", "mayor", "colonel", "col", "general", "gen", "lieutenant", "lt", "captain",
    "capt", "major", "sergeant", "judge", "minister", "president", "senator", "deputy", "leader", "journalist",
    "bishop", "archbishop", "monsignor", "attorney", "governor", "candidate", "commander", "ambassador", "jesuit",
    "businessman", "director", "chief", "rector", "councilman", "congressman", "secretary", "official", "student",
    "peasant", "lawyer", "reporter", "doctor", "engineer", "professor", "teacher", "nun", "sister", "brother",
    "editor", "citizen", "councilor", "legislator", "magistrate", "prosecutor", "spokesman", "activist",
})


@dataclass(frozen=True)
class Candidate:
    text: str
    chunk: int  # candidates of one noun phrase share a chunk number: at most one is kept per role
    features: dict
    actor: Optional[str]
    head: str  # lemma of the head word
    actor_text: Optional[str] = None  # the dictionary name as written ("medellin cartel" in "the sinister medellin cartel")
    sentence: int = 0  # rank of its incident sentence in the document
    start: int = 0  # token offset in its sentence: the order of first mention
    incident: bool = True  # its sentence names an incident


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of every sentence of a MUC-4 text (paragraphs are runs of spaces)."""
    out, position = [], 0
    for piece in _SPLIT.split(text):
        start = text.find(piece, position)
        position = start + len(piece)
        if piece.strip():
            out.append((start, piece))
    return out


def incident_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for the sentences that carry an incident word."""
    return [(start, piece) for start, piece in split_sentences(text) if INCIDENT_WORDS.search(piece)]


def incident_text(text: str) -> str:
    """The incident sentences of a document, joined: what the document-level classifiers read."""
    return " ".join(sentence for _, sentence in incident_sentences(text))


# quantifiers the gold fillers leave out ("several electricity poles" -> "electricity poles")
QUANTIFIERS = frozenset({"several", "some", "many", "various", "numerous", "other", "few", "all", "both", "these",
                         "those", "two", "three", "four", "five", "more", "unidentified"})


def _name_start(chunk: Span, first: int) -> Optional[int]:
    """Where the name after a title starts ("university student mario flores" -> "mario"), if the chunk has one."""
    cut = None
    for token in chunk[:-1]:
        following = chunk.doc[token.i + 1]
        if token.lower_ in TITLES or (token.pos_ == "NOUN" and following.pos_ == "PROPN"):
            cut = token.i + 1
    return cut if cut is not None and cut > first else None


def _variants(chunk: Span) -> list[tuple[str, Span]]:
    doc = chunk.doc
    out = [("chunk", chunk)]
    if chunk.end < len(doc) and doc[chunk.end].lower_ == "of":
        tail = max(t.i for t in doc[chunk.end].subtree)
        if tail - chunk.start < 12:
            out.append(("of", doc[chunk.start : tail + 1]))
    bare = [t for t in chunk if t.pos_ not in ("DET", "NUM") and t.lower_ not in QUANTIFIERS and t.dep_ != "poss" and t.tag_ != "POS"]
    first = bare[0].i if bare else chunk.start
    if bare and first > chunk.start and first < chunk.end:
        out.append(("bare", doc[first : chunk.end]))
    name = _name_start(chunk, first)
    if name is not None:
        out.append(("name", doc[name : chunk.end]))
        if doc[name - 1].lower_ in TITLES and name - 1 > first:
            out.append(("titled", doc[name - 1 : chunk.end]))  # "colonel rene emilio ponce" keeps its rank
    owners = [t.i for t in chunk if t.dep_ == "poss" and t.i >= first]
    if owners:
        out.append(("owner", doc[first : owners[0] + 1]))  # "col vargas' reaction" -> "col vargas"
    root = chunk.root
    if root.i == chunk.end - 1 and root.pos_ == "NOUN" and root.i - first >= 1 and doc[root.i - 1].dep_ in ("compound", "amod") and doc[root.i - 1].pos_ in ("NOUN", "PROPN", "ADJ"):
        # "the national police headquarters" -> "national police": the group behind the place
        out.append(("modifier", doc[first : root.i]))
    pieces, start = [], first
    for token in chunk:
        if token.i >= first and (token.dep_ == "cc" or token.lower_ in (",", "and", "or")):
            if token.i > start:
                pieces.append(doc[start : token.i])
            start = token.i + 1
    if pieces and start < chunk.end:
        out.extend(("part", piece) for piece in pieces + [doc[start : chunk.end]])
    if len(chunk) > 1:
        out.append(("head", chunk[-1:]))
    seen: set[tuple[int, int]] = set()
    unique = []
    for variant, span in out:
        if (span.start, span.end) not in seen and len(span):
            seen.add((span.start, span.end))
            unique.append((variant, span))
    return unique


def _trigger_roles(sentence: Span) -> tuple[dict[int, list[str]], set[str]]:
    """Token index -> ["agent:bombing", "patient:attack", ...] from ceasefire's role extractor; the sentence's incident types."""
    roles: dict[int, list[str]] = {}
    kinds: set[str] = set()
    for token in sentence:
        kind = TRIGGER_TYPES.get(token.lemma_.lower())
        if kind is None or token.pos_ not in ("VERB", "NOUN"):
            continue
        kinds.add(kind)
        arguments = find_arguments(token)
        for name, head in (("agent", arguments.agent), ("patient", arguments.patient)):
            if head is not None:
                roles.setdefault(head.i, []).extend([name, f"{name}:{kind}", f"{name}:{token.lemma_.lower()}"])
    return roles, kinds


class FillerLexicons:
    """Actor and weapon look-ups, memoised by text: the same phrases recur across the corpus."""

    def __init__(self, actors: ActorDictionary) -> None:
        self.actors = actors
        self._cache: dict[str, tuple[dict, Optional[str], Optional[str]]] = {}

    def describe(self, span: Span) -> tuple[dict, Optional[str], Optional[str]]:
        text = span.text
        if text not in self._cache:
            self._cache[text] = self._describe(span)
        return self._cache[text]

    def _describe(self, span: Span) -> tuple[dict, Optional[str], Optional[str]]:
        f: dict[str, float] = {}
        whole = self.actors.resolve(span.text, cased=False)
        actor, actor_text = whole, (span.text if whole is not None else None)
        if actor is None:
            found = self.actors.find(span, cased=False, use_ner=False)
            actor, actor_text = (found[0].actor, found[0].text) if found else (None, None)
            if actor is not None:
                f["actor_inside"] = 1
        if actor is not None:
            f[f"actor={actor.kind}"] = 1
            f["actor_whole"] = float(whole is not None)
        weapons = find_weapons(span.text)
        if weapons:
            f[f"weapon={weapons[0].category}"] = 1
            f["weapon_head"] = float(any(w.end == len(span.text) for w in weapons))
        return f, (actor.name if actor else None), actor_text


def _features(span: Span, variant: str, rank: int, roles: dict[int, list[str]], kinds: set[str], counts: Counter, lexicons: FillerLexicons) -> tuple[dict, Optional[str], Optional[str]]:
    head = span.root
    governor = head.head
    doc = span.doc
    f: dict[str, float] = {
        f"v={variant}": 1, f"h={head.lemma_.lower()}": 1, f"hp={head.pos_}": 1, f"dep={head.dep_}": 1,
        f"gov={governor.lemma_.lower()}": 1, f"dep_gov={head.dep_}_{governor.lemma_.lower()}": 1,
        f"first={span[0].lower_}": 1, f"len={min(len(span), 6)}": 1, f"sent={min(rank, 4)}": 1,
        "has_num": float(any(t.like_num for t in span)), "propn": sum(t.pos_ == "PROPN" for t in span) / len(span),
        "freq": min(counts[head.lemma_.lower()], 5) / 5, "mentions": min(counts[normalise_mention(span.text)], 4) / 4,
        f"w-1={doc[span.start - 1].lower_ if span.start else '<s>'}": 1,
        f"w+1={doc[span.end].lower_ if span.end < len(doc) else '</s>'}": 1,
        f"w-2={doc[span.start - 2].lower_ if span.start > 1 else '<s>'}": 0.5,
        f"w+2={doc[span.end + 1].lower_ if span.end + 1 < len(doc) else '</s>'}": 0.5,
    }
    for kind in kinds:
        f[f"sent_type={kind}"] = 1
    if governor.dep_ == "prep" or head.dep_ == "pobj":
        f[f"prep={governor.lower_}_{governor.head.lemma_.lower()}"] = 1
        f[f"prep={governor.lower_}"] = 1
    for i in {head.i, governor.i if head.dep_ in ("pobj", "compound", "appos") else head.i}:
        for role in roles.get(i, ()):
            f[f"role={role}"] = 1
    for token in span:
        if token.i != head.i:
            f[f"mod={token.lemma_.lower()}"] = 0.5
    lexical, actor, actor_text = lexicons.describe(span)
    f.update(lexical)
    return f, actor, actor_text


def _sentence_context(docs: Sequence[Doc]) -> list[dict[str, float]]:
    """Per sentence: does it name an incident, how far is the nearest one that does, its rank among them."""
    incident = [bool(INCIDENT_WORDS.search(doc.text)) for doc in docs]
    marks = [i for i, flag in enumerate(incident) if flag]
    out = []
    for i, flag in enumerate(incident):
        distance = min((abs(i - j) for j in marks), default=9)
        rank = sum(1 for j in marks if j < i)
        out.append({f"incident_sent={flag}": 1, f"incident_dist={min(distance, 3)}": 1, f"incident_rank={min(rank, 4)}": 1})
    return out


def document_candidates(docs: Sequence[Doc], actors: ActorDictionary, lexicons: Optional[FillerLexicons] = None) -> list[Candidate]:
    """Candidates of one document, given the parses of its sentences in order.

    Sentences without an incident word are candidates too (a quarter of the
    perpetrators and victims are named only there), marked as such; what the
    other mentions of the same phrase say (agent or patient of a trigger) is
    added to each mention, a light coreference by text and head word.
    """
    lexicons = lexicons or FillerLexicons(actors)
    out: list[Candidate] = []
    counts: Counter = Counter(t.lemma_.lower() for doc in docs for t in doc if t.pos_ in ("NOUN", "PROPN"))
    chunks = [(rank, chunk) for rank, doc in enumerate(docs) for chunk in doc.noun_chunks if chunk.root.pos_ != "PRON"]
    for _, chunk in chunks:
        for _, span in _variants(chunk):
            counts[normalise_mention(span.text)] += 1
    sentence_roles = [_trigger_roles(doc[:]) for doc in docs]
    context = _sentence_context(docs)
    shared: dict[str, set[str]] = {}  # normalised text or head -> the roles any of its mentions plays
    for chunk_id, (rank, chunk) in enumerate(chunks):
        roles, kinds = sentence_roles[rank]
        for variant, span in _variants(chunk):
            features, actor, actor_text = _features(span, variant, rank, roles, kinds, counts, lexicons)
            features.update(context[rank])
            played = {name[len("role="):].split(":")[0] for name in features if name.startswith("role=")}
            for key in (normalise_mention(span.text), "h:" + span.root.lemma_.lower(), "a:" + (actor or "")):
                shared.setdefault(key, set()).update(played)
            out.append(Candidate(span.text, chunk_id, features, actor, span.root.lemma_.lower(), actor_text, rank, span.start,
                                 bool(features.get("incident_sent=True"))))
    for candidate in out:
        for key, prefix in ((normalise_mention(candidate.text), "coref_text"), ("h:" + candidate.head, "coref_head"),
                            ("a:" + (candidate.actor or ""), "coref_actor")):
            if prefix == "coref_actor" and not candidate.actor:
                continue
            for role in shared.get(key, ()):
                candidate.features[f"{prefix}={role}"] = 1
    return out


def make_lexicons(actors: ActorDictionary) -> FillerLexicons:
    """A memoising look-up to share across the documents of one run."""
    return FillerLexicons(actors)
